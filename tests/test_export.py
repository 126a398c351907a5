"""`pm export`: a versioned JSON shape that docs/export.md documents key by key, and the ledger as CSV."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import CASES, ROOT, Run

DOC = ROOT / "docs" / "export.md"


@pytest.fixture(autouse=True)
def _dated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports computed as of 2025-09-01."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1756684800")


def _keys(value: Any, *, inside_incident: bool = False) -> Iterator[str]:
    """Every key of the export, except an incident's own fields (documented in incident-format.md)."""
    if isinstance(value, list):
        for item in value:
            yield from _keys(item, inside_incident=inside_incident)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not inside_incident or key == "computed":
                yield key
            if key == "incidents":
                yield from _keys(item, inside_incident=True)
            elif key in ("by_month", "by_status"):
                continue
            elif not inside_incident or key == "computed":
                yield from _keys(item)


def test_json_export_is_documented_key_by_key(run: Run, example_repo: Path) -> None:
    """Every key pm writes is in docs/export.md, and the shape's version is the documented one."""
    result = run("export")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    documented = set(re.findall(r"`([a-z0-9_-]+)`", DOC.read_text(encoding="utf-8")))
    assert set(_keys(data)) - documented == set()
    assert (data["format"], data["version"], data["generated_on"]) == ("pm-export", 1, "2025-09-01")


def test_json_export_holds_every_incident_and_the_metrics(run: Run, example_repo: Path) -> None:
    """Ten incidents with their computed figures, and totals that agree with `pm stats`."""
    data = json.loads(run("export").stdout)
    incidents = {incident["id"]: incident for incident in data["incidents"]}
    assert len(incidents) == 10
    first = incidents["INC-001"]
    assert first["severity"] == "P2"
    assert first["computed"]["target_minutes"] == 60
    assert isinstance(first["computed"]["target_met"], bool)
    assert first["computed"]["time_to_resolve"]["minutes"] > 0
    p2 = next(level for level in data["metrics"]["by_severity"] if level["severity"] == "P2")
    assert (p2["incidents"], p2["met"], p2["measured"]) == (6, 5, 6)
    assert data["actions"]["total"] == 14
    assert sum(data["actions"]["by_status"].values()) == 14
    assert data["actions"]["overdue"] == 2
    assert sum(i["computed"]["overdue_actions"] for i in data["incidents"]) == 2


def test_csv_export_is_the_ledger(run: Run, example_repo: Path) -> None:
    """One row per action with the documented columns, overdue first; commas in text are quoted."""
    result = run("export", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert len(rows) == 14
    columns = re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(encoding="utf-8").split("## CSV")[1], re.MULTILINE)
    assert list(rows[0]) == columns
    assert [row["overdue"] for row in rows[:3]] == ["yes", "yes", "no"]
    assert rows[0]["incident_id"] == "INC-010"


def test_export_refuses_while_a_file_has_errors(run: Run, example_repo: Path) -> None:
    """A broken file stops the export: its problems are shown and stdout stays empty."""
    shutil.copy(CASES / "check" / "unknown-key.yaml", example_repo / "incidents" / "broken.yaml")
    result = run("export")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "incidents/broken.yaml:6:1: error: unknown field 'rootcause'" in result.stderr
    assert result.stderr.rstrip().endswith("nothing was exported")


def _export_validator(run: Run) -> jsonschema.Draft202012Validator:
    """The schema `pm schema --export` prints, checked as a Draft 2020-12 schema, with format checking."""
    result = run("schema", "--export")
    assert result.exit_code == 0, result.stderr
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _errors(validator: jsonschema.Draft202012Validator, text: str) -> list[str]:
    """Where an export breaks the schema, with the path to each error."""
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(json.loads(text))]


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_every_export_of_the_example_matches_the_published_schema(run: Run, example_repo: Path, audience: str) -> None:
    """The example repository's export, for both audiences, is valid under the schema made from the same models."""
    validator = _export_validator(run)
    result = run("export", "--audience", audience)
    assert result.exit_code == 0
    assert _errors(validator, result.stdout) == []
    assert json.loads(result.stdout)["incidents"]


@pytest.mark.parametrize("case", ["real-world", "audience"])
def test_exports_of_the_test_cases_match_the_published_schema(run: Run, tmp_path: Path, case: str) -> None:
    """The real-world write-ups and the audience repository export to valid documents too."""
    source = CASES / case
    if (source / "pm.toml").is_file():
        shutil.copytree(source, tmp_path, dirs_exist_ok=True)
    else:
        shutil.copytree(source, tmp_path / "incidents")
    validator = _export_validator(run)
    for audience in ("internal", "public"):
        result = run("export", "--audience", audience)
        assert result.exit_code == 0, result.stderr
        assert _errors(validator, result.stdout) == []


def test_the_schema_refuses_what_the_export_never_holds(run: Run, example_repo: Path) -> None:
    """The schema is not a shell: a missing key, an unknown one, a wrong type or a bad date is an error."""
    validator = _export_validator(run)
    data = json.loads(run("export").stdout)
    incident = data["incidents"][0]
    broken = [
        {key: value for key, value in data.items() if key != "metrics"},
        data | {"extra": 1},
        data | {"generated_on": "2025-13-01"},
        data | {"incidents": [incident | {"computed": incident["computed"] | {"open_actions": -1}}]},
        data | {"incidents": [{key: value for key, value in incident.items() if key != "timeline"}]},
        data | {"incidents": [incident | {"severity": "P9"}]},
        data | {"incidents": [incident | {"actions": [incident["actions"][0] | {"status": "completed"}]}]},
        data | {"incidents": [incident | {"actions": [{"what": "w"}]}]},
        data | {"incidents": [incident | {"x-team": 1}]},
    ]
    for document in broken:
        assert list(validator.iter_errors(document)), document.keys()


def test_csv_starts_with_a_byte_order_mark_for_spreadsheets(run: Run, example_repo: Path) -> None:
    """Excel reads a CSV as UTF-8 only after a byte-order mark; readers that decode utf-8-sig get clean columns."""
    result = run("export", "--format", "csv")
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbfincident_id,")
    assert raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert next(iter(rows[0])) == "incident_id"
    assert any(not row["incident_title"].isascii() for row in rows)  # the example is in French: accents survive
