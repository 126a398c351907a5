"""Hostile file systems around the output and the scaffolds: pm touches only what it made, and fails cleanly.

pm removes only the folders it marked, never writes through a link, holds its build lock alone, and turns a
failed write into a clear error that leaves the previous output whole.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from postmortem.cli.main import main
from postmortem.errors import PmError
from postmortem.load.trusted import Seal
from postmortem.load.yaml import load
from postmortem.model.head import Head
from postmortem.model.incident import Incident
from postmortem.model.state import codec
from postmortem.write import sweep
from postmortem.write.manifest import Output, PreviousOutput
from postmortem.write.staging import Staging
from tests.conftest import ROOT, Run, calls, forge_shards, removals_done, user_key

GOOD = "id: GOOD-1\ntitle: A good file\nstatus: draft\ndate: 2024-01-01\n"
TOKEN = "0123456789abcdef" * 2


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with one incident, ready to render."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "good.yaml").write_text(GOOD, encoding="utf-8")
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a folder, by relative path (links read as what they point to)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _pm(*args: str, cwd: Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``pm ARGS`` in its own process, with files limited to *limit* bytes when given (a full disk)."""
    code = "import resource, sys, runpy\n"
    if limit is not None:
        code += f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
    code += "sys.argv = ['pm', *sys.argv[1:]]\nrunpy.run_module('postmortem', run_name='__main__')\n"
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1748736000"}
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True,
                          env=environment, check=False)  # fmt: skip


# Leftovers: only pm's marked folders are removed or put back


def _not_ours(repo: Path) -> dict[str, Path]:
    """Folders next to the output that look like pm's leftovers but that pm did not make."""
    outside = repo.parent / f"{repo.name}-outside"
    outside.mkdir()
    (outside / MARK).write_text(f"{TOKEN}\n", encoding="utf-8")
    folders = {
        "backup": repo / ".site.old-2024",
        "mine": repo / ".site.tmp-mine",
        "unmarked": repo / f".site.old-{TOKEN}",
        "wrong-token": repo / f".site.tmp-{'f' * 32}",
        "unmarked, as if being removed": repo / f".site.del-{'a' * 32}",
        "wrong token, as if being removed": repo / f".site.del-{'d' * 32}",
    }
    for name, folder in folders.items():
        folder.mkdir()
        (folder / "keep.txt").write_text(name, encoding="utf-8")
    (folders["wrong-token"] / MARK).write_text(f"{TOKEN}\n", encoding="utf-8")
    (folders["wrong token, as if being removed"] / MARK).write_text(f"{TOKEN}\n", encoding="utf-8")
    (repo / f".site.del-{TOKEN}").symlink_to(outside, target_is_directory=True)  # the token the folder holds
    folders["link, as if being removed"] = repo / f".site.del-{TOKEN}"
    link = repo / f".site.old-{TOKEN.upper()}"
    link.symlink_to(outside, target_is_directory=True)
    folders["link"] = link
    (repo / f".site.tmp-{'e' * 32}").symlink_to(outside, target_is_directory=True)
    folders["link to a marked folder"] = repo / f".site.tmp-{'e' * 32}"
    return folders


MARK = ".pm-made"


def test_folders_pm_did_not_make_are_never_removed(run: Run, repo: Path) -> None:
    """Backups named like pm's leftovers (`.site.old-2024`, unmarked, wrongly marked, links) survive every render."""
    folders = _not_ours(repo)
    before = {name: _snapshot(folder) for name, folder in folders.items()}
    for _ in range(2):
        assert run("render", "--format", "md").exit_code == 0
        assert {name: _snapshot(folder) for name, folder in folders.items()} == before
    assert all(os.path.lexists(folder) for folder in folders.values())
    assert (repo / "site" / "GOOD-1.md").is_file()


