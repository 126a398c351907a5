"""Hostile and broken input: pm explains every mistake, keeps working, loses nothing and lets nothing in."""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from postmortem import workers
from postmortem.load.limits import MAX_NODES
from postmortem.load.yaml import MAX_FILE_BYTES, load
from tests.conftest import CASES, ROOT, Run, calls, removals_done

GOOD = "id: GOOD-1\ntitle: A good file among bad ones\nstatus: draft\ndate: 2024-01-01\n"


def test_every_bad_case_is_explained_and_the_good_file_still_checked(run: Run, tmp_path: Path) -> None:
    """All the bad single-file cases in one folder: each gets a located problem, the good file none, no traceback."""
    folder = tmp_path / "incidents"
    folder.mkdir()
    cases = [case for case in (CASES / "check").glob("*.yaml") if case.name not in ("bom.yaml",)]
    for case in cases:
        shutil.copy(case, folder / case.name)
    (folder / "good.yaml").write_text(GOOD, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    for case in cases:
        assert f"incidents/{case.name}:" in result.output, case.name
    assert "incidents/good.yaml:" not in result.output


def test_huge_file_is_refused_without_being_read_whole(run: Run, tmp_path: Path) -> None:
    """A 50 MB file is refused after reading at most the limit: the check's memory stays far below the file."""
    (tmp_path / "incidents").mkdir()
    with (tmp_path / "incidents" / "huge.yaml").open("wb") as handle:
        handle.write(b"title: " + b"a" * (50 * 1024 * 1024) + b"\n")
    tracemalloc.start()
    try:
        result = run("check")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 25 * MAX_FILE_BYTES  # half the file (imports included): reading it whole would take twice this
    assert result.exit_code == 1
    assert (
        "incidents/huge.yaml:1:1: error: file is larger than 1,048,576 bytes, the limit for one file [too-large]"
        in result.output
    )


def test_long_timelines_hit_their_limit(run: Run, tmp_path: Path) -> None:
    """100,000 timeline entries exceed the file size limit; 2,001 entries exceed the timeline limit."""
    (tmp_path / "incidents").mkdir()
    entry = '  - {at: "2024-01-01 10:00", text: "x"}\n'
    head = "id: INC-{n}\ntitle: Long\nstatus: draft\ndate: 2024-01-01\ntimeline:\n"
    (tmp_path / "incidents" / "a.yaml").write_text(head.format(n=1) + entry * 100_000, encoding="utf-8")
    (tmp_path / "incidents" / "b.yaml").write_text(head.format(n=2) + entry * 2001, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "incidents/a.yaml:1:1: error: file is larger than" in result.output
    assert (
        "incidents/b.yaml:5:1: error: timeline: 2001 entries, more than the limit of 2000 [too-large]" in result.output
    )


def test_alias_bomb_is_refused_with_bounded_work_and_memory() -> None:
    """A billion-laughs document (387 million values) is refused after work bounded by the budget of values.

    Work is counted in function calls, not seconds: the same on a busy machine as on an idle one.
    """
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    found: list[Any] = []
    work = calls(lambda: found.append(load("bomb.yaml", "\n".join(lines).encode())))
    assert [p.rule for p in found[0].problems] == ["too-large"]
    assert work < 10 * MAX_NODES  # a few calls per value of the budget; expanding it would be thousands of times more
    smaller = calls(lambda: load("bomb.yaml", "\n".join(lines[:6]).encode()))  # already past the budget
    assert work < 1.1 * smaller  # three more levels of aliases cost nothing more: the budget stops both
    tracemalloc.start()  # measured apart: tracing memory slows Python down several times
    load("bomb.yaml", "\n".join(lines).encode())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 64 * 1024 * 1024


def _anchors(count: int) -> str:
    """A list of *count* anchored items, and one alias to the last."""
    return "items:\n" + "".join(f"  - &a{i} [1]\n" for i in range(count)) + f"again: *a{count - 1}\n"


def test_many_anchors_are_read_in_linear_work() -> None:
    """Tens of thousands of anchors (a 600 KB file): twice the anchors cost at most about twice the calls."""
    text = _anchors(40_000)
    doc = load("anchors.yaml", text.encode())
    small = calls(lambda: load("a.yaml", _anchors(20_000).encode()))
    large = calls(lambda: load("a.yaml", text.encode()))
    assert large <= 2.2 * small, (small, large)
    assert doc.problems == ()
    assert doc.data["again"] == [1]
    assert doc.where(("again", 0)) == (40_001, 14)  # where the repeated list holds it


def test_symlink_outside_the_repository_is_not_read(run: Run, tmp_path: Path) -> None:
    """A symbolic link to /etc/passwd in the incidents folder is named and refused."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "passwd.yaml").symlink_to("/etc/passwd")
    result = run("check")
    assert result.exit_code == 1
    assert "incidents/passwd.yaml:1:1: error: symbolic link to /etc/passwd, outside the repository" in result.output
    assert "root:" not in result.output


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ config.__class__.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{% set x = incident.actions.append(1) %}",
    ],
)
def test_templates_cannot_reach_python_internals(run: Run, tmp_path: Path, payload: str) -> None:
    """Known sandbox escapes in a project template stop with a template error, not a shell."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "report.md.j2").write_text(payload + "\n", encoding="utf-8")
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert "template error in templates/report.md.j2:1:" in result.stderr
    assert "uid=" not in result.output + result.stderr


def _pm(*args: str, cwd: Path) -> subprocess.Popen[str]:
    """Start ``pm`` as a separate process."""
    return subprocess.Popen([sys.executable, "-m", "postmortem", *args], cwd=cwd, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip


def test_two_pm_new_at_once_never_overwrite(tmp_path: Path) -> None:
    """Two `pm new` for the same title at the same moment: one writes, the other refuses."""
    (tmp_path / "incidents").mkdir()
    for _ in range(3):
        processes = [_pm("new", "Same title", "--date", "2024-01-01", cwd=tmp_path) for _ in range(2)]
        codes = sorted(p.wait() for p in processes)
        assert codes == [0, 1]
        errors = "".join(p.stderr.read() for p in processes if p.stderr)
        assert "already exists" in errors or "refusing to overwrite" in errors
        (tmp_path / "incidents" / "2024-01-01-same-title.yaml").unlink()


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _workers_in(folder: Path) -> list[int]:
    """Processes of pm still running in *folder* (Linux: read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            mine = entry.name.isdigit() and Path(entry / "cwd").resolve() == folder.resolve()
            if mine and b"postmortem" in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
def test_interrupted_render_keeps_the_previous_output(example_repo: Path) -> None:
    """Killing `pm render` at random moments always leaves the previous output whole, and no leftovers after."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1748736000"}
    subprocess.run([sys.executable, "-m", "postmortem", "render"], cwd=example_repo, check=True, env=env,
                   capture_output=True)  # fmt: skip
    before = _snapshot(example_repo / "site")
    pace = random.Random(20251127)
    for _ in range(5):
        process = subprocess.Popen([sys.executable, "-m", "postmortem", "render", "--force"], cwd=example_repo,
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        time.sleep(pace.uniform(0.2, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        site = example_repo / "site"
        if site.exists():
            assert _snapshot(site).keys() == before.keys()
        else:  # killed between the two renames of the swap: the next build puts the old output back
            assert list(example_repo.glob(".site.old-*"))
    deadline = time.monotonic() + 10
    while _workers_in(example_repo) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _workers_in(example_repo) == [], "pool workers outlived their killed parent"
    result = subprocess.run([sys.executable, "-m", "postmortem", "render"], cwd=example_repo, env=env,
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _snapshot(example_repo / "site").keys() == before.keys()
    removals_done(example_repo)
    assert sorted(p.name for p in example_repo.iterdir() if p.name.startswith(".")) == []


def _orphan() -> None:
    """A pool worker whose parent died between the fork and the worker's start: it must not wait forever."""
    workers._FORKED_FROM = 2**22 + 1  # the parent that forked it, gone (pids never reach this number on Linux)
    workers.start_worker(False)
    time.sleep(600)


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked on POSIX")
def test_a_worker_whose_parent_died_before_it_started_ends() -> None:
    """A worker watches the process that forked it, not whichever process adopted it once it was orphaned."""
    child = multiprocessing.get_context("fork").Process(target=_orphan)
    child.start()
    child.join(timeout=120)  # far from the normal case: it ends at once
    if child.exitcode is None:
        child.kill()
    assert child.exitcode == 1


def _stays() -> int:
    """A call that would keep its forked process busy long after the build that started it failed."""
    time.sleep(600)
    return os.getpid()


def _pid() -> int:
    """The process a forked call runs in."""
    return os.getpid()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked on POSIX")
def test_a_call_forked_for_a_failed_build_ends_with_it() -> None:
    """``pm serve`` goes on after a failed build: what the build forked (index.md, the lessons) is ended, not left."""
    done = workers.in_forked_process(_pid)
    child = done()
    assert child != os.getpid()
    assert not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text().lower()
    pending = workers.in_forked_process(_stays)
    children = set(multiprocessing.active_children())
    assert children
    pending.cancel()
    assert not set(multiprocessing.active_children()) & children
    pending.cancel()  # twice: nothing more to end


def test_ids_cannot_escape_the_output_folder(run: Run, tmp_path: Path) -> None:
    """Ids that look like paths or reserved names are refused before anything is written."""
    (tmp_path / "incidents").mkdir()
    for name, incident_id in (("a", "../../evil"), ("b", "/etc/passwd"), ("c", "NUL"), ("d", "x" * 81)):
        (tmp_path / "incidents" / f"{name}.yaml").write_text(
            f'id: "{incident_id}"\ntitle: t\nstatus: draft\ndate: 2024-01-01\n', encoding="utf-8"
        )
    result = run("render")
    assert result.exit_code == 1
    assert result.stderr.count("error:") >= 4
    assert not (tmp_path / "site").exists()
    assert not (tmp_path.parent / "evil.md").exists()
    assert ROOT.is_dir()
