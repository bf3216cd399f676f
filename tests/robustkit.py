"""Helpers for the robustness suites: the console script run with a time and memory bound, outputs scanned for canaries."""

from __future__ import annotations

import gzip
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: One finding as `check` prints it.
FINDING = re.compile(r"^[^:\n]+:\d+: (error|warning): .+$")
#: `check`'s last line: what would be published, then the findings' counts.
SUMMARY = re.compile(
    r"^(?P<entries>\d+) entries: (?P<public>\d+) public, (?P<drafts>\d+) drafts, (?P<private>\d+) private; (?P<errors>\d+) errors, (?P<warnings>\d+) warnings$"
)

MiB = 1024 * 1024


def console_script() -> list[str]:
    beside = Path(sys.executable).with_name("portfolio")
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    return [sys.executable, "-m", "portfolio"]


@dataclass
class Bounded:
    """A finished run of the console script: exit code, output and the peak memory of that process alone."""

    returncode: int
    stdout: str
    stderr: str
    max_rss: int  # bytes
    seconds: float


def run_bounded(args: list[str], cwd: Path, *, timeout: float = 60, address_space: int = 3 * 1024 * MiB) -> Bounded:
    """Run ``portfolio ARGS`` in ``cwd``; fail on a hang (``timeout``), measure the peak RSS with wait4.

    The address space is capped so a runaway allocation fails fast instead of taking the machine down.
    """

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen([*console_script(), *args], cwd=cwd, stdout=out, stderr=err, preexec_fn=limit)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                process.send_signal(signal.SIGKILL)
                os.wait4(process.pid, 0)
                process.returncode = -9
                raise AssertionError(f"portfolio {' '.join(args)[:200]} did not finish within {timeout} s (a hang)")
            time.sleep(0.02)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Bounded(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_maxrss * 1024,
            seconds,
        )


def output_bytes(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (gzip files decompressed, e.g. sitemap.xml.gz), keyed by relative path."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            found[path.relative_to(root).as_posix()] = data
    return found


def canaries_in(blobs: dict[str, bytes], canaries: list[str]) -> list[str]:
    """``"where: canary"`` for each canary found in a blob's name or bytes (also HTML-escaped or URL-quoted)."""
    hits = []
    for where, data in blobs.items():
        lowered = data.lower()
        for canary in canaries:
            if canary.lower() in where.lower() or canary.lower().encode() in lowered:
                hits.append(f"{where}: {canary}")
    return hits
