"""Write stage: the next output, filled in a marked folder next to it and swapped in whole; what a cut build left."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from postmortem.errors import PmError, display_path
from postmortem.write import sweep
from postmortem.write.files import create, is_file, outside, write_error
from postmortem.write.manifest import MANIFEST, Output, manifest_text
from postmortem.write.marked import MARKER, leftovers, new_folder, newest, ours
from postmortem.write.spare import Spare, claim, clear, keep, prune, same

_REMOVERS: list[int] = []  # the processes this one started to remove folders, until they are waited for


def recover(out: Path) -> None:
    """Undo what an interrupted build left: put the previous output back if the swap was cut, drop pm's folders.

    Only folders that carry pm's marker are touched: a ``.site.old-2024`` of the user's is left alone. The newest
    spare (see :mod:`postmortem.write.spare`) stays while there is an output: the next build fills it again.
    """
    try:
        found = leftovers(out)
        old = [folder for kind, folder in found if kind == "old"]
        if old and not os.path.lexists(out):
            last = newest(old)
            last.rename(out)
            (out / MARKER).unlink()
            found.remove(("old", last))
        spares = [folder for kind, folder in found if kind == "spare"]
        if spares and out.is_dir():
            found.remove(("spare", newest(spares)))
    except OSError as exc:
        raise write_error(exc, what=f"{display_path(out)} is unchanged") from None
    remove_later([folder for _, folder in found])


def remove_later(folders: list[Path]) -> None:
    """Remove pm's marked *folders* (found so) in a process of their own, which the build does not wait for.

    An old output is first renamed ``.<name>.del-<token>``: a folder being removed is never put back in place
    of a missing output. The process starts in a session of its own, its standard streams on the null device
    (a caller reading pm's output does not wait for it); when it cannot start, the folders are removed here.
    What a removal cut short leaves, still marked, the next build's :func:`recover` removes.
    """
    doomed = [renamed for folder in folders if (renamed := _doomed(folder)) is not None]
    if not doomed:
        return
    _reap(wait=False)
    try:
        if not sys.executable or not Path(sweep.__file__).is_file():
            raise NotImplementedError("no interpreter or no script to run")
        streams = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                   (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0), (os.POSIX_SPAWN_DUP2, 1, 2)]  # fmt: skip
        command = [sys.executable, "-I", "-S", sweep.__file__, MARKER, *(str(f.absolute()) for f in doomed)]
        _REMOVERS.append(os.posix_spawn(sys.executable, command, os.environ, file_actions=streams, setsid=True))
    except (AttributeError, NotImplementedError, OSError):  # no posix_spawn (Windows), no session, no process
        for folder in doomed:
            sweep.remove(folder, marker=MARKER)


def _doomed(folder: Path) -> Path | None:
    """*folder*, renamed from ``.old-`` to ``.del-`` when it is an old output; None when that fails (removed here)."""
    head, kind, token = folder.name.rpartition(".old-")
    if not kind:
        return folder
    doomed = folder.with_name(f"{head}.del-{token}")
    try:
        folder.rename(doomed)
    except OSError:
        sweep.remove(folder, marker=MARKER)
        return None
    return doomed


def settle() -> None:
    """Wait for the removals this process started (a long-lived process or a test, before looking at the folders)."""
    _reap(wait=True)


def _reap(*, wait: bool) -> None:
    """Collect the removal processes that ended, or all of them when *wait*; one collected elsewhere is gone too."""
    for pid in list(_REMOVERS):
        try:
            done, _ = os.waitpid(pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _REMOVERS.remove(pid)


def remove_replaced(folders: Iterable[Path]) -> None:
    """Remove outputs that swaps replaced and handed over (see :class:`Staging`): pm's own marked folders only."""
    for folder in folders:
        match = re.fullmatch(r"\..+\.old-([0-9a-f]{32})", folder.name)
        if match and ours(folder, match[1]):
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
    if out.is_dir() and any(out.iterdir()) and not is_file(out / MANIFEST):
        raise PmError(f"refusing to replace {display_path(out)}: it was not made by pm (no {MANIFEST}); "
                      "empty it or choose another")  # fmt: skip


class Staging:
    """The next output folder, filled next to *out* as files are ready, then swapped in whole.

    Files can be placed while the build still works on others (the build places its pages while the
    search index is made); an interrupted or failed build leaves the previous output untouched, and
    :func:`recover` removes what the staging folder held. With *key*, the staging folder is the spare the last
    swap left, when there is one (see :mod:`postmortem.write.spare`), and the output this swap replaces is kept
    as the next one.
    """

    def __init__(self, out: Path, *, replaced: list[Path] | None = None, key: bytes | None = None) -> None:
        self.out = out
        self.replaced = replaced  # when given, the output a swap replaces is put there (marked), to remove later
        self.key = key  # when given, the output a swap replaces is kept as a spare, and a spare sealed so is filled
        self.fingerprints: dict[str, str] = {}
        self._folder: Path | None = None
        self._folders: set[str] = set()
        self._spare: Spare | None = None  # what the staging folder held when it was a spare

    @property
    def folder(self) -> Path:
        """The marked staging folder, made on first use: the spare next to the output, when there is one to fill."""
        if self._folder is None:
            claimed = claim(self.out, key=self.key) if self.key is not None else None
            if claimed is not None and claimed[1] is None:  # not sealed with the key: nothing in it is believed
                remove_later([claimed[0]])
            elif claimed is not None:
                self._folder, self._spare = claimed
            if self._folder is None:
                self._folder = new_folder(self.out, "tmp")
        return self._folder

    def place(self, outputs: Iterable[Output]) -> None:
        """Write the outputs not placed yet (unchanged files are kept from the spare, or linked from the output).

        One loop, paths as text, no call per file but the system's: an edit links thousands of unchanged files.
        """
        outputs = list(outputs)
        if (stray := outside([item.path for item in outputs])) is not None:
            raise PmError(f"refusing to write {stray!r}: it would not be in {display_path(self.out)}; nothing was "
                          "written")  # fmt: skip
        placed, folders = self.fingerprints, self._folders
        into, out, spare = str(self.folder), str(self.out), self._spare
        kept = spare.kept if spare is not None else {}
        try:
            for item in outputs:
                path = item.path
                if path in placed:
                    continue
                held = kept.get(path)
                if held is not None and same(held, item.fingerprint):  # the spare holds it as this build makes it
                    placed[path] = item.fingerprint
                    continue
                try:
                    if spare is not None:
                        clear(into, path, spare)
                    parent = path.rpartition("/")[0]
                    if parent not in folders:
                        Path(into, parent).mkdir(parents=True, exist_ok=True)
                        folders.add(parent)
                    if item.data is not None:
                        create(f"{into}/{path}", item.data)
                    else:  # the previous build's copy, linked (copied where links cannot be made)
                        source, target = f"{out}/{path}", f"{into}/{path}"
                        try:
                            os.link(source, target, follow_symlinks=False)
                        except OSError:
                            shutil.copy2(source, target, follow_symlinks=False)
                except OSError as exc:  # named by the output's file
                    raise OSError(exc.errno, exc.strerror, f"{out}/{path}") from None
                placed[path] = item.fingerprint
        except OSError as exc:
            raise write_error(exc, what=f"nothing was written; {display_path(self.out)} is unchanged") from None

    def publish(self, *, inputs: str, key: bytes) -> None:
        """Write the manifest (sealed with *key*) and swap the staging folder in place of the output."""
        try:
            if self._spare is not None:  # what the spare held that this build does not make, its manifest too
                prune(str(self.folder), self._spare, placed=self.fingerprints)
            create(self.folder / MANIFEST, manifest_text(key, inputs, self.fingerprints).encode("utf-8"))
            (self.folder / MARKER).unlink()  # the output is known by its manifest: the same inputs, the same bytes
            old = _swap(self.folder, self.out)
        except OSError as exc:
            raise write_error(exc, what=f"nothing was written; {display_path(self.out)} is unchanged") from None
        self._folder = self._spare = None
        if old is None:
            return
        if self.replaced is not None:
            self.replaced.append(old)
        elif self.key is None or not keep(old):
            remove_later([old])

    def discard(self) -> None:
        """Drop the staging folder of a build that published nothing (none is left once one was published).

        A claimed spare is a spare again, its manifest saying what it holds now (a build whose files are all the
        same, or that failed, leaves the next one a spare to fill); a new folder is removed.
        """
        folder, spare, self._folder, self._spare = self._folder, self._spare, None, None
        if folder is None:
            return
        if spare is not None and self.key is not None and is_file(folder / MARKER):  # not cut within a swap
            files = {**spare.kept, **self.fingerprints}  # what it held and still holds, and what was placed
            if keep(folder, key=self.key, files=files):
                return
        shutil.rmtree(folder, ignore_errors=True)


def _swap(staging: Path, out: Path) -> Path | None:
    """Replace *out* by *staging* with two renames; :func:`recover` mends a cut between them.

    The output leaving is marked first, so that the old folder it becomes is known as pm's, and returned (None
    when there was none): kept as the next build's spare, removed in the background (see :func:`remove_later`),
    or handed to ``pm serve``, which removes it once the browser is answered.
    """
    if not os.path.lexists(out):
        staging.rename(out)
        return None
    token = secrets.token_hex(16)
    marker = out / MARKER
    if os.path.lexists(marker):
        marker.unlink()
    create(marker, f"{token}\n".encode("ascii"))
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
    return old
