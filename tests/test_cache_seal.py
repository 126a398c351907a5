"""What pm believes of its cache without checking it again: only what it sealed with the user's key.

The states of checked models are read back without validation, and a file whose size, times and identity are
what pm saw last is not read again. Both are sealed: a forger who knows the format but not the key, or a state of
another shape, only makes pm check the files again.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from postmortem.commands import inputs
from postmortem.corpus import checking
from postmortem.load import trusted
from postmortem.load.homes import SECRET_FILE
from postmortem.load.trusted import Seal
from postmortem.model.incident import Incident
from postmortem.model.state import codec
from tests.conftest import Run, forge_shards, user_key

PETITE = "incidents/2025-03-15-petite-caisse-ne-materialise-pas.yaml"
TITLE = "Petite caisse ne matérialise pas"
FORGED = "Titre contrefait"


def _models_shards(cache_home: Path) -> list[Path]:
    """The shards of sealed model states pm keeps."""
    return sorted(cache_home.glob("*/checked-*/*.models.json"))


def _key(cache_home: Path) -> bytes:
    """The user's key, as pm keeps it (not in the cache folder)."""
    assert not list(cache_home.rglob(SECRET_FILE))
    return user_key()


def _forge(cache_home: Path, seal: Seal | None, *, checksum: bool = False) -> int:
    """Rewrite every state of INC-008 with another title, sealed with *seal*; how many were forged."""
    own = Seal(key=_key(cache_home), shape=codec(Incident).shape)
    return forge_shards(_models_shards(cache_home), own=own, seal=seal, old=TITLE, new=FORGED, checksum=checksum)