def test_a_backup_is_never_moved_into_place(run: Run, repo: Path) -> None:
    """With no output folder, a user's `.site.old-mine` stays where it is: the render makes a new output."""
    backup = repo / ".site.old-mine"
    backup.mkdir()
    (backup / "precious.txt").write_text("mine", encoding="utf-8")
    (backup / ".pm-build.json").write_text('{"files": {}}', encoding="utf-8")
    assert run("render", "--format", "md").exit_code == 0
    assert (backup / "precious.txt").read_text(encoding="utf-8") == "mine"
    assert not (repo / "site" / "precious.txt").exists()


def test_a_cut_swap_is_mended_from_pm_s_own_marked_folder(run: Run, repo: Path) -> None:
    """A swap cut between its two renames (output gone, pm's marked old folder there) is put back, then rebuilt."""
    assert run("render", "--format", "md").exit_code == 0
    before = _snapshot(repo / "site")
    old = repo / f".site.old-{TOKEN}"
    (repo / "site").rename(old)
    (old / MARK).write_text(f"{TOKEN}\n", encoding="utf-8")
    assert run("render", "--format", "md").exit_code == 0
    assert _snapshot(repo / "site") == before
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".site")) == []


def _marked(folder: Path, token: str) -> Path:
    """A folder as pm marks its own, holding a file of its previous life."""
    folder.mkdir()
    (folder / "GOOD-1.md").write_text("from a folder being removed", encoding="utf-8")
    (folder / "pagefind").mkdir()
    (folder / "pagefind" / "a.pf_fragment").write_text("x", encoding="utf-8")
    (folder / MARK).write_text(f"{token}\n", encoding="utf-8")
    return folder


def _beside(repo: Path) -> list[str]:
    """The names of pm's folders next to the output (after the removals the builds started are done)."""
    removals_done(repo)
    return sorted(p.name for p in repo.iterdir() if p.name.startswith(".site."))


def test_the_output_swapped_out_is_the_next_builds_spare(run: Run, repo: Path) -> None:
    """The output a swap replaced stays beside the new one, and the next build fills it again: no build removes one.

    One spare at a time, its files shared with the output by their links; git does not list it, and what makes it
    so (its `.gitignore`) is never published.
    """
    assert run("render", "--format", "md").exit_code == 0
    assert _beside(repo) == []  # the first output replaced none
    (repo / "incidents" / "good.yaml").write_text(GOOD.replace("A good", "A better"), encoding="utf-8")
    assert calls(lambda: run("render", "--format", "md"), of=sweep.remove.__code__) == 0
    [spare] = _beside(repo)
    assert spare.startswith(".site.spare-")
    assert (repo / spare / ".gitignore").read_text(encoding="utf-8").endswith("\n*\n")
    assert "A good file" in (repo / spare / "GOOD-1.md").read_text(encoding="utf-8")
    (repo / "incidents" / "good.yaml").write_text(GOOD.replace("A good", "A fine"), encoding="utf-8")
    assert calls(lambda: run("render", "--format", "md"), of=shutil.rmtree.__code__) == 0
    assert calls(lambda: run("render", "--format", "md"), of=sweep.remove.__code__) == 0
    assert "A fine file" in (repo / "site" / "GOOD-1.md").read_text(encoding="utf-8")
    [again] = _beside(repo)
    assert again != spare  # the spare became the output, and the output the spare
    assert "A better file" in (repo / again / "GOOD-1.md").read_text(encoding="utf-8")
    assert not (repo / "site" / ".gitignore").exists()
    assert not (repo / "site" / ".pm-made").exists()


