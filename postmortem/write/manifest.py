"""Write stage: the output's sealed manifest (what a build read and wrote) and the files the last build left."""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from postmortem import jsondata
from postmortem.errors import display_path
from postmortem.write.files import create, regular_bytes, write_error

MANIFEST = ".pm-build.json"
MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # some 400,000 files


@dataclass(frozen=True, slots=True, kw_only=True)
class Output:
    """One file of the output folder: new bytes, or ``None`` to keep the previous build's file."""

    path: str
    fingerprint: str
    data: bytes | None = None


def content_of(stamp: str) -> str:
    """The fingerprint of a file's bytes, from what the manifest says of it (empty when unknown).

    A manifest gives each file the fingerprint of what it was made from, then a dot and that of its bytes
    (see ``commands/stamps.py``).
    """
    return stamp.partition(".")[2]


def _manifest(out: Path, *, key: bytes) -> dict[str, Any]:
    """The previous build's manifest, or an empty one when there is none or its seal is not *key*'s.

    What a manifest says decides which files of the previous output are kept as they are, so only a manifest
    that pm sealed with the user's key is believed: one that came with a repository (an output folder committed
    with its manifest, say) could claim anything about files anyone wrote. The seal, on the first line, is that
    of the bytes after it, checked before they are parsed.
    """
    try:
        raw = regular_bytes(out / MANIFEST, limit=MAX_MANIFEST_BYTES + 1)
        head = _HEAD.match(raw)
        if head is None or not hmac.compare_digest(head[1], _seal(key, raw[head.end() :]).encode("ascii")):
            return {}
        found = jsondata.loads(raw)
        inputs, files = found["inputs"], found["files"]
    except (ValueError, RecursionError, KeyError, TypeError):  # not JSON, too deep, not a manifest
        return {}
    if not (isinstance(inputs, str) and isinstance(files, dict) and all(isinstance(v, str) for v in files.values())):
        return {}
    return {"inputs": inputs, "files": files}


_HEAD = re.compile(rb'\{"seal": "([0-9a-f]{64})",')  # what starts a manifest: the seal of what follows


def _seal(key: bytes, body: bytes) -> str:
    """The keyed fingerprint of a manifest's bytes after its seal."""
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def manifest_text(key: bytes, inputs: str, files: Mapping[str, str]) -> str:
    """A manifest: what the build read, the fingerprint of each file it wrote, and first the seal of both.

    The seal is that of the text that follows it, as written: reading the manifest checks it on the bytes, before
    and without making the text again (15,000 files at 5,000 incidents).
    """
    text = jsondata.dumps({"inputs": inputs, "files": dict(sorted(files.items()))}, indent=True).decode("utf-8")
    body = text.removeprefix("{") + "\n"
    return f'{{"seal": "{_seal(key, body.encode("utf-8"))}",{body}'


def read_manifest(out: Path, *, key: bytes) -> dict[str, str]:
    """Fingerprints of the files of the previous build, by path; empty when there is none (or none pm sealed)."""
    return dict(_manifest(out, key=key).get("files", {}))


def read_previous(out: Path, *, key: bytes) -> tuple[str, dict[str, str]]:
    """The fingerprint of what the previous build read (empty when unknown) and those of its files, read once."""
    found = _manifest(out, key=key)
    return str(found.get("inputs", "")), dict(found.get("files", {}))


@dataclass(frozen=True, slots=True)
class _Listing:
    """What a folder holds: the names of its regular files and of its folders (links to either are neither)."""

    files: frozenset[str]
    folders: frozenset[str]


def _listing(folder: str) -> _Listing | None:
    """What the folder at *folder* holds, or None when it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            found = [(entry.name, entry.is_file(follow_symlinks=False), entry.is_dir(follow_symlinks=False))
                     for entry in entries]  # fmt: skip
    except OSError:
        return None
    return _Listing(files=frozenset(name for name, file, _ in found if file),
                    folders=frozenset(name for name, _, folder in found if folder))  # fmt: skip


class PreviousOutput:
    """The output folder of the previous build, asked file by file whether it still holds them.

    A file is held when it is a regular file reached from *out* through real folders only: no symbolic link on
    the way, no ``..``, so that it lies inside *out*. Each folder is listed once, whatever the number of its files.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self._listings: dict[str, _Listing | None] = {}

    def holds(self, path: str) -> bool:
        """Whether *path* (relative to the output folder) is a regular file of its own there."""
        if not path or path.startswith("/") or any(part in ("", ".", "..") for part in path.split("/")):
            return False
        folder, _, name = path.rpartition("/")
        listing = self._folder(folder)
        return listing is not None and name in listing.files

    def _folder(self, folder: str) -> _Listing | None:
        """What *folder* (relative; empty: the output) holds; None unless it and each one above it is a real folder."""
        if folder not in self._listings:
            parent, _, name = folder.rpartition("/")
            above = self._folder(parent) if folder else None
            real = not folder or (above is not None and name in above.folders)
            self._listings[folder] = _listing(f"{self.out}/{folder}") if real else None
        return self._listings[folder]


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
        create(temporary, manifest_text(key, inputs, files).encode("utf-8"))
        temporary.replace(out / MANIFEST)
    except OSError as exc:
        raise write_error(exc, what=f"{display_path(out)} is unchanged") from None
    finally:
        temporary.unlink(missing_ok=True)