@pytest.mark.parametrize(
    "forger",
    ["another key", "another shape", "checksum only", "the user's key"],
)
def test_only_states_sealed_with_the_users_key_are_believed(
    run: Run,
    example_repo: Path,
    cache_home: Path,
    forger: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A state pm did not seal is not read: the incident is checked again from its file and rendered as written.

    With the user's key itself (which no repository can read), the forgery is believed: that is what the seal is.
    (The forged cache is a copy in a new place: what this process read last, kept in memory, is not used for it.)
    """
    assert run("render", "--format", "md").exit_code == 0
    copy = tmp_path_factory.mktemp("forged") / "cache"
    shutil.copytree(cache_home, copy)
    cache_home = copy
    monkeypatch.setenv("PM_CACHE_DIR", str(copy))
    seal = {
        "another key": Seal(key=os.urandom(32), shape=codec(Incident).shape),
        "another shape": Seal(key=_key(cache_home), shape="0" * 20),
        "checksum only": None,
        "the user's key": Seal(key=_key(cache_home), shape=codec(Incident).shape),
    }[forger]
    assert _forge(cache_home, seal, checksum=seal is None) == 1
    result = run("render", "--format", "md", "--force")
    assert result.exit_code == 0, result.output
    report = (example_repo / "site" / "INC-008.md").read_text(encoding="utf-8")
    believed = forger == "the user's key"
    assert (FORGED in report, TITLE in report) == (believed, not believed)
    if not believed:  # the state made again from the file replaced the forged one
        assert _forge(cache_home, None, checksum=True) == 1


def test_a_file_as_pm_saw_it_is_not_read_again(run: Run, example_repo: Path, cache_home: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Files unchanged since the last run (same size, times, identity) are not read; an edited one is, at once.

    A symbolic link is read every time (and refused when it leads out of the repository). Files are taken as
    settled at once here: the tests edit files faster than any clock tick a real repository would see.
    """
    monkeypatch.setattr(trusted, "SETTLED_SECONDS", 0.0)
    read: list[str] = []
    reader = checking.read_bytes

    def counted(path: Path, *, root: Path) -> object:
        if path.parent.name == "incidents":
            read.append(path.name)
        return reader(path, root=root)

    monkeypatch.setattr(checking, "read_bytes", counted)
    incidents = len(list((example_repo / "incidents").glob("*.yaml")))
    assert run("check").exit_code == 0
    assert len(read) == incidents
    read.clear()
    assert run("check").exit_code == 0
    assert read == []
    path = example_repo / PETITE
    path.write_text(path.read_text(encoding="utf-8").replace("status: final", "status: finale"), "utf-8")
    result = run("check")
    assert (result.exit_code, read) == (1, [path.name])
    assert "unknown value 'finale'" in result.output
    outside = example_repo.parent / "outside.yaml"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    result = run("check")
    assert result.exit_code == 1
    assert "outside the repository" in result.output


def test_a_touched_file_is_read_but_not_checked_again(run: Run, example_repo: Path, cache_home: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """New times on the same bytes: each file is read where it would be checked, and found by its content.

    Nothing is validated again, so no shard of model states is written again.
    """
    monkeypatch.setattr(trusted, "SETTLED_SECONDS", 0.0)
    first = run("check")
    assert first.exit_code == 0
    models = {path: path.stat().st_mtime_ns for path in _models_shards(cache_home)}
    assert models
    read: list[str] = []
    reader = checking.read_bytes

    def counted(path: Path, *, root: Path) -> object:
        if path.parent.name == "incidents":
            read.append(path.name)
        return reader(path, root=root)

    monkeypatch.setattr(checking, "read_bytes", counted)
    incidents = sorted((example_repo / "incidents").glob("*.yaml"))
    for path in incidents:
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    again = run("check")
    assert (again.exit_code, again.output) == (0, first.output)
    assert sorted(read) == [path.name for path in incidents]
    assert {path: path.stat().st_mtime_ns for path in _models_shards(cache_home)} == models


def test_a_file_changed_in_the_last_seconds_is_read_every_time(run: Run, example_repo: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """A file changed within the last seconds may change again within its clock's tick: it is never skipped."""
    read: list[str] = []
    reader = checking.read_bytes

    def counted(path: Path, *, root: Path) -> object:
        if path.parent.name == "incidents":
            read.append(path.name)
        return reader(path, root=root)

    monkeypatch.setattr(checking, "read_bytes", counted)
    monkeypatch.setattr(trusted, "SETTLED_SECONDS", 3600.0)
    assert run("check").exit_code == 0
    assert run("check").exit_code == 0
    assert len(read) == 2 * len(list((example_repo / "incidents").glob("*.yaml")))


def test_a_render_with_nothing_new_reads_no_incident_file(run: Run, example_repo: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Whether anything changed is told from the files' stamps too: a render with nothing new reads no incident.

    An edit that keeps the file's size is seen all the same (its change time moved), and is rendered.
    """
    monkeypatch.setattr(trusted, "SETTLED_SECONDS", 0.0)
    read: list[str] = []
    reader = inputs.read_file

    def counted(path: Path, *, root: Path) -> object:
        read.append(path.name)
        return reader(path, root=root)

    monkeypatch.setattr(inputs, "read_file", counted)
    assert run("render", "--format", "md").exit_code == 0
    incidents = {p.name for p in (example_repo / "incidents").glob("*.yaml")}
    assert incidents <= set(read)
    read.clear()
    result = run("render", "--format", "md")
    assert (result.exit_code, "0 written" in result.output) == (0, True), result.output
    assert not incidents & set(read), read
    path = example_repo / PETITE
    text = path.read_text(encoding="utf-8")
    assert "severity: P2" in text
    path.write_text(text.replace("severity: P2", "severity: P1"), encoding="utf-8")  # the same size
    result = run("render", "--format", "md")
    assert result.exit_code == 0, result.output
    assert [name for name in read if name in incidents] == [path.name]
    assert "0 written" not in result.output


def test_an_edit_looks_at_each_unchanged_incident_file_once(run: Run, example_repo: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """The build's fingerprint looks at every incident file's stamp; the load after it takes what it found."""
    monkeypatch.setattr(trusted, "SETTLED_SECONDS", 0.0)
    assert run("render", "--format", "md").exit_code == 0
    incidents = {str(p) for p in (example_repo / "incidents").glob("*.yaml")}
    looked: list[str] = []
    original = os.lstat

    def counted(path: object, *args: object, **kwargs: object) -> os.stat_result:
        looked.append(str(path))
        return original(path, *args, **kwargs)  # type: ignore[arg-type]

    path = example_repo / PETITE
    path.write_text(path.read_text(encoding="utf-8").replace("severity: P2", "severity: P1"), encoding="utf-8")
    monkeypatch.setattr(os, "lstat", counted)
    result = run("render", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "0 written" not in result.output
    unchanged = incidents - {str(path)}
    assert sorted(name for name in looked if name in unchanged) == sorted(unchanged)  # once each
    assert str(path) in looked  # the edited one is read again, and looked at as it is read