def test_the_output_swapped_out_is_removed_here_when_no_process_can_start(
    run: Run, repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build told to render all anew keeps no spare; with no interpreter to start, it removes the old output."""
    assert run("render", "--format", "md").exit_code == 0
    (repo / "incidents" / "good.yaml").write_text(GOOD.replace("A good", "A better"), encoding="utf-8")
    monkeypatch.setattr(sys, "executable", "")
    assert calls(lambda: run("render", "--format", "md", "--force"), of=sweep.remove.__code__) == 1
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".site")) == []


def test_a_removal_cut_short_is_finished_by_the_next_build(run: Run, repo: Path) -> None:
    """The marked folders being removed (`.del-`), or swapped out and left (`.old-`), go with the next build."""
    assert run("render", "--format", "md").exit_code == 0
    before = _snapshot(repo / "site")
    _marked(repo / f".site.del-{TOKEN}", TOKEN)
    _marked(repo / f".site.old-{'b' * 32}", "b" * 32)
    assert run("render", "--format", "md").exit_code == 0
    assert _snapshot(repo / "site") == before
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".site")) == []


def test_a_folder_being_removed_is_never_put_back(run: Run, repo: Path) -> None:
    """With the output gone and only a marked folder being removed next to it, the build makes a new output."""
    _marked(repo / f".site.del-{TOKEN}", TOKEN)
    assert run("render", "--format", "md").exit_code == 0
    assert "A good file" in (repo / "site" / "GOOD-1.md").read_text(encoding="utf-8")
    assert not (repo / "site" / "pagefind").exists()
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".site")) == []


def test_a_removal_takes_the_marker_last(tmp_path: Path) -> None:
    """What the removal leaves when it is cut short still carries the marker: the next build knows it as pm's."""
    folder = _marked(tmp_path / f".site.del-{TOKEN}", TOKEN)
    removed: list[str] = []
    real_unlink = Path.unlink

    def unlink(path: Path, missing_ok: bool = False) -> None:
        removed.append(path.name)
        real_unlink(path, missing_ok=missing_ok)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "unlink", unlink)
        sweep.remove(folder, marker=MARK)
    assert removed[-1] == MARK
    assert not folder.exists()


def test_linking_unchanged_files_calls_nothing_per_file(tmp_path: Path) -> None:
    """Placing thousands of unchanged files costs the system's links, no Python call of pm's or pathlib's per file."""
    out = tmp_path / "site"
    paths = [f"INC-{number}.html" for number in range(2_000)]
    paths += [f"pagefind/shard-{number % 8}/fragment/f{number}.pf" for number in range(500)]
    for path in paths:
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(path, encoding="utf-8")
    staging = Staging(out)
    outputs = [Output(path=path, fingerprint="f") for path in paths]
    try:
        assert calls(lambda: staging.place(outputs)) < 400
        assert all((staging.folder / path).read_text(encoding="utf-8") == path for path in paths)
        assert staging.fingerprints == dict.fromkeys(paths, "f")
    finally:
        staging.discard()


# The output folder itself


def test_an_output_that_is_a_link_is_refused_and_left_alone(run: Run, repo: Path) -> None:
    """`site -> elsewhere` is never renamed away nor written through; a dangling link is a clear error too."""
    web = repo.parent / f"{repo.name}-www"
    assert run("render", "--format", "md", "--out", str(web)).exit_code == 0
    before = _snapshot(web)
    (repo / "site").symlink_to(web, target_is_directory=True)
    result = run("render", "--format", "md", "--force")
    assert result.exit_code == 1
    assert "'site' leads through a symbolic link to" in result.stderr
    assert (repo / "site").is_symlink()
    assert _snapshot(web) == before
    (repo / "site").unlink()
    (repo / "site").symlink_to(repo.parent / "nowhere", target_is_directory=True)
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert "symbolic link" in result.stderr
    assert (repo / "site").is_symlink()
    assert not (repo.parent / "nowhere").exists()


