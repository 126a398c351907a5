"""Render stage helper: what builds remember of each other, by a digest of everything it depends on.

After an edit, nearly all of a page across incidents is what the last build made: the rows of its tables
(:mod:`postmortem.render.fragments`), the digests of what each page shows of each incident, and what the metrics
take of each incident (:mod:`postmortem.render.kept`). The build seeds this memo with a reader of what the last
build kept (see :mod:`postmortem.load.sealed`, which only believes entries sealed with the user's key) and keeps
what this one made. Each entry is named by its kind and a digest of all it depends on, and the memo itself by pm's
version and code. Entries are kept in shards by kind, read when an entry of theirs is first asked for: an edit
that renders no page reads none of the pages' rows. Rendering stays pure: nothing here reads or writes a file but
through the reader it is given.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path

from postmortem import __version__

SHARDS = 16  # an edit rewrites the shards of the entries it adds, not the whole memo
LIMIT = 25_000  # entries kept in a shard at most: 400,000 of a kind, far above what 10,000 incidents need

Reader = Callable[[str], Mapping[str, str]]


@functools.cache
def code_digest() -> str:
    """A digest of pm's version and code (every module of the package), naming the memo a build may use."""
    package = str(Path(__file__).parent.parent)
    found: list[str] = []
    for folder, folders, files in os.walk(package):  # read at every build that renders: no path object a file
        folders[:] = [name for name in folders if name != "__pycache__"]
        found += [f"{folder}{os.sep}{name}"[len(package) + 1 :] for name in files if name.endswith(".py")]
    digest = hashlib.blake2b(__version__.encode(), digest_size=10)
    for name in sorted(found):
        with open(f"{package}{os.sep}{name}", "rb") as module:  # noqa: PTH123 - see above
            digest.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0" + module.read())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1024)
def kind(name: str) -> str:
    """A name fit for a kind of entries (a shard's name starts with it): lower-case letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "entry"


_NUMBERS = {f"{n:02x}": f"{n % SHARDS:02d}" for n in range(256)}  # a digest's last two characters: its shard


def shard_of(key: str) -> str:
    """The shard of the entry *key* (``kind:digest``): its kind and a number from the digest's last characters."""
    named, _, digest = key.partition(":")
    return f"{kind(named)}-{_NUMBERS.get(digest[-2:], '00')}"


def _nothing(_: str) -> Mapping[str, str]:
    """The reader of a memo with nothing kept."""
    return {}


class _Memo:
    """What earlier builds made (*known*, by shard read), what this build used of it, what it made (*fresh*)."""

    def __init__(self, read: Reader = _nothing) -> None:
        self.read = read
        self.known: dict[str, dict[str, str]] = {}
        self.used: set[str] = set()
        self.fresh: dict[str, str] = {}
        self.whole = False  # this build made every page: what it did not use is not kept

    def shard(self, name: str) -> dict[str, str]:
        """The entries earlier builds kept in the shard *name*, read on first use."""
        found = self.known.get(name)
        if found is None:
            found = self.known[name] = dict(self.read(name))  # an entry of another shard's is never asked for here
        return found


_MEMO = _Memo()


def recall(key: str, make: Callable[[], str]) -> str:
    """The text remembered under *key*, a digest of everything *make* depends on; made and remembered when unknown."""
    found = _MEMO.shard(shard_of(key)).get(key)
    if found is not None:
        _MEMO.used.add(key)
        return found
    found = _MEMO.fresh.get(key)
    if found is None:
        found = _MEMO.fresh[key] = make()
    return found


def recall_each(named: str, digests: Sequence[str], make: Callable[[int], str]) -> list[str]:
    """What :func:`recall` gives for each key ``named:digest`` of *digests*, in order; ``make(i)`` makes the i-th.

    The same as one :func:`recall` a key, for many keys of one kind at the cost of a few dictionary lookups each.
    """
    known, fresh, used, prefix = _MEMO.known, _MEMO.fresh, _MEMO.used, f"{kind(named)}-"
    for suffix in sorted(set(_NUMBERS.values())) if digests else ():  # every shard of the kind, as many keys would
        _MEMO.shard(prefix + suffix)  # read once: a later key (an edited file's) finds its shard known
    found: list[str] = []
    for number, digest in enumerate(digests):
        key, name = f"{named}:{digest}", prefix + _NUMBERS.get(digest[-2:], "00")
        shard = known.get(name)
        text = (_MEMO.shard(name) if shard is None else shard).get(key)
        if text is not None:
            used.add(key)
        else:
            text = fresh.get(key)
            if text is None:
                text = fresh[key] = make(number)
        found.append(text)
    return found


