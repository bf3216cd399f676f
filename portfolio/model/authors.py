"""Team wikis: who wrote what. ``authors.yml`` (optional, next to mkdocs.yml) names each author once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from portfolio.model.addresses import RESERVED_IDS
from portfolio.model.entries import Entry
from portfolio.model.findings import Finding, did_you_mean, display_path
from portfolio.model.slugs import slugify
from portfolio.model.validation import translate
from portfolio.model.yamlio import YamlProblem, read_yaml_file

__all__ = ["Author", "load_authors", "authors_of", "author_page_src"]


class _AuthorModel(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)
    name: str = Field(min_length=1)
    avatar: str | None = Field(None, description="An image inside the content folder, e.g. img/ana.png.")
    link: str | None = None

    @field_validator("avatar")
    @classmethod
    def _local(cls, value: str | None) -> str | None:
        if value and ("://" in value or value.startswith("//")):
            raise ValueError("expected an image inside the content folder (e.g. img/ana.png); the site requests nothing from other hosts")
        if value and (value.startswith("/") or ".." in value.split("/")):
            raise ValueError("expected a path inside the content folder, e.g. img/ana.png")
        return value


@dataclass(frozen=True)
class Author:
    id: str
    name: str
    avatar: str | None = None
    link: str | None = None


def author_page_src(author_id: str) -> str:
    # An id made from a very long name is cut: a file name holds at most 255 bytes.
    return f"authors/{author_id[:100].rstrip('-')}.md"


def load_authors(path: Path) -> tuple[dict[str, Author], list[Finding]]:
    """Read authors.yml (id -> name, avatar, link); empty when absent."""
    if not path.exists():
        return {}, []
    shown = display_path(path)
    try:
        data, lines = read_yaml_file(path)
    except YamlProblem as exc:
        return {}, [Finding(shown, exc.line, "error", exc.code, exc.message)]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Finding(shown, 1, "error", "not-mapping", "expected a mapping of author ids to {name, avatar, link}")]
    authors: dict[str, Author] = {}
    findings: list[Finding] = []
    for key, value in data.items():
        author_id = str(key)
        line = lines.get((key,), 1)
        if author_id in RESERVED_IDS:
            findings.append(
                Finding(
                    shown,
                    line,
                    "error",
                    "reserved",
                    f"the author id '{author_id}' would publish its page at /authors/, the address of the authors index; choose another id",
                )
            )
            continue
        if slugify(author_id) != author_id:
            findings.append(
                Finding(
                    shown,
                    line,
                    "error",
                    "author-id",
                    f"author id '{author_id}' should be lowercase letters, digits and hyphens, e.g. '{slugify(author_id) or 'ana'}'",
                )
            )
            continue
        if isinstance(value, str):
            value = {"name": value}
        try:
            model = _AuthorModel.model_validate(value)
        except ValidationError as exc:
            findings.extend(translate(exc, {k[1:]: v for k, v in lines.items() if k[:1] == (key,)}, shown, line))
            continue
        authors[author_id] = Author(author_id, model.name, model.avatar, model.link)
    return authors, findings


def authors_of(entry: Entry, known: dict[str, Author]) -> list[Author]:
    """An entry's authors: ids from authors.yml, or plain names (their page id is the slug of the name)."""
    result = []
    by_name = {author.name: author for author in known.values()}
    for item in entry.meta.authors:
        author = known.get(item) or by_name.get(item)
        if author is None:
            author_id = slugify(item)
            if not author_id:
                continue
            author = Author(author_id, item)
        result.append(author)
    return result


def check_authors(entries: Iterable[Entry], known: dict[str, Author]) -> list[Finding]:
    """With an authors.yml, every author an entry names should be in it (a warning, with a did-you-mean)."""
    if not known:
        return []
    names = {author.name for author in known.values()}
    found = []
    for entry in entries:
        for item in entry.meta.authors:
            if item not in known and item not in names:
                found.append(
                    Finding(
                        display_path(entry.path),
                        entry.line_of("authors"),
                        "warning",
                        "author",
                        f"author '{item}' is not in authors.yml{did_you_mean(item, list(known) + sorted(names))}",
                    )
                )
    return found
