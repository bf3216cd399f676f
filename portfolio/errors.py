"""One exception family: errors a person caused, printed as a plain message, never a traceback."""

from __future__ import annotations

from collections.abc import Sequence

from portfolio.model.findings import Finding

__all__ = ["PortfolioError", "UsageError", "ContentError"]


class PortfolioError(Exception):
    """Something the person can fix; ``exit_code`` is what the CLI returns."""

    exit_code = 1


class UsageError(PortfolioError):
    """The command was called wrongly (a missing file, a bad option): exit 2."""

    exit_code = 2


class ContentError(PortfolioError):
    """The content has errors; the findings say where."""

    exit_code = 1

    def __init__(self, findings: Sequence[Finding], message: str = "") -> None:
        super().__init__(message or f"{sum(f.severity == 'error' for f in findings)} errors in the content")
        self.findings = list(findings)
