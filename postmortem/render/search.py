"""Render stage: the site's full-text search index, built by Pagefind from the incident pages, as files in memory."""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from postmortem.errors import PmError
from postmortem.model.names import SEARCH_BUNDLE

BUNDLE = SEARCH_BUNDLE
SHARD_SIZE = 100  # Pagefind indexes 100 pages in ~0.25 s, 250 in ~0.65 s: an edit re-indexes one bundle
UNUSED = (
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
)  # the site has its own UI
RUNTIME = (
    "pagefind.js",
    "pagefind-worker.js",
    "wasm.",
)  # the browser runs the first bundle's script and WebAssembly for every bundle merged into it


def shard_count(pages: int) -> int:
    """How many search bundles *pages* incident pages are split into (the browser merges them).

    A power of two, so that bundles hold SHARD_SIZE / 2 to SHARD_SIZE pages on average: every page changes
    bundle when the count changes, and so every bundle is made again, which happens a few times in a
    repository's life (at 100, 200, 400, 800… incidents) rather than with every hundredth new incident.
    """
    count = 1
    while pages > count * SHARD_SIZE:
        count *= 2
    return count


def shard_of(incident_id: str, count: int) -> int:
    """The bundle an incident's page belongs to: stable while the number of bundles stays the same."""
    return int(hashlib.blake2b(incident_id.encode(), digest_size=4).hexdigest(), 16) % count


def bundle_path(shard: int) -> str:
    """Where a bundle lives in the site: the first one at ``pagefind/``, the others in ``pagefind/shard-N/``."""
    return BUNDLE if shard == 0 else f"{BUNDLE}/shard-{shard}"


def in_bundle(path: str, shard: int) -> bool:
    """True when the site file *path* belongs to bundle *shard*."""
    prefix = bundle_path(shard) + "/"
    return path.startswith(prefix) and (shard != 0 or not path.startswith(f"{BUNDLE}/shard-"))


def _executable() -> Path | None:
    """Pagefind's binary, shipped by the ``pagefind-bin`` package; None when it is not installed."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError):
        return None


def _own_settings() -> dict[str, str]:
    """The environment Pagefind runs in: this process's, without the variables that would set Pagefind's options.

    Pagefind also reads a ``pagefind.yml`` (``.yaml``, ``.toml``, ``.json``) in the folder it runs in, so it runs in
    a folder of pm's own, which holds only the pages: a file of the repository cannot make it log over a file
    (``logfile``), write the index elsewhere (``output_path``) or index something else.
    """
    return {name: value for name, value in os.environ.items() if not name.upper().startswith("PAGEFIND_")}


def search_index(pages: Mapping[str, bytes], *, language: str, bundle: str = BUNDLE) -> dict[str, bytes]:
    """Index *pages* (path → HTML) and return the files of the search bundle, by path under the site."""
    binary = _executable()
    if binary is None:
        raise PmError("search index: Pagefind is not installed (pip install 'pagefind[bin]')")
    with tempfile.TemporaryDirectory(prefix="pm-search-") as folder:
        root = Path(folder) / "site"
        for path, data in pages.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        command = [str(binary), "--site", str(root), "--output-subdir", bundle, "--force-language", language]
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd=folder, env=_own_settings())
        if result.returncode != 0:
            raise PmError(f"search index: Pagefind failed: {(result.stderr or result.stdout).strip()[-500:]}")
        written = root / bundle
        unused = UNUSED if bundle == BUNDLE else UNUSED + RUNTIME
        return {
            f"{bundle}/{path.relative_to(written).as_posix()}": path.read_bytes()
            for path in sorted(written.rglob("*"))
            if path.is_file() and not path.name.startswith(unused)
        }
