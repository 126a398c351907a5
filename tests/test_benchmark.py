"""The benchmark script runs end to end on a small corpus, so that it never rots."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_benchmark_runs_on_fifty_incidents(tmp_path: Path) -> None:
    """`benchmarks/run.py --sizes 50` prints the table and writes the figures as JSON."""
    output = tmp_path / "figures.json"
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--sizes", "50", "--runs", "1", "--no-pdf", "--json", str(output)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "| 50 | pm render md+html+site, cold |" in result.stdout
    figures = json.loads(output.read_text(encoding="utf-8"))
    names = {step["name"] for step in figures["steps"]}
    assert {"pm --help", "pm check, cold", "pm render, nothing changed", "pm render, title edited"} <= names
    edits = ("prose", "title", "severity", "status", "new incident", "deleted incident", "renamed file", "risk")
    assert {f"pm render, {kind} edited" for kind in (*edits, "runbook", "page")} <= names
    assert all(step["min"] > 0 and step["peak_mib"] > 0 for step in figures["steps"])
