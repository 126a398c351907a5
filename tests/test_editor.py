"""The schema in a real editor's engine: yaml-language-server, spoken to over its stdio protocol, completes cleanly.

It runs where node and the npm package are installed (`npm install --prefix tests/.node yaml-language-server`,
a folder git ignores); elsewhere it is skipped.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from postmortem.cli.main import main
from tests.conftest import Run
from tests.yamlls import YamlLanguageServer, available

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


def _pm(*args: str) -> None:
    """Run pm in the current folder; it must succeed."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[YamlLanguageServer, Path]]:
    """One server for the module, on a repository made by `pm init` with status words of the team's own."""
    missing = available()
    if missing is not None:
        pytest.skip(missing)
    root = tmp_path_factory.mktemp("editor")
    with contextlib.chdir(root):
        _pm("init", ".", "-q")
        config = root / "pm.toml"
        config.write_text(config.read_text("utf-8") + '\n[action_statuses]\nparked = "blocked"\n', encoding="utf-8")
        _pm("schema", "--write")
    path = root / "incidents" / "probe.yaml"
    path.write_text(DOCUMENT.format(timeline="", action="", new_action="", top=""), encoding="utf-8")
    started = YamlLanguageServer(root=root)
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
    target = path.with_name("status.yaml")
    target.write_text(DOCUMENT.format(timeline="", action="status: ", new_action="", top=""), encoding="utf-8")
    client.open(target)
    items = client.completions(target, line=LINES["action"], character=12)
    labels = {item["label"] for item in items}
    assert {"open", "in-progress", "blocked", "done", "cancelled", "completed", "parked"} <= labels
    assert "null" not in labels


CHECKED = """\
# yaml-language-server: $schema=../incident.schema.json
id: INC-002
title: Checked as typed
status: draft
date: 2024-02-29
severity: {severity}
time_spent: "~45min"
impact:
  users_affected: "~1,800"
  downtime: 1h30
actions:
  - {{what: a, owner: o, due: 2024-Q3, status: Won’t do}}
  - {{what: b, owner: o, due: "2025", status: IN_PROGRESS}}
  - {{what: c, owner: o, status: {status}}}
"""
REFUSED = [  # (line of the value, what replaces the probe's line): each refused by pm check too
    (9, '  downtime: "3 months"'), (8, '  users_affected: "most customers"'), (4, "date: 2023-02-29"), (1, "id: CON"),
    (6, "time_spent: 90"), (11, "  - {what: a, owner: o, due: 2024-Q5}"),
]  # fmt: skip


def _checked(server: tuple[YamlLanguageServer, Path], name: str, text: str) -> list[dict[str, Any]]:
    """Open *text* as a new file and return what the server reports once it has checked it."""
    client, path = server
    target = path.with_name(name)
    target.write_text(text, encoding="utf-8")
    client.open(target)
    return client.diagnostics(target)


def test_values_pm_accepts_raise_no_problem_in_the_editor(server: tuple[YamlLanguageServer, Path]) -> None:
    """The schema's patterns run in the editor's own regular expressions: what pm reads passes there too."""
    found = _checked(server, "good.yaml", CHECKED.format(severity="P2", status="parked"))
    assert found == []
    found = _checked(server, "bad-status.yaml", CHECKED.format(severity="P9", status="finished"))
    assert sorted(problem["range"]["start"]["line"] for problem in found) == [5, 13]


@pytest.mark.parametrize(("line", "replacement"), REFUSED)
def test_values_pm_refuses_are_flagged_in_the_editor(
    server: tuple[YamlLanguageServer, Path], line: int, replacement: str
) -> None:
    """A value `pm check` refuses is flagged by the editor on its line."""
    lines = CHECKED.format(severity="P2", status="done").splitlines()
    lines[line] = replacement
    text = "\n".join(lines) + "\n"
    found = _checked(server, f"bad-{line}.yaml", text)
    assert [problem["range"]["start"]["line"] for problem in found] == [line], found
    with contextlib.chdir(server[1].parent.parent):
        assert CliRunner().invoke(main, ["check", f"incidents/bad-{line}.yaml"]).exit_code == 1


SAMPLES = [
    "done", " Done ", "DONE\u00a0", "won’t do", "won't  do", "WON'T-DO", "in_progress", "ﬁxed", "finished", "parked #2",
    "1h30", "~ 45 MIN", "PT1H30M", "2 dayſ", "1h60", "1,800", "1 800", "~1800", "800 – 1000", "1,80", "2024-02-29",
    " 2024-02-29\u3000", "2023-02-29", "1969-12-31", "2024-Q3", "2024-q3", "2024-13", "CON", "con.txt", "INC-1.",
    "Index", "INC-042", "", "4 hours and 25 minutes", "An hour and a half", "deux heures", "±2h", "more than 6 hours",
    "1.5 Million", "~300k", "2,5 millions", "5%",
]  # fmt: skip


def _patterns(node: Any) -> Iterator[str]:
    """Every pattern of a schema."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield value
            else:
                yield from _patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from _patterns(value)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_patterns_mean_the_same_to_javascript(run: Run, tmp_path: Path) -> None:
    """Each pattern compiles as a JavaScript Unicode expression and matches what Python's `re` matches.

    The team's own status words (with `#`, `&`, blanks, a dot) go into a pattern too: they are escaped so that
    both dialects read them.
    """
    words = '[action_statuses]\n"parked #2" = "blocked"\n"r&d" = "open"\n"v1.2 done" = "done"\n'
    (tmp_path / "pm.toml").write_text(words, encoding="utf-8")
    found = sorted(set(_patterns(json.loads(run("schema").stdout))))
    assert len(found) >= 5
    script = (
        "const [patterns, samples] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(patterns.map(p => samples.map(s => new RegExp(p, 'u').test(s)))));"
    )
    payload = json.dumps([found, SAMPLES])
    done = subprocess.run(["node", "-e", script], input=payload, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    javascript = json.loads(done.stdout)
    python = [[re.search(pattern, sample) is not None for sample in SAMPLES] for pattern in found]
    assert javascript == python
    assert any(any(row) for row in python)
