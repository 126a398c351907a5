"""Render stage helper: what builds remember of each other, by a digest of everything it depends on.

After an edit, nearly all of a page across incidents is what the last build made: the rows of its tables
(:mod:`postmortem.render.fragments`) and the digests of what each page shows of each incident. The build seeds
this memo with what the last build kept (see :mod:`postmortem.load.sealed`, which only believes entries sealed
with the user's key) and keeps what this one made. Each entry is named by a digest of all it depends on, and the
memo itself by pm's version and code. Rendering stays pure: nothing here reads or writes a file.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from postmortem import __version__

LIMIT = 400_000  # entries kept between builds at most: far above what 10,000 incidents need


@functools.cache
def code_digest() -> str:
    """A digest of pm's version and code (every module of the package), naming the memo a build may use."""
    package = Path(__file__).parent.parent
    parts = [__version__.encode()]
    parts += [f"{path.relative_to(package)}\0".encode() + path.read_bytes() for path in sorted(package.rglob("*.py"))]
    return hashlib.blake2b(b"\0".join(parts), digest_size=10).hexdigest()


class _Memo:
    """What earlier builds made (*known*), what this build used of it, what it made (*fresh*)."""

    def __init__(self) -> None:
        self.known: dict[str, str] = {}
        self.used: set[str] = set()
        self.fresh: dict[str, str] = {}
        self.whole = False  # this build made every page: what it did not use is not kept


_MEMO = _Memo()


def recall(key: str, make: Callable[[], str]) -> str:
    """The text remembered under *key*, a digest of everything *make* depends on; made and remembered when unknown."""
    found = _MEMO.known.get(key)
    if found is not None:
        _MEMO.used.add(key)
        return found
    found = _MEMO.fresh.get(key)
    if found is None:
        found = _MEMO.fresh[key] = make()
    return found


def seed(entries: Mapping[str, str]) -> None:
    """Start from what earlier builds made (entries the caller has checked are pm's own)."""
    _MEMO.known = dict(entries)
    _MEMO.used = set()
    _MEMO.fresh = {}
    _MEMO.whole = False


def rendered_whole() -> None:
    """Say that this build made every page: the next one starts from what this one used and made only."""
    _MEMO.whole = True


def fresh() -> dict[str, str]:
    """What this process made that the memo did not know."""
    return dict(_MEMO.fresh)


def learn(entries: Mapping[str, str], used: Collection[str] = ()) -> None:
    """Take in what another process of the same build made, and the keys it used."""
    _MEMO.fresh.update(entries)
    _MEMO.used.update(used)


def used() -> set[str]:
    """The keys this process used of what earlier builds made."""
    return set(_MEMO.used)


def kept() -> dict[str, str]:
    """What the next build should start from, within the limit (the newest entries kept)."""
    known = {key: _MEMO.known[key] for key in _MEMO.used} if _MEMO.whole else _MEMO.known
    entries = {**known, **_MEMO.fresh}
    if len(entries) > LIMIT:
        entries = dict(list(entries.items())[-LIMIT:])
    return entries


def pruned() -> bool:
    """Whether this build leaves out of what it keeps some of what earlier builds made (it made every page)."""
    return _MEMO.whole and len(_MEMO.used) < len(_MEMO.known)


def changed() -> bool:
    """Whether the next build should start from something else than this one did."""
    return bool(_MEMO.fresh) or pruned()
