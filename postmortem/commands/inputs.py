"""Render command helper: fingerprints of what a build reads, so that a build with nothing new can stop at once."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from pathlib import Path

from postmortem import __version__
from postmortem.config import Config
from postmortem.corpus.repository import discover
from postmortem.render.templating import template_folders


def digest(*parts: bytes | str) -> str:
    """A short hex fingerprint of *parts*."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]


def _files(paths: Iterable[Path]) -> list[bytes | str]:
    """Names and contents of *paths*, in order (a missing file counts as empty)."""
    parts: list[bytes | str] = []
    for path in paths:
        try:
            parts += [str(path), path.read_bytes()]
        except OSError:
            parts += [str(path), b""]
    return parts


def templates_digest(config: Config) -> str:
    """A fingerprint of every template file, so that editing one re-renders what uses it."""
    return digest(
        *_files(sorted(p for f in template_folders(config) if f.is_dir() for p in f.rglob("*") if p.is_file()))
    )


def build_inputs(config: Config, *, formats: Iterable[str], today: dt.date, since: dt.date | None,
                 until: dt.date | None, book: bool, templates: str, audience: str = "internal") -> str:  # fmt: skip
    """Everything a build reads, in one fingerprint: files, configuration, *templates* (their digest), options, date."""
    documents = [p for name in ("runbooks", "pages") if config.path(name).is_dir()
                 for p in sorted(config.path(name).glob("*.md"))]  # fmt: skip
    files = _files([*discover(config.path("incidents")), config.path("risks"), *documents])
    options = [
        __version__,
        config.model_dump_json(),
        ",".join(formats),
        str(today),
        str(since),
        str(until),
        str(book),
        audience,
    ]
    return digest(*options, templates, *files)
