"""`portfolio serve`: a live preview that restages on every change to the sources.

Drafts are staged with a banner; private entries only when asked. The preview
uses its own stage folder, so a preview never leaves drafts where `build`
reads.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from portfolio.errors import ContentError
from portfolio.model.project import Project, load_portfolio
from portfolio.site.build import stage_dir
from portfolio.site.stage import StageResult, stage
from portfolio.system.lock import hold

__all__ = ["preview"]


def preview(project: Project, host: str, port: int, *, private: bool = False, verbose: bool = False, engine: str | None = None) -> None:
    """Serve the portfolio with the engine ``engine`` (``--engine``; else its setting, else MkDocs) until stopped."""
    from portfolio.site import engines

    choice = engines.choose(project, engine)
    renderer = engines.require(choice.name)
    engines.refuse(project, choice.name)
    name = "serve-private" if private else "serve"
    address = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
    where = stage_dir(project, name)
    project.work_dir.mkdir(parents=True, exist_ok=True)
    with hold(project.work_dir, project.work_dir / "serve.owner", f"portfolio serve on {host}:{port}") as claim:
        claim()

        def restage() -> StageResult:
            portfolio = load_portfolio(project)
            for finding in portfolio.findings:
                print(finding.format(), file=sys.stderr)
            if portfolio.errors:
                raise ContentError(portfolio.findings, "content errors; the preview shows the last good state")
            return stage(portfolio, where, drafts=True, private=private, site_url=address)

        restage()
        sources: list[Path] = [project.content_dir, project.skills_file, project.career_file, project.authors_file]
        if project.config_file is not None:
            sources.append(project.config_file)
        sources += project.theme_dirs
        # The rendered preview (drafts, with --private private entries too) lives under .portfolio/, never in
        # the system's temporary folder, and is removed however serve stops (Ctrl+C, SIGTERM, SIGHUP).
        site = project.work_dir / f"{name}-site"
        with _stopped_by_signals():
            renderer.serve(where / "mkdocs.yml", restage, sources, site, host=host, port=port, verbose=verbose)


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP stop serve the way Ctrl+C does, so its clean-up runs."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    saved = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with suppress(ValueError):  # not the main thread (a test runner): nothing to install
                saved[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
