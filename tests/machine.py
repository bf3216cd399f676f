"""What a test needs of the machine: skip with a reason on a plain-Python machine, fail under CI.

On a machine with only Python, tests that need Chromium or fonts skip with a one-line reason naming the
Debian package; `.ci/run` sets these variables so that they must run instead.
"""

from __future__ import annotations

import os

import pytest

REQUIRE_BROWSER = "PORTFOLIO_REQUIRE_BROWSER"
REQUIRE_FONTS = "PORTFOLIO_REQUIRE_FONTS"
#: Both site engines (MkDocs and Zensical) must be installed and run.
REQUIRE_ENGINES = "PORTFOLIO_REQUIRE_ENGINES"


def require(available: bool, message: str, variable: str) -> None:
    """Skip with ``message`` when something the test needs is missing; fail instead when ``variable`` is set."""
    if available:
        return
    if os.environ.get(variable):
        pytest.fail(f"{message} ({variable} is set, so this test must run)")
    pytest.skip(message)