def keep(keys: Collection[str]) -> None:
    """Keep the entries *keys* for the next build as if this one had used them (it used what they made, kept whole).

    A build that makes every page keeps only what it used: one that knew a text made of these entries without
    asking for them must say so, or the next build makes them all again.
    """
    _MEMO.used.update(key for key in keys if key in _MEMO.shard(shard_of(key)))


def recall_latest(slot: str, key: str, make: Callable[[], str]) -> str:
    """The text kept in *slot* when it was made from *key* (a digest of all it depends on), else made and kept there.

    A slot holds one text, the latest: a large text that only the latest inputs ask for again (a section of
    index.md) takes the place of the one before instead of adding one more to the memo on every edit. Its name is
    ``kind:digest`` as every entry's, and a kind of its own keeps it in a shard of its own, read only when asked
    for. A build that makes every page makes the text again too, so that what it keeps is what the text used (its
    rows), not what earlier builds made.
    """
    found = latest(slot, key)
    if found is not None:
        return found
    text = make()
    keep_latest(slot, key, text)
    return text


def latest(slot: str, key: str) -> str | None:
    """The text kept in *slot* when it was made from *key*, else None (see :func:`recall_latest`)."""
    head = f"{key}\n"
    found = _MEMO.fresh.get(slot)
    if found is None and not _MEMO.whole:
        found = _MEMO.shard(shard_of(slot)).get(slot)
        if found is not None and found.startswith(head):
            _MEMO.used.add(slot)
    return found[len(head) :] if found is not None and found.startswith(head) else None


def keep_latest(slot: str, key: str, text: str) -> None:
    """Keep *text*, made from *key*, in *slot* for the next build, in the place of what it held."""
    _MEMO.fresh[slot] = f"{key}\n{text}"


def seed(read: Reader) -> None:
    """Start from what earlier builds made: *read* gives a shard's entries (ones the caller checked are pm's own)."""
    global _MEMO
    _MEMO = _Memo(read)


def forget() -> None:
    """Start from nothing (what a build made is not what another repository's build starts from)."""
    seed(_nothing)


def rendered_whole() -> None:
    """Say that this build made every page: the next one starts from what this one used and made only."""
    _MEMO.whole = True


def whole() -> bool:
    """Whether this build made every page (so what it keeps replaces every shard)."""
    return _MEMO.whole


def fresh() -> dict[str, str]:
    """What this process made that the memo did not know."""
    return dict(_MEMO.fresh)


def read_for(entries: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """The shards this process read that *entries* (what it made) go to, by name (see :func:`learn`)."""
    names = {shard_of(key) for key in entries}
    return {name: shard for name, shard in _MEMO.known.items() if name in names}


def learn(
    entries: Mapping[str, str], used: Collection[str] = (), shards: Mapping[str, dict[str, str]] | None = None
) -> None:
    """Take in what another process of the same build made, the keys it used, and the shards it read for them.

    Both processes start from the same memo, so a shard the other one read is what this one would read: taking it
    in spares reading it again to keep the entries made for it (index.md's sections are megabytes at 5,000
    incidents).
    """
    _MEMO.fresh.update(entries)
    _MEMO.used.update(used)
    for name, shard in (shards or {}).items():
        _MEMO.known.setdefault(name, shard)


def used() -> set[str]:
    """The keys this process used of what earlier builds made, where they count: in a build that makes every page.

    Only such a build keeps no more than what it used (see :func:`kept`); another keeps every entry, and what it
    used is not handed from a process to another (75,000 keys for ``index.md`` at 5,000 incidents).
    """
    return set(_MEMO.used) if _MEMO.whole else set()


def changed() -> bool:
    """Whether the next build should start from something else than this one did."""
    return bool(_MEMO.fresh) or _MEMO.whole


def kept() -> dict[str, dict[str, str]]:
    """The shards the next build should find changed, by name, each within the limit (its newest entries kept).

    After a build that made every page, each shard holds what the build used and made (shards it did not touch are
    to be removed); else the shards that gained entries hold what they held and those.
    """
    fresh: dict[str, dict[str, str]] = {}  # by shard, sorted out once: a cold build makes tens of thousands
    for key, value in _MEMO.fresh.items():
        fresh.setdefault(shard_of(key), {})[key] = value
    touched = set(fresh)
    if _MEMO.whole:
        touched |= {shard_of(key) for key in _MEMO.used}
    shards: dict[str, dict[str, str]] = {}
    for name in sorted(touched):
        known = _MEMO.shard(name)
        if _MEMO.whole:
            known = {key: value for key, value in known.items() if key in _MEMO.used}
        entries = {**known, **fresh.get(name, {})}
        shards[name] = dict(list(entries.items())[-LIMIT:]) if len(entries) > LIMIT else entries
    return shards
