"""The wheel carries the templates: `pm` installed in a fresh virtual environment works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
def test_wheel_in_fresh_venv(tmp_path: Path) -> None:
    """Build the wheel, install it alone in a new venv, and run init, new and check from another folder."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("postmortem-*.whl"))
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([bin_dir / "python", "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True)
    work = tmp_path / "work"
    work.mkdir()

    def pm(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([bin_dir / "pm", *args], cwd=work, capture_output=True, text=True, check=False)

    assert pm("init").returncode == 0
    created = pm("new", "Wheel smoke test", "--severity", "P3")
    assert created.returncode == 0, created.stderr
    checked = pm("check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.strip().startswith("All good: 3 files checked")
