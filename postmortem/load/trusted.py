"""Load stage helper: cache files pm seals with the user's key, so that it may believe what they say.

A sealed file starts with a keyed hash (BLAKE2b, keyed with the secret kept in the user's folder of state, apart
from the cache, which no repository can read or ship) of all that follows: a file pm did not write with that key,
or that changed since, is not read at all. Sealed are what checking each file found, the states of checked models
(believed without validating them again) and what pm saw of each incident file when it last read it (its size,
times and identity, then the hash of its bytes).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from postmortem import jsondata
from postmortem.load.cache_files import read_file, replace_file

SETTLED_SECONDS = 2.0  # a file changed more recently than this may change again within its clock's tick


@dataclass(frozen=True, slots=True, kw_only=True)
class Seal:
    """The key a cache file is sealed with, and the shape of the states it holds (another shape: stale)."""

    key: bytes
    shape: str = ""

    def sign(self, data: bytes) -> bytes:
        """The seal of *data*, as the ASCII line that heads its file."""
        return hashlib.blake2b(data, key=self.key, digest_size=32).hexdigest().encode("ascii")

    def open(self, raw: bytes | None) -> bytes | None:
        """What follows the seal and the shape in a file's bytes, when both are sound; else None."""
        if raw is None:
            return None
        seal, _, data = raw.partition(b"\n")
        if not hmac.compare_digest(seal, self.sign(data)):
            return None
        shape, _, body = data.partition(b"\n")
        return body if shape == self.shape.encode("ascii") else None

    def close(self, body: bytes) -> bytes:
        """*body* headed by its shape and its seal."""
        data = self.shape.encode("ascii") + b"\n" + body
        return self.sign(data) + b"\n" + data


def read_states(path: Path | None, *, seal: Seal | None) -> dict[str, bytes]:
    """The states a sealed shard holds, by key (each the JSON of one model); nothing when unsealed or damaged."""
    body = seal.open(read_file(path)) if seal is not None else None
    if not body:
        return {}
    states = {}
    for line in body.split(b"\n"):
        key, tab, state = line.partition(b"\t")
        if tab:
            states[key.decode("ascii", "replace")] = state
    return states


def write_states(path: Path | None, states: dict[str, bytes], *, seal: Seal | None) -> bool:
    """Replace a shard's file of states, sealed; False when that could not be done."""
    if path is None or seal is None:
        return False
    body = b"\n".join(key.encode("ascii") + b"\t" + state for key, state in states.items())
    return replace_file(path, seal.close(body) if states else None)


Stamp = tuple[int, int, int, int, int]  # what a file's status says: device, inode, size, modified and changed (ns)


def stamp(info: os.stat_result) -> Stamp | None:
    """The stamp of a regular file that has not changed for a while; None for others (read them every time).

    None on Windows too, where a file's "change" time says when it was made: only the time it was modified would
    tell an edit, and that one can be set back.
    """
    if (
        sys.platform == "win32"
        or not stat.S_ISREG(info.st_mode)
        or time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < SETTLED_SECONDS * 1e9
    ):
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class FileStats:
    """The hash of each incident file's bytes, with the stamp it had: a file with the same stamp is not read again.

    An edit changes a file's change time (which no one can set back), so a file whose stamp is the same holds the
    same bytes. A file changed in the last seconds is not remembered: another edit in the same tick of its file
    system's clock would leave its stamp as it was.
    """

    def __init__(self, folder: Path | None, seal: Seal | None) -> None:
        self.path = folder / "files.json" if folder is not None else None
        self.seal = seal
        self.sound = True  # the file was missing or read whole; else it is written again
        self.known: dict[str, list[Any]] = self._read()
        self.seen: dict[str, list[Any]] = {}

    def _read(self) -> dict[str, list[Any]]:
        """The remembered stamps, by path; nothing when the file is missing, unsealed or damaged."""
        raw = read_file(self.path)
        body = self.seal.open(raw) if self.seal is not None else None
        try:
            found = jsondata.loads(body) if body else {}
        except (ValueError, RecursionError):
            found = None
        self.sound = isinstance(found, dict) and (raw is None or body is not None)
        return found if isinstance(found, dict) else {}

    def digest(self, path: str, info: os.stat_result) -> str | None:
        """The hash of the bytes of the file at *path*, when its stamp is the one remembered with it."""
        known = self.known.get(path)
        current = stamp(info)
        if current is None or not isinstance(known, list) or len(known) != 6 or tuple(known[:5]) != current:
            return None
        digest = known[5]
        if not isinstance(digest, str):
            return None
        self.seen[path] = known
        return digest

    def found(self, path: str) -> str | None:
        """The hash of the bytes of the file at *path* when this run found its stamp as remembered (see :meth:`digest`).

        A build's fingerprint looks at every incident file's stamp; the load that follows takes what it found.
        """
        known = self.seen.get(path)
        return known[5] if known is not None else None

    def note(self, path: str, before: os.stat_result, after: os.stat_result, digest: str) -> None:
        """Remember the hash of a file just read, if its stamp was the same before and after reading it."""
        current = stamp(after)
        if current is not None and current == stamp(before):
            self.seen[path] = [*current, digest]

    def save(self) -> None:
        """Keep the stamps of this run's files (and only those), when they changed."""
        if self.seal is None or (self.sound and self.seen == self.known):
            return
        body = jsondata.dumps(self.seen)
        replace_file(self.path, self.seal.close(body) if self.seen else None)
