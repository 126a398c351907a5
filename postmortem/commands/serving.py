"""Serve command helper: the HTTP side of ``pm serve``: the built site with the reload script, and pm's status.

HTML pages get two tags: a script whose request to ``/__pm/status`` waits until the status changes, reloading
the page when a newer build is ready, and a stylesheet for the banner that shows validation problems. A page
that does not exist gets the site's own 404 page, with status 404. The site is served at ``/`` and also under
the path of the configured ``site_url``.

Only requests addressed to this machine are answered: a ``Host`` header other than ``localhost``,
``127.0.0.1`` or ``[::1]`` (with this server's port, or none) gets 403, so a web page that points a name of
its own at 127.0.0.1 (DNS rebinding) cannot read the site being edited nor its status.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import Any

from postmortem.inert import json_text
from postmortem.model.names import SERVE_PREFIX, site_page
from postmortem.render.folders import builtin_templates

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
    search: int = 0  # the number of the last swap of search bundles alone (after their build's pages)
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
            status = {"build": self.build, "search": self.search, "problems": self.problems, "summary": self.summary,
                      "version": self.version}  # fmt: skip
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

    def send_head(self) -> Any:
        """Open the file of a request (GET or HEAD); a path no file can have (a NUL byte in it) is not found."""
        try:
            return super().send_head()
        except ValueError:  # open() refuses the path before anything is sent
            self.send_error(HTTPStatus.NOT_FOUND)
            return None

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
