"""Load stage helper: the cache's own files, read without ever blocking and replaced atomically."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

MAX_SHARD_BYTES = 256 * 1024 * 1024  # far above what 10,000 incidents need; a larger file is not pm's


def read_file(path: Path | None) -> bytes | None:
    """The bytes of a regular file of the cache, or None (never blocking on a FIFO, never reading a huge file)."""
    if path is None:
        return None
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SHARD_BYTES:
            return None
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            return handle.read(info.st_size + 1)  # not the limit: a buffer that large would be taken at once
    except OSError:
        return None
    finally:
        os.close(descriptor)


def replace_file(path: Path | None, data: bytes | None) -> bool:
    """Replace the file at *path* with *data* atomically (remove it for None); False when it could not be done."""
    if path is None:
        return False
    try:
        if data is None:
            path.unlink(missing_ok=True)
            return True
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(path)
    except OSError:  # not writable, a folder in the way
        return False
    return True
