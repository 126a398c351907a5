"""The Atom feed as a feed reader sees it: ids that never change, updated times that move only with the entry."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import feedparser
import pytest

from tests.conftest import Run

INCIDENT = """\
id: INC-7
title: Disk full
status: draft
date: "2024-03-01"
severity: P2
summary: The disk filled up.
timeline:
  - at: "2024-03-01 10:00"
    text: Alerts fire.
  - at: "2024-03-02 09:30"
    text: Space freed.
actions:
  - what: Alert at 80%.
    owner: ops
    status: in progress
    as_of: "2024-03-05"
"""


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """A repository with one incident and a site address."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "disk.yaml").write_text(INCIDENT, encoding="utf-8")
    (tmp_path / "pm.toml").write_text('title = "Ops"\nsite_url = "https://example.org/pm/"\n', encoding="utf-8")
    return tmp_path


def _feed(run: Run, root: Path, *args: str) -> Any:
    """Render the site and read its feed with feedparser, which must find nothing wrong in it."""
    result = run("render", "--format", "html", *args)
    assert result.exit_code == 0, result.stderr
    parsed = feedparser.parse((root / "site" / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def _edit(root: Path, old: str, new: str, *, name: str = "pm.toml") -> None:
    """Replace *old* with *new* in a file of the repository."""
    path = root / name if name == "pm.toml" else root / "incidents" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_entry_ids_never_change(run: Run, repository: Path) -> None:
    """A new incident title, site title or site_url leaves the entry's id as it was: a name-based urn:uuid."""
    first = _feed(run, repository).entries[0]
    assert first.id.startswith("urn:uuid:")
    assert first.link == "https://example.org/pm/INC-7.html"
    _edit(repository, "title: Disk full", "title: The disk filled up", name="disk.yaml")
    _edit(repository, 'title = "Ops"', 'title = "Operations"')
    _edit(repository, "https://example.org/pm/", "https://status.example.com/")
    moved = _feed(run, repository).entries[0]
    assert moved.title == "INC-7 — The disk filled up"
    assert moved.link == "https://status.example.com/INC-7.html"
    assert moved.id == first.id
    _edit(repository, "id: INC-7", "id: INC-8", name="disk.yaml")
    assert _feed(run, repository).entries[0].id != first.id  # another incident is another entry


def test_updated_moves_with_the_entry_and_only_with_it(run: Run, repository: Path) -> None:
    """An edit to the incident moves <updated>; another day, or a new site address, does not; <published> stays."""
    entry = _feed(run, repository).entries[0]
    assert entry.published == "2024-03-01T00:00:00Z"
    assert entry.updated.startswith("2024-03-05T")  # the last day the incident writes of: its action's as_of
    again = _feed(run, repository, "--force").entries[0]
    _edit(repository, "https://example.org/pm/", "https://status.example.com/")
    elsewhere = _feed(run, repository).entries[0]
    assert entry.updated == again.updated == elsewhere.updated
    _edit(repository, "The disk filled up.", "The disk filled up with logs.", name="disk.yaml")
    edited = _feed(run, repository).entries[0]
    assert edited.updated != entry.updated
    assert edited.updated.startswith("2024-03-05T")
    assert edited.published == entry.published
    _edit(repository, 'as_of: "2024-03-05"', 'as_of: "2024-04-10"', name="disk.yaml")
    assert _feed(run, repository).entries[0].updated.startswith("2024-04-10T")


def test_updated_never_reads_the_clock(
    run: Run, repository: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Builds on other days give the same feed: the times come from the incidents, not from when pm ran."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    one = (_feed(run, repository, "--force"), (tmp_path / "site" / "feed.xml").read_bytes())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    two = (_feed(run, repository, "--force"), (tmp_path / "site" / "feed.xml").read_bytes())
    assert one[1] == two[1]
    assert one[0].feed.updated == one[0].entries[0].updated  # the feed changed when its latest entry did


def test_feed_updated_is_its_latest_entry(run: Run, repository: Path) -> None:
    """With several entries, the feed's <updated> is the most recent of theirs."""
    (repository / "incidents" / "old.yaml").write_text(
        'id: INC-1\ntitle: Old\nstatus: draft\ndate: "2023-01-01"\n', encoding="utf-8"
    )
    parsed = _feed(run, repository)
    assert [entry.title for entry in parsed.entries] == ["INC-7 — Disk full", "INC-1 — Old"]
    updated = [dt.datetime.fromisoformat(entry.updated) for entry in parsed.entries]
    assert dt.datetime.fromisoformat(parsed.feed.updated) == max(updated)
    assert len({entry.id for entry in parsed.entries}) == 2
