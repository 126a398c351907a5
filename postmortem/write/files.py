"""Write stage: the few ways the write stage creates and reads a file, never through a link."""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from pathlib import Path

from postmortem.errors import PmError, display_path

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def write_error(exc: OSError, *, what: str) -> PmError:
    """A failed write (disk full, read-only, not a folder…) as a clear message naming the file and the consequence."""
    where = f" {display_path(Path(exc.filename))}" if exc.filename else ""
    reason = exc.strerror or type(exc).__name__
    return PmError(f"cannot write{where}: {reason}; {what}")


_OUTSIDE = re.compile(r"(?:^|/)\.\.?(?:/|$)|//|^/|\\|\x00|^$|^[A-Za-z]:", re.MULTILINE)


def outside(paths: list[str]) -> str | None:
    """The first of *paths* that could lead out of the output folder (not a relative path of plain names), or None.

    Outputs are named by what a build reads (an incident's id, a page's name), which the checks keep to plain
    names; this holds whatever the names came through (a cache of another's making, say). One search for all.
    """
    found = _OUTSIDE.search("\n".join(paths)) if paths else None
    if found is None:
        return None
    line = found.string.count("\n", 0, found.start())
    return paths[line] if line < len(paths) else found.group(0)


def create(path: Path | str, data: bytes) -> None:
    """Write a new file; fail if anything (a file, a link, a dangling link) is there already.

    The bytes go straight to the descriptor, without a file object: a build creates thousands of files.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o644)
    try:
        rest = memoryview(data)
        while rest:
            written = os.write(descriptor, rest)
            if not written:  # pragma: no cover - a regular file takes some of what it is given, or fails
                raise OSError(errno.EIO, "nothing was written", str(path))
            rest = rest[written:]
    except OSError as exc:
        Path(path).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        os.close(descriptor)


def regular_bytes(path: Path, *, limit: int = 1 << 22) -> bytes:
    """The first *limit* bytes of a regular file (not a link to one, nor a pipe that would wait); else empty."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | NOFOLLOW)
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # before wrapping it: a folder is no file to read
            return b""
        with os.fdopen(os.dup(descriptor), "rb") as handle:
            return handle.read(limit)
    except OSError:
        return b""
    finally:
        os.close(descriptor)


def is_file(path: Path) -> bool:
    """Whether *path* is a regular file itself, not a link to one."""
    found = lstat(path)
    return found is not None and stat.S_ISREG(found.st_mode)


def lstat(path: Path) -> os.stat_result | None:
    """The status of *path* itself, or None when nothing is there."""
    try:
        return path.lstat()
    except FileNotFoundError:
        return None


def fold(path: str) -> str:
    """*path* as the most lenient file systems compare names: no case, one Unicode form, no trailing dots or spaces."""
    if path.isascii():  # the usual name: no composition to undo, and case folds as lower case does
        text = path.lower()
    else:
        text = unicodedata.normalize("NFD", unicodedata.normalize("NFD", path).casefold())
    if "/" not in text:  # a file at the top of the output (most): one part
        return text.rstrip(". ")
    return "/".join(part.rstrip(". ") for part in text.split("/"))
