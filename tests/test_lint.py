"""The code base passes its linters: ruff (lint and format) and mypy --strict on the package."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy", "postmortem"],
    ],
    ids=["ruff", "ruff-format", "mypy"],
)
def test_linter(command: list[str]) -> None:
    """The linter reports nothing."""
    result = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
