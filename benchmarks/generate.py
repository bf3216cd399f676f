"""Generate a synthetic portfolio of N entries for the benchmarks.

All five kinds in realistic proportions, ~600 words each, front matter with
skills, tags, supersedes links (reciprocal), depends_on / relates_to / affects on
decisions, two Markdown links from each body to earlier entries (what backlinks
are made of), and roles spanning the dates. Deterministic for a given N and seed.
With a site_url, the portfolio is published (feeds and link-preview cards); with
git, it is a repository of one commit with a fixed author and date, as a CI runner
checks it out.

    python benchmarks/generate.py 1000 /tmp/portfolio-1000
    python benchmarks/generate.py 1000 /tmp/decisions-1000 --decisions-only
    python benchmarks/generate.py 1000 /tmp/published-1000 --site-url https://example.github.io/portfolio/ --git
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
from pathlib import Path

PROPORTIONS = [
    ("decision", "decisions", 0.30),
    ("debug", "debugging", 0.25),
    ("post", "posts", 0.20),
    ("win", "wins", 0.15),
    ("postmortem", "postmortems", 0.10),
]
SKILLS = [
    "systems-thinking",
    "problem-framing",
    "debugging",
    "technical-communication",
    "code-review",
    "learning-to-learn",
    "ethical-judgment",
]
LEVELS = ["beginner", "intermediate", "expert"]
TAGS = ["postgres", "queues", "caching", "latency", "testing", "python", "go", "kubernetes", "observability", "security", "frontend", "api"]
CAUSES = ["race-condition", "config", "caching", "timezone", "off-by-one", "dependency", "resource-leak"]
WORDS = [
    "system",
    "latency",
    "queue",
    "worker",
    "retry",
    "database",
    "index",
    "query",
    "cache",
    "invalidation",
    "deploy",
    "rollback",
    "incident",
    "alert",
    "metric",
    "trace",
    "span",
    "timeout",
    "budget",
    "owner",
    "review",
    "design",
    "tradeoff",
    "option",
    "risk",
    "assumption",
    "evidence",
    "hypothesis",
    "symptom",
    "cause",
    "lesson",
    "prevention",
    "customer",
    "team",
    "release",
    "schema",
    "migration",
    "replica",
    "partition",
    "throughput",
    "capacity",
    "backlog",
    "contract",
    "interface",
    "boundary",
    "module",
]

MKDOCS = """\
site_name: Benchmark portfolio
site_author: Bench Mark
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - search
  - tags
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
"""


def paragraph(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    chosen[0] = chosen[0].capitalize()
    return " ".join(chosen) + "."


def body(rng: random.Random, kind: str, target: int = 600) -> str:
    headings = {
        "decision": ["Context", "Options and tradeoffs", "Decision", "Assumptions", "Risks", "Revisit"],
        "debug": ["Symptom", "Hypotheses", "What I tried", "Root cause", "Lesson", "Prevention"],
        "post": ["The idea", "An example", "Why it matters", "Further reading"],
        "win": ["What I did", "Impact"],
        "postmortem": [],
    }[kind]
    if kind == "postmortem":
        return paragraph(rng, 95) + "\n"
    per = target // len(headings)
    parts = []
    for heading in headings:
        parts.append(f"## {heading}\n\n{paragraph(rng, per // 2)}\n\n{paragraph(rng, per - per // 2)}\n")
    return "\n".join(parts)


#: Who made the one commit of a generated repository, and when: the same commit id for the same portfolio.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Bench Mark",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_AUTHOR_DATE": "2025-01-01T12:00:00+00:00",
    "GIT_COMMITTER_NAME": "Bench Mark",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_COMMITTER_DATE": "2025-01-01T12:00:00+00:00",
}


def commit_all(root: Path) -> None:
    """Make ``root`` a git repository with everything in it committed once (site/ and .portfolio/ ignored)."""
    (root / ".gitignore").write_text("site/\n.portfolio/\n")
    env = {**os.environ, **GIT_ENV, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", "commit", "-q", "--no-verify", "-m", "Generated portfolio"],
    ):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)


def generate(n: int, root: Path, seed: int = 7, decisions_only: bool = False, site_url: str | None = None, git: bool = False) -> Path:
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(MKDOCS + (f"site_url: {site_url}\n" if site_url else ""))
    start = dt.date(2015, 1, 1)
    span_days = 365 * 10
    roles = []
    for index in range(5):
        role_start = start + dt.timedelta(days=index * span_days // 5)
        role_end = start + dt.timedelta(days=(index + 1) * span_days // 5 - 1)
        roles.append((f"role-{index + 1}", role_start, role_end))
    career = ["roles:"]
    for index, (role_id, role_start, role_end) in enumerate(roles):
        career += [f"  - id: {role_id}", f"    title: Engineer level {index + 1}", "    org: Example Corp", f"    start: {role_start}"]
        if index < len(roles) - 1:
            career.append(f"    end: {role_end}")
        career.append(f"    story: {paragraph(rng, 40)}")
    career.append("milestones:")
    for index, (_, role_start, _) in enumerate(roles):
        career += [f"  - date: {role_start + dt.timedelta(days=30)}", f"    title: Milestone {index + 1}"]
    (root / "career.yml").write_text("\n".join(career) + "\n")

    kinds = []
    for kind, folder, share in PROPORTIONS:
        kinds += [(kind, folder)] * round(n * share)
    kinds = (kinds + [("post", "posts")] * n)[:n]
    if decisions_only:
        kinds = [("decision", "decisions")] * n
    rng.shuffle(kinds)
    previous_decision: str | None = None
    decisions: list[str] = []
    earlier: list[tuple[str, str]] = []  # (folder, file name) of the entries written so far
    pending: dict[str, list[str]] = {}
    records = []
    for index, (kind, folder) in enumerate(kinds):
        day = start + dt.timedelta(days=index * span_days // n)
        slug = f"{kind}-{index:05d}"
        skills = {rng.choice(SKILLS): rng.choice(LEVELS) for _ in range(rng.randint(1, 3))}
        meta = [
            f"title: {kind.capitalize()} number {index} about {rng.choice(WORDS)} and {rng.choice(WORDS)}",
            f"date: {day}",
            f"description: {paragraph(rng, 12)}",
        ]
        meta.append("tags: [" + ", ".join(sorted(set(rng.sample(TAGS, 2)))) + "]")
        meta.append("skills: {" + ", ".join(f"{k}: {v}" for k, v in skills.items()) + "}")
        if rng.random() < 0.05:
            meta.append("highlight: true")
        if kind == "decision":
            status = "accepted"
            if previous_decision and rng.random() < 0.2:
                meta.append(f"supersedes: {previous_decision}")
                pending.setdefault(previous_decision, []).append(slug)
            meta += ["assumptions: [The load stays within the current budget]", f"revisit: {day + dt.timedelta(days=180)}"]
            meta.append(f"status: {status}")
            if decisions and rng.random() < 0.25:
                meta.append(f"depends_on: [{rng.choice(decisions[-40:])}]")
            if earlier and rng.random() < 0.25:
                meta.append(f"relates_to: [{earlier[rng.randrange(max(0, len(earlier) - 60), len(earlier))][1][11:-3]}]")
            if rng.random() < 0.3:
                meta.append(f"affects: [services/{rng.choice(WORDS)}/**, '*.sql']")
            previous_decision = slug
            decisions.append(slug)
        elif kind == "debug":
            meta += [f"root_cause: {rng.choice(CAUSES)}", f"resolved: {day}", f"severity: {rng.choice(['low', 'medium', 'high'])}"]
        elif kind == "postmortem":
            meta.append(f"decision: {paragraph(rng, 8)}")
        elif kind == "win":
            meta.append(f"impact: Cut p95 latency by {rng.randint(10, 80)} percent")
        text = body(rng, kind)
        if len(earlier) >= 2:
            # Two links to earlier entries, each in a sentence: what "Referenced by" lists quote.
            one, two = rng.sample(earlier[-200:], 2)
            text += (
                f"\nThis follows [the {rng.choice(WORDS)} work](../{one[0]}/{one[1]}) from before. "
                f"It also changed how we think about {rng.choice(WORDS)}, as [an earlier note](../{two[0]}/{two[1]}) says.\n"
            )
        records.append((folder, day, slug, meta, text))
        earlier.append((folder, f"{day}-{slug}.md"))
    for folder, day, slug, meta, text in records:
        if slug in pending:
            meta = [line for line in meta if not line.startswith("status:")] + ["status: superseded", f"superseded_by: {pending[slug][0]}"]
        path = root / "content" / folder / f"{day}-{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("---\n" + "\n".join(meta) + "\n---\n\n" + text)
    if git:
        commit_all(root)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("root", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--decisions-only", action="store_true", help="every entry a decision (for the decision graph)")
    parser.add_argument("--site-url", help="write this site_url into mkdocs.yml (a published portfolio: feeds and link-preview cards)")
    parser.add_argument("--git", action="store_true", help="make the portfolio a git repository with one commit (fixed author and date)")
    args = parser.parse_args()
    generate(args.n, args.root, args.seed, args.decisions_only, site_url=args.site_url, git=args.git)


if __name__ == "__main__":
    main()
