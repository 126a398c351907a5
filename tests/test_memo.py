"""What builds remember of each other: an edit makes only its own rows, and only pm's sealed entries are believed."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from postmortem.commands.remember import memo_folder
from postmortem.config.files import load_config
from postmortem.load.homes import secret
from postmortem.load.sealed import Shelf
from postmortem.render import markup, memo
from postmortem.render.index_sections import section_slot
from postmortem.render.shows import SECTIONS
from tests.conftest import Run

INCIDENT = "incidents/2025-01-18-mysqloo-ne-charge-pas.yaml"
PAYLOAD = "FORGED<img src=x onerror=alert(1)>"  # a marker, and what an attacker would want written out


def _site(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but its manifest, by path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != ".pm-build.json"}  # fmt: skip


def _forget() -> None:
    """Forget what this process converted (each run of pm is a process of its own; these tests run pm in theirs).

    The conversions are remembered only within a process; what a build keeps for the next one is its rows.
    """
    for convert in (
        markup.to_html,
        markup.to_inline_html,
        markup.to_markdown,
        markup.to_markdown_cell,
        markup.to_plain,
    ):
        convert.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_process() -> Iterator[None]:
    """Each test starts as a new process of pm does, nothing converted yet, and leaves nothing it forged behind."""
    _forget()
    yield
    _forget()


def _kept(repo: Path) -> tuple[Path, dict[str, str]]:
    """The memo's folder for *repo*, and what it holds (read with the user's key)."""
    folder = memo_folder(load_config(repo))
    assert folder is not None
    return folder, Shelf(folder, key=secret(repo)).everything()


def _shelve(folder: Path, entries: dict[str, str], *, key: bytes) -> None:
    """Seal *entries* with *key* into the shards pm reads them from."""
    shards: dict[str, dict[str, str]] = {}
    for name, value in entries.items():
        shards.setdefault(memo.shard_of(name), {})[name] = value
    Shelf(folder, key=key).write(shards)


def test_a_build_after_an_edit_makes_only_the_rows_it_changed(run: Run, example_repo: Path) -> None:
    """The first build keeps its rows; after a title edit, the next makes the edited incident's two rows only."""
    run("render", "--format", "md,html")
    _, kept = _kept(example_repo)
    assert sum(key.startswith("fragment-") for key in kept) > 50  # the example's rows, actions and lessons
    path = example_repo / INCIDENT
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Encore ", 1), encoding="utf-8")
    run("render", "--format", "md,html")
    made = {key for key in _kept(example_repo)[1].keys() - kept.keys() if key.startswith("fragment-")}
    assert len(made) == 2, made  # its row of the incident table, on the site and in index.md
    assert memo.fresh() == {}  # the memo does not outlive its build


def test_a_build_that_makes_every_page_keeps_only_what_it_used(run: Run, example_repo: Path) -> None:
    """Rows of earlier versions pile up over edits; a build that makes every page again leaves them out."""
    run("render", "--format", "md,html")
    first = _kept(example_repo)[1]
    path = example_repo / INCIDENT
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Encore ", 1), encoding="utf-8")
    run("render", "--format", "md,html")
    assert len(_kept(example_repo)[1]) > len(first)  # the old rows are still there: other pages may use them
    run("render", "--format", "md,html", "--force")
    again = _kept(example_repo)[1]
    assert len(again) == len(first)
    assert again.keys() != first.keys()  # the edited incident's rows replaced the old ones


@pytest.mark.parametrize("forgery", ["other key", "no seal", "not json", "not text"])
def test_entries_not_sealed_with_the_users_key_are_not_believed(run: Run, example_repo: Path, forgery: str) -> None:
    """Entries with the right names but hostile values are ignored unless sealed with the user's key."""
    run("render", "--format", "md,html")
    expected = _site(example_repo / "site")
    folder, kept = _kept(example_repo)
    hostile = dict.fromkeys(kept, PAYLOAD)
    if forgery == "other key":
        _shelve(folder, hostile, key=b"k" * 32)
    else:
        shards = Shelf(folder, key=secret(example_repo)).names()
        assert len(shards) > 16  # rows, page digests, template facts: each kind in shards of its own
        for shard in shards:
            body = {"no seal": {"data": json.dumps(hostile)}, "not json": "{", "not text": {"seal": "", "data": 1}}
            (folder / f"{shard}.json").write_text("0\n" + json.dumps(body[forgery]), encoding="utf-8")
    _forget()
    run("render", "--format", "md,html", "--force")
    assert _site(example_repo / "site") == expected  # and so no FORGED anywhere


