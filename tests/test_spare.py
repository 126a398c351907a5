"""The spare output: an edit places only the files that changed, and a spare not as pm left it is not believed."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem.write import files
from postmortem.write.files import fold
from postmortem.write.manifest import MANIFEST, Output, manifest_text
from postmortem.write.staging import Staging
from tests.conftest import Run, calls, removals_done

COUNT = 300


def _incident(number: int, *, title: str = "A good file") -> str:
    return f"id: GOOD-{number}\ntitle: {title} {number}\nstatus: draft\ndate: 2024-01-01\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository of COUNT incidents, rendered twice (one edit between), so that a spare is next to the output."""
    (tmp_path / "incidents").mkdir()
    for number in range(COUNT):
        (tmp_path / "incidents" / f"good-{number}.yaml").write_text(_incident(number), encoding="utf-8")
    return tmp_path


def _edit(repo: Path, number: int, title: str) -> None:
    (repo / "incidents" / f"good-{number}.yaml").write_text(_incident(number, title=title), encoding="utf-8")


def _placed(work: Callable[[], Any]) -> int:
    """How many files *work* creates or links in the output's staging folder (whatever the machine's speed)."""
    return calls(work, counts=_placing)


def _placing(frame: FrameType, event: str, arg: Any) -> bool:
    """Whether a profiler's event places a file: the system's link, or pm's creation of a file of the output."""
    if event == "c_call":
        return arg is os.link
    return event == "call" and frame.f_code is files.create.__code__ and "/.site." in str(frame.f_locals["path"])


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of *folder* but its manifest, by relative path (links read through, as a web server would)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def _spare(repo: Path) -> Path:
    """The one spare next to the output."""
    removals_done(repo)
    [spare] = [path for path in repo.iterdir() if path.name.startswith(".site.spare-")]
    return spare


def _as_built_from_nothing(run: Run, repo: Path, *, formats: str = "md") -> dict[str, bytes]:
    """The files a build from nothing makes of the repository as it is now."""
    assert run("render", "--format", formats, "--out", "cold", "--force").exit_code == 0
    return _files(repo / "cold")


def test_an_edit_places_only_the_files_that_changed(run: Run, repo: Path) -> None:
    """With a spare, an edit creates or links the few files that differ, not the hundreds that do not."""
    assert _placed(lambda: run("render", "--format", "md")) > COUNT  # from nothing: every file
    _edit(repo, 1, "An edited file")
    assert _placed(lambda: run("render", "--format", "md")) > COUNT / 2  # no spare yet: the unchanged are linked
    _edit(repo, 2, "Another edited file")
    assert _placed(lambda: run("render", "--format", "md")) <= 6  # the two reports edited since the spare, index.md
    _edit(repo, 3, "A third edited file")
    assert _placed(lambda: run("render", "--format", "md")) <= 6
    assert _files(repo / "site") == _as_built_from_nothing(run, repo)


