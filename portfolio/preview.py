"""`portfolio serve`: a live preview that restages on every change to the sources.

Drafts are staged with a banner; private entries only when asked. The preview
uses its own stage folder, so a preview never leaves drafts where `build`
reads.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .build import stage_dir
from .errors import ContentError
from .project import Project, load_portfolio
from .stage import StageResult, stage

__all__ = ["preview"]


def preview(project: Project, host: str, port: int, *, private: bool = False, verbose: bool = False) -> None:
    from . import engines

    where = stage_dir(project, "serve-private" if private else "serve")

    def restage() -> StageResult:
        portfolio = load_portfolio(project)
        for finding in portfolio.findings:
            print(finding.format(), file=sys.stderr)
        if portfolio.errors:
            raise ContentError(portfolio.findings, "content errors; the preview shows the last good state")
        return stage(portfolio, where, drafts=True, private=private)

    restage()
    sources: list[Path] = [project.content_dir, project.skills_file, project.career_file]
    if project.config_file is not None:
        sources.append(project.config_file)
    engines.serve(where / "mkdocs.yml", restage, sources, host=host, port=port, verbose=verbose)
