"""Corpus stage helper: a repository's incident files, and what the last load saw of them, without reading them."""

from __future__ import annotations

import os
from pathlib import Path

from postmortem.config.model import Config
from postmortem.load.cache import file_stats
from postmortem.load.trusted import FileStats
from postmortem.read import walk_files

INCIDENT_SUFFIXES = (".yaml", ".yml")


def discover(folder: Path, *, root: Path | None = None) -> list[Path]:
    """Incident files under *folder*, sorted, skipping hidden files and folders and never leaving *root*."""
    found = list(walk_files(folder, root=root or folder, suffixes=INCIDENT_SUFFIXES))
    return [Path(path) for path in sorted(found, key=lambda path: path.split(os.sep))]  # noqa: PTH206 - sorted as Paths sort


def cache_context(config: Config) -> str:
    """What the results kept for a file depend on besides its bytes and pm: the configuration."""
    return config.model_dump_json()


def seen_files(config: Config) -> FileStats:
    """The stamps and hashes of the incident files as the last load saw them: unchanged ones need no reading."""
    return file_stats(config.root, context=cache_context(config))
