"""`portfolio schema [KIND]`: a JSON Schema an editor can validate front matter with."""

from __future__ import annotations

import json
import re

import pytest

jsonschema = pytest.importorskip("jsonschema")

from portfolio.model.yamlio import load_with_lines  # noqa: E402

KINDS = ["decision", "debug", "post", "postmortem", "win"]
VALID = {"title": "Use Postgres", "date": "2024-01-05", "tags": ["db"], "skills": {"debugging": "expert"}, "draft": False}


def schema_of(project, *kind: str) -> dict:
    result = project.invoke("schema", *kind)
    assert result.exit_code == 0
    assert result.stderr == ""
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def errors(schema: dict, document: dict) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(document)]


@pytest.mark.parametrize("kind", [None, *KINDS])
def test_schema_is_valid_json_schema_requiring_title_and_date(project, kind):
    schema = schema_of(project, *([kind] if kind else []))

    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["required"] == ["title", "date"]
    assert schema["additionalProperties"] is False
    assert errors(schema, VALID) == []
    assert errors(schema, {"title": "No date"})
    assert errors(schema, {"date": "2024-01-05"})


def test_decision_schema_accepts_a_full_decision(project):
    schema = schema_of(project, "decision")
    document = {
        **VALID,
        "status": "accepted",
        "supersedes": ["old-choice"],
        "assumptions": ["traffic stays under 1k rps"],
        "revisit": "2024-07-03",
        "outcome": "right",
        "skills": ["debugging"],
        "slug": "use-postgres",
        "role": "staff-engineer",
    }

    assert errors(schema, document) == []


def test_decision_schema_rejects_a_bad_status(project):
    schema = schema_of(project, "decision")

    assert any("'acepted' is not one of" in e for e in errors(schema, {**VALID, "status": "acepted"}))


@pytest.mark.parametrize("kind", [None, *KINDS])
def test_schema_rejects_an_unknown_key(project, kind):
    schema = schema_of(project, *([kind] if kind else []))

    assert any("'tgas' was unexpected" in e for e in errors(schema, {**VALID, "tgas": ["x"]}))


def test_kind_schema_rejects_keys_of_other_kinds(project):
    schema = schema_of(project, "post")

    assert any("'status' was unexpected" in e for e in errors(schema, {**VALID, "status": "accepted"}))
    assert "status" in schema_of(project)["properties"]  # the any-kind schema knows every key


@pytest.mark.parametrize(
    ("key", "value"),
    [("date", "2024-1-5"), ("slug", "a/b"), ("slug", "My Entry"), ("draft", "maybe"), ("kind", "postt"), ("title", "")],
)
def test_schema_rejects_bad_values(project, key, value):
    assert errors(schema_of(project), {**VALID, key: value})


def test_schema_kind_is_case_insensitive_takes_folder_names_and_unknown_kind_exits_2(project):
    assert schema_of(project, "WIN")["title"] == "growth-portfolio win entry"

    assert schema_of(project, "posts") == schema_of(project, "post")  # a kind's folder name, as `new` takes it
    result = project.invoke("schema", "postt")
    assert result.exit_code == 2
    assert "unknown kind 'postt'; expected one of decision, debug, post, postmortem, win (did you mean 'post'?)" in result.stderr


@pytest.mark.parametrize("kind", KINDS)
def test_front_matter_written_by_new_validates_against_schema(project, kind):
    project.write({"mkdocs.yml": "site_name: Test\n"})  # `new` writes only into a portfolio
    result = project.invoke("new", kind, "Fresh entry", "--date", "2024-01-05", "--skill", "debugging:expert")
    text = (project.root / result.stdout.strip()).read_text(encoding="utf-8")
    front = re.match(r"---\n(.*?)\n---\n", text, re.S).group(1)
    data, _ = load_with_lines(front)  # the tool's own reader: dates stay text, as in JSON

    assert errors(schema_of(project, kind), data) == []
