"""Helpers for the decision-graph and backlink measurements of run.py (each run as its own process).

    python benchmarks/graph.py page ROOT OUT     # load ROOT, lay out and render /decisions/graph/ (timed
                                                 # in-process: JSON on stdout), write a MkDocs project
                                                 # of that page to OUT and one without it to OUT-empty
    python benchmarks/graph.py nobacklinks ARGS  # `portfolio ARGS` with backlinks switched off, the
                                                 # baseline for what backlinks add to a build

run.py then builds both projects with MkDocs, interleaved: the difference is what the
engine spends on the graph page. Our layout and rendering plus that difference is the
graph page built on its own; loading the portfolio and starting MkDocs are paid once per
build whatever it holds, so they are measured elsewhere (check, build).
"""

from __future__ import annotations

import json
import sys
import time
from importlib import resources
from pathlib import Path

MKDOCS = """\
site_name: Graph only
docs_dir: docs
theme:
  name: material
  font: false
extra_css: [assets/portfolio/portfolio.css]
markdown_extensions: [attr_list, md_in_html, tables, toc]
"""


def page(root: Path, out: Path) -> None:
    from portfolio.model.project import load_portfolio, locate
    from portfolio.model.skills import load_preset
    from portfolio.site.views.pages import GENERATED, SiteData, graph_page

    portfolio = load_portfolio(locate(root / "mkdocs.yml"))
    public = [e for e in portfolio.entries if e.public]
    data = SiteData(public, portfolio.skills or load_preset(), portfolio.career, settings=portfolio.settings)
    wall, cpu = time.perf_counter(), time.process_time()
    graph = data.graph
    laid_out = time.perf_counter() - wall
    text = graph_page(data)
    timing = {
        "layout_s": round(laid_out, 4),
        "render_s": round(time.perf_counter() - wall - laid_out, 4),
        "wall_s": round(time.perf_counter() - wall, 4),
        "cpu_s": round(time.process_time() - cpu, 4),
        "nodes": graph.nodes,
        "edges": len(graph.edges),
        "sections": len(graph.sections),
        "characters": len(text),
    }
    for folder, with_graph in ((out, True), (out.with_name(out.name + "-empty"), False)):
        docs = folder / "docs"
        target = docs / GENERATED["decision-graph"]
        target.parent.mkdir(parents=True, exist_ok=True)
        if with_graph:
            target.write_text(text, encoding="utf-8")
        else:
            target.unlink(missing_ok=True)
        css = docs / "assets/portfolio/portfolio.css"
        css.parent.mkdir(parents=True, exist_ok=True)
        css.write_bytes(resources.files("portfolio").joinpath("assets", "portfolio.css").read_bytes())
        (docs / "index.md").write_text("# Graph only\n", encoding="utf-8")
        (folder / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    print(json.dumps(timing))


def nobacklinks(args: list[str]) -> None:
    import portfolio.site.stage as stage

    stage.backlinks = lambda sources, targets: {}  # type: ignore[assignment]
    from portfolio.cli import cli

    cli.main(args, prog_name="portfolio")


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    if mode == "page":
        page(Path(rest[0]), Path(rest[1]))
    elif mode == "nobacklinks":
        nobacklinks(rest)
    else:
        raise SystemExit(f"unknown mode {mode!r}; expected page or nobacklinks")
