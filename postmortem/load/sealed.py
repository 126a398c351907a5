"""Load stage helper: shards of text entries kept in the cache folder, believed only when sealed with the user's key.

Some of what pm keeps between builds is output itself (rows of pages), so an entry that someone else wrote would
be written out as it is. Each file is sealed as the cache's model states are (:class:`postmortem.load.trusted.Seal`,
a hash keyed with the user's secret, which no repository can read or ship): a file whose seal is wrong, that is
damaged or that is not text entries is ignored, and what it held is made again. A shard is read only when asked
for, so that a build reads only the kinds of entries it uses.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Mapping
from pathlib import Path

from postmortem import jsondata
from postmortem.load.cache_files import read_file, replace_file
from postmortem.load.trusted import Seal

SHAPE = "entries-1"  # what the files hold: another shape is not read
SHARD_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,60}")  # a shard's file is its name and .json, in the folder itself


class Shelf:
    """The sealed shards of entries kept in *folder* (None: no cache folder, so nothing is kept)."""

    def __init__(self, folder: Path | None, *, key: bytes) -> None:
        self.folder = folder
        self.seal = Seal(key=key, shape=SHAPE)

    def _path(self, name: str) -> Path | None:
        """The file of the shard *name*; None for a name that is not a shard's."""
        if self.folder is None or not SHARD_NAME.fullmatch(name):
            return None
        return self.folder / f"{name}.json"

    def read(self, name: str) -> dict[str, str]:
        """The entries of one shard; nothing when it is missing, damaged or not sealed with the key."""
        body = self.seal.open(read_file(self._path(name)))
        try:
            entries = jsondata.loads(body) if body else {}
        except (ValueError, RecursionError):
            return {}
        if not isinstance(entries, dict) or not all(isinstance(v, str) for v in entries.values()):
            return {}
        return entries

    def names(self) -> list[str]:
        """The shards kept in the folder."""
        if self.folder is None or not self.folder.is_dir():
            return []
        found = (path.name.removesuffix(".json") for path in self.folder.iterdir() if path.suffix == ".json")
        return sorted(name for name in found if SHARD_NAME.fullmatch(name))

    def write(self, shards: Mapping[str, Mapping[str, str]], *, every: bool = False) -> None:
        """Seal and write each of *shards* (an empty one is removed); with *every*, remove the shards not given.

        A failure to write is not an error: the next build makes again what it could not read.
        """
        gone = [name for name in self.names() if name not in shards] if every else []
        for name in gone:
            replace_file(self._path(name), None)
        for name, entries in shards.items():
            body = jsondata.dumps(dict(entries))
            replace_file(self._path(name), self.seal.close(body) if entries else None)

    def everything(self) -> dict[str, str]:
        """Every entry of every shard kept."""
        entries: dict[str, str] = {}
        for name in self.names():
            entries.update(self.read(name))
        return entries


def drop_shelves(kept: Path | None, *, pattern: str) -> None:
    """Remove the shelves next to *kept* whose names match *pattern*: folders that hold only shards pm wrote.

    A folder holding anything else (a link, a folder, a file of another name) is not pm's, and is left alone.
    """
    if kept is None:
        return
    try:
        others = [path for path in kept.parent.iterdir() if path != kept and re.fullmatch(pattern, path.name)]
        for folder in others:
            if not folder.is_symlink() and folder.is_dir() and all(_shard_file(path) for path in folder.iterdir()):
                shutil.rmtree(folder, ignore_errors=True)
    except OSError:  # the cache folder cannot be listed: nothing to tidy
        return


def _shard_file(path: Path) -> bool:
    """Whether *path* is a regular file named as a shard's (or the temporary file a shard is written through)."""
    name = path.name.removesuffix(".json") if path.suffix == ".json" else ""
    return (
        (bool(SHARD_NAME.fullmatch(name)) or path.name.startswith(".tmp-")) and path.is_file() and not path.is_symlink()
    )
