"""The pre-commit hook: the real `pre-commit` tool installs pm from this repository and checks incident files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT, Run

HOOK_REPO_FILES = ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml", "postmortem", "templates")


def _git(*args: str, cwd: Path) -> str:
    """Run git quietly, as a throw-away user."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "pm", "GIT_AUTHOR_EMAIL": "pm@localhost",
           "GIT_COMMITTER_NAME": "pm", "GIT_COMMITTER_EMAIL": "pm@localhost"}  # fmt: skip
    done = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture(scope="session")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """The project as a git repository of its own (the checkout under test may not be one), and its commit.

    The third item is pre-commit's home, where it installs pm once for the session.
    """
    if shutil.which("git") is None:
        pytest.skip("pre-commit needs git")
    repo = tmp_path_factory.mktemp("pm-hooks")
    for name in HOOK_REPO_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, repo / name)
    _git("init", "-q", cwd=repo)
    _git("add", ".", cwd=repo)
    _git("commit", "-q", "-m", "pm", cwd=repo)
    return repo, _git("rev-parse", "HEAD", cwd=repo), tmp_path_factory.mktemp("pre-commit-home")


def test_check_of_what_incidents_depend_on_checks_them_all(run: Run, example_repo: Path) -> None:
    """`pm check risks.yaml`, as the hook runs it, checks every incident against the register.

    So do the configuration, a page or a runbook; an incident named alone is still checked alone.
    """
    register = example_repo / "risks.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace("id: panne-mysql", "id: mysql-down"), "utf-8")
    for named in (["risks.yaml"], ["pyproject.toml"], ["pages/objectif.md", "incidents"], ["runbooks"]):
        result = run("check", *named)
        assert result.exit_code == 1, named
        assert "incidents/2025-01-18-mysqloo-ne-charge-pas.yaml:80:" in result.stdout
        assert "of 11 files." in result.stdout
    alone = run("check", "incidents/2025-03-08-ghost-physics-apres-setparent.yaml")
    assert alone.exit_code == 0
    assert alone.stdout.strip() == "All good: 1 file checked, no problems."


@pytest.mark.slow
def test_pm_check_hook(tmp_path: Path, hook_repository: tuple[Path, str, Path]) -> None:
    """pre-commit runs pm-check on the incident files only: a clean repository passes, a broken file fails."""
    hooks, rev, home = hook_repository
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
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}

    def pre_commit(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "pre_commit", "run", "--color", "never", *(args or ["--all-files"])]
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


@pytest.mark.slow
def test_pm_check_hook_runs_when_what_incidents_depend_on_changes(
    tmp_path: Path, hook_repository: tuple[Path, str, Path]
) -> None:
    """A commit of the risk register, a page or the configuration runs the hook over the whole repository.

    Renaming a risk that incidents name fails the commit at those incidents; an unrelated file skips the hook.
    """
    hooks, rev, home = hook_repository
    work = tmp_path / "incidents-repo"
    work.mkdir()
    _git("init", "-q", cwd=work)
    for name in ("pyproject.toml", "risks.yaml"):
        shutil.copy(ROOT / name, work / name)
    for folder in ("incidents", "pages", "runbooks"):
        shutil.copytree(ROOT / folder, work / folder)
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: pm-check\n", encoding="utf-8"
    )
    _git("add", ".", cwd=work)
    _git("commit", "-q", "-m", "incidents", cwd=work)
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}

    def staged(path: str, text: str) -> subprocess.CompletedProcess[str]:
        """Change one file, stage it alone, and run the hooks on what is staged (as `git commit` does)."""
        (work / path).write_text(text, encoding="utf-8")
        _git("add", path, cwd=work)
        command = [sys.executable, "-m", "pre_commit", "run", "--verbose", "--color", "never"]
        return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)

    unrelated = staged("notes.txt", "nothing pm reads\n")
    assert unrelated.returncode == 0, unrelated.stdout + unrelated.stderr
    assert "(no files to check)Skipped" in unrelated.stdout

    page = staged("pages/objectif.md", (work / "pages" / "objectif.md").read_text(encoding="utf-8") + "\nMore.\n")
    assert page.returncode == 0, page.stdout + page.stderr
    assert "Passed" in page.stdout
    assert "All good: 11 files checked, no problems." in page.stdout  # the ten incidents and the register

    register = (work / "risks.yaml").read_text(encoding="utf-8")
    renamed = staged("risks.yaml", register.replace("id: panne-mysql", "id: mysql-down"))
    assert renamed.returncode == 1
    assert "Failed" in renamed.stdout
    assert "incidents/2025-01-18-mysqloo-ne-charge-pas.yaml:80:" in renamed.stdout
    assert "panne-mysql" in renamed.stdout
