"""Render stage helper: text conversions remembered between builds, by a digest of their arguments and pm's code.

Converting an incident's Markdown is most of what the pages across incidents cost, and after an edit nearly all of
it converts the same texts again. The conversions here are pure functions of their arguments and of pm's code, so
their results can be kept: the build seeds this memo with what the last build kept (see
:mod:`postmortem.load.sealed`, which only believes entries sealed with the user's key) and keeps what this one
converted. Rendering stays pure: nothing here reads or writes a file.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import ParamSpec, TypeVar

from postmortem import __version__

P = ParamSpec("P")
R = TypeVar("R", bound=str)
LIMIT = 400_000  # entries kept between builds at most: far above what 10,000 incidents convert
_SOURCES = ("markup.py", "commonmark.py")  # the code whose output is remembered: another code, another memo


@functools.cache
def code_digest() -> str:
    """A digest of pm's version and of the converting code, naming the memo a build may use."""
    folder = Path(__file__).parent
    parts = [__version__.encode()] + [(folder / name).read_bytes() for name in _SOURCES]
    return hashlib.blake2b(b"\0".join(parts), digest_size=10).hexdigest()


class _Memo:
    """What earlier builds converted (*known*) and what this process converted (*fresh*)."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}
        self.fresh: dict[str, str] = {}


_MEMO = _Memo()


def remembered(name: str, wrap: Callable[[str], R]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Remember the results of a pure text conversion called *name*; *wrap* remakes a result from its text."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def convert(*args: P.args, **kwargs: P.kwargs) -> R:
            key = name + ":" + hashlib.blake2b(repr((args, kwargs)).encode(), digest_size=16).hexdigest()
            found = _MEMO.known.get(key)
            if found is not None:
                return wrap(found)
            result = function(*args, **kwargs)
            _MEMO.fresh[key] = str(result)
            return result

        return convert

    return decorate


def recall(key: str, make: Callable[[], str]) -> str:
    """The text remembered under *key*, a digest of everything *make* depends on; made and remembered when unknown."""
    found = _MEMO.known.get(key)
    found = _MEMO.fresh.get(key) if found is None else found
    if found is None:
        found = _MEMO.fresh[key] = make()
    return found


def seed(entries: Mapping[str, str]) -> None:
    """Start from what earlier builds converted (entries the caller has checked are pm's own)."""
    _MEMO.known = dict(entries)
    _MEMO.fresh = {}


def fresh() -> dict[str, str]:
    """What this process converted that the memo did not know."""
    return dict(_MEMO.fresh)


def learn(entries: Mapping[str, str]) -> None:
    """Take in what another process of the same build converted."""
    _MEMO.fresh.update(entries)


def kept() -> dict[str, str]:
    """What the next build should start from: what was known and what was converted, within the limit."""
    entries = {**_MEMO.known, **_MEMO.fresh}
    if len(entries) > LIMIT:  # keep the newest: what this build converted, then what the last one knew
        entries = dict(list(entries.items())[-LIMIT:])
    return entries


def changed() -> bool:
    """Whether this build converted anything the memo did not know."""
    return bool(_MEMO.fresh)
