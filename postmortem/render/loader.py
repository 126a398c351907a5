"""Render stage helper: template files, read from inside their folder only (symbolic links resolved), never devices."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from jinja2 import BaseLoader, Environment, TemplateError, TemplateNotFound
from jinja2.loaders import split_template_path

from postmortem.errors import display_path

MAX_TEMPLATE_BYTES = 1024 * 1024


class RefusedFile(TemplateError):
    """A template or labels file pm will not read: it leads outside its folder, or is not a small regular file."""


def read_confined(folder: Path, relative: str) -> tuple[str, Path] | None:
    """The text of *relative* inside *folder* and the file's real path; None when there is no such file.

    Raises RefusedFile when the file (or a folder on its way) is a symbolic link leading outside *folder*, when it
    is hidden (``.git/config``), not a regular file (a device, a FIFO), larger than MAX_TEMPLATE_BYTES or not UTF-8.
    """
    pieces = split_template_path(relative)  # refuses ``..``
    path = folder.joinpath(*pieces)
    try:
        real, inside = path.resolve(), folder.resolve()
    except (OSError, RuntimeError):
        raise RefusedFile(f"{display_path(path)}: a loop of symbolic links") from None
    if not real.is_relative_to(inside):
        raise RefusedFile(f"{display_path(path)}: symbolic link to {real}, outside {display_path(folder)}")
    if any(part.startswith(".") for part in (*pieces, *real.relative_to(inside).parts)):
        raise RefusedFile(f"{display_path(path)}: a hidden file or folder (such as .git) is not a template")
    try:
        descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        if not path.exists():
            return None
        raise RefusedFile(f"{display_path(path)}: cannot read it: {exc.strerror or exc}") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            if stat.S_ISDIR(os.fstat(handle.fileno()).st_mode):
                return None
            raise RefusedFile(f"{display_path(path)}: not a regular file")
        data = handle.read(MAX_TEMPLATE_BYTES + 1)
    if len(data) > MAX_TEMPLATE_BYTES:
        raise RefusedFile(f"{display_path(path)}: larger than {MAX_TEMPLATE_BYTES:,} bytes, the limit for a template")
    try:
        return data.decode("utf-8"), real
    except UnicodeDecodeError as exc:
        raise RefusedFile(f"{display_path(path)}: not UTF-8 (byte {exc.start + 1})") from None


# pm's own templates that a repository's folder may not replace: the site's script, which every page runs.
PM_OWN = frozenset({"site/site.js.j2"})


class ConfinedLoader(BaseLoader):
    """Templates of one folder; what leads outside it (symbolic links included) is refused, not read.

    With *own* (a repository's folder), the templates named in PM_OWN are refused too: they are pm's alone. One
    that is, byte for byte, pm's own in *builtin* (a repository that copied pm's templates, or pm's own checkout
    installed from it) is left to the loader of *builtin*, as if the repository had none.
    """

    def __init__(self, folder: Path, *, own: frozenset[str] = frozenset(), builtin: Path | None = None) -> None:
        self.folder = folder
        self.own = own
        self.builtin = builtin

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The template's text, its file name and whether it is still current."""
        found = read_confined(self.folder, template)
        if found is None:
            raise TemplateNotFound(template)
        text, real = found
        if template in self.own:
            pms = read_confined(self.builtin, template) if self.builtin is not None else None
            if pms is not None and pms[0] == text:
                raise TemplateNotFound(template)  # pm's own, copied: the built-in loader gives it
            named = display_path(self.folder.joinpath(*split_template_path(template)))
            raise RefusedFile(f"{named}: the site's script is pm's own; a repository's template cannot replace it")
        shown = self.folder.joinpath(*split_template_path(template))
        stamp = _stamp(real)
        return text, str(shown), lambda: _stamp(real) == stamp


def _stamp(path: Path) -> tuple[int, int] | None:
    """When and how big a file is, or None when it is gone."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size
