"""Link-preview cards on their own: milliseconds and PNG bytes per card, in one process.

    PYTHONPATH=<checkout> python benchmarks/cards.py PORTFOLIO OUT.json [--count 200]

Draws one card to warm up (Pillow imported, fonts found and loaded), then COUNT
distinct cards with ``portfolio.site.sharing.cards.render_card``, timing each: the
titles, kinds and dates of the portfolio's entries in path order (numbered again when
there are fewer than COUNT). Writes one JSON object to OUT.json, including the file the
module came from, so the caller can see which checkout was measured.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import yaml

from portfolio.site.sharing import cards

#: Folder of the portfolio -> the kind a card shows (as the build names it).
KINDS = {"decisions": "Decision", "debugging": "Debugging journal", "posts": "Post", "postmortems": "Post-mortem", "wins": "Win"}


def described(portfolio: Path, count: int) -> list[cards.Card]:
    entries = []
    for path in sorted((portfolio / "content").glob("*/*.md")):
        meta = yaml.safe_load(path.read_text().split("---\n", 2)[1])
        entries.append((meta["title"], KINDS[path.parent.name], meta["date"]))
    chosen = []
    for index in range(count):
        title, kind, date = entries[index % len(entries)]
        if index >= len(entries):
            title = f"{title} ({index // len(entries) + 1})"
        chosen.append(cards.Card(title, kind, date, "Bench Mark", "Benchmark portfolio"))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portfolio", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    todo = described(args.portfolio, args.count)
    cards.render_card(cards.Card("Warm-up card", "Post", None, "Bench Mark", "Benchmark portfolio"))
    times, sizes = [], []
    for card in todo:
        start = time.perf_counter()
        png = cards.render_card(card)
        times.append(time.perf_counter() - start)
        sizes.append(len(png))
    result = {
        "module": cards.__file__,
        "cards": len(todo),
        "ms_median": round(statistics.median(times) * 1000, 2),
        "ms_mean": round(statistics.mean(times) * 1000, 2),
        "bytes_mean": round(statistics.mean(sizes)),
    }
    args.out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
