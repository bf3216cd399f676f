"""The performance harness: whole processes, median of several runs, peak memory, one table.

    python benchmarks/run.py                # the full run (about 10 minutes on 2 cores)
    python benchmarks/run.py --runs 3 --readme benchmarks/README.md

Measures, on synthetic portfolios from generate.py:
  1. `portfolio check` at N=1,000 and 5,000 against a floor measured in the same run
     (floor.py: read every file, parse its front matter with libyaml);
  2. `portfolio build` against `mkdocs build` run directly on the stage that
     `portfolio build` produced (the engine alone), N=1,000, runs interleaved;
  3. `portfolio build` at N=1,000 and 3,000 (scaling);
  4. preview latency: `portfolio serve` on N=1,000, from saving a changed entry to
     the served page showing the change;
  5. the decision graph page on its own at 1,000 decisions (our layout and rendering,
     then MkDocs building that one page), and what backlinks add to a 1,000-entry
     build (the same build with backlinks switched off, runs interleaved);
  6. the engines: `portfolio build --engine mkdocs` and `--engine zensical` on the
     same portfolios of 1,000 and 3,000 entries, from clean (`--clean`: the stage
     and Zensical's cache rebuilt) and again (stage and cache warm), interleaved;
  7. the published configuration (site_url set: feeds and link-preview cards), on git
     repositories of 100, 1,000 and 3,000 entries (`--sizes`), for the code in
     `--current` (default: this checkout) and, with `--baseline`, another checkout, runs
     interleaved: a bare portfolio from cold, a published one from cold, again with
     nothing changed, again after one edit (checked in the built page), MkDocs alone on
     the stage, Material's own blog plugin on the same entries (blog.py), and ms and
     bytes per link-preview card (cards.py); not part of the default run;
  and peak memory (max RSS) of each.

    python benchmarks/run.py --sections 5   # only the graph and backlink measurements
    python benchmarks/run.py --sections 6 --runs 3 --readme benchmarks/README.md --readme README.md   # only the engines
    python benchmarks/run.py --sections 7 --runs 3 --baseline /path/to/main --readme benchmarks/README.md --readme README.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from blog import material_blog  # noqa: E402
from generate import generate  # noqa: E402

BIN = Path(sys.executable).parent
PORTFOLIO = [str(BIN / "portfolio")] if (BIN / "portfolio").exists() else [sys.executable, "-m", "portfolio"]
MKDOCS = [str(BIN / "mkdocs")] if (BIN / "mkdocs").exists() else [sys.executable, "-m", "mkdocs"]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
#: CPU seconds (user + system) of every process timed, in order: on a shared machine they move less than wall time.
CPU_SECONDS: list[float] = []


def timed(command: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one process (its CPU seconds are kept in CPU_SECONDS)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    CPU_SECONDS.append(usage.ru_utime + usage.ru_stime)
    stderr = process.stderr.read().decode() if process.stderr else ""
    process.stderr.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{stderr}")
    return elapsed, usage.ru_maxrss / 1024


def measure(name: str, command: list[str], cwd: Path, runs: int, results: dict) -> None:
    samples = [timed(command, cwd) for _ in range(runs)]
    record(name, samples, results)


def record(name: str, samples: list[tuple[float, float]], results: dict) -> None:
    times = [s for s, _ in samples]
    results[name] = {
        "median_s": round(statistics.median(times), 3),
        "runs": [round(t, 3) for t in times],
        "peak_mib": round(max(m for _, m in samples), 1),
    }
    print(
        f"  {name:<28} median {results[name]['median_s']:>7.3f} s   peak {results[name]['peak_mib']:>6.1f} MiB   runs {results[name]['runs']}",
        flush=True,
    )


def portfolio_dir(base: Path, n: int, decisions_only: bool = False) -> Path:
    root = base / f"{'decisions' if decisions_only else 'portfolio'}-{n}"
    if not root.exists():
        generate(n, root, decisions_only=decisions_only)
    return root


def graph_and_backlinks(work: Path, runs: int, results: dict) -> None:
    """5. The graph page on its own, and what backlinks add to a build."""
    decisions = portfolio_dir(work, 1000, decisions_only=True)
    out = work / "graph-only"
    ours = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, str(HERE / "graph.py"), "page", str(decisions), str(out)],
            cwd=decisions,
            env=ENV,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        ours.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(
        f"  graph: {ours[0]['nodes']} nodes, {ours[0]['edges']} edges, {ours[0]['sections']} sections, {ours[0]['characters']} characters"
    )
    results["graph_ours_1000"] = {
        "median_s": round(statistics.median(t["wall_s"] for t in ours), 3),
        "runs": [t["wall_s"] for t in ours],
        "peak_mib": 0.0,
        "cpu_median_s": round(statistics.median(t["cpu_s"] for t in ours), 3),
        "layout_median_s": round(statistics.median(t["layout_s"] for t in ours), 3),
        "render_median_s": round(statistics.median(t["render_s"] for t in ours), 3),
    }
    print(
        f"  {'graph_ours_1000':<28} median {results['graph_ours_1000']['median_s']:>7.3f} s   cpu {results['graph_ours_1000']['cpu_median_s']:.3f} s",
        flush=True,
    )
    empty = out.with_name(out.name + "-empty")
    with_page, without_page, cpu_with, cpu_without = [], [], [], []
    for _ in range(runs):  # interleaved: the difference is the engine's work on the graph page
        with_page.append(timed([*MKDOCS, "build", "-q", "-f", str(out / "mkdocs.yml"), "-d", str(out / "site")], out))
        cpu_with.append(CPU_SECONDS[-1])
        without_page.append(timed([*MKDOCS, "build", "-q", "-f", str(empty / "mkdocs.yml"), "-d", str(empty / "site")], empty))
        cpu_without.append(CPU_SECONDS[-1])
    record("graph_engine_1000", with_page, results)
    record("empty_engine", without_page, results)
    engine = statistics.median(w for w, _ in with_page) - statistics.median(w for w, _ in without_page)
    engine_cpu = statistics.median(cpu_with) - statistics.median(cpu_without)
    results["graph_total_1000"] = {
        "median_s": round(results["graph_ours_1000"]["median_s"] + engine, 3),
        "runs": [],
        "peak_mib": results["graph_engine_1000"]["peak_mib"],
        "cpu_median_s": round(results["graph_ours_1000"]["cpu_median_s"] + engine_cpu, 3),
    }
    print(
        f"  graph page on its own: ours {results['graph_ours_1000']['median_s']:.3f} s + engine {engine:.3f} s "
        f"= {results['graph_total_1000']['median_s']:.3f} s (cpu {results['graph_total_1000']['cpu_median_s']:.3f} s)",
        flush=True,
    )

    root = portfolio_dir(work, 1000)
    timed([*PORTFOLIO, "build"], root)
    with_links, without, cpu_with, cpu_without = [], [], [], []
    for _ in range(runs):  # interleaved; each run re-renders every entry page, as the backlinks differ
        with_links.append(timed([*PORTFOLIO, "build"], root))
        cpu_with.append(CPU_SECONDS[-1])
        without.append(timed([sys.executable, str(HERE / "graph.py"), "nobacklinks", "build"], root))
        cpu_without.append(CPU_SECONDS[-1])
    record("build_backlinks_1000", with_links, results)
    record("build_nobacklinks_1000", without, results)
    results["build_backlinks_1000"]["cpu_median_s"] = round(statistics.median(cpu_with), 3)
    results["build_nobacklinks_1000"]["cpu_median_s"] = round(statistics.median(cpu_without), 3)
    print(f"  backlinks cpu: {statistics.median(cpu_with):.3f} s with, {statistics.median(cpu_without):.3f} s without", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def preview_latency(root: Path, runs: int, results: dict) -> None:
    port = free_port()
    log = open(root / "serve.log", "w")  # noqa: SIM115
    process = subprocess.Popen([*PORTFOLIO, "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 300
        while not fetch(base):
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"serve did not start: {(root / 'serve.log').read_text()}")
            time.sleep(0.2)
        entry = sorted((root / "content" / "posts").glob("*.md"))[len(list((root / "content" / "posts").glob("*.md"))) // 2]
        url = base + "posts/" + entry.stem[11:] + "/"
        original = entry.read_text()
        latencies = []
        for index in range(runs):
            token = f"benchmarktoken{index}x{time.time_ns()}"
            time.sleep(1.0)  # let the watcher settle between edits
            start = time.perf_counter()
            entry.write_text(original + f"\n{token}\n")
            while token not in fetch(url):
                if time.perf_counter() - start > 120:
                    raise SystemExit("the change never showed up")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - start)
        entry.write_text(original)
        peak = 0.0
        try:
            for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
        except OSError:
            pass
        record("preview_latency_1000", [(lat, peak) for lat in latencies], results)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def machine() -> dict:
    info = {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()}
    try:
        model = next(
            line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")
        )
        info["cpu"] = model
    except (OSError, StopIteration):
        pass
    try:
        total = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
        info["memory_gib"] = round(total / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    for package in ("mkdocs", "mkdocs-material", "zensical", "growth-portfolio"):
        try:
            from importlib.metadata import version

            info[package] = version(package)
        except Exception:
            pass
    return info


GOALS = [
    ("check at 5,000 / floor", "check_5000", "floor_5000", 2.0, "ratio"),
    ("build / engine alone at 1,000", "build_1000", "engine_1000", 1.10, "ratio"),
    ("build 3,000 / build 1,000", "build_3000", "build_1000", 3.3, "ratio"),
    ("preview latency at 1,000 (s)", "preview_latency_1000", None, 2.0, "seconds"),
    ("peak memory at 5,000 (MiB)", "check_5000", None, 500.0, "memory"),
    ("graph page alone at 1,000 decisions (s)", "graph_total_1000", None, 2.0, "seconds"),
    ("build with backlinks / without at 1,000", "build_backlinks_1000", "build_nobacklinks_1000", 1.10, "ratio"),
]


def goals(results: dict) -> list[dict]:
    rows = []
    for label, key, other, limit, kind in GOALS:
        if key not in results or (other and other not in results):
            continue
        if kind == "ratio":
            value = results[key]["median_s"] / results[other]["median_s"]
        elif kind == "seconds":
            value = results[key]["median_s"]
        else:
            value = max((results[k]["peak_mib"] for k in results if k.endswith("5000")), default=0.0)
        rows.append({"goal": label, "value": round(value, 3), "limit": limit, "met": value <= limit})
    return rows


def table(results: dict, rows: list[dict], info: dict) -> str:
    lines = ["| measurement | median (s) | peak memory (MiB) | runs (s) |", "|---|---:|---:|---|"]
    for name, data in results.items():
        lines.append(f"| `{name}` | {data['median_s']:.3f} | {data['peak_mib']:.0f} | {', '.join(f'{r:.2f}' for r in data['runs'])} |")
    lines += ["", "| goal | measured | limit | met |", "|---|---:|---:|---|"]
    for row in rows:
        lines.append(f"| {row['goal']} | {row['value']:.3f} | {row['limit']} | {'yes' if row['met'] else '**no**'} |")
    lines += ["", "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items())]
    return "\n".join(lines)


ENGINES = ("mkdocs", "zensical")


def engines_comparison(work: Path, runs: int, results: dict) -> None:
    """Both engines on the same portfolios: from clean, and again with the stage (and Zensical's cache) warm.

    Peak memory is that of `portfolio build` and its children (Zensical runs as one): the
    kernel reports a waited-for child's largest descendant.
    """
    for n in (1000, 3000):
        root = portfolio_dir(work, n)
        samples: dict[str, list] = {f"{engine}_{kind}": [] for engine in ENGINES for kind in ("clean", "warm")}
        for _ in range(runs):
            for engine in ENGINES:  # each warm run follows a clean one of its own engine
                samples[f"{engine}_clean"].append(timed([*PORTFOLIO, "build", "--clean", "--engine", engine], root))
                samples[f"{engine}_warm"].append(timed([*PORTFOLIO, "build", "--engine", engine], root))
        for key, values in samples.items():
            record(f"engine_{key}_{n}", values, results)


def engines_table(results: dict, info: dict) -> str:
    lines = [
        "| entries | engine | from clean (s) | again, warm (s) | peak memory (MiB) | runs from clean (s) |",
        "|---:|---|---:|---:|---:|---|",
    ]
    for n in (1000, 3000):
        for engine in ENGINES:
            clean, warm = results.get(f"engine_{engine}_clean_{n}"), results.get(f"engine_{engine}_warm_{n}")
            if not clean or not warm:
                continue
            peak = max(clean["peak_mib"], warm["peak_mib"])
            runs = ", ".join(f"{r:.1f}" for r in clean["runs"])
            lines.append(f"| {n:,} | {engine} | {clean['median_s']:.1f} | {warm['median_s']:.1f} | {peak:.0f} | {runs} |")
    lines += ["", "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items())]
    return "\n".join(lines)


SITE_URL = "https://example.github.io/portfolio/"
#: What each run of section 7 times, in this order, each step for every code version in turn.
PUBLISHED_STEPS = ("bare_cold", "published_cold", "nothing_changed", "one_edit", "engine_alone")
#: The steps that are `portfolio build` processes: the peak memory column is their largest.
BUILDS = PUBLISHED_STEPS[:4]
LABELS = {"baseline": "today's main", "current": "this change"}


def code_version(key: str, checkout: Path, work: Path) -> dict:
    """A checkout to measure: its environment (PYTHONPATH), after making sure Python imports `portfolio` from it."""
    checkout = checkout.resolve()
    if not (checkout / "portfolio" / "__init__.py").is_file():
        raise SystemExit(f"--{key} {checkout}: no portfolio package in that folder")
    env = dict(ENV, PYTHONPATH=str(checkout))
    done = subprocess.run(
        [sys.executable, "-c", "import portfolio; print(portfolio.__file__)"], cwd=work, env=env, capture_output=True, text=True
    )
    found = Path(done.stdout.strip()).resolve() if done.returncode == 0 else None
    if found is None or not found.is_relative_to(checkout):
        raise SystemExit(f"--{key} {checkout}: Python imports portfolio from {found or done.stderr.strip()}, not from there")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=checkout, capture_output=True, text=True).stdout.strip()
    changed = subprocess.run(["git", "status", "--porcelain", "--", "portfolio"], cwd=checkout, capture_output=True, text=True).stdout
    described = f"{commit or 'no commit'}{' with uncommitted changes to portfolio/' if changed.strip() else ''}"
    return {"key": key, "label": LABELS[key], "checkout": str(checkout), "commit": described, "env": env}


def published_step(step: str, root: Path, version: dict, entry: Path, work: Path) -> tuple[float, float]:
    """One timed process of section 7 on ``root`` (a copy of the portfolio for ``version``)."""
    build = [sys.executable, "-m", "portfolio", "build"]
    if step in ("bare_cold", "published_cold"):  # what a CI runner does on a fresh checkout
        for name in (".portfolio", "site"):
            shutil.rmtree(root / name, ignore_errors=True)
        return timed(build, root, version["env"])
    if step == "nothing_changed":
        return timed(build, root, version["env"])
    if step == "one_edit":
        path = root / entry
        original = path.read_text()
        token = f"benchmarktoken{time.time_ns()}"
        path.write_text(original + f"\n{token}\n")
        page = root / "site" / "posts" / path.stem[11:] / "index.html"
        try:
            sample = timed(build, root, version["env"])
            shown = page.is_file() and token in page.read_text(errors="replace")
        finally:
            path.write_text(original)
        if not shown:
            raise SystemExit(
                f"BUG: {version['label']} ({version['checkout']}): after appending {token} to {path}, `portfolio build` "
                f"succeeded but {page} does not show it: the incremental build missed the edit"
            )
        return sample
    out = Path(tempfile.mkdtemp(prefix="engine-site-", dir=work))  # engine alone: MkDocs on the stage just built
    try:
        stage = root / ".portfolio" / "stage" / "mkdocs.yml"
        return timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(stage), "-d", str(out)], root, version["env"])
    finally:
        shutil.rmtree(out, ignore_errors=True)


def published_configuration(work: Path, sizes: list[int], runs: int, versions: list[dict], results: dict, keep: bool) -> None:
    """7. The published configuration, size by size."""
    for n in sizes:
        base = work / f"published-{n}"
        published_at(n, base, runs, versions, results)
        if not keep:
            shutil.rmtree(base, ignore_errors=True)


def published_at(n: int, base: Path, runs: int, versions: list[dict], results: dict) -> None:
    """Each run: every step for every version in turn, then Material's blog, then the cards of every version."""
    sources = {"bare": base / "source-bare", "published": base / "source-published"}
    for kind, source in sources.items():
        if not source.exists():
            generate(n, source, site_url=SITE_URL if kind == "published" else None, git=True)
    blog = base / "material-blog"
    if not blog.exists():
        material_blog(sources["published"], blog, SITE_URL)
    posts = sorted((sources["published"] / "content" / "posts").glob("*.md"))
    entry = posts[len(posts) // 2].relative_to(sources["published"])
    roots = {}
    for version in versions:  # identical input for every version: copies of one generated portfolio
        for kind, source in sources.items():
            roots[version["key"], kind] = base / f"{version['key']}-{kind}"
            shutil.rmtree(roots[version["key"], kind], ignore_errors=True)
            shutil.copytree(source, roots[version["key"], kind], symlinks=True)
    for version in versions:  # untimed: compiles the checkout's bytecode and stops early if it cannot build
        timed([sys.executable, "-m", "portfolio", "build"], roots[version["key"], "published"], version["env"])
    samples: dict[str, list] = {}
    cpu: dict[str, list] = {}
    cards: dict[str, list] = {}

    def take(name: str, sample: tuple[float, float]) -> None:
        samples.setdefault(name, []).append(sample)
        cpu.setdefault(name, []).append(CPU_SECONDS[-1])

    for _ in range(runs):
        for step in PUBLISHED_STEPS:
            for version in versions:
                root = roots[version["key"], "bare" if step == "bare_cold" else "published"]
                take(f"{step}_{version['key']}_{n}", published_step(step, root, version, entry, base))
        shutil.rmtree(blog / "site", ignore_errors=True)
        take(f"material_blog_{n}", timed([sys.executable, "-m", "mkdocs", "build", "-q"], blog))
        for version in versions:
            out = base / f"cards-{version['key']}.json"
            take(
                f"cards_{version['key']}_{n}",
                timed([sys.executable, str(HERE / "cards.py"), str(sources["published"]), str(out)], base, version["env"]),
            )
            drawn = json.loads(out.read_text())
            if not Path(drawn["module"]).resolve().is_relative_to(version["checkout"]):
                raise SystemExit(f"cards.py measured {drawn['module']}, not the code in {version['checkout']}")
            cards.setdefault(version["key"], []).append(drawn)
    for name, values in samples.items():
        record(name, values, results)
        results[name]["cpu_median_s"] = round(statistics.median(cpu[name]), 3)
    for key, drawn in cards.items():
        name = f"cards_{key}_{n}"
        results[name]["ms_per_card"] = round(statistics.median(d["ms_median"] for d in drawn), 2)
        results[name]["bytes_per_card"] = round(statistics.mean(d["bytes_mean"] for d in drawn))
        results[name]["cards_per_run"] = drawn[0]["cards"]
        print(
            f"  {name:<28} {results[name]['ms_per_card']:.1f} ms per card, {results[name]['bytes_per_card'] / 1024:.1f} KiB per card",
            flush=True,
        )


def _peak(results: dict, key: str, n: int) -> float | None:
    peaks = [results[f"{step}_{key}_{n}"]["peak_mib"] for step in BUILDS if f"{step}_{key}_{n}" in results]
    return max(peaks) if len(peaks) == len(BUILDS) else None


def _median(results: dict, step: str, key: str, n: int) -> float | None:
    data = results.get(f"{step}_{key}_{n}")
    return data["median_s"] if data else None


#: (goal, numerator (step, entries), denominator or None, limit, strict): "peak" is the peak memory column.
PUBLISHED_GOALS = [
    ("published cold / engine alone at 1,000", ("published_cold", 1000), ("engine_alone", 1000), 1.2, False),
    ("nothing changed / published cold at 1,000", ("nothing_changed", 1000), ("published_cold", 1000), 0.1, False),
    ("one edit / published cold at 1,000", ("one_edit", 1000), ("published_cold", 1000), 0.3, False),
    ("peak memory at 10,000 (MiB)", ("peak", 10000), None, 1024, True),
    ("published cold at 10,000 / at 1,000", ("published_cold", 10000), ("published_cold", 1000), 11, False),
]


def published_goals(results: dict, keys: list[str]) -> list[dict]:
    """The goals of section 7 for the current code, with the baseline's value beside them when it was measured."""

    def value(key: str, top: tuple[str, int], bottom: tuple[str, int] | None) -> float | None:
        numerator = _peak(results, key, top[1]) if top[0] == "peak" else _median(results, top[0], key, top[1])
        if bottom is None or numerator is None:
            return numerator
        denominator = _median(results, bottom[0], key, bottom[1])
        return numerator / denominator if denominator else None

    rows = []
    for label, top, bottom, limit, strict in PUBLISHED_GOALS:
        current = value("current", top, bottom)
        if current is None:
            continue
        row = {"goal": label, "value": round(current, 3), "limit": limit, "strict": strict, "unit": "MiB" if top[0] == "peak" else "ratio"}
        row["met"] = current < limit if strict else current <= limit
        if "baseline" in keys:
            baseline = value("baseline", top, bottom)
            row["baseline"] = round(baseline, 3) if baseline is not None else None
        rows.append(row)
    return rows


def published_table(results: dict, sizes: list[int], versions: list[dict], rows: list[dict], info: dict) -> str:
    lines = [
        "| entries | code | bare cold (s) | published cold (s) | nothing changed (s) | one edit (s) | engine alone (s) "
        "| Material blog (s) | peak memory (MiB) | ms per card | KiB per card |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        blog = results.get(f"material_blog_{n}")
        for version in versions:
            key = version["key"]
            steps = [_median(results, step, key, n) for step in PUBLISHED_STEPS]
            card = results.get(f"cards_{key}_{n}")
            peak = _peak(results, key, n)
            if None in steps or card is None or peak is None:
                continue
            cells = [f"{n:,}", version["label"], *(f"{s:.2f}" for s in steps), f"{blog['median_s']:.2f}" if blog else "—"]
            cells += [f"{peak:.0f}", f"{card['ms_per_card']:.1f}", f"{card['bytes_per_card'] / 1024:.1f}"]
            lines.append("| " + " | ".join(cells) + " |")
    if rows:
        baseline = "baseline" in {v["key"] for v in versions}
        lines += [
            "",
            "| goal | this change |" + (" today's main |" if baseline else "") + " limit | met |",
            "|---|---:|" + ("---:|" if baseline else "") + "---:|---|",
        ]
        for row in rows:
            shown = "{:.0f}" if row["unit"] == "MiB" else "{:.3f}"
            cells = [row["goal"], shown.format(row["value"])]
            if baseline:
                cells.append("—" if row.get("baseline") is None else shown.format(row["baseline"]))
            cells += [f"{'<' if row['strict'] else '≤'} {row['limit']:,}", "yes" if row["met"] else "**no**"]
            lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Code: " + "; ".join(f"{v['label']} at {v['commit']}" for v in versions)]
    lines += ["", "Machine: " + ", ".join(f"{k} {v}" for k, v in info.items())]
    return "\n".join(lines)


def published_section(args: argparse.Namespace, work: Path, runs: int, info: dict) -> None:
    sizes = [int(part) for part in args.sizes.split(",") if part.strip()]
    versions = ([code_version("baseline", args.baseline, work)] if args.baseline else []) + [code_version("current", args.current, work)]
    for version in versions:
        print(f"  {version['label']}: {version['checkout']} at {version['commit']}", flush=True)
    results: dict = {}
    published_configuration(work, sizes, runs, versions, results, keep=bool(args.work))
    rows = published_goals(results, [v["key"] for v in versions])
    text = published_table(results, sizes, versions, rows, info)
    print()
    print(text)
    out = args.out.with_name("published.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    code = {v["key"]: {k: v[k] for k in ("label", "checkout", "commit")} for v in versions}
    out.write_text(json.dumps({"machine": info, "code": code, "sizes": sizes, "runs": runs, "results": results, "goals": rows}, indent=2))
    print(f"\nwrote {out}")
    _rewrite(args.readme, "published", text)


def _rewrite(readmes: list[Path], marker: str, text: str) -> None:
    """Put ``text`` between the ``marker`` comments of every README that has them."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    for readme in readmes:
        content = readme.read_text()
        head, found, rest = content.partition(start)
        if not found:
            continue
        _, _, tail = rest.partition(end)
        readme.write_text(f"{head}{start}\n{text}\n{end}{tail}")
        print(f"updated {readme} ({marker})")


def main() -> None:
    parser = argparse.ArgumentParser(description="growth-portfolio benchmarks")
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--work", type=Path, help="where to generate portfolios (default: a temporary folder)")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.json")
    parser.add_argument(
        "--readme", type=Path, action="append", default=[], help="rewrite the tables between the markers of this README (repeatable)"
    )
    parser.add_argument("--sections", default="1,2,3,4,5,6", help="which measurements to run, e.g. 5 or 6 (default: 1 to 6)")
    parser.add_argument("--sizes", default="100,1000,3000", help="section 7: entries per portfolio, e.g. 100,1000,3000,10000")
    parser.add_argument(
        "--current", type=Path, default=HERE.parent, help="section 7: the checkout whose code is measured (default: this repository)"
    )
    parser.add_argument("--baseline", type=Path, help="section 7: a checkout to compare with, e.g. one of today's main")
    args = parser.parse_args()
    sections = {part.strip() for part in args.sections.split(",")}
    work = args.work or Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    runs = args.runs
    info = machine()
    if "7" in sections:
        print("7. the published configuration", flush=True)
        published_section(args, work, runs, info)
        if not sections & {"1", "2", "3", "4", "5", "6"}:
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)
            return
    if "6" in sections:
        print("6. the engines, side by side", flush=True)
        engines_comparison(work, runs, results)
        text = engines_table(results, info)
        print()
        print(text)
        out = args.out.with_name("engines.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"machine": info, "results": results}, indent=2))
        print(f"\nwrote {out}")
        _rewrite(args.readme, "engines", text)
        results = {}
        if not sections & {"1", "2", "3", "4", "5"}:
            if not args.work:
                shutil.rmtree(work, ignore_errors=True)
            return

    if "1" in sections:
        print("1. check against the read-and-parse floor", flush=True)
    for n in (1000, 5000) if "1" in sections else ():
        root = portfolio_dir(work, n)
        timed([*PORTFOLIO, "check"], root)  # warm the file cache
        floor, check = [], []
        for _ in range(runs):  # interleaved, so both see the same machine
            floor.append(timed([sys.executable, str(HERE / "floor.py"), str(root / "content")], root))
            check.append(timed([*PORTFOLIO, "check"], root))
        record(f"floor_{n}", floor, results)
        record(f"check_{n}", check, results)

    if "2" in sections or "3" in sections:
        build_and_scaling(work, runs, results)
    if "4" in sections:
        print("4. preview latency", flush=True)
        preview_latency(portfolio_dir(work, 1000), runs, results)
    if "5" in sections:
        print("5. the decision graph alone, and what backlinks add", flush=True)
        graph_and_backlinks(work, runs, results)
    finish(args, work, results)


def build_and_scaling(work: Path, runs: int, results: dict) -> None:
    print("2. build against the engine alone, 3. scaling", flush=True)
    root = portfolio_dir(work, 1000)
    timed([*PORTFOLIO, "build"], root)  # creates the stage both measurements use
    engine_out = work / "engine-site"
    build_samples, engine_samples = [], []
    for _ in range(runs):
        build_samples.append(timed([*PORTFOLIO, "build"], root))
        engine_samples.append(timed([*MKDOCS, "build", "-q", "-f", str(root / ".portfolio/stage/mkdocs.yml"), "-d", str(engine_out)], root))
    record("build_1000", build_samples, results)
    record("engine_1000", engine_samples, results)
    root3 = portfolio_dir(work, 3000)
    timed([*PORTFOLIO, "build"], root3)
    measure("build_3000", [*PORTFOLIO, "build"], root3, max(3, runs - 2), results)


def finish(args: argparse.Namespace, work: Path, results: dict) -> None:
    rows = goals(results)
    info = machine()
    text = table(results, rows, info)
    print()
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": info, "results": results, "goals": rows}, indent=2))
    print(f"\nwrote {args.out}")
    _rewrite(args.readme, "results", text)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
