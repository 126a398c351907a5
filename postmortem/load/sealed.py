"""Load stage helper: text entries kept in the cache folder, believed only when sealed with the user's key.

Some of what pm keeps between builds is output itself (HTML a conversion made), so an entry that someone else
wrote would be written out as it is. Each file is sealed with an HMAC made with the user's key (see
:func:`postmortem.load.cache.secret`), which no repository can read or ship: a file whose seal is wrong, that is
damaged or that is not text entries is ignored, and the conversions are made again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from pathlib import Path

from postmortem.load.cache import read_file, write_entries

SHARDS = 16  # an edit rewrites the files of the entries it adds, not the whole memo


def shard_of(key: str) -> int:
    """The shard of an entry, from the digest its key ends with."""
    return int(key[-2:], 16) % SHARDS if len(key) >= 2 else 0


def _seal(data: str, key: bytes) -> str:
    """The HMAC of a shard's data."""
    return hmac.new(key, data.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def read_shard(path: Path, *, key: bytes) -> dict[str, str]:
    """The entries of one sealed file; nothing when it is missing, damaged or not sealed with *key*."""
    raw = read_file(path)
    if raw is None:
        return {}
    try:
        outer = json.loads(raw.partition(b"\n")[2])
        seal, data = outer["seal"], outer["data"]
        if not (isinstance(seal, str) and isinstance(data, str) and hmac.compare_digest(seal, _seal(data, key))):
            return {}
        entries = json.loads(data)
    except (ValueError, KeyError, TypeError, RecursionError):
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
    shards: dict[int, dict[str, str]] = {number: {} for number in range(SHARDS)}
    for name, value in entries.items():
        shards[shard_of(name)][name] = value
    for number, shard in shards.items():
        if only is None or number in only:
            data = json.dumps(shard, separators=(",", ":"))
            write_entries(folder / f"{number:02d}.json", {"seal": _seal(data, key), "data": data} if shard else {})
