"""`portfolio import` and `portfolio export`: records, posts and resumes from other tools.

``import_adr`` reads adr-tools (Nygard), MADR 2, MADR 3/4 and log4brains
records; ``import_posts`` reads Jekyll, Hugo and Material for MkDocs blog
posts. Both never change their source folder, never overwrite a file, and
return an :class:`ImportReport` that says what was imported, what was skipped
and why, and what failed. ``import_resume`` / ``export_resume`` read and
write JSON Resume documents against career.yml.
"""

from __future__ import annotations

from portfolio.importers.adr import import_adr
from portfolio.importers.common import ImportReport, parse_undated
from portfolio.importers.posts import import_posts
from portfolio.importers.published import normalise_base_url
from portfolio.importers.resume import ResumeReport, export_resume, import_resume

__all__ = [
    "ImportReport",
    "ResumeReport",
    "import_adr",
    "import_posts",
    "import_resume",
    "export_resume",
    "parse_undated",
    "normalise_base_url",
]
