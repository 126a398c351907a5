"""`pm init --ci`: workflows that the CI services accept, that check every change and publish from the main branch."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from postmortem import DISTRIBUTION, __version__
from tests.conftest import ROOT, Run

WORKFLOWS = {"github": ".github/workflows/postmortems.yml", "gitlab": ".gitlab-ci.yml"}
SCHEMAS = {"github": "vendor.github-workflows", "gitlab": "vendor.gitlab-ci"}


def _yaml(path: Path) -> Any:
    """Parse a workflow file."""
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _valid(workflow: Path, service: str) -> None:
    """The file validates against the service's published schema (vendored by check-jsonschema: no network)."""
    checker = Path(sys.executable).with_name("check-jsonschema")
    command = [str(checker), "--builtin-schema", SCHEMAS[service], str(workflow)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def _installs(flow: Any, service: str) -> list[list[str]]:
    """The words of every ``pip install`` command of a workflow, as the shell splits them."""
    if service == "github":
        lines = [step.get("run", "") for job in flow["jobs"].values() for step in job["steps"]]
    else:
        lines = [line for job in ("check", "pages") for line in flow[job]["script"]]
    return [shlex.split(line) for line in lines if line.startswith("pip install")]


@pytest.mark.parametrize("service", ["github", "gitlab"])
def test_workflow_is_valid_for_its_service(run: Run, tmp_path: Path, service: str) -> None:
    """The written workflow is valid for its service and installs exactly the pm that wrote it."""
    assert run("init", "repo", "--ci", service).exit_code == 0
    workflow = tmp_path / "repo" / WORKFLOWS[service]
    _valid(workflow, service)
    assert _installs(_yaml(workflow), service) == [["pip", "install", f"{DISTRIBUTION}=={__version__}"]] * 2


@pytest.mark.parametrize("service", ["github", "gitlab"])
@pytest.mark.parametrize(
    "spec",
    ["git+https://github.com/acme/pm.git@v0.1.0#egg=postmortem-as-code",
     "./wheels/postmortem_as_code-0.1.0-py3-none-any.whl", "pm @ file:///opt/it's here: #1 $HOME"],
)  # fmt: skip
def test_install_spec_is_what_pip_gets(run: Run, tmp_path: Path, service: str, spec: str) -> None:
    """--install goes to pip as one argument, whatever its quotes, colons or hashes; the file stays valid."""
    result = run("init", "repo", "--ci", service, "--install", spec)
    assert result.exit_code == 0, result.stderr
    workflow = tmp_path / "repo" / WORKFLOWS[service]
    _valid(workflow, service)
    flow = _yaml(workflow)
    assert _installs(flow, service) == [["pip", "install", spec]] * 2
    if service == "gitlab":  # the slim Python image has no git for pip to clone with
        for job in ("check", "pages"):
            setup = [shlex.split(line) for line in flow[job]["script"] if line.startswith("apt-get")]
            assert any("git" in words for words in setup) == spec.startswith("git+")


@pytest.mark.parametrize(
    "args",
    [["--install", "x"], ["--ci", "github", "--install", " "], ["--ci", "gitlab", "--install", "a\nb"],
     ["--ci", "github", "--install", "${{ x }}"]],
)  # fmt: skip
def test_wrong_install_is_a_wrong_command_line(run: Run, tmp_path: Path, args: list[str]) -> None:
    """--install without --ci, or not one line of text, exits 2 and writes nothing."""
    result = run("init", "repo", *args)
    assert result.exit_code == 2
    assert "--install" in result.stderr
    assert not (tmp_path / "repo").exists()


def test_github_checks_pull_requests_and_publishes_main(run: Run, tmp_path: Path) -> None:
    """Pull requests get annotations; pushes to main render and deploy the site folder to Pages."""
    run("init", "repo", "--ci", "github")
    flow = _yaml(tmp_path / "repo" / WORKFLOWS["github"])
    assert set(flow["on"]) >= {"pull_request", "push"}
    assert flow["on"]["push"]["branches"] == ["main"]
    check = [step.get("run", "") for step in flow["jobs"]["check"]["steps"]]
    assert "pm check --format github" in check
    publish = flow["jobs"]["publish"]
    assert publish["needs"] == "check"
    assert "refs/heads/main" in publish["if"]
    assert flow["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = publish["steps"]
    assert 'pm render --out "site"' in [step.get("run") for step in steps]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert steps[-1]["uses"].startswith("actions/deploy-pages")


def test_gitlab_checks_merge_requests_and_publishes_pages(run: Run, tmp_path: Path) -> None:
    """Merge requests are checked (with a Code Quality report); the default branch renders into public/ for Pages."""
    run("init", "repo", "--ci", "gitlab")
    flow = _yaml(tmp_path / "repo" / WORKFLOWS["gitlab"])
    assert "pm check --format gitlab > gl-code-quality-report.json || { pm check; exit 1; }" in flow["check"]["script"]
    assert flow["check"]["artifacts"] == {"when": "always", "reports": {"codequality": "gl-code-quality-report.json"}}
    assert {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'} in flow["check"]["rules"]
    assert flow["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert "pm render --out public" in flow["pages"]["script"]
    assert flow["pages"]["artifacts"]["paths"] == ["public"]


def test_ci_is_added_to_an_existing_repository_once(run: Run, example_repo: Path) -> None:
    """In an existing repository --ci writes only the workflow, with its output folder, and never overwrites it."""
    result = run("init", "--ci", "github")
    assert result.exit_code == 0
    assert result.stdout == "created .github/workflows/postmortems.yml\n"
    text = (example_repo / WORKFLOWS["github"]).read_text(encoding="utf-8")
    assert 'path: "site"' in text
    again = run("init", "--ci", "github")
    assert again.exit_code == 1
    assert "refusing to overwrite .github/workflows/postmortems.yml" in again.stderr
    assert run("init").exit_code == 1


@pytest.mark.parametrize("service", ["github", "gitlab"])
def test_ci_docs_show_the_workflow_pm_writes(run: Run, tmp_path: Path, service: str) -> None:
    """docs/ci.md quotes each workflow exactly as `pm init --ci` writes it."""
    run("init", "repo", "--ci", service)
    written = (tmp_path / "repo" / WORKFLOWS[service]).read_text(encoding="utf-8")
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", docs, flags=re.DOTALL)
    assert written in blocks


def _git_repository(top: Path) -> None:
    """Make *top* the top of a git working tree."""
    top.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(top)], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_github_workflow_of_a_subfolder_goes_to_the_top(run: Run, tmp_path: Path) -> None:
    """In a subfolder of a git repository, the GitHub workflow is written at the top and runs in the subfolder.

    Only changes to the subfolder (or to the workflow) start it; the site uploaded is the one rendered there.
    """
    _git_repository(tmp_path)
    result = run("init", "ops/post [mortems]", "--ci", "github")
    assert result.exit_code == 0, result.stderr
    assert f"created {WORKFLOWS['github']}" in result.stdout.splitlines()
    assert not (tmp_path / "ops" / "post [mortems]" / ".github").exists()
    workflow = tmp_path / WORKFLOWS["github"]
    _valid(workflow, "github")
    flow = _yaml(workflow)
    assert flow["defaults"] == {"run": {"working-directory": "ops/post [mortems]"}}
    filters = ["ops/post \\[mortems\\]/**", WORKFLOWS["github"]]
    assert flow["on"]["pull_request"] == {"paths": filters}
    assert flow["on"]["push"] == {"branches": ["main"], "paths": filters}
    upload = next(s for s in flow["jobs"]["publish"]["steps"] if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "ops/post [mortems]/site"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_gitlab_pipeline_of_a_subfolder_goes_to_the_top(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside an existing repository in a subfolder, --ci writes .gitlab-ci.yml at the top of the git repository.

    Its jobs cd into the subfolder, and the site goes to public/ at the top, where GitLab Pages takes it.
    """
    _git_repository(tmp_path)
    inner = tmp_path / "docs" / "incidents repo"
    inner.mkdir(parents=True)
    (inner / "pm.toml").write_text('output = "out"\n', encoding="utf-8")
    monkeypatch.chdir(inner)
    result = run("init", "--ci", "gitlab")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"created {tmp_path / WORKFLOWS['gitlab']}\n"
    assert not (inner / WORKFLOWS["gitlab"]).exists()
    workflow = tmp_path / WORKFLOWS["gitlab"]
    _valid(workflow, "gitlab")
    flow = _yaml(workflow)
    changes = ["docs/incidents repo/**/*", ".gitlab-ci.yml"]
    assert all(rule["changes"] == changes for job in ("check", "pages") for rule in flow[job]["rules"])
    for job in ("check", "pages"):
        cd = [line for line in flow[job]["script"] if line.startswith("cd ")]
        assert [shlex.split(line) for line in cd] == [["cd", "docs/incidents repo"]]
    assert flow["check"]["artifacts"]["reports"]["codequality"] == "docs/incidents repo/gl-code-quality-report.json"
    assert 'pm render --out "$CI_PROJECT_DIR/public"' in flow["pages"]["script"]
    assert flow["pages"]["artifacts"]["paths"] == ["public"]


def test_pip_downloads_are_cached(run: Run, tmp_path: Path) -> None:
    """Both services keep pip's downloads between runs, keyed on a file that exists: the workflow itself."""
    run("init", "repo", "--ci", "github")
    run("init", "repo", "--ci", "gitlab")
    github = _yaml(tmp_path / "repo" / WORKFLOWS["github"])
    setups = [s["with"] for job in github["jobs"].values() for s in job["steps"] if "setup-python" in s.get("uses", "")]
    assert len(setups) == 2
    for setup in setups:
        assert setup["cache"] == "pip"
        assert (tmp_path / "repo" / setup["cache-dependency-path"]).is_file()
    gitlab = _yaml(tmp_path / "repo" / WORKFLOWS["gitlab"])
    assert gitlab["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert gitlab["default"]["cache"] == {"key": {"files": [".gitlab-ci.yml"]}, "paths": [".cache/pip"]}


def test_docs_scan_job_is_valid_with_the_workflow(run: Run, tmp_path: Path) -> None:
    """The SARIF job of docs/ci.md, added to the written workflow, is valid; it can read the repository."""
    run("init", "repo", "--ci", "github")
    workflow = tmp_path / "repo" / WORKFLOWS["github"]
    scan = YAML(typ="safe", pure=True).load(_docs_block("  scan:"))
    assert scan["scan"]["permissions"] == {"contents": "read", "security-events": "write"}
    assert [["pip", "install", f"{DISTRIBUTION}=={__version__}"]] == _installs({"jobs": scan}, "github")
    workflow.write_text(workflow.read_text(encoding="utf-8") + _docs_block("  scan:"), encoding="utf-8")
    _valid(workflow, "github")
    assert set(_yaml(workflow)["jobs"]) == {"check", "publish", "scan"}


def _docs_block(start: str) -> str:
    """The YAML block of docs/ci.md that starts with *start*."""
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    return next(b for b in re.findall(r"```yaml\n(.*?)```", docs, flags=re.DOTALL) if b.startswith(start))
