"""One exception family: errors a person caused, printed as plain lines, never a traceback.

They derive from Click's own exception, as MkDocs' do, so a command needs no
wrapper of its own: Click prints ``show()`` and exits with ``exit_code``.
Every message is escaped for the terminal, since it may quote a file name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

import click

from portfolio.model.findings import Finding, one_line

__all__ = ["PortfolioError", "UsageError", "ContentError"]


def _echo(text: str, file: IO[Any] | None) -> None:
    click.echo("\n".join(one_line(line) for line in text.split("\n")), file=file, err=file is None)


class PortfolioError(click.ClickException):
    """Something the person can fix; ``exit_code`` is what the command returns."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        _echo(f"error: {self.format_message()}", file)


class UsageError(PortfolioError):
    """The command was called wrongly (a missing file, a path that leads out of the portfolio): exit 2."""

    exit_code = 2


class ContentError(PortfolioError):
    """The content has errors; the findings say where, one ``path:line: error: message`` each."""

    exit_code = 1

    def __init__(self, findings: Sequence[Finding], message: str = "") -> None:
        super().__init__(message or f"{sum(f.severity == 'error' for f in findings)} errors in the content")
        self.findings = list(findings)

    def show(self, file: IO[Any] | None = None) -> None:
        for finding in self.findings:
            click.echo(finding.format(), file=file, err=file is None)
        super().show(file)
