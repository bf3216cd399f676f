"""The site engines behind one small interface: build a stage into a folder, serve it with reload.

Only the engine modules import an engine; everything else calls these
functions, so `portfolio check` never pays for importing MkDocs.
"""

from __future__ import annotations

from portfolio.site.engines.mkdocs import EngineError, build, serve

__all__ = ["EngineError", "build", "serve"]
