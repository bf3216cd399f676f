"""`portfolio import`: decision records and blog posts from other tools become entries.

``import_adr`` reads adr-tools (Nygard), MADR 2 and MADR 3/4 records;
``import_posts`` reads Jekyll and Hugo posts. Both never change their source
folder, never overwrite a file, and return an :class:`ImportReport` that says
what was imported, what was skipped and why, and what failed.
"""

from __future__ import annotations

from portfolio.importers.adr import import_adr
from portfolio.importers.common import ImportReport
from portfolio.importers.posts import import_posts

__all__ = ["ImportReport", "import_adr", "import_posts"]