def test_entries_sealed_with_the_users_key_are_used(run: Run, example_repo: Path) -> None:
    """The control for the test above: the same hostile values, sealed with the user's key, are taken as they are.

    Only someone who can read the user's key (kept outside every repository) can make such entries.
    """
    run("render", "--format", "md,html")
    folder, kept = _kept(example_repo)
    _shelve(folder, dict.fromkeys(kept, PAYLOAD), key=secret(example_repo))
    _forget()
    run("render", "--format", "md,html", "--force")
    assert "FORGED" in (example_repo / "site" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("sealed", ["other key", "users key"])
def test_sections_of_index_md_are_believed_only_when_sealed_with_the_users_key(
    run: Run, example_repo: Path, sealed: str
) -> None:
    """A kept section, with the right inputs but a hostile text, is written out only when sealed with the user's key.

    A runbook edit renders index.md again from the sections kept for everything but the procedures.
    """
    run("render", "--format", "md,html")
    folder, kept = _kept(example_repo)
    slots = [section_slot(name) for name in SECTIONS]
    forged = {slot: kept[slot].partition("\n")[0] + "\n" + PAYLOAD for slot in slots}  # the key line: right inputs
    _shelve(folder, forged, key=secret(example_repo) if sealed == "users key" else b"k" * 32)
    runbook = example_repo / "runbooks" / "p1-serveur-inaccessible.md"
    runbook.write_text(runbook.read_text(encoding="utf-8") + "\nUne étape de plus.\n", encoding="utf-8")
    _forget()
    run("render", "--format", "md,html")
    index = (example_repo / "site" / "index.md").read_text(encoding="utf-8")
    if sealed == "users key":  # the control: only someone who can read the user's key makes such entries
        assert index.count(PAYLOAD) == len(SECTIONS) - 1  # every section but the procedures, which changed
        return
    _forget()
    run("render", "--format", "md,html", "--force", "--out", "cold")
    assert index == (example_repo / "cold" / "index.md").read_text(encoding="utf-8")
    assert PAYLOAD not in index


def test_another_version_of_the_code_has_another_memo(example_repo: Path) -> None:
    """The memo's folder is named after pm's version and code: what another version made is never read."""
    folder = memo_folder(load_config(example_repo))
    assert folder is not None
    assert folder.name == f"memo-{memo.code_digest()}"


def test_a_build_reads_only_the_kinds_of_entries_it_uses(run: Run, example_repo: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """An edit that renders no page across incidents reads none of their rows; a title edit reads the table's."""
    run("render", "--format", "md,html")
    read: list[str] = []
    reader = Shelf.read

    def counted(self: Shelf, name: str) -> dict[str, str]:
        read.append(name)
        return reader(self, name)

    monkeypatch.setattr(Shelf, "read", counted)
    path = example_repo / INCIDENT
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("summary: |\n  ", "summary: |\n  Encore ", 1), encoding="utf-8")
    _forget()
    assert run("render", "--format", "md,html").exit_code == 0
    assert read
    assert not [name for name in read if name.startswith("fragment-")], read
    read.clear()
    path.write_text(text.replace("title: ", "title: Encore ", 1), encoding="utf-8")
    _forget()
    assert run("render", "--format", "md,html").exit_code == 0
    assert {name.rpartition("-")[0] for name in read if name.startswith("fragment-")} >= {
        "fragment-site-incident-row-html-j2",
        "fragment-index-row-md-j2",
    }


def test_the_memo_of_another_version_is_removed_but_folders_pm_did_not_make_are_kept(
    run: Run, example_repo: Path
) -> None:
    """Each version of pm's code keeps its own memo: a build removes the others', only when they hold only shards."""
    run("render", "--format", "md,html")
    folder, _ = _kept(example_repo)
    older = folder.with_name("memo-" + "0" * 20)
    shutil.copytree(folder, older)
    mine = folder.with_name("memo-" + "1" * 20)
    shutil.copytree(folder, mine)
    (mine / "notes.txt").write_text("mine", encoding="utf-8")  # not a shard: not a folder pm made
    other = folder.with_name("memo-elsewhere")
    other.mkdir()
    path = example_repo / INCIDENT
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Encore ", 1), encoding="utf-8")
    assert run("render", "--format", "md,html").exit_code == 0
    assert (folder.is_dir(), older.exists(), mine.is_dir(), other.is_dir()) == (True, False, True, True)


def test_a_slot_keeps_one_text_the_latest() -> None:
    """A section of index.md is kept once, under its latest inputs; a build that makes every page makes it again."""
    made: list[str] = []
    kept: dict[str, dict[str, str]] = {}  # the shards' files

    def make(text: str) -> Callable[[], str]:
        return lambda: made.append(text) or text

    def next_build() -> None:
        kept.update(memo.kept())
        memo.seed(lambda name: kept.get(name, {}))

    memo.forget()
    try:
        assert memo.recall_latest("index-section-x:0a", "k1", make("one")) == "one"
        assert memo.recall_latest("index-section-x:0a", "k1", make("again")) == "one"
        next_build()
        assert memo.recall_latest("index-section-x:0a", "k1", make("again")) == "one"
        assert memo.recall_latest("index-section-x:0a", "k2", make("two")) == "two"
        assert memo.kept() == {"index-section-x-10": {"index-section-x:0a": "k2\ntwo"}}  # not one text per edit
        next_build()
        memo.rendered_whole()
        assert memo.recall_latest("index-section-x:0a", "k2", make("three")) == "three"
        assert made == ["one", "two", "three"]
    finally:
        memo.forget()


def test_the_shards_another_process_read_are_not_read_again_to_keep_what_it_made() -> None:
    """index.md's process hands back the shards its entries go to: the build keeps them without reading them."""
    stored = {"index-section-x-10": {"index-section-x:0a": "k1\none", "index-section-x:1a": "k1\nother"}}
    read: list[str] = []

    def reader(name: str) -> dict[str, str]:
        read.append(name)
        return dict(stored.get(name, {}))

    try:
        memo.seed(reader)  # the other process, forked from the build: the same memo to start from
        assert memo.recall_latest("index-section-x:0a", "k2", lambda: "two") == "two"
        made, used = memo.fresh(), memo.used()
        shards = memo.read_for(made)
        assert shards == stored
        assert read == ["index-section-x-10"]
        memo.seed(reader)  # the build itself
        memo.learn(made, used, shards)
        assert memo.kept() == {
            "index-section-x-10": {"index-section-x:0a": "k2\ntwo", "index-section-x:1a": "k1\nother"}
        }
        assert read == ["index-section-x-10"]  # once, by the process that made the entry
    finally:
        memo.forget()


def test_what_a_process_used_is_handed_on_only_where_it_counts() -> None:
    """A build keeps no more than what it used only when it makes every page: another is handed no keys used."""
    stored = {"row-10": {"row:0a": "kept", "row:2a": "unused"}}

    def start(whole: bool) -> None:
        memo.seed(lambda name: dict(stored.get(name, {})))
        if whole:
            memo.rendered_whole()

    try:
        for whole in (False, True):
            start(whole)  # the other process, forked from the build
            assert memo.recall("row:0a", lambda: "made") == "kept"
            assert memo.recall("row:1a", lambda: "new") == "new"
            made, used = memo.fresh(), memo.used()
            assert used == ({"row:0a"} if whole else set())
            start(whole)  # the build, taking in what the other process did
            memo.learn(made, used)
            everything = {"row:0a": "kept", "row:2a": "unused", "row:1a": "new"}
            assert memo.kept()["row-10"] == ({"row:0a": "kept", "row:1a": "new"} if whole else everything)
    finally:
        memo.forget()
