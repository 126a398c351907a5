"""Load stage helper: checked incident files remembered by content, as plain JSON kept outside the repository.

What pm reads back from its cache is data, never code: JSON, decoded by the stage that wrote it and checked
again there. And the cache lives where a repository cannot ship it: in the user's cache folder (or
``$PM_CACHE_DIR``), in a folder of its own for each repository (named after the repository's real path), never
inside the repository itself. A missing, stale, damaged or unreadable cache only means checking files again.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from postmortem import __version__, jsondata
from postmortem.load.cache_files import read_file as read_file
from postmortem.load.cache_files import replace_file
from postmortem.load.homes import cache_folder, secret
from postmortem.load.trusted import FileStats, Seal, read_states, write_states

FORMAT = "9"  # heads with components (9), heads (8), shards by path (7), sealed states (6): older ones are not read
SHARDS = 32  # an edit rewrites one shard, not the whole cache
DIGEST_CHARS = 40  # the hash of a file's content, in hexadecimal, that starts its key

FILES_SHAPE = "files-1"  # what files.json holds: stamps and hashes, whatever the shape of the models
FOUND_SHAPE = "found-1"  # what checking each file found, sealed like the rest

T = TypeVar("T")


def repository_cache(root: Path) -> Path | None:
    """The cache folder of the repository at *root*; None when there is none, or it would lie inside the repository.

    A cache folder inside the repository (``PM_CACHE_DIR=.pm-cache``, say) could come with the repository, from
    whoever wrote it: such a cache is never used.
    """
    home = cache_folder(root)
    if home is None:
        return None
    real = root.resolve()
    name = re.sub(r"[^A-Za-z0-9._-]", "_", real.name)[:40] or "root"
    return home / f"{name}-{hashlib.sha256(str(real).encode()).hexdigest()[:16]}"


def checked_folder(root: Path, *, context: str) -> Path | None:
    """The folder of what pm found checking the files of the repository at *root*, for *context* (its settings)."""
    base = repository_cache(root)
    digest = hashlib.sha256((__version__ + FORMAT + context).encode()).hexdigest()[:16]
    return base / f"checked-{digest}" if base is not None else None


def file_stats(root: Path, *, context: str) -> FileStats:
    """What the last run saw of each incident file (see :class:`FileStats`), without the results kept with it."""
    folder = checked_folder(root, context=context)
    return FileStats(folder, Seal(key=secret(root), shape=FILES_SHAPE) if folder is not None else None)


@dataclass(slots=True)
class _LastRead:
    """The models and heads of the last corpus this process read, and the cache folder (configuration) of both."""

    folder: Path | None = None
    models: dict[str, Any] = field(default_factory=dict)
    heads: dict[str, Any] = field(default_factory=dict)


_LAST_READ = _LastRead()


@dataclass(frozen=True, slots=True, kw_only=True)
class Seals:
    """The seals of a shard's two files of models: their states, and their heads (of another shape)."""

    states: Seal
    heads: Seal


