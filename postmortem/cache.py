"""Load stage helper: checked incident files remembered by content, so that unchanged files cost almost nothing."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from postmortem import __version__

CACHE_FOLDER = ".pm-cache"
FORMAT = "2"  # what is pickled changed: older entries are not read


SHARDS = 32  # an edit rewrites one shard, not the whole cache


class FileCache:
    """Results of checking files, keyed by the files' bytes and by what else the check depends on (pm, config).

    The cache lives in the repository (``.pm-cache/``, ignored by git) and is only ever a shortcut: a missing,
    stale or unreadable cache means the files are checked again. It is split into shards by key, so that
    saving after an edit rewrites only the shard of the edited file.
    """

    def __init__(self, root: Path, *, context: str) -> None:
        digest = hashlib.sha256((__version__ + FORMAT + context).encode()).hexdigest()[:16]
        self.folder = root / CACHE_FOLDER / f"checked-{digest}"
        self.shards: dict[int, dict[str, Any]] = {number: self._read(number) for number in range(SHARDS)}
        self.used: dict[str, Any] = {}
        self.dirty: set[int] = set()

    def _path(self, shard: int) -> Path:
        """The file of one shard."""
        return self.folder / f"{shard:02d}.pickle"

    def _read(self, shard: int) -> dict[str, Any]:
        """The remembered results of one shard, or nothing."""
        try:
            with self._path(shard).open("rb") as handle:
                entries = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return {}
        return entries if isinstance(entries, dict) else {}

    @staticmethod
    def key(raw: bytes) -> str:
        """The key of a file's content."""
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    @staticmethod
    def _shard(key: str) -> int:
        """The shard a key belongs to."""
        return int(key[:4], 16) % SHARDS

    def get(self, key: str) -> Any:
        """The remembered result for *key*, or None."""
        found = self.shards[self._shard(key)].get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        """Remember a result."""
        self.used[key] = value
        self.dirty.add(self._shard(key))

    def save(self) -> None:
        """Keep the results used by this run (and only those), shard by shard; a failure to save is not an error."""
        used: dict[int, dict[str, Any]] = {number: {} for number in range(SHARDS)}
        for key, value in self.used.items():
            used[self._shard(key)][key] = value
        for number, entries in used.items():
            if number in self.dirty or entries.keys() != self.shards[number].keys():
                self._write(number, entries)

    def _write(self, shard: int, entries: dict[str, Any]) -> None:
        """Replace one shard's file atomically (or remove it when empty)."""
        try:
            if not entries:
                self._path(shard).unlink(missing_ok=True)
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(entries, stream, protocol=pickle.HIGHEST_PROTOCOL)
            Path(temporary).replace(self._path(shard))
        except OSError:
            return
