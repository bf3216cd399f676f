"""Links with the sentence around them (what "Referenced by" quotes): every link syntax, never code."""

from __future__ import annotations

from portfolio.model.markup import CONTEXT_LIMIT, link_contexts


def found(body: str) -> list[tuple[str, str, str]]:
    return [(c.target, c.text, c.sentence) for c in link_contexts(body)]


def test_inline_reference_shortcut_and_html_links_each_with_their_sentence() -> None:
    body = (
        "# About [the queue](q.md)\n\n"
        'First sentence. We chose [a **queue**](../d/q.md "title") in 2021! Then more.\n\n'
        "- one item with [a reference][R]. Its second sentence.\n"
        "- another with [R] as a shortcut\n\n"
        '<p>Raw <a class="x" href="h.md#part">HTML link</a> here.</p>\n\n'
        "[R]: <r file.md> 'title'\n"
    )
    assert found(body) == [
        ("q.md", "the queue", "About the queue"),
        ("../d/q.md", "a queue", "We chose a queue in 2021!"),
        ("r file.md", "a reference", "one item with a reference."),
        ("r file.md", "R", "another with R as a shortcut"),
        ("h.md#part", "HTML link", "Raw HTML link here."),
    ]


def test_images_code_and_fences_are_not_links() -> None:
    body = (
        "An image ![alt](pic.png) and `[code](c.md)` in a span.\n\n"
        "```\n[fenced](f.md)\n\n[after a blank line, still fenced](g.md)\n```\n\n"
        "~~~~\n```\n[inner](i.md)\n```\n~~~~\n\n"
        "[undefined shortcut] and [x] boxes.\n"
    )
    assert found(body) == []


def test_a_body_without_links_costs_nothing_and_gives_nothing() -> None:
    assert found("Just prose.\n\nMore prose with [brackets] and (parens).") == []


def test_a_long_sentence_is_cut_around_the_link() -> None:
    words = " ".join(f"word{i}" for i in range(200))
    contexts = link_contexts(f"{words} [the link](x.md) {words}.")
    sentence = contexts[0].sentence
    assert sentence.startswith("…") and sentence.endswith("…")
    assert "the link" in sentence and len(sentence) <= CONTEXT_LIMIT + 2


def test_emphasis_and_tags_are_dropped_but_snake_case_stays() -> None:
    assert found("Use *very* _careful_ snake_case <b>and</b> [a `code` link](x.md).") == [
        ("x.md", "a code link", "Use very careful snake_case and a code link.")
    ]