class FileCache:
    """Results of checking files, keyed by the files' bytes and by what else the check depends on (pm, config).

    Entries are plain JSON values: the caller encodes what it keeps and decodes (and checks) what it gets back.
    The cache is split into shards by key, so that saving after an edit rewrites only the shard of the edited
    file. Each shard has two files: what checking a file found (small, all that ``pm check`` reads) and the
    data the incident models are made from (read only to render). Each file starts with a checksum of the rest:
    a damaged file is ignored whole, not read as other results.
    """

    def __init__(
        self, root: Path, *, context: str, shape: str = "", heads: str = "", files: FileStats | None = None
    ) -> None:
        self.folder = checked_folder(root, context=context)
        key = secret(root) if self.folder is not None else b""
        sealed = Seals(states=Seal(key=key, shape=shape), heads=Seal(key=key, shape=f"heads-{heads}"))
        self.seals = sealed if key else None
        self.found = Seal(key=key, shape=FOUND_SHAPE) if key else None  # what checking each file found
        self.shards: dict[int, dict[str, Any]] = {
            n: read_entries(shard_path(self.folder, n), seal=self.found) for n in range(SHARDS)
        }
        self.used: dict[str, Any] = {}
        self.dirty: set[int] = set()
        self.files = (
            FileStats(self.folder, Seal(key=key, shape=FILES_SHAPE) if key else None) if files is None else files
        )
        last = self.folder is not None and _LAST_READ.folder == self.folder
        self.last: tuple[dict[str, Any], dict[str, Any]] = (_LAST_READ.models, _LAST_READ.heads) if last else ({}, {})
        self.states: dict[int, dict[str, bytes]] = {}  # the states of the shards read so far, but those decoded
        self.made: dict[str, Any] = {}  # the models decoded for this corpus

    @staticmethod
    def key(raw: bytes) -> str:
        """The key of a file's content (:data:`DIGEST_CHARS` characters; the file's shown path follows it in keys)."""
        return hashlib.blake2b(raw, digest_size=DIGEST_CHARS // 2).hexdigest()

    def get(self, key: str) -> Any:
        """The remembered value for *key*, or None."""
        return self.shards[shard_of(key)].get(key)

    def keep(self, key: str, value: Any) -> None:
        """Keep a remembered value that was used (saving drops the entries of a shard that no run used)."""
        self.used[key] = value

    def put(self, key: str, value: Any) -> None:
        """Remember a new value (plain JSON data)."""
        self.used[key] = value
        self.dirty.add(shard_of(key))

    def kept(self, shard: int) -> frozenset[str]:
        """The keys of *shard* that this run used from the cache."""
        return frozenset(key for key in self.used if shard_of(key) == shard)

    def heads(self, keys: Collection[str], *, decode: Callable[[bytes], T | None]) -> dict[str, T]:
        """What *decode* makes of the sealed heads kept under *keys*, read shard by shard (others are left out).

        Starts this corpus's read: what the last corpus read in this process decoded is kept, for the keys it shares
        with this one (``pm serve`` builds again after every edit: the heads and models of files that did not change
        are not decoded again).
        """
        models, heads = self.last
        found: dict[str, T] = {key: heads[key] for key in keys if key in heads}
        by_shard: dict[int, list[str]] = {}
        for key in keys:
            if key not in found:
                by_shard.setdefault(shard_of(key), []).append(key)
        for shard, wanted in by_shard.items():
            path = shard_path(self.folder, shard, kind="heads")
            entries = read_states(path, seal=self.seals.heads if self.seals else None)
            for key in wanted:
                made = decode(entries[key]) if key in entries else None
                if made is not None:
                    found[key] = made
        self.made = {key: models[key] for key in keys if key in models}
        _LAST_READ.folder, _LAST_READ.models, _LAST_READ.heads = self.folder, self.made, dict(found)
        return found

    def model(self, key: str, *, decode: Callable[[bytes], T | None]) -> T | None:
        """What *decode* makes of the sealed state kept under *key*, or None; kept for the next corpus read.

        A shard's states are read when one of them is first asked for (see :meth:`heads` for what is kept).
        """
        if key in self.made:
            made: T | None = self.made[key]
            return made
        shard = shard_of(key)
        if shard not in self.states:
            self.states[shard] = read_states(shard_path(self.folder, shard, kind="models"),
                                             seal=self.seals.states if self.seals else None)  # fmt: skip
        state = self.states[shard].pop(key, None)  # once decoded, it is the model that is kept
        made = decode(state) if state is not None else None
        if made is not None:
            self.made[key] = made
        return made

    def save(self) -> None:
        """Keep the results used by this run (and only those), shard by shard; a failure to save is not an error."""
        used: dict[int, dict[str, Any]] = {number: {} for number in range(SHARDS)}
        for key, value in self.used.items():
            used[shard_of(key)][key] = value
        for number, entries in used.items():
            if number in self.dirty or entries.keys() != self.shards[number].keys():
                write_entries(shard_path(self.folder, number), entries, seal=self.found)
        self.files.save()


def shard_of(key: str) -> int:
    """The shard a key belongs to: that of the file's shown path, which follows the hash of its content."""
    return shard_of_path(key[DIGEST_CHARS:])


def shard_of_path(shown: str) -> int:
    """The shard of the file shown as *shown*: known before the file is read, so it is read where it is checked."""
    return zlib.crc32(shown.encode("utf-8", "surrogatepass")) % SHARDS


def shard_path(folder: Path | None, shard: int, *, kind: str = "checked") -> Path | None:
    """The file of one shard: ``checked`` results or ``models``; None without a cache folder."""
    return folder / f"{shard:02d}.{kind}.json" if folder is not None else None


def save_models(
    folder: Path | None,
    shard: int,
    *,
    states: dict[str, bytes],
    heads: dict[str, bytes],
    keep: Collection[str],
    seals: Seals | None,
) -> bool:
    """Add fresh model *states* and *heads* to a shard's files, keeping of the others those under *keep*.

    False when either file could not be saved. Called where the models were made (in a worker process when many
    files are checked), so that their states are written once, there, and not sent back to the parent only to be
    written again.
    """
    if seals is None:
        return False
    saved = _save_states(shard_path(folder, shard, kind="models"), fresh=states, keep=keep, seal=seals.states)
    return _save_states(shard_path(folder, shard, kind="heads"), fresh=heads, keep=keep, seal=seals.heads) and saved


def _save_states(path: Path | None, *, fresh: dict[str, bytes], keep: Collection[str], seal: Seal) -> bool:
    """Add *fresh* entries to a sealed file of states, keeping of the others those under *keep*."""
    old = read_states(path, seal=seal) if keep else {}
    return write_states(path, {**{k: v for k, v in old.items() if k in keep}, **fresh}, seal=seal)


def read_entries(path: Path | None, *, seal: Seal | None) -> dict[str, Any]:
    """The entries of one shard's file (JSON data, nothing else), or nothing when it is missing, damaged or not sealed.

    Sealed with the user's key like the models: what checking a file found is believed (a file whose entry says it
    has no problem is not checked again), so an entry pm did not write must not be read.
    """
    data = seal.open(read_file(path)) if seal is not None else None
    if data is None:
        return {}
    try:
        entries = jsondata.loads(data)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested beyond what the parser follows
        return {}
    return entries if isinstance(entries, dict) else {}


def write_entries(path: Path | None, entries: dict[str, Any], *, seal: Seal | None) -> bool:
    """Replace one shard's file atomically (or remove it when empty), sealed; False when it could not be done."""
    if seal is None:
        return False
    try:
        data = jsondata.dumps(entries)
    except (TypeError, ValueError):  # (a mistake) not JSON data
        return False
    return replace_file(path, seal.close(data) if entries else None)
