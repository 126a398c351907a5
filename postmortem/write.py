"""Write stage: the only module that creates files; it never overwrites an authored file or leaves half an output.

Every folder pm builds carries :data:`MARKER`, a random token that its name repeats while it waits next to the
output (``.<out>.tmp-<token>``, ``.<out>.old-<token>``): pm removes or puts back only folders so marked, and
replaces an output folder only when it holds pm's manifest (or nothing at all).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from postmortem.errors import PmError, display_path

MANIFEST = ".pm-build.json"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
MARKER = ".pm-made"
LEFTOVER = r"(tmp|old)-([0-9a-f]{32})"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # some 400,000 files


def write_error(exc: OSError, *, what: str) -> PmError:
    """A failed write (disk full, read-only, not a folder…) as a clear message naming the file and the consequence."""
    where = f" {display_path(Path(exc.filename))}" if exc.filename else ""
    reason = exc.strerror or type(exc).__name__
    return PmError(f"cannot write{where}: {reason}; {what}")


def create_files(files: Mapping[Path, str], *, root: Path) -> list[Path]:
    """Create every file in *files*, inside *root*, or none: never over an existing file or link, also at once."""
    for path in files:
        _inside(path, root=root)
    existing = [path for path in files if os.path.lexists(path)]
    if existing:
        raise PmError(f"refusing to overwrite {', '.join(display_path(p) for p in existing)}")
    written: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            _inside(path, root=root)  # a folder swapped for a link meanwhile
            _create(path, text.encode("utf-8"))
            written.append(path)
    except FileExistsError as exc:
        _undo(written)
        raise PmError(f"refusing to overwrite {exc.filename}: it was just created by someone else") from None
    except OSError as exc:
        _undo(written)
        raise write_error(exc, what="nothing was written") from None
    return written


def _undo(written: list[Path]) -> None:
    """Remove the files this call created."""
    for path in written:
        path.unlink(missing_ok=True)


def _inside(path: Path, *, root: Path) -> None:
    """Refuse a destination whose folder leads outside *root* (through ``..`` or a symbolic link)."""
    folder = path.parent.resolve()
    if not folder.is_relative_to(root.resolve()):
        raise PmError(f"refusing to write {display_path(path)}: it is outside {display_path(root)}")


def _create(path: Path, data: bytes) -> None:
    """Write a new file; fail if anything (a file, a link, a dangling link) is there already."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    try:
        with os.fdopen(descriptor, "wb", closefd=False) as handle:
            handle.write(data)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    finally:
        os.close(descriptor)


