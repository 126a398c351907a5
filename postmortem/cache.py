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


class FileCache:
    """Results of checking files, keyed by the files' bytes and by what else the check depends on (pm, config).

    The cache lives in the repository (``.pm-cache/``, ignored by git) and is only ever a shortcut: a missing,
    stale or unreadable cache means the files are checked again.
    """

    def __init__(self, root: Path, *, context: str) -> None:
        self.path = (
            root / CACHE_FOLDER / f"checked-{hashlib.sha256((__version__ + context).encode()).hexdigest()[:16]}.pickle"
        )
        self.entries: dict[str, Any] = self._read()
        self.used: dict[str, Any] = {}
        self.changed = False

    def _read(self) -> dict[str, Any]:
        """The remembered results, or nothing."""
        try:
            with self.path.open("rb") as handle:
                entries = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return {}
        return entries if isinstance(entries, dict) else {}

    @staticmethod
    def key(raw: bytes) -> str:
        """The key of a file's content."""
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    def get(self, key: str) -> Any:
        """The remembered result for *key*, or None."""
        found = self.entries.get(key)
        if found is not None:
            self.used[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        """Remember a result."""
        self.used[key] = value
        self.changed = True

    def save(self) -> None:
        """Keep the results used by this run (and only those), atomically; a failure to save is not an error."""
        if not self.changed and len(self.used) == len(self.entries):
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(self.used, stream, protocol=pickle.HIGHEST_PROTOCOL)
            Path(temporary).replace(self.path)
        except OSError:
            return