def test_a_spare_holds_nothing_the_next_output_does_not_make(run: Run, repo: Path) -> None:
    """Files, folders and links put in the spare are removed or replaced, never followed nor published."""
    assert run("render", "--format", "md").exit_code == 0
    _edit(repo, 1, "An edited file")
    assert run("render", "--format", "md").exit_code == 0
    spare = _spare(repo)
    outside = repo.parent / f"{repo.name}-secret.txt"
    outside.write_text("secret", encoding="utf-8")
    (spare / "GOOD-2.md").unlink()
    (spare / "GOOD-2.md").symlink_to(outside)  # where a kept report was: a link out
    (spare / "GOOD-3.md").unlink()
    (spare / "GOOD-3.md" / "deep").mkdir(parents=True)  # a folder where a file goes
    (spare / "GOOD-3.md" / "deep" / "x.md").write_text("x", encoding="utf-8")
    (spare / "extra.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (spare / "junk" / "deep").mkdir(parents=True)
    (spare / "junk" / "deep" / "x.md").write_text("x", encoding="utf-8")
    (spare / "assets").symlink_to(repo.parent, target_is_directory=True)
    _edit(repo, 4, "Another edited file")
    result = run("render", "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert _files(repo / "site") == _as_built_from_nothing(run, repo)
    assert not (repo / "site" / "GOOD-2.md").is_symlink()
    assert outside.read_text(encoding="utf-8") == "secret"
    assert (repo.parent / repo.name).is_dir()


def test_a_spare_pm_did_not_seal_is_not_used(run: Run, repo: Path) -> None:
    """A spare whose manifest is not sealed with the user's key (copied, planted, corrupted) is removed, not filled."""
    assert run("render", "--format", "md").exit_code == 0
    _edit(repo, 1, "An edited file")
    assert run("render", "--format", "md").exit_code == 0
    planted = _spare(repo)
    (planted / MANIFEST).write_text('{"files": {"GOOD-5.md": "x"}}', encoding="utf-8")
    (planted / "GOOD-5.md").unlink()
    (planted / "GOOD-5.md").write_text("planted", encoding="utf-8")
    _edit(repo, 6, "Another edited file")
    assert run("render", "--format", "md").exit_code == 0
    assert _files(repo / "site") == _as_built_from_nothing(run, repo)
    assert _spare(repo) != planted
    assert not planted.exists()


def test_a_spare_pm_may_not_write_is_not_used(run: Run, repo: Path) -> None:
    """A spare with a folder its user made read-only (the output it was) gives way to a new folder, not an error."""
    assert run("render", "--format", "md").exit_code == 0
    _edit(repo, 1, "An edited file")
    assert run("render", "--format", "md").exit_code == 0
    spare = _spare(repo)
    spare.chmod(0o555)
    try:
        if os.access(spare, os.W_OK):
            pytest.skip("this user writes whatever the permissions say")
        _edit(repo, 2, "Another edited file")
        result = run("render", "--format", "md")
        assert result.exit_code == 0, result.stderr
        assert _files(repo / "site") == _as_built_from_nothing(run, repo)
    finally:  # the spare, claimed and renamed, may still be there: writable again, to be removed
        for folder in repo.glob(".site.*"):
            folder.chmod(0o755)


def test_a_build_that_publishes_nothing_leaves_the_spare_for_the_next(run: Run, repo: Path) -> None:
    """A build whose files are all the same (a comment edited), or that fails, keeps the spare it began to fill.

    With the site, a build fills the spare with its pages while Pagefind indexes the reports: the spare is claimed
    before the build knows whether any file changed.
    """
    both = ("render", "--format", "md,html")
    assert run(*both).exit_code == 0
    for number in (1, 2):
        _edit(repo, number, "An edited file")
        assert run(*both).exit_code == 0
    source = repo / "incidents" / "good-3.yaml"
    source.write_text(source.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert calls(lambda: run(*both), of=shutil.rmtree.__code__) == 0
    spare = _spare(repo)
    (repo / "templates" / "site").mkdir(parents=True)
    (repo / "templates" / "site" / "risks.html.j2").write_text("{{ nothing.there() }}", encoding="utf-8")
    _edit(repo, 4, "Another edited file")
    result = run(*both)
    assert result.exit_code == 1, result.stdout
    assert _spare(repo) == spare  # claimed, partly filled, and a spare again under its name
    (repo / "templates" / "site" / "risks.html.j2").unlink()
    assert _placed(lambda: run(*both)) < COUNT / 10  # the spare, not a new folder to fill
    assert _files(repo / "site") == _as_built_from_nothing(run, repo, formats="md,html")


def test_only_the_newest_spare_stays_and_none_without_an_output(run: Run, repo: Path) -> None:
    """Spares left by builds cut short go with the next build; with the output gone, the spare goes too."""
    assert run("render", "--format", "md").exit_code == 0
    for number in (1, 2):
        _edit(repo, number, "An edited file")
        assert run("render", "--format", "md").exit_code == 0
    spare = _spare(repo)
    older = spare.with_name(f".site.spare-{'c' * 32}")
    older.mkdir()
    (older / ".pm-made").write_text(f"{'c' * 32}\n", encoding="utf-8")
    os.utime(older / ".pm-made", (0, 0))
    assert run("render", "--format", "md").exit_code == 0  # nothing new: it still tidies what is beside it
    assert _spare(repo) == spare
    assert not older.exists()
    (repo / "site").rename(repo / "elsewhere")
    assert run("render", "--format", "md").exit_code == 0
    removals_done(repo)
    assert not spare.exists()
    assert _files(repo / "site") == _as_built_from_nothing(run, repo)


# Any spare, any next output: the folder swapped in holds exactly the next output's files

_NAMES = ("a", "b", "A")  # "A" is "a" where case is not told apart
_PATHS = [f"{x}" for x in _NAMES] + [f"{x}/{y}" for x in _NAMES for y in _NAMES]
_PATHS += [f"{x}/{y}/{z}" for x in _NAMES for y in _NAMES for z in _NAMES]
KEY = b"k" * 32


def _tree(chosen: dict[str, str]) -> dict[str, str]:
    """Of *chosen* (path: kind), the entries a folder can hold together: none below a file or a link."""
    tree: dict[str, str] = {}
    for path in sorted(chosen, key=lambda p: p.count("/")):
        above = _parents(path)
        if all(tree.get(parent, "folder") == "folder" for parent in above):
            tree[path] = chosen[path]
            tree.update(dict.fromkeys(above, "folder"))
    return tree


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    wanted=st.dictionaries(st.sampled_from(_PATHS), st.sampled_from(["new", "unchanged"]), max_size=12),
    spare=st.dictionaries(st.sampled_from(_PATHS), st.sampled_from(["same", "other", "folder", "link"]), max_size=12),
)
def test_a_filled_spare_is_the_next_output_exactly(wanted: dict[str, str], spare: dict[str, str]) -> None:
    """Whatever the spare holds (files kept or not, folders and links where files go), the output is what was made."""
    wanted = _one_spelling({path: kind for path, kind in _tree(wanted).items() if kind != "folder"})
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        out = root / "out"
        out.mkdir()
        beside = root / f".out.spare-{'e' * 32}"
        beside.mkdir()
        (beside / ".pm-made").write_text(f"{'e' * 32}\n", encoding="utf-8")
        sealed: dict[str, str] = {}
        tree = _tree(spare)
        for path in sorted(tree, key=lambda p: p.count("/")):
            kind, target = tree[path], beside / path
            if kind == "folder":
                target.mkdir(exist_ok=True)
            elif kind == "link":
                target.symlink_to(root)
            else:
                same = kind == "same" and path in wanted
                target.write_text(f"made {path}" if same else "stale", encoding="utf-8")
                sealed[path] = f"f {path}" if same else "stale"
        (beside / MANIFEST).write_text(manifest_text(KEY, "before", sealed), encoding="utf-8")
        outputs = []
        for path, kind in wanted.items():
            if kind == "unchanged":
                (out / path).parent.mkdir(parents=True, exist_ok=True)
                (out / path).write_text(f"made {path}", encoding="utf-8")
            outputs.append(Output(path=path, fingerprint=f"f {path}",
                                  data=None if kind == "unchanged" else f"made {path}".encode()))  # fmt: skip
        staging = Staging(out, key=KEY)
        try:
            staging.place(outputs)
            staging.publish(inputs="after", key=KEY)
        finally:
            staging.discard()
        found = {str(p.relative_to(out)): p for p in out.rglob("*")}
        assert not any(p.is_symlink() for p in found.values())
        assert {path for path, p in found.items() if p.is_file()} == {*wanted, MANIFEST}
        assert all(found[path].read_text(encoding="utf-8") == f"made {path}" for path in wanted)
        folders = {path for path, p in found.items() if p.is_dir()}
        assert folders == {parent for path in wanted for parent in _parents(path)}


def _one_spelling(wanted: dict[str, str]) -> dict[str, str]:
    """Of *wanted*, the paths a build can make together: no two spelled apart that fold to one (names.py refuses)."""
    spelled: dict[str, str] = {}
    kept: dict[str, str] = {}
    for path in sorted(wanted):
        prefixes = [*_parents(path), path]
        if all(spelled.setdefault(fold(prefix), prefix) == prefix for prefix in prefixes):
            kept[path] = wanted[path]
    return kept


def _parents(path: str) -> list[str]:
    return [path.rsplit("/", n)[0] for n in range(1, path.count("/") + 1)]


def test_a_spare_s_name_in_another_case_goes_before_the_file_is_made(tmp_path: Path) -> None:
    """Where case is not told apart (macOS, Windows), the spare's GOOD-1.md is the good-1.md to create: it goes first.

    Else creating good-1.md fails there (the name is taken), or a file made in the spare's Assets/ goes with it.
    """
    out = tmp_path / "out"
    out.mkdir()
    beside = tmp_path / f".out.spare-{'e' * 32}"
    (beside / "Assets").mkdir(parents=True)
    (beside / ".pm-made").write_text(f"{'e' * 32}\n", encoding="utf-8")
    (beside / "GOOD-1.md").write_text("old", encoding="utf-8")
    (beside / "Assets" / "pm.css").write_text("old", encoding="utf-8")
    (beside / "kept.md").write_text("made kept.md", encoding="utf-8")
    sealed = {"GOOD-1.md": "old", "Assets/pm.css": "old", "kept.md": "f kept.md"}
    (beside / MANIFEST).write_text(manifest_text(KEY, "before", sealed), encoding="utf-8")
    wanted = ["good-1.md", "assets/pm.css", "kept.md"]
    staging = Staging(out, key=KEY)
    try:
        staging.place([Output(path=path, fingerprint=f"f {path}", data=f"made {path}".encode()) for path in wanted])
        held = {path.relative_to(staging.folder).as_posix() for path in staging.folder.rglob("*")}
        made = {*wanted, "assets"}
        assert {path for path in held if fold(path) in {fold(name) for name in made}} == made
        staging.publish(inputs="after", key=KEY)
    finally:
        staging.discard()
    assert _files(out) == {path: f"made {path}".encode() for path in wanted}
