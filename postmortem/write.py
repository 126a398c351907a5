"""Write stage: the only module that creates files; it never overwrites an authored file or leaves half an output."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from postmortem.errors import PmError, display_path

MANIFEST = ".pm-build.json"


def create_files(files: Mapping[Path, str]) -> list[Path]:
    """Create every file in *files*, or none: refuse when any already exists (also against a concurrent writer)."""
    existing = [path for path in files if path.exists() or path.is_symlink()]
    if existing:
        raise PmError(f"refusing to overwrite {', '.join(str(p) for p in existing)}")
    written: list[Path] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            written.append(path)
    except FileExistsError as exc:
        for path in written:
            path.unlink()
        raise PmError(f"refusing to overwrite {exc.filename}: it was just created by someone else") from None
    return written


def replace_generated(path: Path, text: str) -> None:
    """Write a generated file (never an authored one) whole: a temporary file first, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class Output:
    """One file of the output folder: new bytes, or ``None`` to keep the previous build's file."""

    path: str
    fingerprint: str
    data: bytes | None = None


def _manifest(out: Path) -> dict[str, object]:
    """The previous build's manifest, or an empty one."""
    try:
        found = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def read_manifest(out: Path) -> dict[str, str]:
    """Fingerprints of the files of the previous build, by path; empty when there is none."""
    files = _manifest(out).get("files", {})
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def read_inputs(out: Path) -> str:
    """The fingerprint of what the previous build read; empty when unknown."""
    return str(_manifest(out).get("inputs", ""))


def remember_inputs(out: Path, inputs: str) -> None:
    """Record what a build that changed no file read, replacing the manifest in one step."""
    manifest = _manifest(out)
    if not manifest or manifest.get("inputs") == inputs:
        return
    temporary = out / f".{MANIFEST}.tmp-{os.getpid()}"
    temporary.write_text(json.dumps({**manifest, "inputs": inputs}, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    temporary.replace(out / MANIFEST)


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` next to *out* while building: a second build at once stops with a clear message."""
    lock = out.parent / f".{out.name}.lock"
    out.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            owner = _lock_owner(lock)
            if owner is not None:
                message = f"another pm render (process {owner}) is writing {display_path(out)}; wait for it to finish"
                raise PmError(message) from None
            lock.unlink(missing_ok=True)  # left by a build that was killed
            continue
        with os.fdopen(descriptor, "w") as handle:
            handle.write(str(os.getpid()))
        break
    else:  # pragma: no cover - only when another process takes the stale lock between our two tries
        raise PmError(f"another pm render is writing {out}; wait for it to finish")
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)


def _lock_owner(lock: Path) -> int | None:
    """The process holding *lock*, or None when it is gone (the lock is stale)."""
    try:
        pid = int(lock.read_text(encoding="utf-8").strip() or "0")
    except (OSError, ValueError):
        return None
    if pid <= 0:
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def _siblings(out: Path, kind: str) -> list[Path]:
    """Leftovers of an interrupted build next to *out*: ``.<name>.tmp-*`` or ``.<name>.old-*``."""
    return sorted(out.parent.glob(f".{out.name}.{kind}-*"))


def recover(out: Path) -> None:
    """Undo what an interrupted build left: put the previous output back if the swap was cut, drop temporary folders."""
    old = _siblings(out, "old")
    if old and not out.exists():
        old[-1].rename(out)
    for leftover in _siblings(out, "tmp") + _siblings(out, "old"):
        shutil.rmtree(leftover, ignore_errors=True)


def check_target(out: Path, *, protected: Iterable[Path]) -> None:
    """Refuse an output folder that holds authored files: not ours, or containing the project's own files."""
    resolved = out.resolve()
    for path in protected:
        if path.resolve() == resolved or path.resolve().is_relative_to(resolved):
            raise PmError(f"refusing to write into {out}: it holds {path}; choose another output folder")
    if out.exists() and not out.is_dir():
        raise PmError(f"refusing to replace {out}: it is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MANIFEST).is_file():
        raise PmError(f"refusing to replace {out}: it was not made by pm (no {MANIFEST}); empty it or choose another")


class Staging:
    """The next output folder, filled next to *out* as files are ready, then swapped in whole.

    Files can be placed while the build still works on others (the build places its pages while the
    search index is made); an interrupted or failed build leaves the previous output untouched, and
    :func:`recover` removes what the staging folder held.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = out.parent / f".{out.name}.tmp-{os.getpid()}"
        self.fingerprints: dict[str, str] = {}
        self._folders: set[Path] = set()

    def place(self, outputs: Iterable[Output]) -> None:
        """Write the outputs not placed yet (unchanged files are linked from the previous output)."""
        for item in outputs:
            if item.path in self.fingerprints:
                continue
            target = self.folder / item.path
            if target.parent not in self._folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self._folders.add(target.parent)
            _place(item, target=target, previous=self.out)
            self.fingerprints[item.path] = item.fingerprint

    def publish(self, *, inputs: str) -> None:
        """Write the manifest and swap the staging folder in place of the output."""
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(
            {"inputs": inputs, "files": dict(sorted(self.fingerprints.items()))}, indent=1, allow_nan=False
        )
        (self.folder / MANIFEST).write_text(text + "\n", encoding="utf-8")
        _swap(self.folder, self.out)

    def discard(self) -> None:
        """Remove the staging folder (nothing left once it was published)."""
        shutil.rmtree(self.folder, ignore_errors=True)


def _place(item: Output, *, target: Path, previous: Path) -> None:
    """Write one file into the staging folder, or link the previous build's copy when it is unchanged."""
    if item.data is not None:
        target.write_bytes(item.data)
        return
    try:
        os.link(previous / item.path, target)
    except OSError:
        shutil.copy2(previous / item.path, target)


def _swap(staging: Path, out: Path) -> None:
    """Replace *out* by *staging* with two renames; :func:`recover` mends a cut between them."""
    if not out.exists():
        staging.rename(out)
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    out.rename(old)
    staging.rename(out)
    with contextlib.suppress(OSError):
        shutil.rmtree(old)
