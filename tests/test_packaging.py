"""The wheel carries the templates: `pm` installed in a fresh virtual environment works from any folder."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

from postmortem import DISTRIBUTION, __version__
from tests.conftest import ROOT


def test_distribution_name_is_the_one_pm_installs() -> None:
    """The name in pyproject.toml is the one generated workflows install; the installed checkout answers to it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == DISTRIBUTION == "postmortem-as-code"
    assert project["scripts"] == {"pm": "postmortem.cli.main:run"}
    assert importlib.metadata.version(DISTRIBUTION) == __version__


@pytest.mark.slow
def test_wheel_in_fresh_venv(tmp_path: Path, wheel: Path) -> None:
    """Install the wheel alone in a new venv, and run init, new and check from another folder."""
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(f"postmortem_as_code-{__version__}.dist-info/METADATA").decode("utf-8")
    assert f"Name: {DISTRIBUTION}\n" in metadata
    assert f"Version: {__version__}\n" in metadata
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
