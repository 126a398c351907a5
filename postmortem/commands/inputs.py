"""Render command helper: fingerprints of what a build reads, so that a build with nothing new can stop at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from postmortem import __version__
from postmortem.config.model import Config
from postmortem.corpus.files import seen_files
from postmortem.errors import Problem
from postmortem.load.cache import FileCache
from postmortem.load.trusted import FileStats
from postmortem.read import read_file, walk_files
from postmortem.render.folders import template_folders


def digest(*parts: bytes | str, start: bytes = b"") -> str:
    """A short hex fingerprint of *parts* (file names that are not UTF-8 included).

    *start* is :func:`encoded` parts that come first: made once when many fingerprints share them.
    """
    return hashlib.sha256(start + encoded(*parts)).hexdigest()[:32]


def encoded(*parts: bytes | str) -> bytes:
    """*parts* as :func:`digest` hashes them: each in UTF-8 (surrogates escaped), and a NUL after each."""
    return b"".join((p.encode("utf-8", "surrogateescape") if isinstance(p, str) else p) + b"\0" for p in parts)


Reader = Callable[..., bytes | Problem]  # read_file, or one that knows files as they were (pm serve)


def _files(paths: Iterable[Path], *, root: Path, read: Reader = read_file) -> list[bytes | str]:
    """Names and contents of *paths*, in order, read the guarded way (a file refused counts as its refusal)."""
    parts: list[bytes | str] = []
    for path in paths:
        raw = read(path, root=root) if path.exists() or path.is_symlink() else b""
        parts += [str(path), raw if isinstance(raw, bytes) else str(raw)]
    return parts


def _incident_files(paths: Iterable[Path], *, seen: FileStats, root: Path) -> list[bytes | str]:
    """The content hashes of the incident files, sorted; a file the last load saw as it is now is not read again.

    Not their names: no output shows where an incident's file is (its images resolve from the repository's root,
    its messages name the file only when it has a problem, which its content decides), so renaming or moving one
    is told at once to render nothing new, as a file left as it is.
    """
    parts: list[str] = []
    for path in paths:
        try:
            info: os.stat_result | None = os.lstat(path)
        except OSError:
            info = None
        known = seen.digest(str(path), info) if info is not None else None
        if known is None:
            raw = read_file(path, root=root) if info is not None else b""
            known = FileCache.key(raw) if isinstance(raw, bytes) else str(raw)
        parts.append(known)
    return sorted(parts)


def templates_digest(config: Config, *, read: Reader = read_file) -> str:
    """A fingerprint of every template file, so that editing one re-renders what uses it; *read* reads each."""
    parts: list[bytes | str] = []
    for folder in template_folders(config):
        root = config.root if folder == config.path("templates") else folder
        parts += _files(sorted(Path(name) for name in walk_files(folder, root=root)), root=root, read=read)
    return digest(*parts)


def build_inputs(config: Config, *, incidents: Iterable[Path], formats: Iterable[str], today: dt.date,
                 since: dt.date | None, until: dt.date | None, book: bool, templates: str,
                 audience: str = "internal", seen: FileStats | None = None) -> str:  # fmt: skip
    """Everything a build reads, in one fingerprint: the files (*incidents* and others), settings, *templates*, date.

    *seen*: the stamps the last load saw (read here when not given), which note each incident file found as it was.
    """
    documents = [p for name in ("runbooks", "pages") if config.path(name).is_dir()
                 for p in sorted(config.path(name).glob("*.md"))]  # fmt: skip
    files = _incident_files(incidents, seen=seen_files(config) if seen is None else seen, root=config.root)
    files += _files([config.path("risks"), *documents], root=config.root)
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