def test_a_folder_pm_did_not_make_is_refused(run: Run, repo: Path) -> None:
    """A non-empty output folder without pm's manifest is refused and kept; an empty one is used."""
    (repo / "site").mkdir()
    (repo / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert "not made by pm" in result.stderr
    assert (repo / "site" / "notes.txt").read_text(encoding="utf-8") == "mine"
    (repo / "site" / "notes.txt").unlink()
    assert run("render", "--format", "md").exit_code == 0
    assert (repo / "site" / "GOOD-1.md").is_file()


def test_a_previous_output_s_links_are_not_followed(run: Run, repo: Path) -> None:
    """A file of the previous output replaced by a link to a file outside is rendered again, never published."""
    secret = repo.parent / f"{repo.name}-secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    assert run("render", "--format", "md,html").exit_code == 0
    for name in ("GOOD-1.md", "GOOD-1.html"):
        (repo / "site" / name).unlink()
        (repo / "site" / name).symlink_to(secret)
    assert run("render", "--format", "md,html").exit_code == 0
    published = _snapshot(repo / "site")
    assert not any(b"TOP SECRET" in data for data in published.values())
    assert not any(path.is_symlink() for path in (repo / "site").rglob("*"))
    assert b"A good file" in published["GOOD-1.md"]


def test_a_previous_output_s_linked_folder_is_not_followed(run: Run, repo: Path) -> None:
    """A folder of the previous output (the search bundle) replaced by a link to a folder outside is not kept."""
    outside = repo.parent / f"{repo.name}-outside"
    assert run("render", "--format", "md,html").exit_code == 0
    shutil.copytree(repo / "site" / "pagefind", outside)
    for path in outside.rglob("*"):
        if path.is_file():
            path.write_bytes(b"TOP SECRET")
    shutil.rmtree(repo / "site" / "pagefind")
    (repo / "site" / "pagefind").symlink_to(outside, target_is_directory=True)
    assert run("render", "--format", "md,html").exit_code == 0
    published = _snapshot(repo / "site")
    assert not any(b"TOP SECRET" in data for data in published.values())
    assert not any(path.is_symlink() for path in (repo / "site").rglob("*"))
    assert any(path.startswith("pagefind/") for path in published)


# The build lock

HOLD = """
import os, sys
from pathlib import Path
from postmortem.errors import PmError
from postmortem.write.lock import locked
out, room, tries = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
sys.stdin.read(1)  # every process starts at once
held = clashes = 0
for _ in range(tries):
    try:
        with locked(out):
            try:
                os.close(os.open(room / "holder", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                clashes += 1
                continue
            held += 1
            for _ in range(50):
                os.sched_yield()
            os.unlink(room / "holder")
    except PmError:
        pass
print(held, clashes)
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and links are POSIX")
def test_the_previous_output_holds_only_its_own_regular_files(tmp_path: Path) -> None:
    """Only a regular file reached through real folders counts as kept: no link, FIFO, folder or way out."""
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    (out / "a" / "b").mkdir(parents=True)
    elsewhere.mkdir()
    for name in ("top.html", "a/b/deep.html", "a/folder-named.html/inner"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("x", encoding="utf-8")
    (elsewhere / "secret.html").write_text("x", encoding="utf-8")
    (out / "linked.html").symlink_to(elsewhere / "secret.html")
    (out / "linked-folder").symlink_to(elsewhere)
    (out / "a" / "linked-inner").symlink_to(out / "a" / "b")
    os.mkfifo(out / "fifo.html")
    held = PreviousOutput(out)
    assert [held.holds(path) for path in ("top.html", "a/b/deep.html", "a/folder-named.html/inner")] == [True] * 3
    refused = ["linked.html", "linked-folder/secret.html", "a/linked-inner/deep.html", "fifo.html", "a",
               "a/folder-named.html", "../elsewhere/secret.html", "a/../top.html", "/top.html", "", "a//b/deep.html",
               "missing.html", "missing/top.html", "top.html/x", "nul\0.html"]  # fmt: skip
    assert [path for path in refused if held.holds(path)] == []


def test_the_lock_is_held_by_one_process_at_a_time(tmp_path: Path) -> None:
    """Sixteen processes taking the lock again and again, started at once: never two inside together."""
    room = tmp_path / "room"
    room.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", HOLD, str(tmp_path / "site"), str(room), "40"],
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(16)
    ]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("g")
        process.stdin.close()
    counts = []
    for process in processes:
        assert process.stdout is not None
        counts.append(tuple(map(int, process.stdout.read().split())))
        process.wait()
    assert all(process.returncode == 0 for process in processes)
    assert sum(clashes for _, clashes in counts) == 0
    assert sum(held for held, _ in counts) > 0, counts  # the lock was taken (how often depends on the scheduler)
    assert not (tmp_path / ".site.lock").exists()


def test_a_render_while_another_holds_the_lock_is_refused(run: Run, repo: Path) -> None:
    """A held lock stops a render with the holder's process id; killed, the holder leaves nothing that blocks."""
    code = "import sys; from pathlib import Path; from postmortem.write.lock import locked\n"
    code += "with locked(Path('site')):\n    print('held', flush=True)\n    sys.stdin.read()\n"
    holder = subprocess.Popen([sys.executable, "-c", code], cwd=repo, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert f"another pm render (process {holder.pid}) is writing site" in result.stderr
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert (repo / ".site.lock").exists()  # left by the killed process: it no longer means anything
    assert run("render", "--format", "md").exit_code == 0
    (repo / ".site.lock").write_text(str(os.getppid()), encoding="utf-8")  # a live process's id in a stale file
    assert run("render", "--format", "md", "--force").exit_code == 0
    assert not (repo / ".site.lock").exists()


def test_renders_started_together_each_finish_or_stop_cleanly(repo: Path) -> None:
    """Six renders of one output at once: each writes or stops with the lock's message; the output ends whole."""
    assert _pm("render", "--format", "md", cwd=repo).returncode == 0
    before = _snapshot(repo / "site")
    code = "import sys, runpy; sys.stdin.read(1); sys.argv = ['pm', *sys.argv[1:]]\n"
    code += "runpy.run_module('postmortem', run_name='__main__')\n"
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "SOURCE_DATE_EPOCH": "1748736000"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, "render", "--format", "md", "--force"],
            cwd=repo,
            env=environment,
            stdin=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(6)
    ]
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("g")
        process.stdin.close()
    for process in processes:
        assert process.stderr is not None
        errors = process.stderr.read()
        assert process.wait() in (0, 1)
        assert process.returncode == 0 or "another pm render" in errors, errors
    assert _snapshot(repo / "site") == before
    removals_done(repo)
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".")) == []


