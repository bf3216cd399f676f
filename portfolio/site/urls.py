"""URLs of staged pages, the way MkDocs will publish them, and links between them.

Generated pages are HTML, which MkDocs does not rewrite, so their links are
made here: relative, so the site works under any base URL (GitHub Pages
project sites live under /repo/).
"""

from __future__ import annotations

import posixpath

from portfolio.model.addresses import page_url

__all__ = ["page_url", "relative_url"]


def relative_url(from_src: str, to_src: str, directory_urls: bool = True, anchor: str = "") -> str:
    """The relative link from one staged page to another (``to_src`` may be a folder ending in ``/``,
    or a file that is not Markdown, such as an image or a feed, linked as it is).

    Pure string work (no ``os.path.relpath``, which consults the working
    folder): generated pages hold thousands of links.
    """
    source = page_url(from_src, directory_urls)
    target = to_src if to_src.endswith("/") or to_src == "" or not to_src.endswith(".md") else page_url(to_src, directory_urls)
    if not directory_urls and (target.endswith("/") or target == ""):
        target = f"{target}index.html"
    base = source if source.endswith("/") or source == "" else posixpath.dirname(source) + "/"
    base_parts = [part for part in base.split("/") if part]
    target_is_dir = target.endswith("/") or target == ""
    target_parts = [part for part in target.split("/") if part]
    common = 0
    while common < len(base_parts) and common < len(target_parts) and base_parts[common] == target_parts[common]:
        common += 1
    parts = [".."] * (len(base_parts) - common) + target_parts[common:]
    rel = "/".join(parts)
    if target_is_dir:
        rel = f"{rel}/" if rel else "./"
    elif not rel:
        rel = "."
    return f"{rel}#{anchor}" if anchor else rel
