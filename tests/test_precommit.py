"""The pre-commit hook: the real `pre-commit` tool installs pm from this repository and checks incident files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT

HOOK_REPO_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "postmortem", "templates")


def _git(*args: str, cwd: Path) -> str:
    """Run git quietly, as a throw-away user."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "pm", "GIT_AUTHOR_EMAIL": "pm@localhost",
           "GIT_COMMITTER_NAME": "pm", "GIT_COMMITTER_EMAIL": "pm@localhost"}  # fmt: skip
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _hook_repository(tmp_path: Path) -> tuple[Path, str]:
    """The project as a git repository of its own (the checkout under test may not be one), and its commit."""
    repo = tmp_path / "pm-hooks"
    repo.mkdir()
    for name in HOOK_REPO_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, repo / name)
    _git("init", "-q", cwd=repo)
    _git("add", ".", cwd=repo)
    _git("commit", "-q", "-m", "pm", cwd=repo)
    return repo, _git("rev-parse", "HEAD", cwd=repo)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
def test_pm_check_hook(tmp_path: Path) -> None:
    """pre-commit runs pm-check on the incident files only: a clean repository passes, a broken file fails."""
    hooks, rev = _hook_repository(tmp_path)
    work = tmp_path / "incidents-repo"
    work.mkdir()
    _git("init", "-q", cwd=work)
    for name in ("pyproject.toml", "risks.yaml"):
        shutil.copy(ROOT / name, work / name)
    shutil.copytree(ROOT / "incidents", work / "incidents")
    (work / "notes.yaml").write_text("not: [an, incident\n", encoding="utf-8")  # outside incidents/: not checked
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: pm-check\n", encoding="utf-8"
    )
    _git("add", ".", cwd=work)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def pre_commit() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]
        return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)

    clean = pre_commit()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "pm check" in clean.stdout
    assert "Passed" in clean.stdout

    shutil.copy(CASES / "check" / "unknown-key.yaml", work / "incidents" / "typo.yaml")
    _git("add", ".", cwd=work)
    broken = pre_commit()
    assert broken.returncode == 1
    assert "Failed" in broken.stdout
    assert "incidents/typo.yaml:6:1: error: unknown field 'rootcause' (did you mean 'root_cause'?)" in broken.stdout
