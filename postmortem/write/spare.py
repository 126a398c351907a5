"""Write stage: the output a swap replaced, kept beside the new one, and filled again as the next build's staging.

An edit changes a few files of thousands. A staging folder made new holds none of them: each unchanged file is
linked into it from the output, ~16 µs a file on Linux (and the replaced output is removed, a file at a time too).
The output the last swap replaced (the *spare*) already holds the files of the build before: the next build keeps
those whose fingerprint (in the spare's own sealed manifest) is the one it wants, replaces the others, and removes
what it no longer makes. A file is never written into: one that changes is removed and created again, so the
output, which shares most files with the spare through their links, never sees a byte of the next build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from postmortem.write.files import create, fold
from postmortem.write.manifest import MANIFEST, content_of, manifest_text, read_manifest
from postmortem.write.marked import MARKER, leftovers, newest

IGNORED = ".gitignore"  # in a spare: git does not list it, whatever the output's name


@dataclass(slots=True)
class Spare:
    """What a spare folder holds, as its build made it: its files' fingerprints, and every entry found there."""

    kept: dict[str, str] = field(default_factory=dict)  # its files as the manifest names them, while they are there
    present: set[str] = field(default_factory=set)  # every entry but the folders (files, links…), by path
    folders: set[str] = field(default_factory=set)
    names: dict[str, list[str]] | None = None  # every entry's path by its folded path (files.fold), once needed


def claim(out: Path, *, key: bytes) -> tuple[Path, Spare | None] | None:
    """The newest spare next to *out*, renamed as a staging folder, and what it holds; None when there is none.

    What it holds is None when its manifest is not one pm sealed with *key*: nothing in it is believed.
    """
    spares = [folder for kind, folder in leftovers(out) if kind == "spare"]
    if not spares:
        return None
    spare = newest(spares)
    token = spare.name.rpartition("-")[2]  # the marker holds it: renamed, the folder is still known as pm's
    folder = out.parent / f".{out.name}.tmp-{token}"
    try:
        spare.rename(folder)
        return folder, read_spare(folder, key=key)
    except OSError:  # gone, or not readable: a new folder then
        return None


def keep(folder: Path, *, key: bytes | None = None, files: dict[str, str] | None = None) -> bool:
    """Keep *folder* (an old output, or a claimed spare) as the spare the next build fills; False when it cannot be.

    *files*: what the folder holds now, by path, when its own manifest no longer says it (sealed with *key*).
    """
    head, _, token = folder.name.rpartition("-")
    spare = folder.with_name(f"{head.rpartition('.')[0]}.spare-{token}")
    try:
        if files is not None and key is not None:
            (folder / MANIFEST).unlink(missing_ok=True)
            create(folder / MANIFEST, manifest_text(key, "", files).encode("utf-8"))
        folder.rename(spare)
    except OSError:
        return False
    with contextlib.suppress(OSError):  # a file of that name in the output: it goes with the next build
        create(spare / IGNORED, b"# pm's spare output, filled by the next build: never published\n*\n")
    return True


def same(held: str, wanted: str) -> bool:
    """Whether a spare's file, known by the fingerprint *held*, has the bytes the fingerprint *wanted* names.

    Both name the bytes apart from what they were made of: a page made again of other inputs (the configuration
    changed, then changed back) is the same file.
    """
    if held == wanted:
        return True
    content = content_of(held)
    return content != "" and content == content_of(wanted)


def read_spare(folder: Path, *, key: bytes) -> Spare | None:
    """What *folder* holds; None when its manifest is not one pm sealed with *key* (nothing in it is believed).

    None too when one of its folders may not be written (the output it was, made read-only in part by its
    user): filling it would fail on what it holds, and a new folder serves as well.
    """
    fingerprints = read_manifest(folder, key=key)
    if not fingerprints:
        return None
    spare = Spare()
    pending = [""]
    while pending:
        inside = pending.pop()
        where = f"{folder}/{inside}" if inside else str(folder)
        if not os.access(where, os.W_OK | os.X_OK):
            return None
        with os.scandir(where) as entries:
            for entry in entries:
                path = f"{inside}/{entry.name}" if inside else entry.name
                if entry.is_dir(follow_symlinks=False):
                    spare.folders.add(path)
                    pending.append(path)
                elif path != MARKER:
                    spare.present.add(path)
                    if path in fingerprints and entry.is_file(follow_symlinks=False):
                        spare.kept[path] = fingerprints[path]
    return spare


def clear(folder: str, path: str, spare: Spare) -> None:
    """Make room at *path* in *folder* for a new file: what the spare held there, or above it, is removed.

    Names are compared as the most lenient file systems compare them (see files.fold): where case is not told
    apart, the spare's ``GOOD-1.md`` is the file ``good-1.md`` that is to be created.
    """
    if spare.names is None:  # made on the first file that changes: an edit that changes none folds no name
        spare.names = {}
        for name in sorted(spare.present | spare.folders):
            spare.names.setdefault(fold(name), []).append(name)
    parts = path.split("/")
    for depth in range(1, len(parts)):  # a file where a folder is wanted now, or a folder spelled otherwise
        above = "/".join(parts[:depth])
        for held in spare.names.get(fold(above), ()):
            if held != above or held in spare.present:
                _remove(folder, held, spare)
    for held in spare.names.get(fold(path), ()):  # a file, a link, or a folder and all it holds
        _remove(folder, held, spare)


def _remove(folder: str, held: str, spare: Spare) -> None:
    """Remove the entry *held* of the spare *folder*, a folder with all it holds, and forget it (names keeps it)."""
    if held not in spare.present and held not in spare.folders:  # gone already (with a folder above it, say)
        return
    gone = {held}
    if held in spare.present:
        Path(folder, held).unlink()
    else:
        shutil.rmtree(f"{folder}/{held}")
        inside = held + "/"
        gone.update(name for name in spare.folders | spare.present if name.startswith(inside))
    spare.present -= gone
    spare.folders -= gone
    for name in gone & spare.kept.keys():
        del spare.kept[name]


def prune(folder: str, spare: Spare, *, placed: Iterable[str]) -> None:
    """Remove from *folder* what the spare held that the new build does not make: files, then emptied folders."""
    placed = set(placed)
    for path in spare.present - placed:
        Path(folder, path).unlink(missing_ok=True)
        spare.kept.pop(path, None)
    needed: set[str] = set()
    for path in placed:
        parent = path.rpartition("/")[0]
        while parent and parent not in needed:
            needed.add(parent)
            parent = parent.rpartition("/")[0]
    removed: list[str] = []
    for path in sorted(spare.folders - needed, key=len):  # the outermost first: what it holds goes with it
        if not any(path.startswith(gone + "/") for gone in removed):
            shutil.rmtree(f"{folder}/{path}")
            removed.append(path)