def test_a_lock_that_is_a_link_is_refused(run: Run, repo: Path) -> None:
    """A `.site.lock` planted as a link is not opened through: a clear error, its target untouched."""
    target = repo.parent / f"{repo.name}-target.txt"
    target.write_text("keep", encoding="utf-8")
    (repo / ".site.lock").symlink_to(target)
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert ".site.lock" in result.stderr
    assert "not a plain file" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep"


def test_a_lock_file_holding_something_else_is_left_alone(run: Run, repo: Path) -> None:
    """A `.site.lock` that holds more than a process id is not pm's: refused, neither emptied nor removed."""
    (repo / ".site.lock").write_text("notes: keep me\n", encoding="utf-8")
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert "holds something pm did not write" in result.stderr
    assert (repo / ".site.lock").read_text(encoding="utf-8") == "notes: keep me\n"
    (repo / ".site.lock").write_text("12345", encoding="utf-8")  # a lock left by a build that was killed
    assert run("render", "--format", "md").exit_code == 0


# A full disk, a folder that cannot be written


def test_a_full_disk_is_a_clear_error_and_the_previous_output_stays(example_repo: Path) -> None:
    """Writes that fail (files limited to 8 KB: a full disk) give one clear error, exit 1, the old site whole."""
    assert _pm("render", "--format", "md", cwd=example_repo).returncode == 0
    before = _snapshot(example_repo / "site")
    assert max(map(len, before.values())) > 8_000
    result = _pm("render", "--format", "md", "--force", cwd=example_repo, limit=8_000)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "pm: error: cannot write site/" in result.stderr
    assert "File too large" in result.stderr
    assert "site is unchanged" in result.stderr
    assert _snapshot(example_repo / "site") == before
    assert [p.name for p in example_repo.iterdir() if p.name.startswith(".site")] == []


