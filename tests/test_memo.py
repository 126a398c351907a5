"""Conversions kept between builds: an edit converts only its own texts, and only pm's sealed entries are believed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from postmortem.commands.remember import memo_folder
from postmortem.config import load_config
from postmortem.load.cache import secret
from postmortem.load.sealed import SHARDS, read_sealed, write_sealed
from postmortem.render import markup, memo
from tests.conftest import Run

INCIDENT = "incidents/2025-01-18-mysqloo-ne-charge-pas.yaml"
PAYLOAD = "FORGED<img src=x onerror=alert(1)>"  # a marker, and what an attacker would want written out


def _site(folder: Path) -> dict[str, bytes]:
    """Every file of a built site but its manifest, by path."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != ".pm-build.json"}  # fmt: skip


def _forget() -> None:
    """Forget what this process converted (each run of pm is a process of its own; these tests run pm in theirs)."""
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
    return folder, read_sealed(folder, key=secret(repo))


def test_a_build_after_an_edit_converts_only_what_the_edit_brought(run: Run, example_repo: Path) -> None:
    """The first build keeps its conversions; after a title edit, the next converts the new title's texts only."""
    run("render", "--format", "md,html")
    _, kept = _kept(example_repo)
    assert len(kept) > 100  # the example's prose, as HTML and as Markdown
    path = example_repo / INCIDENT
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Encore ", 1), encoding="utf-8")
    _forget()
    run("render", "--format", "md,html")
    made = _kept(example_repo)[1].keys() - kept.keys()  # what the second build converted, and kept
    converted = [key for key in made if not key.startswith("shows:")]  # the others: what the pages show of it
    assert 0 < len(converted) <= 6, made  # the new title, as HTML, plain text and a Markdown cell, and the like
    assert memo.fresh() == {}  # the memo does not outlive its build


@pytest.mark.parametrize("forgery", ["other key", "no seal", "not json", "not text"])
def test_entries_not_sealed_with_the_users_key_are_not_believed(run: Run, example_repo: Path, forgery: str) -> None:
    """Entries with the right names but hostile values are ignored unless sealed with the user's key."""
    run("render", "--format", "md,html")
    expected = _site(example_repo / "site")
    folder, kept = _kept(example_repo)
    hostile = dict.fromkeys(kept, PAYLOAD)
    if forgery == "other key":
        write_sealed(folder, hostile, key=b"k" * 32)
    else:
        for shard in range(SHARDS):
            body = {"no seal": {"data": json.dumps(hostile)}, "not json": "{", "not text": {"seal": "", "data": 1}}
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{shard:02d}.json").write_text("0\n" + json.dumps(body[forgery]), encoding="utf-8")
    _forget()
    run("render", "--format", "md,html", "--force")
    assert _site(example_repo / "site") == expected  # and so no FORGED anywhere


def test_entries_sealed_with_the_users_key_are_used(run: Run, example_repo: Path) -> None:
    """The control for the test above: the same hostile values, sealed with the user's key, are taken as they are.

    Only someone who can read the user's key (kept outside every repository) can make such entries.
    """
    run("render", "--format", "md,html")
    folder, kept = _kept(example_repo)
    write_sealed(folder, dict.fromkeys(kept, PAYLOAD), key=secret(example_repo))
    _forget()
    run("render", "--format", "md,html", "--force")
    assert "FORGED" in (example_repo / "site" / "index.html").read_text(encoding="utf-8")


def test_another_version_of_the_code_has_another_memo(example_repo: Path) -> None:
    """The memo's folder is named after pm's converting code: what another version converted is never read."""
    folder = memo_folder(load_config(example_repo))
    assert folder is not None
    assert folder.name == f"memo-{memo.code_digest()}"
