"""`portfolio deploy`: build strictly, then push the site to a branch as `mkdocs gh-deploy` does (ghp-import).

Refuses before touching the branch when the folder is not a git repository,
the remote does not exist, the content has errors or the build warns.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from portfolio.errors import PortfolioError, UsageError
from portfolio.model.findings import one_line
from portfolio.model.project import Project
from portfolio.site.build import BuildResult, build_site
from portfolio.system.git import git, redact, toplevel
from portfolio.system.progress import QUIET, Progress
from portfolio.system.walk import walk

__all__ = ["DeployResult", "deploy", "pages_url"]

_GITHUB = re.compile(
    r"^(?:git@github\.com:|ssh://git@github\.com/|https?://(?:[^@/]+@)?github\.com/)(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$"
)


def pages_url(remote_url: str, cname: str | None = None) -> str | None:
    """The GitHub Pages address a remote publishes to; ``None`` for a remote that is not on GitHub."""
    if cname:
        return f"https://{cname.strip().strip('/')}/"
    match = _GITHUB.match(remote_url.strip())
    if not match:
        return None
    owner, repo = match.group("owner"), match.group("repo")
    if repo.lower() == f"{owner.lower()}.github.io":
        return f"https://{owner.lower()}.github.io/"
    return f"https://{owner.lower()}.github.io/{repo}/"


@dataclass
class DeployResult:
    build: BuildResult
    remote: str
    remote_url: str
    branch: str
    url: str | None
    files: list[str]
    pushed: bool


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return git(root, *args)


@contextmanager
def _in(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def _refuse_source_branch(root: Path, project: Project, remote: str, branch: str) -> None:
    """The target branch is replaced by the site: refuse one that is checked out or holds the portfolio's sources."""
    listing = _git(root, "worktree", "list", "--porcelain").stdout
    if f"branch refs/heads/{branch}\n" in listing + "\n":
        raise UsageError(
            f"--branch {branch}: that branch is checked out here; deploy replaces its files with the built site. Use a branch of its own, such as gh-pages"
        )
    config = project.config_file
    top = toplevel(root)
    if config is None or top is None:
        return
    rel = config.relative_to(top.resolve()).as_posix() if config.is_relative_to(top.resolve()) else config.name
    for ref in (f"refs/heads/{branch}", f"refs/remotes/{remote}/{branch}"):
        if _git(root, "cat-file", "-e", f"{ref}:{rel}").returncode == 0:
            raise UsageError(
                f"--branch {branch}: {ref.removeprefix('refs/')} holds this portfolio's sources ({rel}); deploy would replace them with the built site. Use a branch of its own, such as gh-pages"
            )


def _export(site: Path, into: Path) -> list[str]:
    """Copy what the build published (no hidden entries: a ``.git`` of a gh-pages checkout, our marker) into ``into``."""
    if into.exists():
        shutil.rmtree(into)
    files = []
    for item in walk(site):
        if item.kind != "file":
            continue
        files.append(item.rel)
        dest = into / item.rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(item.path, dest)
    into.mkdir(parents=True, exist_ok=True)
    return files


def deploy(
    project: Project,
    remote: str = "origin",
    branch: str = "gh-pages",
    message: str | None = None,
    cname: str | None = None,
    dry_run: bool = False,
    engine: str | None = None,
    progress: Progress = QUIET,
) -> DeployResult:
    """Check, build strictly (with ``engine``, else the portfolio's own), and push the site as one commit on ``branch`` of ``remote``."""
    root = project.root
    if toplevel(root) is None:
        raise PortfolioError(f"{root}: not a git repository; run `git init` and add a remote, or publish with the Pages workflow")
    found = _git(root, "remote", "get-url", remote)
    if found.returncode != 0:
        remotes = _git(root, "remote").stdout.split()
        known = f"; known remotes: {', '.join(remotes)}" if remotes else "; this repository has no remotes"
        raise PortfolioError(f"no git remote named '{one_line(remote)}'{known}")
    remote_url = redact(found.stdout.strip())
    if cname is not None and not re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}", cname.strip()):
        raise PortfolioError(f"--cname {cname!r} is not a domain name, e.g. portfolio.example.com")
    _refuse_source_branch(root, project, remote, branch)

    result = build_site(project, strict=True, engine=engine, progress=progress)
    if result.warnings:
        raise PortfolioError(f"the build printed {result.warnings} warnings; nothing was deployed")
    export = project.work_dir / "deploy"
    files = _export(result.site_dir, export)
    files.append(".nojekyll")
    if cname:
        files.append("CNAME")
    url = pages_url(found.stdout.strip(), cname)
    if dry_run:
        shutil.rmtree(export, ignore_errors=True)
        return DeployResult(result, remote, remote_url, branch, url, sorted(files), pushed=False)

    import ghp_import

    sha = _git(root, "rev-parse", "--short", "HEAD").stdout.strip() or "no commit"
    text = message or f"Deploy portfolio from {sha} with growth-portfolio"
    env_defaults = {}
    if not _git(root, "config", "user.name").stdout.strip():
        env_defaults["GIT_COMMITTER_NAME"] = "growth-portfolio"
    if not _git(root, "config", "user.email").stdout.strip():
        env_defaults["GIT_COMMITTER_EMAIL"] = "growth-portfolio@users.noreply.github.com"
    saved = {key: os.environ.get(key) for key in env_defaults}
    os.environ.update({k: v for k, v in env_defaults.items() if not os.environ.get(k)})
    try:
        with _in(root):
            ghp_import.ghp_import(
                str(export),
                mesg=text,
                remote=remote,
                branch=branch,
                push=False,
                force=False,
                nojekyll=True,
                cname=cname.strip() if cname else None,
            )
        # Pushed here, not by ghp-import, so that git's own messages are captured and their URLs redacted.
        pushed = _git(root, "push", remote, branch)
        if pushed.returncode != 0:
            said = [line for line in pushed.stderr.strip().splitlines() if line.strip()]
            why = f": {redact(one_line(said[-1]))}" if said else ""
            raise PortfolioError(
                f"`git push {one_line(remote)} {one_line(branch)}` failed (exit {pushed.returncode}){why}; the remote branch is unchanged"
            )
    except ghp_import.GhpError as exc:
        raise PortfolioError(f"deploy failed: {redact(one_line(str(exc.message if hasattr(exc, 'message') else exc)))}") from None
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
        shutil.rmtree(export, ignore_errors=True)
    return DeployResult(result, remote, remote_url, branch, url, sorted(files), pushed=True)
