"""Render stage: the site's full-text search index, built by Pagefind from the incident pages, as files in memory."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from postmortem.errors import PmError

BUNDLE = "pagefind"


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


def search_index(pages: Mapping[str, bytes], *, language: str) -> dict[str, bytes]:
    """Index *pages* (path → HTML) and return the files of the search bundle, by path under the site."""
    binary = _executable()
    if binary is None:
        raise PmError("search index: Pagefind is not installed (pip install 'pagefind[bin]')")
    with tempfile.TemporaryDirectory(prefix="pm-search-") as folder:
        root = Path(folder)
        for path, data in pages.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_bytes(data)
        command = [str(binary), "--site", str(root), "--output-subdir", BUNDLE, "--force-language", language]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise PmError(f"search index: Pagefind failed: {(result.stderr or result.stdout).strip()[-500:]}")
        bundle = root / BUNDLE
        return {
            f"{BUNDLE}/{path.relative_to(bundle).as_posix()}": path.read_bytes()
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        }
