"""Placeholders: the text `portfolio init` and `portfolio new` write for a person to replace.

One list, in one place. The starter templates print these texts (the
authoring commands hand them in), and `check` knows them: any of them left in
something that would be published (a public entry or page, a role, the person,
a milestone, the site's name, author or description) is an error that says
what to write instead. Drafts keep their prompts freely: they are never
published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portfolio.model.findings import Finding, display_path

__all__ = [
    "Placeholder",
    "PROMPTS",
    "VALUES",
    "STARTER_TITLES",
    "placeholder_in",
    "check_entry",
    "check_page",
    "check_career",
    "check_config",
]

CODE = "placeholder"


@dataclass(frozen=True)
class Placeholder:
    """A text written for a person to replace, and what they should write instead."""

    text: str
    instead: str


#: The prompts in the body of a new entry, per kind, by the name the template prints them under.
#: Each is one whole line of the body; the prompt itself says what to write there.
PROMPTS: dict[str, dict[str, str]] = {
    "decision": {
        "context": "What forces are at play? What problem must be solved, by when, and for whom?",
        "option_a": "1. **Option A.** What it costs, what it buys, what it rules out.",
        "option_b": '2. **Option B.** The same questions. Include "do nothing" when it is a real option.',
        "decision": "What we chose, and the one or two reasons that decided it.",
        "assumptions": (
            "List each assumption in the `assumptions:` front matter too, so `portfolio review` can ask later whether it still holds."
        ),
        "assumption": "- If *assumption* turns out wrong, then ...",
        "risks": "What could go badly, how we would notice, and what we would do.",
        "revisit": "When to look at this again (also `revisit:` above), and what would make us look sooner.",
    },
    "debug": {
        "symptom": "What was seen, where, since when, and how often. Exact error messages.",
        "hypothesis_1": "1. A first guess, and what evidence would confirm or kill it.",
        "hypothesis_2": "2. A second guess.",
        "tried": "Each step, what it showed, and which hypothesis it ruled in or out.",
        "root_cause": ("The actual cause, in one or two sentences. Add its category as `root_cause:` and the day as `resolved:` above."),
        "lesson": "What this taught you about the system, the tools, or how you debug.",
        "prevention": "The test, alert, guard or habit that stops it from coming back.",
    },
    "post": {
        "question": "Start with the question this post answers and who will want the answer.",
        "idea": "Explain it the way you would to a colleague at a whiteboard: one concept at a time, with a small example.",
        "matters": "Where this shows up in real systems, and what goes wrong when it is misunderstood.",
        "reading": "Links to the sources you learned from.",
    },
    "postmortem": {
        "guide": "<!-- About 100 words in all (a warning past 150). Replace the three prompts. -->",
        "reasoning": "**Reasoning.** Why you decided as you did, with what you knew then.",
        "felt": "**What I felt.** The fear, relief or doubt around it, honestly.",
        "differently": "**What I'd do differently.** One concrete thing past-you should have done.",
    },
    "win": {
        "did": "The problem, your part in solving it, and who else was involved.",
        "impact": "The result in numbers: before and after, time saved, money saved, incidents avoided, people unblocked.",
    },
}

#: Values (a name, a title, a one-line field) written for a person to replace.
VALUES: dict[str, Placeholder] = {
    "name": Placeholder("Your Name", "your name, as readers should see it"),
    "job_title": Placeholder("Your job title", "your title in this role, e.g. Backend Engineer"),
    "org": Placeholder("Your company", "the organisation's name"),
    "decision": Placeholder("The career decision, in one line", "the decision in one line, e.g. Left a staff role to join a startup"),
    "impact": Placeholder(
        "The impact in one line, with a number: e.g. cut p95 latency from 900 ms to 120 ms",
        "the impact in one line, with a number where there is one",
    ),
    # Written by `portfolio init` before 0.2, known so that older portfolios are caught too.
    "story": Placeholder(
        "Two or three sentences on how you changed in this role: what you stopped doing, what you learned to do, "
        "what others came to rely on you for.",
        "two or three sentences on how you changed in this role",
    ),
}

#: The titles of the starter entries `portfolio init` writes, by kind.
STARTER_TITLES: dict[str, Placeholder] = {
    "decision": Placeholder("My first decision record", "a title of your own that names the decision"),
    "debug": Placeholder("A bug worth writing down", "a title of your own that names the bug"),
    "post": Placeholder("Something I can now explain", "a title of your own that says what the post explains"),
    "postmortem": Placeholder("A career decision, looked back on", "a title of your own that names the career decision"),
    "win": Placeholder("Something I shipped", "a title of your own that names what you shipped"),
}

#: Short placeholders that may sit inside a longer value ("Your Name — portfolio").
_TOKENS = tuple(VALUES[key] for key in ("name", "job_title", "org"))


def _normal(text: str) -> str:
    return " ".join(text.split())


_WHOLE = {_normal(p.text): p for p in (*VALUES.values(), *STARTER_TITLES.values())}
_PROMPT_LINES = {_normal(text) for prompts in PROMPTS.values() for text in prompts.values()}


def placeholder_in(value: object, *, within: bool = True) -> Placeholder | None:
    """The placeholder a value is or, with ``within``, holds ("Your Name — portfolio"), else None.

    An entry's title is matched whole only: a post may well be called "What's Your Name?".
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = _normal(value)
    if text in _WHOLE:
        return _WHOLE[text]
    if text in _PROMPT_LINES:
        return Placeholder(text, "your own words")
    return next((p for p in _TOKENS if p.text in text), None) if within else None


