"""The code base passes its linters: ruff (lint and format), mypy --strict, and the pipeline's import layers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

# import-linter has no ``python -m`` entry point: its function is called with this interpreter.
IMPORT_LAYERS = (
    "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"
)


@pytest.mark.parametrize(
    "arguments",
    [
        ["-m", "ruff", "check", "."],
        ["-m", "ruff", "format", "--check", "."],
        ["-m", "mypy", "postmortem"],
        ["-c", IMPORT_LAYERS],
    ],
    ids=["ruff", "ruff-format", "mypy", "import-layers"],
)
def test_linter(arguments: list[str]) -> None:
    """The linter reports nothing."""
    result = subprocess.run([sys.executable, *arguments], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
