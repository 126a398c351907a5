"""Shared fixtures: a CLI runner working in a temporary folder, and the example repository."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from postmortem.cli.main import main
from postmortem.load.homes import SECRET_FILE, key_home
from postmortem.load.trusted import Seal, read_states, write_states
from postmortem.model.incident import Incident
from postmortem.write.staging import settle

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"

Run = Callable[..., Result]

# Hypothesis times each example (a deadline) and the drawing of inputs (a health check): both are wall-clock
# limits, which a busy machine breaks while the work stays the same. Work is bounded by the tests themselves.
settings.register_profile("pm", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("pm")


def calls(
    work: Callable[[], Any], *, of: CodeType | None = None, counts: Callable[[FrameType, str, Any], bool] | None = None
) -> int:
    """How many Python functions *work* calls (only *of* when given): a count of work, whatever the machine's speed.

    *counts*: which events count instead, from what the profiler is given (``c_call`` events name built-ins).
    """
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if counts is not None:
            count += counts(frame, event, arg)
        else:
            count += event == "call" and (of is None or frame.f_code is of)

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def removals_done(parent: Path) -> None:
    """Wait until pm's own folders next to an output, which pm processes remove in the background, are gone (60 s)."""
    deadline = time.monotonic() + 60
    ours = re.compile(r"\..+\.(tmp|old|del)-[0-9a-f]{32}")
    while any(ours.fullmatch(path.name) for path in parent.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)


def fresh(incident: Incident, **changes: object) -> Incident:
    """The incident with *changes*, none of its computed values kept from before."""
    changed = incident.model_copy(update=changes)
    for name, member in vars(Incident).items():
        if isinstance(member, cached_property):
            changed.__dict__.pop(name, None)
    return changed


@pytest.fixture(autouse=True)
def cache_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of its own for each test (and the pm processes it starts): not the user's, not the sources.

    The key pm seals its cache with has a folder of its own too, apart from the cache (see :func:`user_key`).
    """
    folder = tmp_path_factory.mktemp("pm-cache")
    monkeypatch.setenv("PM_CACHE_DIR", str(folder))
    monkeypatch.setenv("PM_KEY_DIR", str(tmp_path_factory.mktemp("pm-key")))
    return folder


def user_key() -> bytes:
    """The user's key, as pm keeps it (in ``$PM_KEY_DIR``): what seals the cache, which no repository can read."""
    folder = key_home()
    assert folder is not None
    return bytes.fromhex((folder / SECRET_FILE).read_text("ascii"))


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run ``pm ARGS`` in *tmp_path*; the result keeps stdout and stderr apart.

    The folders a build removes in the background are gone when it returns, as they are a moment later for a user.
    """
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        try:
            return runner.invoke(main, list(args), catch_exceptions=False)
        finally:
            settle()

    return invoke


def copy_example(target: Path) -> Path:
    """Copy the example repository shipped with pm into *target*: config, incidents, risks, procedures, pages."""
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    shutil.copy(ROOT / "risks.yaml", target / "risks.yaml")
    for folder in ("incidents", "runbooks", "pages"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture
def example_repo(tmp_path: Path) -> Path:
    """A copy of the example incident repository shipped with pm: config, incidents, risks, procedures, pages."""
    return copy_example(tmp_path)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout, built once per test session, for the tests that install pm as a team would."""
    dist = tmp_path_factory.mktemp("dist")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist), str(ROOT)]
    subprocess.run(command, check=True, capture_output=True)
    return next(dist.glob("postmortem_as_code-*.whl"))


def example_or_generated(repo: Path, kind: str) -> None:
    """Fill *repo* with the example repository (*kind* "example") or 40 incidents of the benchmark's generator."""
    if kind == "example":
        copy_example(repo)
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(repo, 40)


def forge_shards(shards: list[Path], *, own: Seal, seal: Seal | None, old: str, new: str, checksum: bool) -> int:
    """Rewrite the entries of cache *shards* (read with pm's *own* seal) with *new* for *old*; how many changed.

    The forged shards are sealed with *seal*, or headed by a plain hash with *checksum* (the format of pm's
    unsealed files): what someone who can write the cache folder, but has not the user's key, could make.
    """
    forged = 0
    for shard in shards:
        entries = read_states(shard, seal=own)
        changed = {k: v.replace(old.encode(), new.encode()) for k, v in entries.items()}
        forged += sum(changed[k] != entries[k] for k in entries)
        if checksum:
            body = b"\n".join(k.encode() + b"\t" + v for k, v in changed.items())
            shard.write_bytes(hashlib.blake2b(body, digest_size=20).hexdigest().encode() + b"\n" + body)
        else:
            assert write_states(shard, changed, seal=seal)
    return forged
