"""Whether a built site is current: the marker a build leaves in the site, tied to the stage it was rendered from.

The stage is rewritten file by file, only where content changed, so the names,
sizes and modification times of its files say whether anything the engine reads
changed. The marker holds a digest of them, with everything else the output
depends on (this tool's and the engine's versions, ``--strict``, the day the
engine stamps into the sitemap), and the count and size of the site's files, so a
site someone changed by hand is built again too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from portfolio import __version__
from portfolio.site.engines.base import STAGED_SITE_DIR

__all__ = ["MARKER", "SiteState", "stage_digest", "site_files", "read_marker", "write_marker", "is_current", "can_update", "copy_site"]

#: What the engines write into the stage themselves: their output and Zensical's cache (``.cache``).
ENGINE_OWNED = frozenset({STAGED_SITE_DIR, ".cache"})
#: Written into every site this tool builds: only a folder that has it (or is empty) is ever replaced.
MARKER = ".growth-portfolio"


@dataclass(frozen=True)
class SiteState:
    """What a site was built from: the stage (``digest``), its layout (see ``StageResult.layout``), and the tools."""

    digest: str
    engine: str
    layout: str = ""
    tools: str = ""


def _build_day() -> str:
    """The day the engine writes into the sitemap (``SOURCE_DATE_EPOCH`` when set, as MkDocs reads it)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.datetime.now(dt.timezone.utc).date().isoformat()


def stage_digest(stage_dir: Path, engine: str, versions: dict[str, str | None], strict: bool, layout: str = "") -> SiteState:
    """The digest of everything the engine reads in ``stage_dir`` (not what it writes there) and of how it runs."""
    tools = f"{__version__}|{engine}|{sorted(versions.items())}"
    digest = hashlib.sha256(f"{tools}|{strict}|{_build_day()}".encode())
    for root, dirs, names in os.walk(stage_dir):
        here = Path(root)
        if here == stage_dir:
            dirs[:] = [d for d in dirs if d not in ENGINE_OWNED]
        dirs.sort()
        for name in sorted(names):
            path = here / name
            try:
                info = path.lstat()
            except OSError:
                continue
            digest.update(f"|{path.relative_to(stage_dir).as_posix()}:{info.st_size}:{info.st_mtime_ns}".encode("utf-8", "surrogateescape"))
    return SiteState(digest.hexdigest(), engine, layout, tools)


def site_files(site_dir: Path) -> tuple[int, int, int]:
    """How many files the site holds, their total size and the newest modification time, leaving out hidden
    top-level names (a deploy's ``.git``): a file edited by hand, even to the same size, changes the last."""
    files = size = newest = 0
    for root, dirs, names in os.walk(site_dir):
        if root == str(site_dir):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            names = [n for n in names if not n.startswith(".")]
        for name in names:
            try:
                info = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            files, size, newest = files + 1, size + info.st_size, max(newest, info.st_mtime_ns)
    return files, size, newest


def write_marker(site_dir: Path, state: SiteState | None) -> None:
    """Mark ``site_dir`` as ours and, with ``state``, say what it was built from."""
    record: dict[str, object] = {"tool": "growth-portfolio", "version": __version__}
    if state is not None:
        files, size, newest = site_files(site_dir)
        record.update(
            {"engine": state.engine, "stage": state.digest, "layout": state.layout, "tools": state.tools}
            | {"files": files, "bytes": size, "newest": newest}
        )
    (site_dir / MARKER).write_text(json.dumps(record) + "\n", encoding="utf-8")


def read_marker(site_dir: Path) -> dict[str, object]:
    try:
        loaded = json.loads((site_dir / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _untouched(site_dir: Path, marker: dict[str, object]) -> bool:
    return [marker.get("files"), marker.get("bytes"), marker.get("newest")] == list(site_files(site_dir))


def is_current(site_dir: Path, state: SiteState) -> bool:
    """True when ``site_dir`` was built from this very stage, the same way, and nobody changed its files since."""
    marker = read_marker(site_dir)
    if marker.get("stage") != state.digest or marker.get("engine") != state.engine:
        return False
    return _untouched(site_dir, marker)


def can_update(site_dir: Path, state: SiteState) -> bool:
    """True when ``site_dir`` was built by the same tools from a stage of the same layout and nobody changed
    its files since: rendering the pages whose staged source changed then gives what a full build would."""
    marker = read_marker(site_dir)
    if not state.layout or marker.get("layout") != state.layout or marker.get("tools") != state.tools:
        return False
    return marker.get("engine") == state.engine and _untouched(site_dir, marker)


def copy_site(site_dir: Path, into: Path) -> None:
    """Put the site's files (not its hidden top-level entries, nor the marker) into the empty folder
    ``into``, as hard links where the file system allows (else copies with their times): 2,000 files in
    milliseconds, not seconds, and the modification times stay, which the engine compares with its sources'.

    The engine must then replace a file it writes, never write into it (see the MkDocs engine's
    partial build): the previous site shares these files until the swap.
    """
    for name in os.listdir(site_dir):
        if name.startswith("."):
            continue
        source = site_dir / name
        if source.is_dir() and not source.is_symlink():
            shutil.copytree(source, into / name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(source), str(into / name))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)
