"""Editor support: `pm schema`, the schema saved by `pm init`, the modeline of new files, and what the schema says."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from postmortem.corpus.files import discover
from postmortem.corpus.repository import read_document
from tests.conftest import CASES, Run

SCHEMA_ERRORS = ["unknown-key", "wrong-type", "unknown-value", "missing-field", "unknown-severity", "path-in-id"]
CROSS_FIELD = ["incomplete", "incomplete-in-review"]  # what a status requires: pm check only (docs/editors.md)


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    """A validator for the schema, after checking that the schema itself is valid."""
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def _data(path: Path) -> Any:
    """An incident file as the loader reads it (YAML 1.2: dates and times stay text, as in editors)."""
    return read_document(path, root=path.parent).data


def test_schema_accepts_every_example_incident(run: Run, example_repo: Path) -> None:
    """The example corpus (with its configured severity levels) and the real-world examples all validate."""
    result = run("schema")
    assert result.exit_code == 0
    validator = _validator(json.loads(result.stdout))
    files = [*discover(example_repo / "incidents"), *sorted((CASES / "real-world").glob("*.yaml"))]
    assert len(files) >= 12
    for path in files:
        errors = [error.message for error in validator.iter_errors(_data(path))]
        assert errors == [], path.name


def test_schema_rejects_the_bad_cases_that_are_schema_errors(run: Run, tmp_path: Path) -> None:
    """Unknown keys, wrong types and values, missing fields, unknown levels are refused; a status's needs are not."""
    (tmp_path / "pm.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    validator = _validator(json.loads(run("schema").stdout))
    for name in SCHEMA_ERRORS:
        data = _data(CASES / "check" / f"{name}.yaml")
        assert list(validator.iter_errors(data)), name
        assert run("check", str(CASES / "check" / f"{name}.yaml")).exit_code == 1, name
    for name in CROSS_FIELD:
        assert not list(validator.iter_errors(_data(CASES / "check" / f"{name}.yaml"))), name


def test_severity_levels_come_from_the_configuration(run: Run, tmp_path: Path) -> None:
    """The schema offers the repository's own levels, so editors complete them."""
    (tmp_path / "pm.toml").write_text('[[severities]]\nid = "SEV1"\nname = "Worst"\n', encoding="utf-8")
    schema = json.loads(run("schema").stdout)
    assert schema["properties"]["severity"]["enum"] == ["SEV1", None]
    validator = _validator(schema)
    draft = {"id": "INC-1", "title": "t", "status": "draft", "date": "2024-01-01"}
    assert not list(validator.iter_errors({**draft, "severity": "SEV1"}))
    assert list(validator.iter_errors({**draft, "severity": "P1"}))


def test_init_saves_the_schema_and_files_point_at_it(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`pm init` saves the schema; the example and every `pm new` file start with the modeline; all validate."""
    assert run("init", "repo").exit_code == 0
    repo = tmp_path / "repo"
    schema = json.loads((repo / "incident.schema.json").read_text(encoding="utf-8"))
    validator = _validator(schema)
    monkeypatch.chdir(repo)
    assert run("new", "Disk full", "--severity", "P2", "--date", "2024-06-01").exit_code == 0
    files = discover(repo / "incidents")
    assert len(files) == 2
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../incident.schema.json"
        assert (path.parent / first.split("=", 1)[1]).resolve() == (repo / "incident.schema.json").resolve()
        assert not [error.message for error in validator.iter_errors(_data(path))], path.name
    assert run("check").stdout.startswith("All good")


def test_new_writes_the_schema_when_missing_and_follows_nested_folders(run: Run, tmp_path: Path) -> None:
    """A repository without the schema gets it with its first new file; the modeline is relative to the file."""
    (tmp_path / "pm.toml").write_text('incidents = "docs/incidents"\n', encoding="utf-8")
    result = run("new", "Queue stuck", "--date", "2024-06-01")
    assert result.exit_code == 0
    assert result.stdout.strip() == "docs/incidents/2024-06-01-queue-stuck.yaml"
    assert "created incident.schema.json" in result.stderr
    text = (tmp_path / "docs/incidents/2024-06-01-queue-stuck.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../incident.schema.json\n")
    assert (tmp_path / "incident.schema.json").is_file()


def test_check_warns_about_a_stale_schema_until_written_again(run: Run, tmp_path: Path) -> None:
    """Changing the levels makes the saved schema stale: `pm check` says so, `pm schema --write` fixes it."""
    assert run("init", ".", "-q").exit_code == 0
    config = tmp_path / "pm.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('id = "P4"', 'id = "P5"'), encoding="utf-8")
    result = run("check", "--strict")
    assert result.exit_code == 1
    assert result.stdout.startswith("incident.schema.json:1:1: warning: the editors' schema is out of date")
    assert run("schema", "--write").stdout == "wrote incident.schema.json\n"
    assert run("check", "--strict").exit_code == 0
    assert json.loads(run("schema").stdout) == json.loads((tmp_path / "incident.schema.json").read_text())


def test_schema_describes_fields_for_completion(run: Run) -> None:
    """Fields carry descriptions, and enums list their values: what an editor shows while typing."""
    schema = json.loads(run("schema").stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["status"]["enum"] == ["draft", "in-review", "final"]
    assert "Why it happened" in schema["properties"]["root_cause"]["description"]
    lesson = schema["$defs"]["Lessons"]["properties"]["to_keep"]["items"]["anyOf"]
    assert {"type": "string", "minLength": 1, "maxLength": 500} in lesson


def _keys(node: Any) -> Iterator[str]:
    """Every key of a JSON value, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keys(value)
    elif isinstance(node, list):
        for value in node:
            yield from _keys(value)


def test_every_property_has_a_type_and_a_description(run: Run, tmp_path: Path) -> None:
    """What an editor shows for each key: its type and what it means; no null default, no conditional block."""
    (tmp_path / "pm.toml").write_text('timezone = "Europe/Paris"\n[action_statuses]\nparked = "blocked"\n', "utf-8")
    schema = json.loads(run("schema").stdout)
    objects = [schema, *schema["$defs"].values()]
    properties = [(name, value) for model in objects for name, value in model["properties"].items()]
    assert len(properties) > 50
    for name, value in properties:
        assert value.get("type"), name
        assert value.get("description"), name
        assert value.get("default", "") is not None, name
    assert not {"if", "then", "else", "not", "defaultSnippets"} & set(_keys(schema))
    assert schema["properties"]["timezone"]["default"] == "Europe/Paris"
    status = schema["$defs"]["Action"]["properties"]["status"]
    assert "parked" in status["anyOf"][0]["enum"]
    validator = _validator(schema)
    draft = {"id": "INC-1", "title": "t", "status": "draft", "date": "2024-01-01"}
    for word, valid in (("Parked", True), ("parked ", True), ("PARKED", True), ("park", False), ("parkedx", False)):
        action = {"what": "w", "owner": "o", "status": word}
        assert validator.is_valid({**draft, "actions": [action]}) is valid, word
