"""The schema in a real editor's engine: yaml-language-server, spoken to over its stdio protocol, completes cleanly.

It runs where node and the npm package are installed (`npm install --prefix tests/.node yaml-language-server`,
a folder git ignores); elsewhere it is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.yamlls import YamlLanguageServer, available

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))

DOCUMENT = """\
# yaml-language-server: $schema=../incident.schema.json
id: INC-001
title: Disk full
status: final
date: 2024-06-01
timeline:
  - at: "10:00"
    text: Alert fired.
    {timeline}
actions:
  - what: Add an alert on free space.
    {action}
  - {new_action}
tags: [storage]
{top}
"""
LINES = {"timeline": 8, "action": 11, "new_action": 12, "top": 14}  # 0-based lines of the places asked about
CHOICE_WITH_NULL = re.compile(r"\$\{\d+\|[^}]*\bnull\b[^}]*\|\}")


@pytest.fixture
def server(run: Run, tmp_path: Path) -> Iterator[tuple[YamlLanguageServer, Path]]:
    """A repository made by `pm init` (action statuses of the team's own), an incident open in the server."""
    assert run("init", ".", "-q").exit_code == 0
    config = tmp_path / "pm.toml"
    config.write_text(config.read_text("utf-8") + '\n[action_statuses]\nparked = "blocked"\n', encoding="utf-8")
    assert run("schema", "--write").exit_code == 0
    path = tmp_path / "incidents" / "probe.yaml"
    path.write_text(DOCUMENT.format(timeline="", action="", new_action="", top=""), encoding="utf-8")
    started = YamlLanguageServer(root=tmp_path)
    started.open(path)
    yield started, path
    started.close()


def _offered(server: tuple[YamlLanguageServer, Path], place: str, *, column: int) -> list[dict[str, Any]]:
    """The completion items at one place of the document."""
    client, path = server
    items = client.completions(path, line=LINES[place], character=column)
    assert items, place
    return items


def _clean(items: list[dict[str, Any]]) -> None:
    """No choice that offers null, and no snippet that writes several keys at once."""
    for item in items:
        text = item.get("insertText") or item.get("label")
        assert not CHOICE_WITH_NULL.search(text), item
        keys = re.findall(r"^\s*-?\s*[a-z_]+:", text, re.MULTILINE)
        assert len(keys) <= 1, item
        assert "\n" not in text.strip() or text.rstrip().endswith(":"), item


def test_top_level_completions_are_the_fields_each_once(server: tuple[YamlLanguageServer, Path]) -> None:
    """At the top level: every field not yet written, as `key: `, with no conditional leftovers."""
    items = _offered(server, "top", column=0)
    _clean(items)
    labels = [item["label"] for item in items]
    assert len(labels) == len(set(labels))
    for name in ("severity", "summary", "root_cause", "resolution", "impact", "lessons", "references"):
        assert name in labels
    for written in ("id", "title", "status", "date", "timeline", "actions", "tags"):
        assert written not in labels
    inserted = {item["label"]: item["insertText"] for item in items}
    assert inserted["summary"] == "summary: "
    assert inserted["impact"] == "impact:\n  "


def test_completions_inside_a_timeline_entry(server: tuple[YamlLanguageServer, Path]) -> None:
    """Inside an entry: its other keys (milestone, internal), nothing of the incident's."""
    items = _offered(server, "timeline", column=4)
    _clean(items)
    labels = {item["label"] for item in items}
    assert "milestone" in labels
    assert not labels & {"at", "text", "severity", "summary"}


def test_completions_inside_an_action(server: tuple[YamlLanguageServer, Path]) -> None:
    """Inside an action: owner, due, status…; a new action offers `what` alone."""
    items = _offered(server, "action", column=4)
    _clean(items)
    inserted = {item["label"]: item["insertText"] for item in items}
    assert {"owner", "due", "status", "kind", "as_of"} <= set(inserted)
    assert inserted["owner"] == "owner: "
    assert "null" not in inserted["due"]
    fresh = _offered(server, "new_action", column=4)
    _clean(fresh)
    assert "what" in {item["label"] for item in fresh}


def test_status_values_are_pm_s_and_the_team_s(server: tuple[YamlLanguageServer, Path]) -> None:
    """The value of an action's status offers pm's statuses, the common words and the team's own."""
    client, path = server
    path.write_text(DOCUMENT.format(timeline="", action="status: ", new_action="", top=""), encoding="utf-8")
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": path.as_uri(), "version": 2},
        "contentChanges": [{"text": path.read_text("utf-8")}],
    })  # fmt: skip
    items = client.completions(path, line=LINES["action"], character=12)
    labels = {item["label"] for item in items}
    assert {"open", "in-progress", "blocked", "done", "cancelled", "completed", "parked"} <= labels
    assert "null" not in labels
