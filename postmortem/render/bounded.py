"""Render stage helper: one template rendered within bounds of size and time; its errors name the file and line."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment, TemplateError

from postmortem.errors import PmError, display_path
from postmortem.inert import xml_text
from postmortem.render.ceiling import out_of_memory
from postmortem.render.plain import NotPlain, TemplateContext
from postmortem.render.policy import feed_problem, guarded_page, page_problem

T = TypeVar("T")
MAX_PAGE = 64 * 2**20  # characters one template may write: a loop of a repository's template cannot eat memory
BUILD_TIMES = 10  # a build's templates may run this many times what one may, in all
_DEADLINE: list[float] = []  # when this build's templates must be done (time.monotonic), once its clock started


def render_with(env: Environment, name: str, context: TemplateContext) -> str:
    """Render one template; a broken or missing template is a user mistake naming the file and line.

    Templates see plain data only: *context* must come from :func:`template_context`.
    """
    if not isinstance(context, TemplateContext):
        raise NotPlain(f"{name} would see {type(context).__qualname__}, not a TemplateContext of plain data")
    try:
        text = _bounded_render(env.get_template(name), dict(context))
    except _Overrun as exc:
        raise PmError(
            f"template {exc.template or name} {exc}: a template may write at most {MAX_PAGE // 2**20} MiB "
            f"in {_seconds():g} s, and a build's templates run {BUILD_TIMES} times that in all"
        ) from None
    except MemoryError:
        raise PmError(out_of_memory(f"template {name}")) from None
    except TemplateError as exc:
        raise template_error(exc, name) from None
    except Exception as exc:  # anything a template's own code raised: report where, like a template error
        if _template_place(exc, "") == ":1":
            if isinstance(exc, RecursionError):  # reading it, before any of it ran (Jinja parses by recursion)
                raise too_deep(name) from None
            raise
        raise PmError(f"template error in {_template_place(exc, name)}: {type(exc).__name__}: {exc}") from None
    if getattr(env, "project_html", False) and name.endswith(".xml.j2"):
        problem = feed_problem(xml_text(text))  # as written: without the characters XML forbids
        if problem is not None:
            raise PmError(f"template {name}: {problem}")
    if getattr(env, "project_html", False) and name.endswith(".html.j2"):
        problem = page_problem(text)
        if problem is not None:
            raise PmError(f"template {name}: {problem}")
        return guarded_page(text)
    return text


def too_deep(name: str) -> PmError:
    """A template nesting expressions or blocks hundreds deep, past what Jinja can read: a user error naming it."""
    return PmError(f"template error in {name}: it nests expressions or blocks too deeply to be read")


def template_error(exc: TemplateError, name: str) -> PmError:
    """A template's mistake (its syntax, a file refused, a missing value) as a user error naming the file and line."""
    return PmError(f"template error in {_template_place(exc, name)}: {exc.message or exc}")


class _Overrun(BaseException):
    """A template wrote too much, or ran too long; *template* names a piece of the page that did.

    Not an Exception: code that catches every error of what it calls (WeasyPrint, for an image it cannot draw)
    must not take the end of the time for one of them and go on.
    """

    def __init__(self, message: str, *, template: str | None = None) -> None:
        super().__init__(message)
        self.template = template


def within_time(work: Callable[[], T]) -> T | None:
    """What *work* returns, or None when it ran longer than a template may (kept in a process's main thread only).

    A PDF is drawn from the page a template wrote, with the images and styles the templates name: an SVG that
    repeats itself 40 times over five levels would take WeasyPrint hours. WeasyPrint catches every error of an
    SVG it draws, this one too, and goes on without the image: the time still ran out.
    """
    expired: list[bool] = []
    try:
        with _time_limit(_seconds(), expired=expired):
            done = work()
    except _Overrun:
        return None
    return None if expired else done


def _seconds() -> float:
    """How long one template may run: PM_TEMPLATE_SECONDS, 120 by default (a page takes milliseconds)."""
    try:
        return max(0.1, float(os.environ.get("PM_TEMPLATE_SECONDS", "120")))
    except ValueError:
        return 120.0


def start_build_clock() -> None:
    """Start the time a build's templates may run in all: BUILD_TIMES what one may, in this process and its workers.

    Each template may run PM_TEMPLATE_SECONDS: a repository's template that takes just under that for each of
    a thousand incidents would otherwise keep a CI job for a day.
    """
    _DEADLINE[:] = [time.monotonic() + BUILD_TIMES * _seconds()]


def _allowed() -> float:
    """How long the next template may run: its own time, or what is left of the build's (the clock, once started)."""
    own = _seconds()
    if not _DEADLINE:
        return own
    left = _DEADLINE[0] - time.monotonic()
    if left <= 0:
        raise _Overrun("ran too long")
    return min(own, left)


def _bounded_render(template: Any, context: dict[str, Any]) -> str:
    """What *template* writes, stopped when it writes more than MAX_PAGE or runs longer than it may."""
    with _time_limit(_allowed()):
        return _collected(template.generate(context))


def written_piece(template: Any, context: dict[str, Any], *, name: str) -> str:
    """What the template of a piece of a page (a row) writes, within its page's time, stopped past MAX_PAGE.

    A piece is rendered while its page is, and its text joins the page only once it is whole: bounded on its own,
    a row of a repository's template that loops cannot take gigabytes before the page's own bound sees it.
    """
    return collected_pieces(template.generate(context), name=name)


def collected_pieces(texts: Iterable[str], *, name: str) -> str:
    """The texts of many pieces of one template *name*, joined, stopped past MAX_PAGE as one piece would be."""
    try:
        return _collected(texts)
    except _Overrun as exc:
        exc.template = exc.template or name
        raise


def _collected(chunks: Iterable[str]) -> str:
    """The text of *chunks*, stopped when it grows past MAX_PAGE."""
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_PAGE:
            raise _Overrun("wrote too much")
        parts.append(chunk)
    return "".join(parts)


@contextlib.contextmanager
def _time_limit(seconds: float, *, expired: list[bool] | None = None) -> Iterator[None]:
    """Raise _Overrun in the block after *seconds* (a timer signal: only in a process's main thread, on POSIX).

    *expired*, when given, is told that the time ran out, even if what the block called swallowed the error.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signal: int, _frame: Any) -> None:
        if expired is not None:
            expired.append(True)
        raise _Overrun("ran too long")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _template_place(exc: Exception, name: str) -> str:
    """``file:line`` of a template error: from a syntax error, or from the template frame of a render error."""
    filename, lineno = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    traceback = exc.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code.co_filename
        if code.endswith(".j2"):
            filename, lineno = code, traceback.tb_lineno
        traceback = traceback.tb_next
    shown = display_path(Path(filename)) if filename else name
    return f"{shown}:{lineno or 1}"
