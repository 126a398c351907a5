"""Terminal output: -q/-v verbosity, colour only without NO_COLOR, tables, progress bars; every line made inert.

Whatever pm prints may quote the repository (titles, owners, file names, messages): it all goes through
:func:`postmortem.inert.inert` here, so no escape sequence, carriage return or bidirectional override in a
repository reaches the terminal, and no text can start a line of its own. Only pm's own styles are added after.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from postmortem.inert import inert

if TYPE_CHECKING:
    from postmortem.commands.overview import View

F = TypeVar("F", bound=Callable[..., Any])
QUIET, NORMAL, VERBOSE = -1, 0, 1
_KEY = "pm.verbosity"


def _set_quiet(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """Remember -q for this invocation."""
    if value:
        ctx.meta[_KEY] = QUIET


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: int) -> None:
    """Remember -v (counted) for this invocation, unless -q was given."""
    if value and ctx.meta.get(_KEY) != QUIET:
        ctx.meta[_KEY] = VERBOSE * value


def verbosity_options(func: F) -> F:
    """Add ``-q/--quiet`` and ``-v/--verbose`` to a command."""
    quiet = click.option(
        "-q", "--quiet", is_flag=True, expose_value=False, is_eager=True, callback=_set_quiet,
        help="Print only problems and errors.",
    )  # fmt: skip
    verbose = click.option(
        "-v", "--verbose", count=True, expose_value=False, callback=_set_verbose, help="Say more about what is done."
    )
    return quiet(verbose(func))


def verbosity() -> int:
    """The current command's verbosity: QUIET, NORMAL or VERBOSE."""
    ctx = click.get_current_context(silent=True)
    return int(ctx.meta.get(_KEY, NORMAL)) if ctx else NORMAL


def echo(text: str, *, err: bool = False, nl: bool = True, keep: str = "") -> None:
    """Print *text* made inert: one line, unless *keep* lets through the newlines of text built of inert lines."""
    click.echo(inert(text, keep=keep), err=err, nl=nl)


def say(text: str, *, err: bool = False) -> None:
    """Print a normal message, unless -q."""
    if verbosity() > QUIET:
        echo(text, err=err)


def detail(text: str) -> None:
    """Print a detail on stderr, only with -v."""
    if verbosity() >= VERBOSE:
        echo(text, err=True)


def colour_wanted(stream: TextIO | None = None) -> bool:
    """True when *stream* (stdout by default) is a terminal and NO_COLOR is not set."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def paint(text: str, **style: Any) -> str:
    """Style *text* when colour is wanted on stdout."""
    return click.style(text, **style) if colour_wanted() else text


def width(text: str) -> int:
    """Columns *text* takes on a terminal (wide characters count twice, combining marks not at all)."""
    total = 0
    for char in click.unstyle(text):
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def _cut(text: str, room: int) -> str:
    """*text* shortened with an ellipsis to fit *room* columns."""
    if width(text) <= room:
        return text
    kept, used = [], 0
    for char in click.unstyle(text):
        used += width(char)
        if used > room - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()) -> str:
    """Aligned columns with a header on a terminal; tab-separated lines (header first) when piped."""
    if not sys.stdout.isatty():
        lines = ["\t".join(headers), *("\t".join(click.unstyle(cell) for cell in row) for row in rows)]
        return "\n".join(lines)
    widths = [max(width(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]
    room = shutil.get_terminal_size().columns - sum(widths[:-1]) - 2 * (len(widths) - 1)
    if widths[-1] > room >= 20:  # the last column (the longest text) is cut to fit the terminal
        widths[-1] = room
        rows = [[*row[:-1], _cut(row[-1], room)] for row in rows]

    def line(cells: Sequence[str]) -> str:
        padded = []
        for number, cell in enumerate(cells):
            gap = " " * (widths[number] - width(cell))
            padded.append(gap + cell if number in right else cell + gap)
        return "  ".join(padded).rstrip()

    head = line([paint(h, bold=True) for h in headers])
    return "\n".join([head, line(["-" * w for w in widths]), *(line(list(row)) for row in rows)])


@contextlib.contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr when it is a terminal, for long work such as PDFs."""
    if not sys.stderr.isatty():
        yield None
        return
    bar: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=inert(label), file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    try:
        yield update
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def show(view: View) -> None:
    """Print a terminal view: its table (cells made inert, then styled), its notes, and a warning for files left out."""
    rows = [
        [paint(cell, fg="red", bold=True) if cell == "OVERDUE" else inert(cell) for cell in row] for row in view.rows
    ]
    if rows:
        click.echo(table([inert(header) for header in view.headers], rows, right=view.right))
    for note in view.notes:
        say(note, err=not rows)
    if view.skipped:
        files = "1 file with errors was" if view.skipped == 1 else f"{view.skipped} files with errors were"
        echo(f"warning: {files} left out: run pm check", err=True)
