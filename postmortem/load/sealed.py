"""Load stage helper: text entries kept in the cache folder, believed only when sealed with the user's key.

Some of what pm keeps between builds is output itself (rows of pages), so an entry that someone else wrote would
be written out as it is. Each file is sealed as the cache's model states are (:class:`postmortem.load.trusted.Seal`,
a hash keyed with the user's secret, which no repository can read or ship): a file whose seal is wrong, that is
damaged or that is not text entries is ignored, and what it held is made again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from postmortem.load.cache_files import read_file, replace_file
from postmortem.load.trusted import Seal

SHARDS = 16  # an edit rewrites the files of the entries it adds, not the whole memo
SHAPE = "entries-1"  # what the files hold: another shape is not read


def shard_of(key: str) -> int:
    """The shard of an entry, from the digest its key ends with."""
    return int(key[-2:], 16) % SHARDS if len(key) >= 2 else 0


def read_shard(path: Path, *, key: bytes) -> dict[str, str]:
    """The entries of one sealed file; nothing when it is missing, damaged or not sealed with *key*."""
    body = Seal(key=key, shape=SHAPE).open(read_file(path))
    try:
        entries = json.loads(body) if body else {}
    except (ValueError, RecursionError):
        return {}
    if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
        return {}
    return entries


def read_sealed(folder: Path | None, *, key: bytes) -> dict[str, str]:
    """Every entry of the sealed files in *folder* (None: no cache folder, so no entries)."""
    if folder is None:
        return {}
    entries: dict[str, str] = {}
    for shard in range(SHARDS):
        entries.update(read_shard(folder / f"{shard:02d}.json", key=key))
    return entries


def write_sealed(folder: Path | None, entries: Mapping[str, str], *, key: bytes, only: set[int] | None = None) -> None:
    """Seal and write *entries* into *folder*, the shards in *only* (or all); a failure to write is not an error."""
    if folder is None:
        return
    seal = Seal(key=key, shape=SHAPE)
    shards: dict[int, dict[str, str]] = {number: {} for number in range(SHARDS)}
    for name, value in entries.items():
        shards[shard_of(name)][name] = value
    for number, shard in shards.items():
        if only is None or number in only:
            body = json.dumps(shard, separators=(",", ":")).encode("ascii")  # ASCII: lone surrogates too
            replace_file(folder / f"{number:02d}.json", seal.close(body) if shard else None)