def test_an_output_that_cannot_be_a_folder_is_a_clear_error(run: Run, repo: Path) -> None:
    """An output under a file (no folder can be made there) is a clear error, not a traceback."""
    (repo / "plain").write_text("a file", encoding="utf-8")
    result = run("render", "--format", "md", "--out", "plain/site")
    assert result.exit_code == 1
    assert "pm: error: cannot write plain" in result.stderr
    assert (repo / "plain").read_text(encoding="utf-8") == "a file"


def test_a_full_disk_leaves_the_schema_whole(tmp_path: Path) -> None:
    """`pm schema --write` that cannot finish leaves the previous schema as it was."""
    assert _pm("init", cwd=tmp_path).returncode == 0
    schema = tmp_path / "incident.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace("Post-mortems", "Old"), encoding="utf-8")
    before = schema.read_bytes()
    result = _pm("schema", "--write", cwd=tmp_path, limit=2_000)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "File too large" in result.stderr
    assert "is unchanged" in result.stderr
    assert schema.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []


def test_a_full_disk_during_init_leaves_nothing(tmp_path: Path) -> None:
    """`pm init` that cannot write its files stops with a clear error and removes what it had created."""
    result = _pm("init", cwd=tmp_path, limit=600)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "File too large; nothing was written" in result.stderr
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes whatever the permissions say")
def test_a_read_only_folder_is_a_clear_error(repo: Path) -> None:
    """An output whose folder cannot be written is a clear error, and the previous output stays whole."""
    assert _pm("render", "--format", "md", cwd=repo).returncode == 0
    before = _snapshot(repo / "site")
    repo.chmod(0o555)
    try:
        result = _pm("render", "--format", "md", "--force", cwd=repo)
    finally:
        repo.chmod(0o755)
    assert result.returncode == 1
    assert "Permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(repo / "site") == before


# Authored files: never overwritten, never written through a link


@pytest.mark.parametrize("name", ["pm.toml", "notes.md", "incidents/good.yaml"])
def test_schema_write_never_replaces_an_authored_file(run: Run, repo: Path, name: str) -> None:
    """`pm schema --write` replaces only a schema pm wrote: a configured schema_file naming another file is refused."""
    (repo / "notes.md").write_text("# notes\n", encoding="utf-8")
    config = f'schema_file = "{name}"\n'
    (repo / "pm.toml").write_text(config, encoding="utf-8")
    before = _snapshot(repo)
    result = run("schema", "--write")
    assert result.exit_code == 1
    assert "pm did not write it" in result.stderr
    assert _snapshot(repo) == before


def test_schema_write_replaces_its_own_file_only_inside_the_repository(run: Run, repo: Path) -> None:
    """The schema pm wrote is refreshed; a link, or a schema_file outside the repository, is refused."""
    assert run("schema", "--write").exit_code == 0
    schema = repo / "incident.schema.json"
    schema.write_text(schema.read_text(encoding="utf-8").replace("Post-mortems", "Old"), encoding="utf-8")
    assert run("schema", "--write").exit_code == 0
    assert "Old" not in schema.read_text(encoding="utf-8")
    generated = schema.read_text(encoding="utf-8")
    outside = repo.parent / f"{repo.name}-schema.json"
    outside.write_text(generated, encoding="utf-8")
    schema.unlink()
    schema.symlink_to(outside)
    result = run("schema", "--write")
    assert result.exit_code == 1
    assert "leads through a symbolic link to" in result.stderr
    assert schema.is_symlink()
    (repo / "pm.toml").write_text(f'schema_file = "../{outside.name}"\n', encoding="utf-8")
    result = run("schema", "--write")
    assert result.exit_code == 1
    assert "outside" in result.stderr
    assert outside.read_text(encoding="utf-8") == generated


