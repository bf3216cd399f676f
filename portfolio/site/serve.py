"""`portfolio serve`: a live preview that restages on every change to the sources.

Drafts are staged with a banner; private entries only when asked. The preview
uses its own stage folder, so a preview never leaves drafts where `build`
reads. The address is checked before anything is announced, and content
errors are shown in the browser, in front of every page, until they are fixed.
"""

from __future__ import annotations

import errno
import ipaddress
import re
import signal
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from portfolio.errors import PortfolioError, UsageError
from portfolio.model.findings import Finding, display_path
from portfolio.model.project import Project, load_portfolio, locate
from portfolio.site.build import stage_dir
from portfolio.site.stage import StageResult, stage, stage_errors
from portfolio.system.lock import hold

__all__ = ["preview", "check_address", "show_address"]

#: Why an address cannot be served on, by the error the system gave, said for people.
_REASONS = {
    errno.EADDRINUSE: "the address is already in use (another server is running there)",
    errno.EACCES: "permission denied (ports below 1024 need administrator rights)",
    errno.EADDRNOTAVAIL: "the address is not one of this machine's",
}


def show_address(host: str, port: int) -> str:
    """``127.0.0.1:8000``, ``[::1]:8000``: the address as `-a` takes it."""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _bind(host: str, port: int) -> None:
    """Bind ``host:port`` as the preview's server will (IPv4 unless the host is an IPv6 address, address
    reuse on), then let it go; OSError when it cannot."""
    try:
        ipv6 = isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address)
    except ValueError:
        ipv6 = False
    wanted = socket.AF_INET6 if ipv6 else socket.AF_INET
    family, kind, proto, _, address = socket.getaddrinfo(host, port, wanted, socket.SOCK_STREAM)[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)


def _free_port_near(host: str, port: int) -> int | None:
    for candidate in range(port + 1, min(port + 50, 65535) + 1):
        try:
            _bind(host, candidate)
        except OSError:
            continue
        return candidate
    return None


def check_address(host: str, port: int) -> None:
    """Refuse, in one line naming the address and ``-a``, an address the preview could not serve on.

    Done before the first build and before "Serving on ..." is printed, so a busy
    port never looks like a running preview.
    """
    shown = show_address(host, port)
    try:
        _bind(host, port)
    except socket.gaierror:
        raise PortfolioError(
            f"cannot serve on {shown}: the host name '{host}' is not known; choose another address with -a, e.g. -a 127.0.0.1:{port}"
        ) from None
    except OSError as exc:
        reason = _REASONS.get(exc.errno or 0, exc.strerror or str(exc))
        near = _free_port_near(host, port) if exc.errno == errno.EADDRINUSE else None
        example = show_address(host, near) if near else show_address("127.0.0.1", 8001 if port != 8001 else 8002)
        raise PortfolioError(f"cannot serve on {shown}: {reason}; choose another address with -a, e.g. -a {example}") from None


def preview(project: Project, host: str, port: int, *, private: bool = False, verbose: bool = False, engine: str | None = None) -> None:
    """Serve the portfolio with the engine ``engine`` (``--engine``; else its setting, else MkDocs) until stopped."""
    from portfolio.site import engines

    choice = engines.choose(project, engine)
    renderer = engines.require(choice.name)
    engines.refuse(project, choice.name)
    name = "serve-private" if private else "serve"
    address = f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
    where = stage_dir(project, name)
    project.work_dir.mkdir(parents=True, exist_ok=True)
    with hold(project.work_dir, project.work_dir / "serve.owner", f"portfolio serve on {show_address(host, port)}") as claim:
        claim()
        check_address(host, port)
        # Whether a good stage was rendered in this session (the errors then stand in front of it), and
        # whether errors are shown now (the first good stage after them must render every page).
        state = {"good": False, "errors": False}

        def show(errors: list[Finding]) -> StageResult:
            if errors[0].code != "config":
                print(f"error: {len(errors)} errors in the content; the preview shows them until they are fixed", file=sys.stderr)
            else:
                print(f"{errors[0].format()}; the preview shows it until it is fixed", file=sys.stderr)
            state["errors"] = True
            return stage_errors(project, where, errors, keep_pages=state["good"])

        def restage() -> StageResult:
            try:
                # mkdocs.yml is read again each time: an edit to it shows (or clears its errors) on reload.
                current = locate(project.config_file, need_config=True) if project.config_file is not None else project
            except UsageError as exc:
                return show([_config_finding(project, str(exc.message))])
            portfolio = load_portfolio(current)
            for finding in portfolio.findings:
                print(finding.format(), file=sys.stderr)
            if portfolio.errors:
                return show(portfolio.errors)
            result = stage(portfolio, where, drafts=True, private=private, site_url=address)
            if state["errors"]:
                result.structure_changed = True
            state["good"], state["errors"] = True, False
            return result

        restage()
        sources: list[Path] = [project.content_dir, project.skills_file, project.career_file, project.authors_file]
        if project.config_file is not None:
            sources.append(project.config_file)
        sources += project.theme_dirs
        # The rendered preview (drafts, with --private private entries too) lives under .portfolio/, never in
        # the system's temporary folder, and is removed however serve stops (Ctrl+C, SIGTERM, SIGHUP).
        site = project.work_dir / f"{name}-site"
        with _stopped_by_signals():
            try:
                renderer.serve(where / "mkdocs.yml", restage, sources, site, host=host, port=port, verbose=verbose)
            except OSError as exc:
                if exc.errno not in _REASONS:
                    raise
                # Taken between the check and the server's own bind: say it the same way.
                check_address(host, port)
                raise


_WHERE = re.compile(r"^(?P<path>[^\n]*?):(?P<line>\d+): (?P<message>.*)$", re.S)


def _config_finding(project: Project, message: str) -> Finding:
    """A mkdocs.yml that can no longer be read, as a finding for the error page (``path:line: message`` when it says where)."""
    match = _WHERE.match(message)
    if match:
        return Finding(match["path"], int(match["line"]), "error", "config", match["message"])
    shown = display_path(project.config_file) if project.config_file else "mkdocs.yml"
    return Finding(shown, 1, "error", "config", message)


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP stop serve the way Ctrl+C does, so its clean-up runs.

    SIGINT too: a process started in the background of a script inherits it ignored, and
    Python then never turns Ctrl+C (or ``kill -INT``) into KeyboardInterrupt.
    """

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    saved = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None:
            with suppress(ValueError):  # not the main thread (a test runner): nothing to install
                saved[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)
