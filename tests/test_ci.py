"""`pm init --ci`: workflows that the CI services accept, that check every change and publish from the main branch."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from postmortem import __version__
from tests.conftest import ROOT, Run

WORKFLOWS = {"github": ".github/workflows/postmortems.yml", "gitlab": ".gitlab-ci.yml"}
SCHEMAS = {"github": "vendor.github-workflows", "gitlab": "vendor.gitlab-ci"}


def _yaml(path: Path) -> Any:
    """Parse a workflow file."""
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("service", ["github", "gitlab"])
def test_workflow_is_valid_for_its_service(run: Run, tmp_path: Path, service: str) -> None:
    """The written workflow validates against the service's published schema (vendored by check-jsonschema)."""
    assert run("init", "repo", "--ci", service).exit_code == 0
    workflow = tmp_path / "repo" / WORKFLOWS[service]
    checker = Path(sys.executable).with_name("check-jsonschema")
    command = [str(checker), "--builtin-schema", SCHEMAS[service], str(workflow)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f'"postmortem=={__version__}"' in workflow.read_text(encoding="utf-8")


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
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
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
