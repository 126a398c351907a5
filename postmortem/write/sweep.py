"""Write stage: removing pm's own marked folders, also as a process of its own that no build waits for.

Run as ``python -I -S sweep.py MARKER FOLDER...`` it imports only the standard library (nothing of the
repository, nor of pm, which it needs no path to). Each folder's marker is removed last, so that a removal cut
short leaves a folder still known as pm's, which the next build removes.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def remove(folder: Path, *, marker: str) -> None:
    """Remove the real folder *folder* and what it holds, its file *marker* last; what cannot be removed stays."""
    if folder.is_symlink():
        return
    try:
        with os.scandir(folder) as entries:
            found = [(entry.path, entry.is_dir(follow_symlinks=False)) for entry in entries if entry.name != marker]
    except OSError:
        return
    for path, is_folder in found:
        if is_folder:
            shutil.rmtree(path, ignore_errors=True)
        else:
            Path(path).unlink(missing_ok=True)
    try:
        (folder / marker).unlink()
        folder.rmdir()
    except OSError:
        pass


def main(arguments: list[str]) -> None:
    """Remove each folder (absolute) named after the marker's name, at a low priority: a build may run meanwhile.

    The process leaves the folder it started in: it keeps no folder of the user's busy while it works.
    """
    marker, *folders = arguments
    os.chdir(os.sep)
    if hasattr(os, "nice"):
        os.nice(10)
    for folder in folders:
        remove(Path(folder), marker=marker)


if __name__ == "__main__":
    main(sys.argv[1:])