def replace_generated(path: Path, text: str, *, root: Path, ours: Callable[[bytes], bool]) -> None:
    """Replace a file that pm generated (*ours* tells from its bytes) whole: a new file, then a rename.

    Anything else at *path* (an authored file, a link, a folder) is refused, never replaced.
    """
    _inside(path, root=root)
    if os.path.lexists(path) and not ours(_regular_bytes(path)):
        raise PmError(f"refusing to replace {display_path(path)}: pm did not write it; move it away or choose another")
    temporary = path.with_name(f".{path.name}.tmp-{secrets.token_hex(16)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _create(temporary, text.encode("utf-8"))
        temporary.replace(path)
    except OSError as exc:
        raise write_error(exc, what=f"{display_path(path)} is unchanged") from None
    finally:
        temporary.unlink(missing_ok=True)


def _regular_bytes(path: Path, *, limit: int = 1 << 22) -> bytes:
    """The first *limit* bytes of a regular file (not a link to one, nor a pipe that would wait); else empty."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Output:
    """One file of the output folder: new bytes, or ``None`` to keep the previous build's file."""

    path: str
    fingerprint: str
    data: bytes | None = None


def _manifest(out: Path, *, key: bytes) -> dict[str, Any]:
    """The previous build's manifest, or an empty one when there is none or its seal is not *key*'s.

    What a manifest says decides which files of the previous output are kept as they are, so only a manifest
    that pm sealed with the user's key is believed: one that came with a repository (an output folder committed
    with its manifest, say) could claim anything about files anyone wrote.
    """
    try:
        found = json.loads(_regular_bytes(out / MANIFEST, limit=MAX_MANIFEST_BYTES + 1))
        inputs, files = found["inputs"], found["files"]
        sealed = isinstance(inputs, str) and isinstance(files, dict) and all(isinstance(v, str) for v in files.values())
        if not (sealed and hmac.compare_digest(str(found.get("seal", "")), _seal(key, inputs, files))):
            return {}
    except (ValueError, RecursionError, KeyError, TypeError):  # not JSON, too deep, not a manifest
        return {}
    return {"inputs": inputs, "files": files}


def _seal(key: bytes, inputs: str, files: Mapping[str, str]) -> str:
    """The keyed fingerprint of a manifest's contents."""
    text = json.dumps([inputs, sorted(files.items())], separators=(",", ":"))
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _manifest_text(key: bytes, inputs: str, files: Mapping[str, str]) -> str:
    """A manifest: what the build read, the fingerprint of each file it wrote, and the seal of both."""
    ordered = dict(sorted(files.items()))
    manifest = {"inputs": inputs, "files": ordered, "seal": _seal(key, inputs, ordered)}
    return json.dumps(manifest, indent=1, allow_nan=False) + "\n"


def read_manifest(out: Path, *, key: bytes) -> dict[str, str]:
    """Fingerprints of the files of the previous build, by path; empty when there is none (or none pm sealed)."""
    return dict(_manifest(out, key=key).get("files", {}))


def read_inputs(out: Path, *, key: bytes) -> str:
    """The fingerprint of what the previous build read; empty when unknown."""
    return str(_manifest(out, key=key).get("inputs", ""))


class PreviousOutput:
    """The output folder of the previous build, asked file by file whether it still holds them.

    A file is held when it is a regular file reached from *out* through real folders only: no symbolic link on
    the way, no ``..``, so that it lies inside *out*. Each folder is looked at once.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self._folders: dict[str, bool] = {}

    def holds(self, path: str) -> bool:
        """Whether *path* (relative to the output folder) is a regular file of its own there."""
        parts = path.split("/")
        if not path or path.startswith("/") or any(part in ("", ".", "..") for part in parts):
            return False
        folder = "/".join(parts[:-1])
        try:
            return (not folder or self._real_folder(folder)) and stat.S_ISREG((self.out / path).lstat().st_mode)
        except (OSError, ValueError):
            return False

    def _real_folder(self, folder: str) -> bool:
        """Whether *folder* (relative, not empty) and each folder above it is a folder, not a link to one."""
        known = self._folders.get(folder)
        if known is None:
            parent = folder.rpartition("/")[0]
            try:
                here = stat.S_ISDIR((self.out / folder).lstat().st_mode)
            except (OSError, ValueError):
                here = False
            known = self._folders[folder] = here and (not parent or self._real_folder(parent))
        return known


def remember_inputs(out: Path, inputs: str, *, key: bytes, files: Mapping[str, str] | None = None) -> None:
    """Record what a build that changed no file read, replacing the manifest in one step.

    *files*, when given, are the new fingerprints of the same files (rendered again to the same bytes).
    """
    manifest = _manifest(out, key=key)
    files = manifest.get("files", {}) if files is None else files
    if not manifest or (manifest.get("inputs") == inputs and manifest["files"] == files):
        return
    if set(files) != set(manifest["files"]):
        raise ValueError("remember_inputs keeps the same files: a build that adds or removes one publishes it")
    temporary = out / f".{MANIFEST}.tmp-{secrets.token_hex(16)}"
    try:
        _create(temporary, _manifest_text(key, inputs, files).encode("utf-8"))
        temporary.replace(out / MANIFEST)
    except OSError as exc:
        raise write_error(exc, what=f"{display_path(out)} is unchanged") from None
    finally:
        temporary.unlink(missing_ok=True)


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
        held, there = os.fstat(descriptor), _lstat(lock)
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
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.EMLINK):
            raise refused from None
        raise
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise refused
    return descriptor


def _is_file(path: Path) -> bool:
    """Whether *path* is a regular file itself, not a link to one."""
    found = _lstat(path)
    return found is not None and stat.S_ISREG(found.st_mode)


def _lstat(path: Path) -> os.stat_result | None:
    """The status of *path* itself, or None when nothing is there."""
    try:
        return path.lstat()
    except FileNotFoundError:
        return None


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


def _new_folder(out: Path, kind: str) -> Path:
    """A new, marked folder next to *out*: ``.<name>.<kind>-<token>`` holding the token in :data:`MARKER`."""
    token = secrets.token_hex(16)
    folder = out.parent / f".{out.name}.{kind}-{token}"
    folder.mkdir()
    _create(folder / MARKER, f"{token}\n".encode("ascii"))
    return folder


def _ours(folder: Path, token: str) -> bool:
    """Whether *folder* is a real folder that pm made: its marker holds the token its name carries."""
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode):
            return False
    except OSError:
        return False
    return _regular_bytes(folder / MARKER, limit=64).strip() == token.encode("ascii")


def _leftovers(out: Path) -> list[tuple[str, Path]]:
    """What interrupted builds left next to *out* — pm's marked folders only — as (kind, folder)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.{LEFTOVER}")
    found = []
    for entry in out.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and _ours(entry, match[2]):
            found.append((match[1], entry))
    return found


def recover(out: Path) -> None:
    """Undo what an interrupted build left: put the previous output back if the swap was cut, drop pm's folders.

    Only folders that carry pm's marker are touched: a ``.site.old-2024`` of the user's is left alone.
    """
    try:
        found = _leftovers(out)
        old = [folder for kind, folder in found if kind == "old"]
        if old and not os.path.lexists(out):
            newest = max(old, key=lambda folder: (folder / MARKER).lstat().st_mtime)
            newest.rename(out)
            (out / MARKER).unlink()
            found.remove(("old", newest))
    except OSError as exc:
        raise write_error(exc, what=f"{display_path(out)} is unchanged") from None
    for _, folder in found:
        shutil.rmtree(folder, ignore_errors=True)


def check_target(out: Path, *, protected: Iterable[Path]) -> None:
    """Refuse an output folder that pm may not replace: a link, a file, not made by pm, or holding the project."""
    if out.is_symlink():
        raise PmError(
            f"refusing to write {display_path(out)}: it is a symbolic link (to {out.readlink()}); pm replaces "
            "only real folders: give the folder itself with --out, or as output in pm.toml"
        )
    resolved = out.resolve()
    for path in protected:
        if path.resolve() == resolved or path.resolve().is_relative_to(resolved):
            raise PmError(f"refusing to write into {display_path(out)}: it holds {display_path(path)}; "
                          "choose another output folder")  # fmt: skip
    if out.exists() and not out.is_dir():
        raise PmError(f"refusing to replace {display_path(out)}: it is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not _is_file(out / MANIFEST):
        raise PmError(f"refusing to replace {display_path(out)}: it was not made by pm (no {MANIFEST}); "
                      "empty it or choose another")  # fmt: skip


class Staging:
    """The next output folder, filled next to *out* as files are ready, then swapped in whole.

    Files can be placed while the build still works on others (the build places its pages while the
    search index is made); an interrupted or failed build leaves the previous output untouched, and
    :func:`recover` removes what the staging folder held.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.fingerprints: dict[str, str] = {}
        self._folder: Path | None = None
        self._folders: set[Path] = set()

    @property
    def folder(self) -> Path:
        """The marked staging folder, made on first use."""
        if self._folder is None:
            self._folder = _new_folder(self.out, "tmp")
        return self._folder

    def place(self, outputs: Iterable[Output]) -> None:
        """Write the outputs not placed yet (unchanged files are linked from the previous output)."""
        try:
            for item in outputs:
                if item.path not in self.fingerprints:
                    self._place(item)
        except OSError as exc:
            raise write_error(exc, what=f"nothing was written; {display_path(self.out)} is unchanged") from None

    def _place(self, item: Output) -> None:
        """Write one file, or link the previous build's copy when it is unchanged; errors name the output's file."""
        try:
            self._write(item)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(self.out / item.path)) from None
        self.fingerprints[item.path] = item.fingerprint

    def _write(self, item: Output) -> None:
        """Write one file into the staging folder."""
        target = self.folder / item.path
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        if item.data is not None:
            _create(target, item.data)
        else:
            try:
                os.link(self.out / item.path, target, follow_symlinks=False)
            except OSError:
                shutil.copy2(self.out / item.path, target, follow_symlinks=False)

    def publish(self, *, inputs: str, key: bytes) -> None:
        """Write the manifest (sealed with *key*) and swap the staging folder in place of the output."""
        try:
            _create(self.folder / MANIFEST, _manifest_text(key, inputs, self.fingerprints).encode("utf-8"))
            (self.folder / MARKER).unlink()  # the output is known by its manifest: the same inputs, the same bytes
            _swap(self.folder, self.out)
        except OSError as exc:
            raise write_error(exc, what=f"nothing was written; {display_path(self.out)} is unchanged") from None
        self._folder = None

    def discard(self) -> None:
        """Remove the staging folder (nothing left once it was published)."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _swap(staging: Path, out: Path) -> None:
    """Replace *out* by *staging* with two renames; :func:`recover` mends a cut between them.

    The output leaving is marked first, so that the old folder it becomes is known as pm's.
    """
    if not os.path.lexists(out):
        staging.rename(out)
        return
    token = secrets.token_hex(16)
    marker = out / MARKER
    if os.path.lexists(marker):
        marker.unlink()
    _create(marker, f"{token}\n".encode("ascii"))
    old = out.parent / f".{out.name}.old-{token}"
    try:
        out.rename(old)
    except OSError:
        marker.unlink(missing_ok=True)
        raise
    try:
        staging.rename(out)
    except OSError:
        old.rename(out)
        marker.unlink(missing_ok=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
