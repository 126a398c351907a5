"""Write stage: the lock next to the output folder that lets one build at a time write it."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from postmortem.errors import PmError, display_path
from postmortem.write.files import NOFOLLOW, lstat, write_error


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` next to *out* while building: a second build at once stops with a clear message.

    The lock is the operating system's lock on that file (``flock``): it is exclusive, and it ends with the
    process that holds it, so a killed build leaves nothing that blocks the next one.
    """
    lock = out.parent / f".{out.name}.lock"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        descriptor = _take(lock, out=out)
    except OSError as exc:
        raise write_error(exc, what=f"{display_path(out)} is unchanged") from None
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)  # still held: a build waiting on this file sees it gone and takes a new one
        os.close(descriptor)


def _take(lock: Path, *, out: Path) -> int:
    """Open and lock *lock*; the descriptor, once the file locked is the one at *lock* (not one just removed)."""
    for _ in range(64):
        descriptor = _open_lock(lock)
        if not _try_lock(descriptor):
            owner = os.read(descriptor, 20).decode("ascii", "replace").strip()
            os.close(descriptor)
            by = f" (process {owner})" if owner.isdigit() else ""
            raise PmError(f"another pm render{by} is writing {display_path(out)}; wait for it to finish")
        held, there = os.fstat(descriptor), lstat(lock)
        if there is not None and (there.st_dev, there.st_ino) == (held.st_dev, held.st_ino):
            _only_a_pid(descriptor, lock=lock)
            os.ftruncate(descriptor, 0)
            os.write(descriptor, str(os.getpid()).encode("ascii"))
            return descriptor
        os.close(descriptor)  # the build before released and removed it between our open and our lock
    raise PmError(f"another pm render is writing {display_path(out)}; wait for it to finish")  # pragma: no cover


def _only_a_pid(descriptor: int, *, lock: Path) -> None:
    """Refuse a lock file that holds anything but what pm writes there (a process id): pm did not make it."""
    held = os.pread(descriptor, 32, 0).strip()
    if held and not held.isdigit():
        os.close(descriptor)
        raise PmError(f"refusing to use {display_path(lock)} as pm's lock: it holds something pm did not write")


def _open_lock(lock: Path) -> int:
    """Open the lock file itself: a link, a folder or a pipe planted there is refused, never opened through."""
    refused = PmError(f"refusing to use {display_path(lock)} as pm's lock: it is not a plain file; remove it")
    try:
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.EMLINK):
            raise refused from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise refused
    return descriptor


if sys.platform == "win32":  # pragma: no cover - no flock: a byte-range lock, which also ends with the process
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        """Lock the file's first byte without waiting; False when another process holds it."""
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        """Lock the file without waiting; False when another process holds it."""
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
