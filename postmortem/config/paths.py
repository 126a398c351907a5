"""Configuration: where a configured path really leads, the top of its git work tree, and the outputs refused."""

from __future__ import annotations

import os
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Literal

from postmortem.write.files import fold

if TYPE_CHECKING:
    from postmortem.config.model import Config


def inside(root: Path, value: str) -> Path:
    """The real path of *value* (relative to *root*, or absolute) inside *root*; ValueError saying why it is not."""
    if "\0" in value:
        raise ValueError("a path cannot hold a NUL character")
    if ".." in PurePath(value).parts:
        raise ValueError(f"{value!r} goes up with '..': give a path inside the repository")
    path = root / value
    top = root.resolve()
    if path.is_absolute() and not (path.is_relative_to(root) or path.is_relative_to(top)):
        raise ValueError(f"{value!r} is outside the repository ({top}): give a path inside it")
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        raise ValueError(f"{value!r} is a loop of symbolic links") from None
    if not real.is_relative_to(top):
        raise ValueError(
            f"{value!r} leads through a symbolic link to {real}, outside the repository: pm does not follow it"
        )
    return real


def git_top(folder: Path) -> Path:
    """The top of the git work tree that holds *folder*, else *folder* itself.

    It is where CI services read workflows, and what paths for machines start from: the nearest folder up from
    *folder*, symbolic links followed, with a ``.git`` entry (a folder, or the file of a worktree or submodule).
    Only that entry's presence is looked at, never its content, and no git command is run.
    """
    real = folder.resolve()
    return next((place for place in (real, *real.parents) if (place / ".git").exists()), folder)


INPUTS: dict[Literal["incidents", "templates", "runbooks", "pages", "risks", "schema_file"], str] = {
    "incidents": "incidents folder",
    "templates": "templates folder",
    "runbooks": "runbooks folder",
    "pages": "pages folder",
    "risks": "risk register",
    "schema_file": "schema file",
}
KEPT = (".git", ".pm-cache")  # what pm reads or keeps in the repository besides the configured files and folders


def output_clash(config: Config, *, out: Path) -> str | None:
    """Why *out* cannot be the output folder (``"is the runbooks folder 'runbooks'"``), or None.

    A render replaces its output whole, so the output must not be or hold the repository, nor be, hold or
    be inside a file or folder pm reads (incidents, templates, runbooks, pages, the risk register, the
    schema, ``.git``, the cache); paths are compared after symbolic links are followed, as macOS and Windows
    compare names (case ignored).
    """
    try:
        target = _parts(out, strict=True)
    except (OSError, RuntimeError):  # a loop of symbolic links
        return "cannot be reached: its symbolic links make a loop"
    root = _parts(config.root)
    if root[: len(target)] == target:
        return "is or holds the repository"
    if target[: len(root)] != root:  # outside the repository, as pm serve's temporary folder
        return None
    named = [(f"the {what} {str(getattr(config, name))!r}", config.path(name)) for name, what in INPUTS.items()]
    named += [(f"the folder {name}", config.root / name) for name in KEPT]
    for what, path in named:
        other = _parts(path)
        if other[: len(target)] == target:
            return f"{'is' if other == target else 'holds'} {what}"
        if target[: len(other)] == other and other != root:  # a folder that is the repository may hold the output
            return f"is inside {what}"
    return None


def _parts(path: Path, *, strict: bool = False) -> list[str]:
    """The parts of *path* with symbolic links followed, each as lenient file systems compare names.

    Not *strict*: a path whose links make a loop is taken as written.
    """
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        if strict:
            raise
        resolved = Path(os.path.abspath(path))  # noqa: PTH100 - as written, without following links
    return [fold(part) for part in resolved.parts]