def test_new_never_writes_through_a_planted_link(run: Run, repo: Path) -> None:
    """A link where `pm new` would write (the incident, the schema) is never written through."""
    target = repo.parent / f"{repo.name}-target"
    (repo / "incidents" / "2024-01-01-same-title.yaml").symlink_to(target)
    result = run("new", "Same title", "--date", "2024-01-01")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    (repo / "incidents" / "2024-01-01-same-title.yaml").unlink()
    (repo / "incident.schema.json").symlink_to(target)
    result = run("new", "Same title", "--date", "2024-01-01")
    assert result.exit_code == 1, "a configured file that leads out of the repository stops every command"
    assert "leads through a symbolic link to" in result.stderr
    assert not target.exists()
    assert (repo / "incident.schema.json").is_symlink()


def test_new_does_not_follow_a_linked_folder_out_of_the_repository(run: Run, repo: Path) -> None:
    """An incidents folder that is a link leading outside the repository is not written into."""
    outside = repo.parent / f"{repo.name}-elsewhere"
    outside.mkdir()
    (repo / "pm.toml").write_text('incidents = "linked"\n', encoding="utf-8")
    (repo / "linked").symlink_to(outside, target_is_directory=True)
    result = run("new", "Escape", "--date", "2024-01-01")
    assert result.exit_code == 1
    assert "outside" in result.stderr
    assert list(outside.iterdir()) == []


def test_init_never_writes_through_a_planted_link(run: Run, tmp_path: Path) -> None:
    """`pm init` in a folder holding a dangling link at one of its files writes nothing, and not through it."""
    target = tmp_path.parent / f"{tmp_path.name}-gitignore"
    (tmp_path / ".gitignore").symlink_to(target)
    result = run("init")
    assert result.exit_code == 1
    assert "refusing to overwrite" in result.stderr
    assert not target.exists()
    assert not (tmp_path / "pm.toml").exists()


NASTY = [
    "a\nseverity: P1",
    "Checkout down # not a comment",
    "key: value",
    'She said "no"',
    "it's down",
    "\u2028id: INC-999",
    "before\x85after",
    "---",
    "...",
    "&anchor *alias",
    "!!python/object:os.system",
    "{a: b}",
    "[1, 2]",
    "- item",
    "| block",
    "%TAG ! tag:x:",
    "@at `tick`",
    "\\ backslash \\n",
    "tab\tinside",
    "\ufeffmarked",
    "\udcff",
    "x" * 201,
    "Caisse téléportée 🚀 تعطل",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(min_size=1, max_size=80))
@example(title=NASTY[0])
@example(title=NASTY[1])
@example(title=NASTY[2])
@example(title=NASTY[3])
@example(title=NASTY[4])
@example(title=NASTY[5])
@example(title=NASTY[6])
@example(title=NASTY[7])
@example(title=NASTY[8])
@example(title=NASTY[9])
@example(title=NASTY[10])
@example(title=NASTY[11])
@example(title=NASTY[12])
@example(title=NASTY[13])
@example(title=NASTY[14])
@example(title=NASTY[15])
@example(title=NASTY[16])
@example(title=NASTY[17])
@example(title=NASTY[18])
@example(title=NASTY[19])
@example(title=NASTY[20])
@example(title=NASTY[21])
@example(title=NASTY[22])
def test_any_title_is_kept_as_given_or_clearly_refused(title: str) -> None:
    """For any title, `pm new` refuses it clearly, or writes a file that keeps it exactly and that pm check accepts.

    The file has the keys of the template and no other: no text can end the title and start a key.
    """
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        (Path(folder) / "incidents").mkdir()
        result = runner.invoke(main, ["new", "--date", "2024-01-01", "--", title])
        written = list((Path(folder) / "incidents").iterdir())
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        if result.exit_code != 0:
            assert result.exit_code == 2
            assert "Error: Invalid value for 'TITLE': the title" in result.stderr
            assert written == []
            return
        (path,) = written
        document = load(path.name, path.read_bytes())
        assert document.problems == ()
        assert document.data["title"] == title.strip()
        assert set(document.data) == set(_keys_of_a_new_file())
        check = runner.invoke(main, ["check"])
        assert check.exit_code == 0, check.output


