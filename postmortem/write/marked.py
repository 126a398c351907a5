"""Write stage: pm's own folders next to an output, known by a marker holding the token their name repeats."""

from __future__ import annotations

import re
import secrets
import stat
from pathlib import Path

from postmortem.write.files import create, regular_bytes

MARKER = ".pm-made"
LEFTOVER = r"(tmp|old|del|spare)-([0-9a-f]{32})"  # being filled, swapped out, being removed, kept to fill again


def new_folder(out: Path, kind: str) -> Path:
    """A new, marked folder next to *out*: ``.<name>.<kind>-<token>`` holding the token in :data:`MARKER`."""
    token = secrets.token_hex(16)
    folder = out.parent / f".{out.name}.{kind}-{token}"
    folder.mkdir()
    create(folder / MARKER, f"{token}\n".encode("ascii"))
    return folder


def ours(folder: Path, token: str) -> bool:
    """Whether *folder* is a real folder that pm made: its marker holds the token its name carries."""
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode):
            return False
    except OSError:
        return False
    return regular_bytes(folder / MARKER, limit=64).strip() == token.encode("ascii")


def leftovers(out: Path) -> list[tuple[str, Path]]:
    """What builds left next to *out* — pm's marked folders only — as (kind, folder)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.{LEFTOVER}")
    found = []
    for entry in out.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and ours(entry, match[2]):
            found.append((match[1], entry))
    return found


def newest(folders: list[Path]) -> Path:
    """The folder of *folders* (pm's, marked) marked last."""
    return max(folders, key=lambda folder: (folder / MARKER).lstat().st_mtime)
