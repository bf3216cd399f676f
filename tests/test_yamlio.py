"""portfolio.model.yamlio: content YAML with line numbers and no surprises; mkdocs.yml that round-trips."""

from __future__ import annotations

import time

import pytest

from portfolio.model.yamlio import MAX_DEPTH, MAX_VALUES, Tagged, YamlProblem, dump_config_yaml, load_config_yaml, load_with_lines


def test_lines_of_keys_and_items_with_offset():
    text = "title: T\ntags:\n  - a\n  - b\nskills:\n  debugging: expert\n"

    value, lines = load_with_lines(text, first_line=2)

    assert value == {"title": "T", "tags": ["a", "b"], "skills": {"debugging": "expert"}}
    assert lines == {
        ("title",): 2,
        ("tags",): 3,
        ("tags", 0): 4,
        ("tags", 1): 5,
        ("skills",): 6,
        ("skills", "debugging"): 7,
    }


def test_empty_document_is_none():
    assert load_with_lines("") == (None, {})
    assert load_with_lines("# only a comment\n") == (None, {})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0032", "0032"),  # not octal 26
        ("2024-01-05", "2024-01-05"),  # dates stay text
        ("2024-02-30", "2024-02-30"),  # so a bad day is our error, not a traceback
        ("1:30", "1:30"),  # no base-60 numbers
        ("12", 12),
        ("0", 0),
        ("-7", -7),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("true", True),
        ("null", None),
    ],
)
def test_scalars(text, expected):
    value, _ = load_with_lines(f"v: {text}\n")

    assert value["v"] == expected
    assert type(value["v"]) is type(expected)


def test_duplicate_key_points_at_the_second():
    with pytest.raises(YamlProblem) as info:
        load_with_lines("a: 1\nb: 2\na: 3\n", first_line=2)

    assert info.value.line == 4
    assert info.value.message == "duplicate key 'a' (first given on line 2); keep one"


def test_duplicate_nested_key():
    with pytest.raises(YamlProblem) as info:
        load_with_lines("skills:\n  debugging: a\n  debugging: b\n")

    assert info.value.line == 3


def test_python_tag_is_refused_and_not_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    with pytest.raises(YamlProblem) as info:
        load_with_lines("a: 1\nb: !!python/object/apply:os.system ['touch pwned']\n", first_line=2)

    assert info.value.line == 3
    assert "unsupported YAML tag '!!python/object/apply:os.system'" in info.value.message
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize("text", ["a: !custom x\n", "a: !!python/name:os.system\n", "a: !ENV [HOME]\n"])
def test_other_tags_are_refused(text):
    with pytest.raises(YamlProblem) as info:
        load_with_lines(text)

    assert info.value.line == 1
    assert "unsupported YAML tag" in info.value.message


def test_malformed_yaml_line():
    with pytest.raises(YamlProblem) as info:
        load_with_lines("title: T\ntags: [a, b\n", first_line=2)

    assert info.value.line == 3
    assert info.value.message.startswith("invalid YAML")


def test_alias_bomb_is_refused_quickly():
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]\n" for prev, name in zip("abcdefgh", "bcdefghi")
    )
    start = time.perf_counter()

    with pytest.raises(YamlProblem) as info:
        load_with_lines(text, first_line=2)

    assert time.perf_counter() - start < 5
    assert info.value.line == 2
    assert f"more than {MAX_VALUES} values" in info.value.message


def test_small_aliases_are_fine():
    value, _ = load_with_lines("a: &a [x, y]\nb: *a\n")

    assert value == {"a": ["x", "y"], "b": ["x", "y"]}


def test_deep_nesting_is_refused():
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"

    with pytest.raises(YamlProblem) as info:
        load_with_lines(text)

    assert f"nesting deeper than {MAX_DEPTH} levels" in info.value.message


def test_control_character_is_a_problem_not_a_crash():
    with pytest.raises(YamlProblem) as info:
        load_with_lines("title: a\x07b\n")

    assert info.value.line == 1
    assert info.value.message.startswith("invalid YAML")


# --- mkdocs.yml -------------------------------------------------------------------------

MKDOCS = """\
site_name: Me
docs_dir: content
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  analytics: !ENV [ANALYTICS_KEY, none]
  when: 2024-01-05
"""


def test_config_keeps_unknown_tags():
    config = load_config_yaml(MKDOCS)

    assert config["site_name"] == "Me"
    emoji = config["markdown_extensions"][0]["pymdownx.emoji"]["emoji_index"]
    assert emoji == Tagged("tag:yaml.org,2002:python/name:material.extensions.emoji.twemoji", "")
    assert config["extra"]["analytics"] == Tagged("!ENV", ["ANALYTICS_KEY", "none"])


def test_config_round_trips():
    config = load_config_yaml(MKDOCS)

    text = dump_config_yaml(config)

    assert "!!python/name:material.extensions.emoji.twemoji" in text
    assert "!ENV" in text
    assert load_config_yaml(text) == config


def test_config_empty_is_empty_mapping():
    assert load_config_yaml("") == {}


def test_config_not_a_mapping():
    with pytest.raises(YamlProblem) as info:
        load_config_yaml("- a\n- b\n")

    assert info.value.line == 1


def test_config_malformed_line():
    with pytest.raises(YamlProblem) as info:
        load_config_yaml("site_name: Me\nnav: [a, b\n")

    assert info.value.line >= 2
    assert info.value.message.startswith("invalid YAML")


def test_duplicate_keys_can_be_read_the_way_site_generators_read_them():
    """For imports: the last value wins, as in Jekyll, Hugo and MkDocs, and each duplicate is reported with its lines."""
    from portfolio.model.yamlio import Duplicate

    found: list[Duplicate] = []
    value, lines = load_with_lines("a: 1\nb: {x: 1, x: 2}\na: 3\n", first_line=2, duplicates="last", found=found)

    assert value == {"a": 3, "b": {"x": 2}}
    assert lines[("a",)] == 4
    assert found == [Duplicate(("b", "x"), 3, 3), Duplicate(("a",), 4, 2)]
    assert [d.key for d in found] == ["b.x", "a"]
    with pytest.raises(YamlProblem, match="duplicate key 'a'"):
        load_with_lines("a: 1\na: 2\n")  # the default, for everything `check` reads, stays strict
