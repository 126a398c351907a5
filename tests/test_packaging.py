"""The wheel carries the templates and their compiled code: `pm` installed in a fresh venv works from any folder."""

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
from postmortem.render import compiled
from tests.conftest import ROOT

# Loads every built-in template through pm's environment and prints how many, and those Jinja had to compile.
SHIPPED = """
import pathlib, jinja2
from postmortem.config.model import Config
from postmortem.render import compiled
from postmortem.render.templating import environment
made, compile_source = [], jinja2.Environment.compile
jinja2.Environment.compile = lambda self, *args, **kwargs: made.append(args[1]) or compile_source(self, *args, **kwargs)
env = environment(Config(root=pathlib.Path.cwd()))
for name in compiled.TEMPLATES:
    env.get_template(name)
print(len(compiled.TEMPLATES), made)
"""


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
    shipped = subprocess.run([bin_dir / "python", "-c", SHIPPED], cwd=work, capture_output=True, text=True, check=True)
    assert shipped.stdout.split(" ", 1) == [str(len(compiled.TEMPLATES)), "[]\n"]  # none compiled: all shipped
