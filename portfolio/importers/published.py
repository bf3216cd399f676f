"""Where the site an import came from published a file: links to what was not imported point there.

An import brings the records of a collection, not the rest of the site they
lived in (the docs pages, the about page, the other packages' records). A
relative link to one of those would break the new site (``build --strict``
fails on it), so with ``--base-url`` it becomes an absolute link to the page
the source site published, computed the way each generator names its pages:

* MkDocs / Material and plain ADR folders: links are file-relative;
  ``guide/setup.md`` is published at ``guide/setup/`` (``guide/setup.html``
  without directory URLs), ``guide/index.md`` and ``README.md`` at ``guide/``;
* Jekyll: file-relative as written; ``about.md`` at ``about.html`` (``about/``
  with ``permalink: pretty``), ``index.md`` at its folder;
* Hugo: links are relative to the page's own URL (``posts/x.md`` is published
  at ``posts/x/``), and a link to a ``.md`` file names that file's page;
* log4brains: each record at ``adr/<slug>`` (``adr/<package>/<slug>`` in a
  package), also one linked as ``x.md`` that was not imported; other links are
  read against the record's address, as a browser does.

Other files (images, PDFs) keep their path; a link that climbs above the
root climbs above the base URL the same way.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin

from portfolio.model.markup import MARKDOWN_SUFFIXES

__all__ = ["SourceSite", "normalise_base_url"]

_INDEX_NAMES = ("index", "readme", "_index")


def normalise_base_url(value: str) -> str:
    """``https://host/path/`` with the trailing slash; a ``ValueError`` with our message for anything but an http(s) URL."""
    text = value.strip()
    scheme, _, rest = text.partition("://")
    if scheme.lower() not in ("http", "https") or not rest or rest.startswith("/") or any(ch.isspace() for ch in text):
        raise ValueError(f"{value!r}: expected the URL of the site the collection came from, e.g. https://example.org/docs/")
    text = text.split("#", 1)[0].split("?", 1)[0]
    return text if text.endswith("/") else text + "/"


def _strip_markdown(rel: str) -> tuple[str, bool]:
    lowered = rel.lower()
    for suffix in MARKDOWN_SUFFIXES:
        if lowered.endswith(suffix):
            return rel[: -len(suffix)], True
    return rel, False


@dataclass(frozen=True)
class SourceSite:
    """How one source site turns file paths (relative to ``root``) into page addresses."""

    root: Path
    style: str = "mkdocs"  # mkdocs | jekyll | hugo | log4brains
    directory_urls: bool = True  # MkDocs' use_directory_urls; Jekyll's permalink: pretty
    prefix: str = ""  # log4brains: "adr/" or "adr/<package>/"

    def url_of(self, rel: str) -> str:
        """The site-relative address of the file ``rel`` (POSIX, relative to ``root``; may start with ``../``)."""
        stem, markdown = _strip_markdown(rel)
        if not markdown:
            return rel
        if self.style == "log4brains":
            return self.prefix + stem
        head, _, name = stem.rpartition("/")
        folder = f"{head}/" if head else ""
        if name.lower() in _INDEX_NAMES:
            return folder
        if self.style == "jekyll" and not self.directory_urls:
            return f"{stem}.html"
        if self.style == "mkdocs" and not self.directory_urls:
            return f"{stem}.html"
        return f"{stem}/"

    def page_of(self, source: Path) -> str:
        """The address the source site published the record ``source`` at."""
        return self.url_of(self._rel(source))

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name

    def absolute(self, base_url: str, source: Path, target: str) -> str:
        """The absolute URL of the link ``target`` written in the file ``source``; ``base_url`` ends with ``/``."""
        path, hash_, fragment = target.partition("#")
        path, question, query = path.partition("?")
        tail = (question + query if question else "") + (hash_ + fragment if hash_ else "")
        if path.startswith("/"):
            # Taken relative to the site's root, which --base-url names (also when the site lives below a host's root).
            return urljoin(base_url, quote(path.lstrip("/"), safe="/%:@!$&'()*+,;=~-._")) + tail
        page = self.page_of(source)
        _, markdown = _strip_markdown(path)
        here = posixpath.dirname(self._rel(source))
        if self.style == "log4brains" and markdown:
            joined = posixpath.normpath(posixpath.join(here, path))
            if not joined.startswith("../"):  # another record of the log: log4brains links it by its slug
                return urljoin(base_url, quote(self.url_of(joined), safe="/%:@!$&'()*+,;=~-._")) + tail
        if self.style == "hugo" and not markdown or self.style == "log4brains":
            # Hugo and log4brains leave such links as written (log4brains rewrites only links between records,
            # which the import has already resolved): the browser reads them against the page's address.
            resolved = urljoin(base_url + page, path) if path else base_url + page
            return resolved + tail
        joined = posixpath.normpath(posixpath.join(here, path)) if path else self._rel(source)
        if path.endswith("/") and not joined.endswith("/"):
            joined += "/"
        address = self.url_of(joined)
        return urljoin(base_url, quote(address, safe="/%:@!$&'()*+,;=~-._")) + tail