def _keys_of_a_new_file() -> list[str]:
    """The keys the built-in template writes, read from a plain title."""
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        (Path(folder) / "incidents").mkdir()
        CliRunner().invoke(main, ["new", "Plain", "--date", "2024-01-01"], catch_exceptions=False)
        (path,) = (Path(folder) / "incidents").iterdir()
        return list(load(path.name, path.read_bytes()).data)


def test_yaml_and_toml_quoting_leaves_no_raw_break() -> None:
    """The quoting filter of templates emits no raw line break or control character, whatever the text."""
    from postmortem.render.templating import yaml_string

    for text in NASTY[:-3]:
        quoted = yaml_string(text)
        assert not any(ch in quoted for ch in "\n\r\x85\u2028\u2029\x7f")
        assert json.loads(quoted) == text


@pytest.mark.parametrize("size", [0, 1, 65_537, 3 * 1024 * 1024 + 7])
def test_a_created_file_holds_every_byte_and_never_replaces_a_name(tmp_path: Path, size: int) -> None:
    """``create`` writes all of the bytes (in as many writes as the system takes), and refuses a name in use."""
    from postmortem.write.files import create

    data = os.urandom(size)
    create(tmp_path / "new.bin", data)
    assert (tmp_path / "new.bin").read_bytes() == data
    (tmp_path / "link").symlink_to(tmp_path / "elsewhere")
    for taken in ("new.bin", "link"):
        with pytest.raises(FileExistsError):
            create(str(tmp_path / taken), b"other")
    assert (tmp_path / "new.bin").read_bytes() == data
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.parametrize("name", ["../../../escaped", "a/../../escaped", "/tmp/escaped", "sub//x"])
def test_an_output_named_out_of_the_output_folder_is_never_written(tmp_path: Path, name: str) -> None:
    """Whatever names an output (an id read back from a cache of another's making, say), pm writes only inside.

    An id forged in the cache as ``../../…/PWNED`` had a render create ``PWNED.md`` and ``PWNED.html`` wherever
    the CI job could write.
    """
    out = tmp_path / "site"
    staging = Staging(out)
    with pytest.raises(PmError, match="refusing to write"):
        staging.place(
            [
                Output(path="INC-1.md", fingerprint="f", data=b"ok"),
                Output(path=f"{name}.md", fingerprint="f", data=b"x"),
            ]
        )
    staging.discard()
    assert not list(tmp_path.rglob("escaped*"))
    assert not Path("/tmp/escaped.md").exists()
    assert not out.exists()


def test_a_forged_id_in_a_sealed_cache_writes_nothing_outside(
    run: Run, tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incident id rewritten to ``../…`` in the cache's sealed models and heads: the render fails, writing nothing.

    (With the user's key, as a cache pm believes would hold it: the seal is not what stops it. The cache is a copy
    in a new place: what this process read last, kept in memory, is not used for it.)
    """
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "i.yaml").write_text("id: INC-1\ntitle: t\nstatus: draft\ndate: 2024-05-14\n", "utf-8")
    assert run("render", "--format", "md").exit_code == 0
    copy = tmp_path.parent / f"{tmp_path.name}-cache"
    shutil.copytree(cache_home, copy)
    monkeypatch.setenv("PM_CACHE_DIR", str(copy))
    cache_home = copy
    escaped = f"../../{tmp_path.name}-escaped"
    shapes = {"models": codec(Incident).shape, "heads": f"heads-{codec(Head).shape}"}
    forged = 0
    for kind, shape in shapes.items():
        seal = Seal(key=user_key(), shape=shape)
        shards = sorted(cache_home.glob(f"*/checked-*/*.{kind}.json"))
        forged += forge_shards(shards, own=seal, seal=seal, old='"INC-1"', new=json.dumps(escaped), checksum=False)
    assert forged == 2
    result = run("render", "--format", "md", "--force")
    assert result.exit_code != 0
    assert "Traceback" not in result.output + result.stderr
    assert not list(tmp_path.parent.glob(f"{tmp_path.name}-escaped*"))
