"""Load stage helper: the one guarded way to read a file of the repository (links, FIFOs, devices, size).

Every file pm reads from a repository comes through :func:`read_file`: a symbolic link whose target lies outside
the repository is refused, anything but a regular file is refused without blocking (a FIFO, a device), and no more
than the limit is ever read. A refusal is a located :class:`Problem`, never an exception.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from postmortem.errors import Level, Problem, display_path

MAX_FILE_BYTES = 1024 * 1024
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def refused(path: str, rule: str, message: str) -> Problem:
    """A problem about a file as a whole, placed at its first character."""
    return Problem(path=path, line=1, column=1, level=Level.ERROR, rule=rule, message=message)


def outside(path: Path, *, root: Path) -> Path | None:
    """Where *path* really leads when it lies in *root* but a link takes it out of it; None when it stays inside.

    A path named outside the repository (``pm check ../other.yaml``) is the user's own choice, not a link's.
    """
    real = _real(path)
    return real if _leaves(path, real, root=root) else None


def _real(path: Path) -> Path:
    """Where *path* really leads, every link followed (as far as it leads: opening a missing file fails later)."""
    return path.resolve()


def _leaves(path: Path, real: Path, *, root: Path) -> bool:
    """Whether *path*, named inside *root*, really leads (to *real*) out of it."""
    top = root.absolute()
    if not Path(os.path.abspath(path)).is_relative_to(top):  # noqa: PTH100 - lexical, links not followed
        return False
    return not real.is_relative_to(_real_root(str(top)))


@functools.lru_cache(maxsize=8)
def _real_root(top: str) -> Path:
    """The real path of a repository's root (the user's own checkout: looked up once per process)."""
    return Path(top).resolve()


def read_file(path: Path, *, root: Path, limit: int = MAX_FILE_BYTES) -> bytes | Problem:
    """At most *limit* bytes of a regular file of the repository at *root*, or the problem that refused it."""
    shown = display_path(path)
    try:
        real = _real(path)
        if _leaves(path, real, root=root):
            message = f"symbolic link to {display_path(real)}, outside the repository: refusing to read it"
            return refused(shown, "outside", message)
        descriptor = os.open(real, _FLAGS | _NO_FOLLOW)  # never blocks, even on a FIFO
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return refused(shown, "not-a-file", "not a regular file")
            raw = _read_at_most(descriptor, limit + 1)
        finally:
            os.close(descriptor)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links (before Python 3.13)
        return refused(shown, "unreadable", f"cannot read file: {getattr(exc, 'strerror', None) or exc}")
    if len(raw) > limit:
        return refused(shown, "too-large", f"file is larger than {limit:,} bytes, the limit for one file")
    return raw


def _read_at_most(descriptor: int, size: int) -> bytes:
    """Up to *size* bytes from an open file (a read may return fewer than asked)."""
    chunks, left = [], size
    while left > 0:
        chunk = os.read(descriptor, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_text(path: Path, *, root: Path, limit: int = MAX_FILE_BYTES) -> str | Problem:
    """A file of the repository as UTF-8 text (a byte-order mark dropped), or the problem that refused it."""
    raw = read_file(path, root=root, limit=limit)
    if isinstance(raw, Problem):
        return raw
    try:
        return raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = position(raw, exc.start)
        message = f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}): save it as UTF-8"
        return Problem(path=display_path(path), line=line, column=column, level=Level.ERROR, rule="encoding",
                       message=message)  # fmt: skip


def position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1


def walk_files(folder: Path, *, root: Path, suffixes: tuple[str, ...] = ()) -> Iterator[str]:
    """Files under *folder* (as strings: there may be thousands), hidden ones skipped, ending with one of *suffixes*.

    Symbolic links to folders are never followed (no loop, no walk out of the repository), and a folder that is
    itself a link out of the repository is not walked at all.
    """
    if not folder.is_dir() or outside(folder, root=root) is not None:
        return
    for top, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in files:
            if name[0] != "." and (not suffixes or name.endswith(suffixes)):
                yield f"{top}{os.sep}{name}"
