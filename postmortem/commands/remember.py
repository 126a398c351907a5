"""Render command helper: the memo of what builds made, seeded before a build and kept after one that succeeded."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from postmortem.config.model import Config
from postmortem.load.cache import repository_cache
from postmortem.load.sealed import Shelf, drop_shelves
from postmortem.render import memo

MEMO_FOLDER = r"memo-[0-9a-f]{20}"


def memo_folder(config: Config) -> Path | None:
    """Where this repository's memo is kept for the running pm's code (None: no cache folder)."""
    folder = repository_cache(config.root)
    return folder / f"memo-{memo.code_digest()}" if folder is not None else None


@contextmanager
def remembered(config: Config, *, key: bytes) -> Iterator[None]:
    """Seed the memo with what earlier builds kept; keep what this build used and made when it succeeds."""
    shelf = Shelf(memo_folder(config), key=key)
    memo.seed(shelf.read)
    try:
        yield
        if memo.changed():
            shelf.write(memo.kept(), every=memo.whole())
            drop_shelves(shelf.folder, pattern=MEMO_FOLDER)  # another version's memo is never read again
    finally:
        memo.forget()  # what this repository's builds converted is not what another one's (pm serve) starts from
