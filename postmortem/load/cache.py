"""Load stage helper: checked incident files remembered by content, so that unchanged files cost almost nothing."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postmortem import __version__

CACHE_FOLDER = ".pm-cache"
FORMAT = "4"  # what is pickled changed: older entries are not read


SHARDS = 32  # an edit rewrites one shard, not the whole cache


@dataclass(slots=True)
class _LastRead:
    """The models of the last corpus this process read, and the cache folder (configuration) they belong to."""

    folder: Path | None = None
    models: dict[str, Any] = field(default_factory=dict)


_LAST_READ = _LastRead()


class FileCache:
    """Results of checking files, keyed by the files' bytes and by what else the check depends on (pm, config).

    The cache lives in the repository (``.pm-cache/``, ignored by git) and is only ever a shortcut: a missing,
    stale or unreadable cache means the files are checked again. It is split into shards by key, so that
    saving after an edit rewrites only the shard of the edited file. Each shard has two files: what checking
    a file found (small, all that ``pm check`` reads) and the incident models (read only to render).
    """

    def __init__(self, root: Path, *, context: str) -> None:
        digest = hashlib.sha256((__version__ + FORMAT + context).encode()).hexdigest()[:16]
        self.folder = root / CACHE_FOLDER / f"checked-{digest}"
        self.shards: dict[int, dict[str, Any]] = {n: read_entries(shard_path(self.folder, n)) for n in range(SHARDS)}
        self.used: dict[str, Any] = {}
        self.dirty: set[int] = set()

    @staticmethod
    def key(raw: bytes) -> str:
        """The key of a file's content."""
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    def get(self, key: str) -> Any:
        """The remembered result for *key*, or None."""
        found = self.shards[shard_of(key)].get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        """Remember a result."""
        self.used[key] = value
        self.dirty.add(shard_of(key))

    def kept(self, shard: int) -> frozenset[str]:
        """The keys of *shard* that this run used from the cache."""
        return frozenset(key for key in self.used if shard_of(key) == shard)

    def models(self, keys: Collection[str]) -> dict[str, Any]:
        """The models remembered under *keys*, read shard by shard (keys without one are left out).

        The models of the last corpus read stay in memory too: ``pm serve`` builds again after every edit,
        and reading back thousands of unchanged models from disk would be most of its work.
        """
        kept = _LAST_READ.models if _LAST_READ.folder == self.folder else {}
        found = {key: kept[key] for key in keys if key in kept}
        by_shard: dict[int, list[str]] = {}
        for key in keys:
            if key not in found:
                by_shard.setdefault(shard_of(key), []).append(key)
        for shard, wanted in by_shard.items():
            entries = read_entries(shard_path(self.folder, shard, kind="models"))
            found.update((key, entries[key]) for key in wanted if key in entries)
        _LAST_READ.folder, _LAST_READ.models = self.folder, found
        return found

    def save(self) -> None:
        """Keep the results used by this run (and only those), shard by shard; a failure to save is not an error."""
        used: dict[int, dict[str, Any]] = {number: {} for number in range(SHARDS)}
        for key, value in self.used.items():
            used[shard_of(key)][key] = value
        for number, entries in used.items():
            if number in self.dirty or entries.keys() != self.shards[number].keys():
                write_entries(shard_path(self.folder, number), entries)


def shard_of(key: str) -> int:
    """The shard a key belongs to."""
    return int(key[:4], 16) % SHARDS


def shard_path(folder: Path, shard: int, *, kind: str = "checked") -> Path:
    """The file of one shard: ``checked`` results or ``models``."""
    return folder / f"{shard:02d}.{kind}.pickle"


def save_models(folder: Path, shard: int, *, fresh: dict[str, Any], keep: Collection[str]) -> bool:
    """Add *fresh* models to a shard's file, keeping of the others those under *keep*; False when it failed.

    Called where the models were made (in a worker process when many files are checked), so that they are
    pickled once, there, and not sent back to the parent only to be pickled again.
    """
    path = shard_path(folder, shard, kind="models")
    old = read_entries(path) if keep else {}
    return write_entries(path, {**{k: v for k, v in old.items() if k in keep}, **fresh})


def read_entries(path: Path) -> dict[str, Any]:
    """The entries of one shard's file, or nothing."""
    try:
        with path.open("rb") as handle:
            entries = pickle.load(handle)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    return entries if isinstance(entries, dict) else {}


def write_entries(path: Path, entries: dict[str, Any]) -> bool:
    """Replace one shard's file atomically (or remove it when empty); False when it could not be done."""
    try:
        if not entries:
            path.unlink(missing_ok=True)
            return True
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(entries, stream, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(path)
    except OSError:
        return False
    return True