def _shorten(text: str, limit: int = 60) -> str:
    text = _normal(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _value_finding(path: str, line: int, what: str, placeholder: Placeholder, value: object) -> Finding:
    verb = "is still" if isinstance(value, str) and _normal(value) == _normal(placeholder.text) else "still holds"
    return Finding(
        path,
        line,
        "error",
        CODE,
        f"{what} {verb} the placeholder '{_shorten(placeholder.text)}' and would be published; write {placeholder.instead}",
    )


def _prompt_lines(body: str) -> list[tuple[int, str]]:
    """``(index, line)`` of each prompt line left in a body, as the template wrote it.

    A set lookup per line and nothing more: `check` reads thousands of entries.
    """
    return [(index, line.strip()) for index, line in enumerate(body.split("\n")) if line.strip() in _PROMPT_LINES]


def _prompt_findings(path: str, prompts: list[tuple[int, str]], first_line: int, hint: str) -> list[Finding]:
    return [
        Finding(
            path,
            first_line + index,
            "error",
            CODE,
            f'the template\'s prompt "{_shorten(line)}" is still here and would be published; '
            f"answer it in your own words or delete the line{hint}",
        )
        for index, line in prompts
    ]


#: Front-matter keys whose values a starter entry fills with a placeholder.
_ENTRY_KEYS = ("title", "description", "decision", "impact")


def check_entry(entry: Any) -> list[Finding]:
    """Placeholders in a public entry: its front matter values and its body's prompt lines."""
    values = vars(entry.meta)  # the model's fields; a kind without the key has none
    hits = [(key, found) for key in _ENTRY_KEYS if (found := placeholder_in(values.get(key), within=False)) is not None]
    prompts = _prompt_lines(entry.body)
    if not hits and not prompts:
        return []
    shown = display_path(entry.path)
    findings = [_value_finding(shown, entry.line_of(key), f"'{key}'", found, values.get(key)) for key, found in hits]
    return findings + _prompt_findings(shown, prompts, entry.body_line, ", or keep draft: true until the entry is written")


def check_page(page: Any) -> list[Finding]:
    """Prompt lines copied into a public page."""
    prompts = _prompt_lines(page.body)
    return _prompt_findings(display_path(page.path), prompts, _page_body_line(page.path), "") if prompts else []


def _page_body_line(path: Path) -> int:
    try:
        from portfolio.model.front_matter import split_front_matter

        return split_front_matter(path.read_text(encoding="utf-8-sig"))[3]
    except Exception:  # the page was read once already; a race or odd encoding only costs the line number
        return 1


def check_career(source: str, sections: dict[str, list[Any]], lines: dict[tuple[Any, ...], int]) -> list[Finding]:
    """Placeholders in career.yml, all of which is published: ``sections`` holds the person (a list of
    one, or none), the roles and the milestones as read, in the file's order."""
    fields = {"person": ("name", "headline", "email", "location"), "roles": ("title", "org", "level", "story"), "milestones": ("title",)}
    found: list[Finding] = []
    for section, keys in fields.items():
        for index, record in enumerate(sections.get(section, [])):
            for key in keys:
                value = getattr(record, key, None)
                placeholder = placeholder_in(value)
                if placeholder is None:
                    continue
                where = ("person",) if section == "person" else (section, index)
                what = {
                    "person": f"person.{key}",
                    "roles": f"the {key} of role '{getattr(record, 'id', '')}'",
                    "milestones": "the milestone's title",
                }[section]
                found.append(_value_finding(source, int(lines.get((*where, key), lines.get(where, 1))), what, placeholder, value))
    return found


_CONFIG_KEYS = ("site_name", "site_author", "site_description")


def check_config(config: dict[str, Any], config_file: Path | None) -> list[Finding]:
    """Placeholders in the site's name, author and description (every page shows them)."""
    if config_file is None:
        return []
    found = []
    text = ""
    for key in _CONFIG_KEYS:
        placeholder = placeholder_in(config.get(key))
        if placeholder is None:
            continue
        if not text:
            try:
                text = config_file.read_text(encoding="utf-8-sig")
            except OSError:
                text = "\n"
        match = re.search(rf"^{key}[ \t]*:", text, re.M)
        line = text.count("\n", 0, match.start()) + 1 if match else 1
        found.append(_value_finding(display_path(config_file), line, key, placeholder, config.get(key)))
    return found
