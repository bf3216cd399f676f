"""The same entries as a blog of Material for MkDocs: what the published build is compared with.

Every entry of a generated portfolio (every kind) becomes a post in docs/blog/posts/ with
front matter date, title, description, its kind as the one category and its tags as
tags, and the same body, with Material's excerpt separator after the first paragraph
(as a Material blog has; without one, each index page would render whole posts).
mkdocs.yml: theme material, the portfolio's site_url, plugins search, blog and tags,
the portfolio's Markdown extensions. No social plugin (it downloads fonts).

    python benchmarks/blog.py /tmp/published-1000 /tmp/blog-1000
    mkdocs build -q -f /tmp/blog-1000/mkdocs.yml
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

#: Folder of the portfolio -> the category of its entries' posts.
CATEGORIES = {
    "decisions": "Decision",
    "debugging": "Debugging journal",
    "posts": "Post",
    "postmortems": "Post-mortem",
    "wins": "Win",
}

MKDOCS = """\
site_name: Benchmark blog
site_author: Bench Mark
site_url: {site_url}
theme:
  name: material
  font: false
plugins:
  - search
  - blog
  - tags
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""


def split(text: str) -> tuple[dict, str]:
    """Front matter and body of a generated entry."""
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def with_excerpt(body: str) -> str:
    """The body with ``<!-- more -->`` after its first paragraph (after the heading above it, if any)."""
    blocks = body.strip("\n").split("\n\n")
    first = 2 if blocks[0].startswith("#") and len(blocks) > 1 else 1
    return "\n\n".join([*blocks[:first], "<!-- more -->", *blocks[first:]]) + "\n"


def material_blog(portfolio: Path, out: Path, site_url: str) -> Path:
    """Write the blog project of ``portfolio``'s entries into ``out``."""
    posts = out / "docs" / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    (out / "mkdocs.yml").write_text(MKDOCS.format(site_url=site_url))
    (out / "docs" / "index.md").write_text("# Benchmark blog\n\nThe entries of a generated portfolio, as posts.\n")
    (out / "docs" / "blog" / "index.md").write_text("# Blog\n")
    for path in sorted((portfolio / "content").glob("*/*.md")):
        meta, body = split(path.read_text())
        front = {
            "date": meta["date"],
            "title": meta["title"],
            "description": meta["description"],
            "categories": [CATEGORIES[path.parent.name]],
            "tags": list(meta.get("tags") or []),
        }
        text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n\n" + with_excerpt(body)
        (posts / path.name).write_text(text)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portfolio", type=Path, help="a portfolio from generate.py")
    parser.add_argument("out", type=Path, help="where to write the blog project")
    parser.add_argument("--site-url", default="https://example.github.io/portfolio/")
    args = parser.parse_args()
    material_blog(args.portfolio, args.out, args.site_url)


if __name__ == "__main__":
    main()
