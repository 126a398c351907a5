"""Write stage: files of the repository itself, created new or replaced only when pm generated them."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path

from postmortem.errors import PmError, display_path
from postmortem.write.files import create, regular_bytes, write_error


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
            create(path, text.encode("utf-8"))
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


def replace_generated(path: Path, text: str, *, root: Path, ours: Callable[[bytes], bool]) -> None:
    """Replace a file that pm generated (*ours* tells from its bytes) whole: a new file, then a rename.

    Anything else at *path* (an authored file, a link, a folder) is refused, never replaced.
    """
    _inside(path, root=root)
    if os.path.lexists(path) and not ours(regular_bytes(path)):
        raise PmError(f"refusing to replace {display_path(path)}: pm did not write it; move it away or choose another")
    temporary = path.with_name(f".{path.name}.tmp-{secrets.token_hex(16)}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        create(temporary, text.encode("utf-8"))
        temporary.replace(path)
    except OSError as exc:
        raise write_error(exc, what=f"{display_path(path)} is unchanged") from None
    finally:
        temporary.unlink(missing_ok=True)
