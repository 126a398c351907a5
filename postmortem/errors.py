"""Errors and problems: the one exception base for user mistakes, and located findings."""

from __future__ import annotations

import difflib
import enum
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from postmortem.inert import inert, shown_path
from postmortem.plurals import counted


class PmError(Exception):
    """A user mistake that stops a command: shown as a message, never as a traceback."""

    exit_code = 1


class WrongValue(PmError):
    """A value given on the command line that pm cannot use: exit 2, as for every other wrong command line.

    *parameter* names the option (``--severity``) or the argument (``title``) that took the value, so that the
    message is shown the way click shows every other mistake of the command line.
    """

    exit_code = 2

    def __init__(self, message: str, *, parameter: str) -> None:
        super().__init__(message)
        self.parameter = parameter


class Level(enum.StrEnum):
    """How serious a problem is."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One finding in one file, with the place it points at."""

    path: str
    line: int
    column: int
    level: Level
    rule: str
    message: str

    def __str__(self) -> str:
        """Render as ``path:line:col: level: message [rule]``, on one line whatever the path and message hold."""
        where = f"{shown_path(self.path)}:{self.line}:{self.column}"
        return f"{where}: {self.level}: {inert(self.message)} [{self.rule}]"

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems by file, then position, then rule."""
        return (self.path, self.line, self.column, self.rule)


def tally(problems: Iterable[Problem], level: Level) -> int:
    """How many of *problems* are of *level*."""
    return sum(p.level is level for p in problems)


class ProblemsFound(PmError):
    """Validation found errors; the problems are carried for printing."""

    def __init__(self, problems: list[Problem], *, consequence: str = "") -> None:
        errors = sum(p.level is Level.ERROR for p in problems)
        super().__init__(f"{counted(errors, 'error')} found" + (f"; {consequence}" if consequence else ""))
        self.problems = problems


def plural(count: int, word: str, *, many: str = "") -> str:
    """*count* and an English *word* in the form the count takes (CLDR's rule): ``1 file``, ``3 files``."""
    return counted(count, word, many=many)


def did_you_mean(name: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """A ``" (did you mean 'x'?)"`` hint when one of *choices* is close to *name*, else an empty string.

    Compares *name* with every choice: for the few names of a schema or a configuration. For the ids of a
    whole repository, asked about again and again, use :class:`NearNames`.
    """
    by_lower = {choice.lower(): choice for choice in choices}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=cutoff)
    return f" (did you mean {by_lower[close[0]]!r}?)" if close else ""


class NearNames:
    """Many names, indexed once so that finding those close to a name costs the same however many there are.

    Each name is filed under itself and under each string it gives with one character deleted (case
    ignored): two names one typo apart (a character changed, added, dropped, or two swapped) share a key.
    A name then meets at most :attr:`LIMIT` candidates, which difflib ranks as :func:`did_you_mean` does.
    """

    LIMIT = 16  # names kept per key, and candidates compared per name asked about
    LONGEST = 100  # longer names are only matched whole (case ignored)

    def __init__(self, choices: Iterable[str], *, cutoff: float = 0.6) -> None:
        self.cutoff = cutoff
        self._keys: dict[str, list[str]] = {}
        for choice in dict.fromkeys(choices):
            for key in _deletions(choice.lower()):
                found = self._keys.setdefault(key, [])
                if len(found) < self.LIMIT and choice not in found:
                    found.append(choice)

    def hint(self, name: str) -> str:
        """A ``" (did you mean 'x'?)"`` hint, as :func:`did_you_mean` gives, among the close names only."""
        candidates: dict[str, None] = {}
        for key in _deletions(name.lower()):
            candidates.update(dict.fromkeys(self._keys.get(key, ())))
            if len(candidates) >= self.LIMIT:
                break
        return did_you_mean(name, list(candidates)[: self.LIMIT], cutoff=self.cutoff)


def _deletions(name: str) -> list[str]:
    """*name*, then *name* with one of its characters deleted (only *name* itself when it is too long for a typo)."""
    if len(name) > NearNames.LONGEST:
        return [name]
    return [name, *dict.fromkeys(name[:at] + name[at + 1 :] for at in range(len(name)))]


def display_path(path: Path, *, here: str | None = None) -> str:
    """A path as the user would type it: relative to the current folder (*here*, if known) when inside it, printable."""
    text = str(path)
    if not path.is_absolute() and ".." not in path.parts:  # relative already, and a Path's text is normal
        return printable(text)
    here = os.getcwd() if here is None else here  # noqa: PTH109 - a string is what is compared
    if text.startswith(here + os.sep) and path.is_absolute():  # the usual case, without building Path objects
        return printable(text[len(here) + 1 :])
    try:
        return printable(str(path.relative_to(here)))
    except ValueError:
        relative = os.path.relpath(path)
        return printable(relative if not relative.startswith("..") else str(path))


def display_paths(paths: Iterable[Path]) -> list[str]:
    """:func:`display_path` of each of *paths*, in order, the current folder asked for once (a corpus is thousands)."""
    here = os.getcwd()  # noqa: PTH109 - a string is what is compared
    return [display_path(path, here=here) for path in paths]


def printable(name: str) -> str:
    r"""A file name with the bytes that are not UTF-8 (kept by Python as lone surrogates) written as ``\xff``."""
    if name.isascii():
        return name
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that no undecodable byte stands for
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
