"""Serve command core: build the site, serve it on 127.0.0.1, rebuild what changed and reload the browser.

The site is built into a temporary folder (the configured output is left alone), served as it is except
that HTML pages get two tags: a script that asks ``/__pm/status`` every second whether a newer build is
ready, reloading the page when one is, and a stylesheet for the banner that shows validation problems.
A build that fails keeps the last good site on screen, with its problems in the terminal and the banner.
A page that does not exist gets the site's own 404 page, with status 404. The site is served at ``/`` and also
under the path of the configured ``site_url`` (the 404 page links from there). Ctrl+C, SIGTERM and SIGHUP all
stop the server the same way: the temporary folder is removed.

Only requests addressed to this machine are answered: a ``Host`` header other than ``localhost``,
``127.0.0.1`` or ``[::1]`` (with this server's port, or none) gets 403, so a web page that points a name of
its own at 127.0.0.1 (DNS rebinding) cannot read the site being edited nor its status.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import re
import shutil
import signal
import tempfile
import threading
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

from postmortem.commands.build import BuildReport, build
from postmortem.config.files import load_config, require_repository
from postmortem.config.model import Config
from postmortem.corpus.audience import Audience
from postmortem.errors import PmError, ProblemsFound, plural
from postmortem.inert import json_text
from postmortem.model.names import SERVE_PREFIX, site_page
from postmortem.render.chrome import site_base
from postmortem.render.folders import builtin_templates
from postmortem.render.report import Format

PREFIX = f"/{SERVE_PREFIX}/"
TAGS = f'<link rel="stylesheet" href="{PREFIX}serve.css"><script src="{PREFIX}reload.js" defer></script>'
ASSETS = {"reload.js": "text/javascript", "serve.css": "text/css", "waiting.html": "text/html; charset=utf-8"}
LOOPBACK_HOST = re.compile(r"(localhost|127\.0\.0\.1|\[::1\])(?::(?P<port>[0-9]{1,5}))?", re.IGNORECASE)
LONG_POLL = 25.0  # seconds a browser's status request waits for a change before it is answered anyway


@functools.cache
def asset(name: str) -> bytes:
    """One of pm serve's own files (the reload script, the banner's style, the page shown before a first build)."""
    return (builtin_templates() / "serve" / name).read_bytes()


@dataclass(slots=True, kw_only=True)
class State:
    """What the browser asks for: the number of the last good build and the problems of the last attempt."""

    build: int = 0
    problems: list[str] = field(default_factory=list)
    summary: str = ""
    version: int = 0  # moves with every change of the above: a browser waiting for a change is answered at once
    closing: bool = False  # the server stops: browsers waiting for a change are answered at once
    lock: threading.Condition = field(default_factory=threading.Condition)

    def as_json(self, *, after: int | None = None, timeout: float = LONG_POLL) -> bytes:
        """The status as the reload script reads it; with *after*, once the version is another (or *timeout*)."""
        with self.lock:
            if after is not None:
                self.lock.wait_for(lambda: self.version != after or self.closing, timeout=timeout)
            status = {"build": self.build, "problems": self.problems, "summary": self.summary, "version": self.version}
            return json_text(status, indent=None).encode()

    def changed(self) -> None:
        """Answer the browsers waiting for a change (call with the lock held, after the change)."""
        self.version += 1
        self.lock.notify_all()

    def close(self) -> None:
        """Answer every waiting browser now: the server stops, and waits for the requests it is answering."""
        with self.lock:
            self.closing = True
            self.lock.notify_all()


def _after(path: str) -> int | None:
    """The status version a request waits to see change (``?after=N``), or None to be answered at once."""
    values = urllib.parse.parse_qs(path.partition("?")[2]).get("after", [])
    return int(values[0]) if len(values) == 1 and values[0].isdigit() and len(values[0]) < 12 else None


def loopback_host(host: str | None, *, port: int) -> bool:
    """True when a ``Host`` header names this machine: a loopback name or address, with *port* or no port."""
    found = LOOPBACK_HOST.fullmatch((host or "").strip())
    return found is not None and int(found.group("port") or port) == port


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site, with the reload script in HTML pages and pm's own status under /__pm/."""

    state: State
    base: str

    def __init__(self, *args: Any, state: State, directory: str, base: str = "/", **kwargs: Any) -> None:
        self.state = state
        self.base = base
        super().__init__(*args, directory=directory, **kwargs)

    def translate_path(self, path: str) -> str:
        """The file of a request, the site's path (``/postmortems/``) taken as its root too."""
        if self.base != "/" and (path + "/").startswith(self.base):
            path = "/" + path[len(self.base) :]
        return super().translate_path(path)

    def parse_request(self) -> bool:
        """Read the request line and headers; refuse, for every method, a request not addressed to this machine."""
        if not super().parse_request():
            return False
        hosts = self.headers.get_all("Host") or []
        if len(hosts) == 1 and loopback_host(hosts[0], port=self.connection.getsockname()[1]):
            return True
        self.send_error(HTTPStatus.FORBIDDEN, "pm serve answers only to localhost, 127.0.0.1 and [::1]")
        return False

    def do_GET(self) -> None:
        """Answer pm's own paths, inject the tags into HTML pages, and serve other files as they are."""
        route = self.path.split("?", 1)[0]
        name = route.removeprefix(PREFIX)
        if route == f"{PREFIX}status":
            return self._send(self.state.as_json(after=_after(self.path)), "application/json")
        if route.startswith(PREFIX) and name in ASSETS:
            return self._send(asset(name), ASSETS[name])
        path = Path(self.translate_path(route))
        if path.is_dir() or route.endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and (path.is_file() or self.state.build == 0):
            page = path.read_text(encoding="utf-8") if path.is_file() else asset("waiting.html").decode()
            return self._send(page.replace("</head>", TAGS + "</head>", 1).encode(), "text/html; charset=utf-8")
        return super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A page that does not exist gets the site's 404 page (with the tags); other errors the plain answer."""
        missing = Path(self.directory) / site_page("404")
        if code != HTTPStatus.NOT_FOUND or not missing.is_file():
            return super().send_error(code, message, explain)
        page = missing.read_text(encoding="utf-8").replace("</head>", TAGS + "</head>", 1).encode()
        return self._send(page, "text/html; charset=utf-8", status=HTTPStatus.NOT_FOUND)

    def _send(self, body: bytes, kind: str, *, status: int = HTTPStatus.OK) -> None:
        """Send *body* (not for HEAD), never cached: the next build may change it."""
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the terminal for builds and problems, not for every request."""


@dataclass(slots=True, kw_only=True)
class Server:
    """A build folder, the state the browser polls, and how to rebuild."""

    out: Path
    formats: tuple[Format, ...]
    audience: Audience
    today: Callable[[Config], dt.date]
    say: Callable[[str], None]
    complain: Callable[[str], None]
    state: State = field(default_factory=State)

    def rebuild(self) -> BuildReport | None:
        """Build again (only what changed is rendered); on problems keep the last good site and report them."""
        try:
            config = load_config()
            report = build(config, out=self.out, formats=self.formats, today=self.today(config),
                           audience=self.audience)  # fmt: skip
        except ProblemsFound as exc:
            self._failed([str(problem) for problem in exc.problems], str(exc))
            return None
        except PmError as exc:
            self._failed([str(exc)], "error")
            return None
        with self.state.lock:
            self.state.build += 1 if report.written or not self.state.build else 0  # reload only for news
            self.state.problems, self.state.summary = [], ""
            self.state.changed()
        files = report.written + report.unchanged
        built = plural(report.incidents, "incident")
        self.say(f"Built {built} in {report.seconds:.2f} s: {report.written} of {plural(files, 'file')} written, "
                 "the others unchanged.")  # fmt: skip
        return report

    def _failed(self, problems: list[str], summary: str) -> None:
        """Show the problems in the terminal and to the browser."""
        with self.state.lock:
            self.state.problems, self.state.summary = problems, summary
            self.state.changed()
        for line in [*problems, f"pm: {summary}; still serving the last good build"]:
            self.complain(line)


def sources(config: Config) -> tuple[set[Path], set[Path]]:
    """What a change in rebuilds: folders (incidents, runbooks, pages, templates) and files (risks, configuration)."""
    folders = {config.path(name) for name in ("incidents", "runbooks", "pages", "templates")}
    files = {config.path("risks"), config.root / "pm.toml", config.root / "pyproject.toml"}
    return folders, files


def is_source(path: Path, *, folders: set[Path], files: set[Path]) -> bool:
    """True for an edit that may change the site: a file of the repository that a build reads."""
    if path.name.startswith(".") or path.name.endswith("~"):
        return False  # editors' swap and backup files, pm's own cache
    return path in files or any(folder in path.parents for folder in folders)


@contextlib.contextmanager
def _listening(server: Server, port: int, *, base: str) -> Iterator[http.server.ThreadingHTTPServer]:
    """An HTTP server on 127.0.0.1 in a background thread, serving the site at / and at *base*."""
    handler = functools.partial(Handler, state=server.state, directory=str(server.out), base=base)
    try:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise PmError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; choose another --port") from None
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        server.state.close()  # else Ctrl+C would wait for each open page's status request to time out
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the server as Ctrl+C does (its temporary folder removed), in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(number: int, _frame: object) -> None:
        signal.signal(number, signal.SIG_IGN)  # once: a second signal does not cut the cleanup short
        raise KeyboardInterrupt

    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {number: signal.signal(number, interrupt) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def serve(
    *,
    port: int,
    formats: Sequence[Format],
    audience: Audience,
    today: Callable[[Config], dt.date],
    say: Callable[[str], None],
    complain: Callable[[str], None],
    stop: threading.Event | None = None,
) -> None:
    """Build, serve and rebuild on every change until interrupted (or *stop* is set)."""
    from watchfiles import watch

    config = require_repository(load_config())
    folders, files = sources(config)
    with _stopped_by_signals(), contextlib.suppress(KeyboardInterrupt), _temporary_folder() as folder:
        server = Server(out=folder / "site", formats=tuple(formats), audience=audience, today=today, say=say,
                        complain=complain)  # fmt: skip
        server.rebuild()
        with _listening(server, port, base=site_base(config.site_url)) as httpd:
            say(f"Serving {config.title!r} on http://127.0.0.1:{httpd.server_address[1]}/ (Ctrl+C to stop)")

            def wanted(_kind: object, path: str) -> bool:
                return is_source(Path(path), folders=folders, files=files)

            for _batch in watch(config.root, watch_filter=wanted, stop_event=stop, debounce=150, rust_timeout=500):
                server.rebuild()


@contextlib.contextmanager
def _temporary_folder() -> Iterator[Path]:
    """A folder of its own for the builds, removed however the server stops."""
    folder = Path(tempfile.mkdtemp(prefix="pm-serve-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
