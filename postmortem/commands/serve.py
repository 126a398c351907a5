"""Serve command core: build the site, serve it on 127.0.0.1, rebuild what changed and reload the browser.

The site is built into a temporary folder (the configured output is left alone) and served with the reload
script (see :mod:`postmortem.commands.serving`). Each save builds again what it changed, from what the last
build kept in memory (see :mod:`postmortem.commands.live`): the open page reloads as soon as its files are
swapped in, and search bundles made again follow in a second swap. A build that fails keeps the last good site
on screen, with its problems in the terminal and the banner. Ctrl+C, SIGTERM and SIGHUP all stop the server
the same way: the temporary folder is removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import http.server
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from postmortem.commands.build import BuildReport
from postmortem.commands.live import Live
from postmortem.commands.serving import Handler, State
from postmortem.config.files import load_config, require_repository
from postmortem.config.model import Config
from postmortem.corpus.audience import Audience
from postmortem.errors import PmError, ProblemsFound, plural
from postmortem.render.chrome import site_base
from postmortem.render.report import Format
from postmortem.workers import collector_paused

STEP = 20  # milliseconds without a new change before a save is built: an editor's save is one change


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
    live: Live = field(init=False)

    def __post_init__(self) -> None:
        """Nothing built yet."""
        self.live = Live(out=self.out, formats=self.formats, audience=self.audience)

    @collector_paused()
    def rebuild(self) -> BuildReport | None:
        """Build again (only what changed is rendered); on problems keep the last good site and report them.

        The browser is answered as soon as the pages are in place; search bundles made again follow. The garbage
        collector waits until then, and then looks only at what this build left (see :func:`_collected`).
        """
        try:
            config = load_config()
            report = self.live.build(config, today=self.today(config))
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
        try:
            search = self.live.search()
        except PmError as exc:
            self._failed([str(exc)], "error")
            return None
        if search is not None:
            with self.state.lock:
                self.state.search += 1  # open search pages reload: the bundles they read were made again
                self.state.changed()
        self._built(report, search)
        _collected()
        return report

    def _built(self, report: BuildReport, search: BuildReport | None) -> None:
        """Say in the terminal what a build did."""
        written, files = report.written, report.written + report.unchanged
        later = ""
        if search is not None:
            written, files = written + search.written, search.written + search.unchanged
            later = f" (its search index {search.seconds:.2f} s later)"
        built = plural(report.incidents, "incident")
        self.say(f"Built {built} in {report.seconds:.2f} s{later}: {written} of {plural(files, 'file')} written, "
                 "the others unchanged.")  # fmt: skip

    def _failed(self, problems: list[str], summary: str) -> None:
        """Show the problems in the terminal and to the browser."""
        with self.state.lock:
            self.state.problems, self.state.summary = problems, summary
            self.state.changed()
        for line in [*problems, f"pm: {summary}; still serving the last good build"]:
            self.complain(line)


def _collected() -> None:
    """Collect a build's garbage now, and set what outlives it (the corpus, the templates) out of the collector's sight.

    Left to itself, the collector would look at every object of the corpus again, up to a second at 5,000 incidents,
    whenever it runs: when a page reloads, say. Objects set aside are still freed when nothing refers to them.
    """
    gc.collect()
    gc.freeze()


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

            changes = watch(config.root, watch_filter=wanted, stop_event=stop, debounce=150, step=STEP,
                            rust_timeout=500)  # fmt: skip
            try:
                for _batch in changes:
                    server.rebuild()
            finally:
                server.live.settle()  # before its folder is removed


@contextlib.contextmanager
def _temporary_folder() -> Iterator[Path]:
    """A folder of its own for the builds, removed however the server stops."""
    folder = Path(tempfile.mkdtemp(prefix="pm-serve-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
