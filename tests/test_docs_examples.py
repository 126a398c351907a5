"""The docs' examples are run: every ```console block of docs/*.md, command by command, output compared."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = sorted(path for path in (ROOT / "docs").glob("*.md") if "```console" in path.read_text(encoding="utf-8"))
TODAY = "1717372800"  # 2024-06-03: the day the examples are written for


def _steps(page: Path) -> list[tuple[str, list[str]]]:
    """Each ``$ command`` of the page's console blocks, with the output lines shown under it."""
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.DOTALL):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
    return steps


def _matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line equality, where ``...`` in an expected line stands for any text."""
    patterns = [re.compile(".*".join(re.escape(part) for part in line.split("...")) + r"\Z") for line in expected]
    return len(patterns) == len(actual) and all(p.match(line) for p, line in zip(patterns, actual, strict=True))


@pytest.mark.parametrize("page", DOCS, ids=lambda path: path.name)
def test_console_examples_run_as_shown(page: Path, example_repo: Path) -> None:
    """In a copy of the example repository, each command exits as its output implies and prints what is shown."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": TODAY, "NO_COLOR": "1", "COLUMNS": "100"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    cwd = example_repo
    steps = _steps(page)
    assert steps, page.name
    for command, expected in steps:
        if command.startswith("cd "):
            cwd = cwd / shlex.split(command)[1]
            continue
        done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, check=False)
        shown = (done.stdout + done.stderr).splitlines()
        assert _matches(expected, shown), f"{page.name}: $ {command}\n" + "\n".join(shown)
        failing = any(": error: " in line or line.startswith("pm: error") for line in expected)
        assert done.returncode == (1 if failing else 0), f"{page.name}: $ {command} exited {done.returncode}"
