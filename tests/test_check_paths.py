"""`pm check --format github|gitlab|sarif|json`: each path leads from the top of the git repository to the file."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import Run

BAD = 'id: INC-1\ntitle: t\nstatus: draft\ndate: "2024-01-01"\nfoo: 1\n'


def _repository(folder: Path, *, name: str = "bad.yaml") -> Path:
    """An incident repository in *folder* with one incident that has an unknown key on line 5; its file."""
    (folder / "incidents").mkdir(parents=True)
    (folder / "pm.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    path = folder / "incidents" / name
    path.write_text(BAD, encoding="utf-8")
    return path


def _git_init(folder: Path) -> None:
    """Make *folder* the top of a git work tree."""
    subprocess.run(["git", "init", "-q", str(folder)], check=True)


def _machine_paths(run: Run) -> dict[str, str]:
    """The one problem's path in each output for machines."""
    github = run("check", "--format", "github").stdout
    gitlab = json.loads(run("check", "--format", "gitlab").stdout)
    sarif = json.loads(run("check", "--format", "sarif").stdout)
    found = json.loads(run("check", "--format", "json").stdout)
    (location,) = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in sarif["runs"][0]["results"]]
    assert location["uriBaseId"] == "%SRCROOT%"
    return {
        "github": github.split("file=", 1)[1].split(",line=", 1)[0],
        "gitlab": gitlab[0]["location"]["path"],
        "sarif": unquote(location["uri"]),
        "json": found[0]["path"],
    }


@pytest.mark.parametrize("where", [".", "ops", "ops/postmortems", "ops/postmortems/incidents"])
def test_paths_start_at_the_top_of_the_git_repository(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """Wherever pm runs, and wherever the incident repository sits in the git repository, paths start at its top."""
    _git_init(tmp_path)
    _repository(tmp_path / "ops" / "postmortems")
    monkeypatch.chdir(tmp_path / where)
    if where in (".", "ops"):  # outside the incident repository: only a path leads pm to it
        inside = (tmp_path / "ops/postmortems/incidents/bad.yaml").relative_to(tmp_path / where)
        github = run("check", "--format", "github", str(inside)).stdout
        assert github.startswith("::error file=ops/postmortems/incidents/bad.yaml,line=5,col=1,")
        return
    paths = _machine_paths(run)
    assert set(paths.values()) == {"ops/postmortems/incidents/bad.yaml"}, paths


def test_people_see_paths_from_the_current_folder(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text output keeps paths as the user would type them from where pm runs."""
    _git_init(tmp_path)
    _repository(tmp_path / "ops")
    monkeypatch.chdir(tmp_path / "ops" / "incidents")
    text = run("check")
    assert text.exit_code == 1
    assert text.stdout.startswith("bad.yaml:5:1: error: unknown field 'foo'")


def test_outside_git_paths_start_at_the_incident_repository(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no git repository around it, the incident repository's root is where paths start."""
    _repository(tmp_path / "postmortems")
    monkeypatch.chdir(tmp_path / "postmortems" / "incidents")
    assert set(_machine_paths(run).values()) == {"incidents/bad.yaml"}


def test_a_worktree_file_marks_the_top_too(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``.git`` file (a linked worktree or a submodule) marks the top of the work tree as a folder does."""
    (tmp_path / "checkout").mkdir()
    (tmp_path / "checkout" / ".git").write_text("gitdir: /elsewhere/.git/worktrees/checkout\n", encoding="utf-8")
    _repository(tmp_path / "checkout" / "docs" / "incidents-repo")
    monkeypatch.chdir(tmp_path / "checkout" / "docs" / "incidents-repo")
    assert set(_machine_paths(run).values()) == {"docs/incidents-repo/incidents/bad.yaml"}


def test_check_and_ci_find_the_same_top_through_a_link(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reached through a symbolic link, in a worktree whose ``.git`` is a file, the top is the real one for both uses.

    `pm check` gives paths from it, and `pm init --ci` writes the workflow there, running in the same subfolder.
    """
    checkout = tmp_path / "checkout"
    _repository(checkout / "ops" / "pm")
    (checkout / ".git").write_text("gitdir: /elsewhere/.git/worktrees/checkout\n", encoding="utf-8")
    (tmp_path / "desk").mkdir()
    link = tmp_path / "desk" / "postmortems"
    link.symlink_to(checkout / "ops" / "pm")
    monkeypatch.chdir(link)
    assert set(_machine_paths(run).values()) == {"ops/pm/incidents/bad.yaml"}
    monkeypatch.chdir(tmp_path / "desk")
    result = run("init", "postmortems", "--ci", "github")
    assert result.exit_code == 0, result.stderr
    workflow = checkout / ".github" / "workflows" / "postmortems.yml"
    assert 'working-directory: "ops/pm"\n' in workflow.read_text(encoding="utf-8")
    assert not (tmp_path / "desk" / ".github").exists()
    assert (checkout / ".git").read_text(encoding="utf-8") == "gitdir: /elsewhere/.git/worktrees/checkout\n"


def test_odd_file_names_keep_their_path(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Spaces and accents survive in each output: escaped as each consumer wants, the same file in the end."""
    _git_init(tmp_path)
    _repository(tmp_path / "team ops", name="café crash.yaml")
    monkeypatch.chdir(tmp_path / "team ops")
    assert set(_machine_paths(run).values()) == {"team ops/incidents/café crash.yaml"}
    sarif = json.loads(run("check", "--format", "sarif").stdout)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "team%20ops/incidents/caf%C3%A9%20crash.yaml"
