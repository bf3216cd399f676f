"""The `portfolio` command: a thin Click shell that parses options, calls the library and maps errors to exit codes.

Library modules are imported inside each command so `portfolio --help` and
`portfolio check` never import MkDocs.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from portfolio import __version__
from portfolio.errors import ContentError, PortfolioError
from portfolio.model.findings import display_path, one_line

KIND_NAMES = ("decision", "debug", "post", "postmortem", "win")


class _Kind(click.ParamType):
    """A kind by its name, its folder or a plural (``debugging``, ``posts``, ``post-mortem``), with a did-you-mean."""

    name = "kind"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from portfolio.model.entries import KIND_WORDS, kind_of_word
        from portfolio.model.findings import did_you_mean

        kind = kind_of_word(str(value))
        if kind is None:
            hint = did_you_mean(str(value).lower(), KIND_WORDS, KIND_WORDS)
            self.fail(f"unknown kind {value!r}; expected one of {', '.join(KIND_NAMES)}{hint}", param, ctx)
        return kind

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(kind) for kind in KIND_NAMES if kind.startswith(incomplete.lower())]


KIND = _Kind()


class _Group(click.Group):
    """Click's group, turning a system error (a full disk, a folder that cannot be read) into one line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            # As a person would type it: `new` now writes by the portfolio's absolute path, found above the working folder.
            where = f"{display_path(exc.filename)}: " if exc.filename else ""
            raise PortfolioError(f"{where}{exc.strerror or exc}") from None


# Options several commands share, declared once.
config_file_option = click.option(
    "-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), help="The portfolio's mkdocs.yml (default: ./mkdocs.yml)."
)
content_dir_option = click.option(
    "--dir",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Content folder (default: docs_dir of mkdocs.yml, else content).",
)
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Show the engine's progress messages.")


