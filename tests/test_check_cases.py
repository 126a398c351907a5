"""Each validation rule, pinned by a broken file and the exact messages, lines and columns it must give."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import CASES, Run

CHECK_CASES = CASES / "check"


def _expected(case: Path) -> list[str]:
    """Expected output lines of a case: ``# expect:`` comments of a file, or ``expected.txt`` of a folder."""
    if case.is_dir():
        return (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    prefix = b"# expect: "
    lines = [line for line in case.read_bytes().splitlines() if line.startswith(prefix)]
    if not case.read_bytes():
        return [f"incidents/{case.name}:1:1: error: the file is empty [empty]"]
    return [f"incidents/{case.name}:{line[len(prefix) :].decode()}" for line in lines]


def _install(case: Path, tmp_path: Path) -> None:
    """Lay the case out as an incident repository in *tmp_path*."""
    if case.is_dir():
        shutil.copytree(case, tmp_path, dirs_exist_ok=True)
    else:
        (tmp_path / "incidents").mkdir()
        shutil.copy(case, tmp_path / "incidents" / case.name)
    if not (tmp_path / "pm.toml").exists():  # a case of the configuration brings its own
        (tmp_path / "pm.toml").write_text('timezone = "UTC"\n', encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CHECK_CASES.iterdir()), ids=lambda p: p.stem)
def test_case(case: Path, tmp_path: Path, run: Run) -> None:
    """`pm check` prints exactly the expected problems for the case, and fails only on errors."""
    _install(case, tmp_path)
    result = run("check")
    expected = _expected(case)
    assert result.output.splitlines()[:-1] == expected
    assert "Traceback" not in result.output + result.stderr
    assert result.exit_code == (1 if any(": error: " in line for line in expected) else 0)


def test_every_rule_has_a_case() -> None:
    """Every rule that the validator can report is exercised by at least one case."""
    covered = {line.rsplit("[", 1)[1].rstrip("]") for case in CHECK_CASES.iterdir() for line in _expected(case)}
    rules = {
        "yaml-syntax", "duplicate-key", "unknown-key", "missing-field", "wrong-type", "unknown-severity",
        "unknown-value", "bad-time", "bad-duration", "timeline-order", "milestone-order", "duplicate-milestone",
        "incomplete", "action-owner", "impact-not-quantified", "human-error", "no-prevent-action", "encoding",
        "yaml-tag", "empty", "too-large", "duplicate-id", "unknown-related", "unknown-risk", "unknown-lesson",
        "start-date",
    }  # fmt: skip
    assert rules <= covered
