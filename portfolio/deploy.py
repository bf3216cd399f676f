"""`portfolio deploy`: build strictly, then push the site to a branch as `mkdocs gh-deploy` does (ghp-import).

Refuses before touching the branch when the folder is not a git repository,
the remote does not exist, the content has errors or the build warns.
"""

from __future__ import annotations

import os
import re
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .build import BuildResult, build_site
from .errors import PortfolioError
from .project import Project

__all__ = ["DeployResult", "deploy", "pages_url"]

_GITHUB = re.compile(r"^(?:git@github\.com:|ssh://git@github\.com/|https?://(?:[^@/]+@)?github\.com/)(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$")


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
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)


@contextmanager
def _in(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def deploy(project: Project, remote: str = "origin", branch: str = "gh-pages", message: str | None = None, cname: str | None = None, dry_run: bool = False) -> DeployResult:
    """Check, build strictly, and push the site as one commit on ``branch`` of ``remote``."""
    root = project.root
    if _git(root, "rev-parse", "--show-toplevel").returncode != 0:
        raise PortfolioError(f"{root}: not a git repository; run `git init` and add a remote, or publish with the Pages workflow")
    found = _git(root, "remote", "get-url", remote)
    if found.returncode != 0:
        remotes = _git(root, "remote").stdout.split()
        known = f"; known remotes: {', '.join(remotes)}" if remotes else "; this repository has no remotes"
        raise PortfolioError(f"no git remote named '{remote}'{known}")
    remote_url = found.stdout.strip()
    if cname is not None and not re.fullmatch(r"[A-Za-z0-9.-]+\.[A-Za-z]{2,}", cname.strip()):
        raise PortfolioError(f"--cname {cname!r} is not a domain name, e.g. portfolio.example.com")

    result = build_site(project, strict=True)
    if result.warnings:
        raise PortfolioError(f"the build printed {result.warnings} warnings; nothing was deployed")
    site = result.site_dir
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    files.append(".nojekyll")
    if cname:
        files.append("CNAME")
    url = pages_url(remote_url, cname)
    if dry_run:
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
            ghp_import.ghp_import(str(site), mesg=text, remote=remote, branch=branch, push=True, force=False, nojekyll=True, cname=cname.strip() if cname else None)
    except ghp_import.GhpError as exc:
        raise PortfolioError(f"deploy failed: {exc.message if hasattr(exc, 'message') else exc}") from None
    except subprocess.CalledProcessError as exc:
        raise PortfolioError(f"`git push {remote} {branch}` failed (exit {exc.returncode}); the remote branch is unchanged") from None
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
    return DeployResult(result, remote, remote_url, branch, url, sorted(files), pushed=True)