def _parse_engine(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An engine name, with a did-you-mean for a near miss (Click's own choice list has none)."""
    if value is None:
        return None
    from portfolio.site.engines import ENGINES, unknown_engine

    if value not in ENGINES:
        raise click.BadParameter(unknown_engine(value))
    return value


def _complete_engine(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from portfolio.site.engines import ENGINES

    return [name for name in ENGINES if name.startswith(incomplete)]


engine_option = click.option(
    "--engine",
    callback=_parse_engine,
    shell_complete=_complete_engine,
    metavar="mkdocs|zensical",
    help="The site engine (default: extra.portfolio.engine in mkdocs.yml, else mkdocs).",
)


#: Dates given on the command line: wide enough for any career, narrow enough that date arithmetic
#: (a revisit date 180 days on, a cadence chart 10 years back) never leaves the calendar.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)


def _parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; expected YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise click.BadParameter(f"{value} is out of range; expected a date from {FIRST_DAY} to {LAST_DAY}")
    return day


def _parse_address(ctx: click.Context, param: click.Parameter, value: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:8000`` for IPv6) with a port from 1 to 65535."""
    host, _, port = value.rpartition(":")
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if not host or not port.isdigit():
        raise click.BadParameter(f"{value!r}: expected HOST:PORT, e.g. 127.0.0.1:8000")
    if not 1 <= int(port) <= 65535:
        raise click.BadParameter(f"{value!r}: the port must be from 1 to 65535, e.g. 127.0.0.1:8000")
    return host, int(port)


def say(text: str = "", err: bool = False) -> None:
    """Echo text that holds a person's data (titles, file names): control characters are shown escaped,
    so a file name cannot move the cursor or recolour the terminal; line breaks stay."""
    click.echo("\n".join(one_line(line) for line in text.split("\n")), err=err)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="portfolio")
def cli() -> None:
    """Turn decision docs, debugging journals, posts, post-mortems and wins into a portfolio site.

    Shell completion: eval "$(_PORTFOLIO_COMPLETE=bash_source portfolio)" (or zsh_source, fish_source).
    """


@cli.command()
@content_dir_option
@config_file_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="Findings as lines, as a JSON list, or as GitHub Actions annotations (::error file=...,line=...::...).",
)
@click.option(
    "--changed",
    "ref",
    is_flag=False,
    flag_value="HEAD",
    default=None,
    metavar="[REF]",
    help="Check only files changed against a git ref (default HEAD) and the entries that refer to them; also list the decisions that govern the changed files.",
)
def check(content_dir: Path | None, config_file: Path | None, output: str, ref: str | None) -> None:
    """Validate every entry, skills.yml, career.yml and the references between them.

    Exit 0 when there are no errors (warnings never change it), 1 when there are.
    """
    from portfolio.model.project import load_portfolio, locate

    project = locate(config_file, content_dir)
    governed: list = []
    if ref is None:
        portfolio = load_portfolio(project)
    else:
        from portfolio.authoring.changed import select_changed
        from portfolio.authoring.governs import decisions_for

        selection = select_changed(project, ref)
        if selection.reason:
            click.echo(f"note: {selection.reason}", err=True)
        portfolio = load_portfolio(project, selection.only, selection.elsewhere)
        if not portfolio.errors:
            governed = decisions_for(project, selection.paths)
    if output == "json":
        click.echo(json.dumps([f.as_dict() for f in portfolio.findings], indent=2, ensure_ascii=False))
    elif output == "github":
        for finding in portfolio.findings:
            click.echo(finding.github())
        from portfolio.model.findings import github_annotation

        for item in governed:
            click.echo(
                github_annotation("notice", item.path, 1, "decision for the changed files", f"{item.title} governs {', '.join(item.files)}")
            )
        click.echo(f"{portfolio.publication.summary()}; {len(portfolio.errors)} errors, {len(portfolio.warnings)} warnings")
    else:
        for finding in portfolio.findings:
            click.echo(finding.format())
        if governed:
            from portfolio.authoring.governs import render_text

            say(render_text(governed, len(selection.paths)))
        click.echo(f"{portfolio.publication.summary()}; {len(portfolio.errors)} errors, {len(portfolio.warnings)} warnings")
    sys.exit(1 if portfolio.errors else 0)


@cli.command("decisions-for")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@config_file_option
@content_dir_option
@click.option(
    "--changed",
    "ref",
    metavar="REF",
    help="The files changed against a git ref (e.g. origin/main) instead of, or besides, PATHS.",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="Lines, a Markdown table (for $GITHUB_STEP_SUMMARY), or JSON.",
)
@click.option("--private", is_flag=True, help="Also list private decisions.")
def decisions_for_command(
    paths: tuple[Path, ...], config_file: Path | None, content_dir: Path | None, ref: str | None, output: str, private: bool
) -> None:
    """List the accepted decisions whose `affects:` patterns match PATHS (files of the repository).

    Patterns are relative to the repository's root; PATHS to the current folder.
    Exit 0 whether or not a decision matches.
    """
    from portfolio.authoring.governs import decisions_for, render_json, render_markdown, render_text, repository_paths, repository_root
    from portfolio.errors import UsageError
    from portfolio.model.project import locate

    if not paths and ref is None:
        raise UsageError("no files given: pass the changed files as PATH arguments, or --changed REF")
    project = locate(config_file, content_dir)
    root = repository_root(project)
    wanted = repository_paths(root, paths)
    if ref is not None:
        from portfolio.authoring.changed import changed_files

        top, names = changed_files(project.root, ref)
        wanted += [(top / name).resolve().relative_to(root).as_posix() for name in names if (top / name).resolve().is_relative_to(root)]
    wanted = sorted(set(wanted))
    found = decisions_for(project, wanted, private=private)
    if output == "json":
        click.echo(render_json(found))
    elif output == "markdown":
        say(render_markdown(found, len(wanted)).rstrip("\n"))
    else:
        say(render_text(found, len(wanted)))


def _parse_skill(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, str | None]:
    skills: dict[str, str | None] = {}
    for value in values:
        skill_id, _, level = value.partition(":")
        if not skill_id:
            raise click.BadParameter(f"{value!r}: expected ID or ID:LEVEL, e.g. debugging:expert")
        skills[skill_id.strip()] = level.strip() or None
    return skills


@cli.command()
@click.argument("kind", type=KIND)
@click.argument("title")
@click.option("--date", "day", callback=_parse_date, metavar="YYYY-MM-DD", help="The entry's date (default: today).")
@click.option(
    "--skill", "skills", multiple=True, callback=_parse_skill, metavar="ID[:LEVEL]", help="A skill this entry evidences; repeatable."
)
@click.option("--slug", help="The file name and permalink (default: from the title).")
@content_dir_option
def new(kind: str, title: str, day: dt.date | None, skills: dict, slug: str | None, content_dir: Path | None) -> None:
    """Write a new KIND entry titled TITLE with a guided body, and print its path.

    KIND is one of decision, debug, post, postmortem, win (or its folder's name:
    decisions, debugging, posts, postmortems, wins). The portfolio is the nearest
    folder with a mkdocs.yml, here or above. Never overwrites.
    """
    from portfolio.authoring.new import create_entry, validate_skill_claims
    from portfolio.model.findings import display_path
    from portfolio.model.project import entry_folder

    root, folder = entry_folder(content_dir)
    validate_skill_claims(skills, root / "skills.yml")
    path = create_entry(folder, kind, title, day or dt.date.today(), skills, slug)
    say(display_path(path))


@cli.command()
@click.argument("kind", required=False, type=KIND)
def schema(kind: str | None) -> None:
    """Print the JSON Schema of entry front matter (of one KIND, or of any entry)."""
    from portfolio.model.schema import front_matter_schema

    click.echo(json.dumps(front_matter_schema(kind), indent=2))


@cli.command()
@config_file_option
@click.option(
    "-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: site_dir of mkdocs.yml, else site)."
)
@click.option("-s", "--strict", is_flag=True, help="Fail on engine warnings such as broken links.")
@click.option("-c", "--clean", is_flag=True, help="Restage from scratch and render every page (implies --force).")
@click.option("--force", is_flag=True, help="Render the site even when nothing changed since the last build.")
@engine_option
@verbose_option
def build(
    config_file: Path | None, site_dir: Path | None, strict: bool, clean: bool, force: bool, engine: str | None, verbose: bool
) -> None:
    """Check, stage and build the site; the previous site stays intact unless the build succeeds.

    When nothing changed since the last build into the same folder, the site is left as it is.
    """
    from portfolio.model.findings import display_path
    from portfolio.model.project import locate
    from portfolio.site.build import build_site
    from portfolio.site.engines import ENGINES
    from portfolio.system.progress import count, for_terminal

    result = build_site(
        locate(config_file, need_config=True),
        site_dir,
        strict=strict,
        clean=clean,
        force=force,
        verbose=verbose,
        engine=engine,
        progress=for_terminal(),
    )
    for finding in [*result.portfolio.warnings, *result.engine_findings]:
        click.echo(finding.format(), err=True)
    for warning in result.staged.warnings:
        say(f"warning: {warning}", err=True)
    for note in result.staged.notes:
        say(f"note: {note}", err=True)
    left_out = result.staged.left_out
    if verbose:
        for item in left_out:
            say(f"left out: {item.path}: {item.reason}", err=True)
        if result.drawn is not None and result.drawn.drawn:
            drawn = result.drawn
            say(
                f"note: drew {count(drawn.drawn, 'link preview', 'link previews')} in {drawn.cpu_seconds:.1f} s of CPU "
                f"({drawn.ms_per_card:.1f} ms each) on {count(drawn.processes or 1, 'process', 'processes')}",
                err=True,
            )
    if result.current:
        say(f"The site in {display_path(result.site_dir)}/ is current: nothing changed since it was built (--force builds it again).")
        return
    public = len(result.staged.entries)
    held = len(result.portfolio.entries) - public
    files = (
        f"; {len(left_out)} other files left out, listed by -v"
        if left_out and not verbose
        else f"; {len(left_out)} other files left out"
        if left_out
        else ""
    )
    say(
        f"Built {public} entries into {display_path(result.site_dir)}/ with {ENGINES[result.engine]} ({held} draft or private left out{files})."
    )


@cli.command()
@config_file_option
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="HOST:PORT",
    callback=_parse_address,
    envvar="PORTFOLIO_DEV_ADDR",
    show_envvar=True,
    help="Where to serve.",
)
@click.option("--private", is_flag=True, help="Also show private entries (drafts are always shown, with a banner).")
@engine_option
@verbose_option
def serve(config_file: Path | None, dev_addr: tuple[str, int], private: bool, engine: str | None, verbose: bool) -> None:
    """Preview the site with live reload; drafts carry a Draft banner, private entries need --private."""
    from portfolio.model.project import locate
    from portfolio.site.serve import preview

    host, port = dev_addr
    preview(locate(config_file, need_config=True), host, port, private=private, verbose=verbose, engine=engine)


def _interactive() -> bool:
    """True when a person is at the keyboard, so a missing answer can be asked for instead of assumed."""
    return sys.stdin.isatty()


def _parse_month(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    from portfolio.authoring.init import parse_month

    if value is None:
        return None
    try:
        return parse_month(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _ask_month(text: str) -> dt.date:
    from portfolio.authoring.init import parse_month

    def convert(value: str) -> dt.date:
        try:
            return parse_month(value)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from None

    return click.prompt(text, value_proc=convert, err=True)


@cli.command()
@click.argument("directory", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--preset",
    type=click.Choice(["ai-era", "senior-ladder"]),
    default="ai-era",
    show_default=True,
    help="The built-in skills matrix to start from.",
)
@click.option("--name", help="The site's name (default: '<author> — portfolio').")
@click.option("--author", help="Your name, shown on the site.")
@click.option("--since", callback=_parse_month, metavar="YYYY-MM", help="The month your current role started (asked when not given).")
@click.option("--role", "role", metavar="TITLE", help="Your current job title, e.g. 'Backend Engineer'.")
@click.option("--org", metavar="ORG", help="Where you hold it.")
def init(
    directory: Path, preset: str, name: str | None, author: str | None, since: dt.date | None, role: str | None, org: str | None
) -> None:
    """Scaffold a working portfolio in DIRECTORY (default: here). Writes only missing files.

    In a terminal, what is not given is asked for; otherwise --since is needed
    (when career.yml is written) and a missing name, title or organisation is
    written as a placeholder that `portfolio check` refuses to publish.
    """
    from portfolio.authoring.init import init_project, writes_career
    from portfolio.model.findings import display_path

    career = writes_career(directory)
    if _interactive():
        if author is None and (career or not (directory / "mkdocs.yml").exists()):
            author = click.prompt("Your name, as the site shows it", err=True)
        if career:
            role = role if role is not None else click.prompt("Your current job title", err=True)
            org = org if org is not None else click.prompt("Where you work", err=True)
            since = since if since is not None else _ask_month("The month you started there (YYYY-MM)")
    result = init_project(directory, preset=preset, name=name, author=author, since=since, role=role, org=org)
    for path in result.written:
        say(f"wrote   {display_path(path)}")
    for path in result.skipped:
        say(f"skipped {display_path(path)} (already there; not overwritten)")
    where = "" if directory.resolve() == Path.cwd().resolve() else f"cd {display_path(directory)} && "
    if result.placeholders:
        named = ", ".join(f"'{text}'" for text in result.placeholders)
        say(f"Replace the placeholders {named} (`portfolio check` names each with file and line); they are never published.")
    say(f"Next: {where}portfolio serve")


@cli.command()
@config_file_option
@click.option("--remote", default="origin", show_default=True, help="The git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="The branch that holds the built site.")
@click.option("-m", "--message", help="The commit message (default: names the source commit).")
@click.option("--cname", metavar="DOMAIN", help="Write a CNAME file for a custom domain.")
@click.option("--dry-run", is_flag=True, help="Build and list what would be pushed; push nothing.")
@engine_option
def deploy(
    config_file: Path | None, remote: str, branch: str, message: str | None, cname: str | None, dry_run: bool, engine: str | None
) -> None:
    """Build strictly and push the site to a GitHub Pages branch (as `mkdocs gh-deploy` does)."""
    from portfolio.model.project import locate
    from portfolio.site.deploy import deploy as run_deploy
    from portfolio.system.progress import for_terminal

    result = run_deploy(
        locate(config_file, need_config=True),
        remote=remote,
        branch=branch,
        message=message,
        cname=cname,
        dry_run=dry_run,
        progress=for_terminal(),
        engine=engine,
    )
    if dry_run:
        for name in result.files:
            say(name)
        say(f"Dry run: {len(result.files)} files would be pushed to {result.remote}/{result.branch}; nothing was pushed.")
    else:
        say(f"Pushed {len(result.files)} files to {result.remote}/{result.branch}.")
    if result.url:
        say(f"Pages URL: {result.url}")
    else:
        say(f"{result.remote} ({result.remote_url}) is not a GitHub remote; no Pages URL to show.")


@cli.command()
@config_file_option
@engine_option
def doctor(config_file: Path | None, engine: str | None) -> None:
    """Say which site engine and versions are in use, and what would have to change to move to the other one.

    Also gives the date Material for MkDocs stops receiving fixes. Exit 0 when the
    engine in use is installed and can build this mkdocs.yml, 1 when it cannot.
    """
    from portfolio.model.project import locate
    from portfolio.site.doctor import diagnose, render

    diagnosis = diagnose(locate(config_file, need_config=True), engine, dt.date.today())
    say(render(diagnosis))
    sys.exit(0 if diagnosis.ready else 1)


@cli.command()
@config_file_option
@click.option(
    "--as-of",
    "as_of",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Review as on this day (default: today); later entries are left out.",
)
@click.option("--since", callback=_parse_date, metavar="YYYY-MM-DD", help="Review only entries dated from this day.")
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Grouped text, or JSON (see review.schema.json).",
)
def review(config_file: Path | None, as_of: dt.date | None, since: dt.date | None, output: str) -> None:
    """Report what deserves a second look: decisions, skills, root causes, cadence, drafts.

    For the author: drafts and private entries are included; nothing is written.
    Thresholds come from extra.portfolio in mkdocs.yml, or portfolio.yml.
    """
    from portfolio.model.project import load_portfolio, locate
    from portfolio.model.thresholds import load_settings
    from portfolio.reflect.report import render_json, render_text
    from portfolio.reflect.review import build_review

    day = as_of or dt.date.today()
    if since is not None and since > day:
        raise click.BadParameter(f"{since.isoformat()} is after the review day {day.isoformat()}", param_hint="--since")
    project = locate(config_file)
    settings = load_settings(project)
    portfolio = load_portfolio(project)
    if portfolio.errors:
        raise ContentError(portfolio.findings)
    result = build_review(portfolio, day, settings, since)
    click.echo(render_json(result) if output == "json" else render_text(result))


@cli.command()
@config_file_option
@click.option("--since", callback=_parse_date, metavar="YYYY-MM-DD", help="First day of the period (default: the first entry).")
@click.option("--until", callback=_parse_date, metavar="YYYY-MM-DD", help="Last day of the period (default: no end).")
@click.option(
    "--target-level",
    metavar="LEVEL",
    help="The level you are going for, a level id from skills.yml (default: one above each skill's current level).",
)
@click.option("--private", is_flag=True, help="Also include private entries (drafts never are).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE: HTML for .html/.htm, else Markdown; never overwrites (default: Markdown to stdout).",
)
def packet(
    config_file: Path | None, since: dt.date | None, until: dt.date | None, target_level: str | None, private: bool, output: Path | None
) -> None:
    """Write a promotion packet: per skill the current and targeted level and the strongest evidence, then roles and milestones."""
    from portfolio.model.findings import display_path
    from portfolio.model.project import load_portfolio, locate
    from portfolio.reflect.packet import build_packet, render_markdown, write_packet

    portfolio = load_portfolio(locate(config_file))
    if portfolio.errors:
        raise ContentError(portfolio.findings)
    result = build_packet(portfolio, since, until, target_level, private)
    if output is None:
        say(render_markdown(result).rstrip("\n"))
    else:
        say(display_path(write_packet(result, output)))


@cli.group("import")
def import_group() -> None:
    """Import decision records (adr), blog posts (posts) or a JSON Resume (resume).

    Formats are recognised by their content. Sources are never changed and
    existing files never overwritten, so running an import again imports only
    what is new. Exit 0 unless a file failed (1).
    """


def _parse_undated(ctx: click.Context, param: click.Parameter, value: str) -> Any:
    from portfolio.importers import parse_undated

    try:
        return parse_undated(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _parse_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from portfolio.importers import normalise_base_url

    if value is None:
        return None
    try:
        return normalise_base_url(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _run_import(what: str, src: Path, into: Path | None, dry_run: bool, undated: Any, base_url: str | None) -> None:
    from portfolio.importers import import_adr, import_posts
    from portfolio.model.project import content_folder

    if into is None:
        into = content_folder(None) / ("decisions" if what == "adr" else "posts")
    from portfolio.system.progress import for_terminal

    run = import_adr if what == "adr" else import_posts
    report = run(src, into, dry_run=dry_run, undated=undated, base_url=base_url, progress=for_terminal())
    for line in report.summary_lines():
        say(line)
    sys.exit(report.exit_code)


_SRC = click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
_DRY_RUN = click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
_UNDATED = click.option(
    "--undated",
    default="skip",
    show_default=True,
    metavar="mtime|YYYY-MM-DD|skip",
    callback=_parse_undated,
    help="For a file with no date in it, its name or git history: use its modification time, one day, or skip it (and say why).",
)
_BASE_URL = click.option(
    "--base-url",
    metavar="URL",
    callback=_parse_base_url,
    help="The site the files came from: links to pages not imported become absolute links there (else they are counted per file).",
)


@import_group.command("adr")
@_SRC
@click.option(
    "--into", type=click.Path(file_okay=False, path_type=Path), help="Where entries go (default: <content>/decisions); inside this folder."
)
@_UNDATED
@_BASE_URL
@_DRY_RUN
def import_adr_command(src: Path, into: Path | None, undated: Any, base_url: str | None, dry_run: bool) -> None:
    """Import the decision records in SRC: adr-tools (Nygard), MADR 2, MADR 3/4, log4brains.

    Status, date, deciders, tags, the record number and supersedes links become
    front matter; links between records are rewritten; index files and
    templates are skipped. A log4brains project (.log4brains.yml in SRC) is read
    from its ADR folders, packages included. Dates: the record, its file name,
    git history, then --undated.
    """
    _run_import("adr", src, into, dry_run, undated, base_url)


@import_group.command("posts")
@_SRC
@click.option(
    "--into", type=click.Path(file_okay=False, path_type=Path), help="Where entries go (default: <content>/posts); inside this folder."
)
@_UNDATED
@_BASE_URL
@_DRY_RUN
def import_posts_command(src: Path, into: Path | None, undated: Any, base_url: str | None, dry_run: bool) -> None:
    """Import the Jekyll, Hugo or Material for MkDocs blog posts in SRC (a site's root or a folder of posts).

    Title, date, description, tags and categories, authors and drafts become
    front matter; a Material blog's authors are added to authors.yml; Liquid
    and shortcodes stay as text and are reported.
    """
    _run_import("posts", src, into, dry_run, undated, base_url)


@import_group.command("resume")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@config_file_option
@_DRY_RUN
def import_resume_command(source: Path, config_file: Path | None, dry_run: bool) -> None:
    """Add the roles and the person of a JSON Resume file (resume.json) to career.yml.

    Nothing in career.yml is changed: roles whose id is taken are skipped, the
    person section is added only when there is none, and comments stay.
    """
    from portfolio.importers import import_resume
    from portfolio.importers.resume import ResumeProblem
    from portfolio.model.project import locate

    project = locate(config_file)
    try:
        report = import_resume(source, project.career_file, dry_run=dry_run)
    except (ResumeProblem, ValueError) as exc:
        raise PortfolioError(str(exc)) from None
    for line in report.summary_lines():
        say(line)


@cli.group("export")
def export_group() -> None:
    """Export the portfolio in another tool's format (resume: JSON Resume)."""


@export_group.command("resume")
@config_file_option
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE; never overwrites (default: stdout).")
def export_resume_command(config_file: Path | None, output: Path | None) -> None:
    """Write a JSON Resume document: career.yml's person and roles, with the highlighted public wins.

    Drafts and private entries are never part of it.
    """
    from portfolio.importers import export_resume
    from portfolio.model.findings import display_path
    from portfolio.model.project import load_portfolio, locate
    from portfolio.system.files import write_new

    portfolio = load_portfolio(locate(config_file))
    if portfolio.errors:
        raise ContentError(portfolio.findings)
    text = json.dumps(export_resume(portfolio), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    if not write_new(output, text):
        raise PortfolioError(f"{display_path(output)} already exists; not overwritten (choose another file with -o)")
    say(display_path(output))


def main() -> None:
    cli(prog_name="portfolio")
