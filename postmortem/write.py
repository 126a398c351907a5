"""Write stage: the only module that creates files, and it never overwrites one."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from postmortem.errors import PmError


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
