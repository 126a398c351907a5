"""`pm check --format`: each output (GitHub, GitLab, JSON, SARIF) checked against its consumer's rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from postmortem.validate.findings import RULES
from tests.conftest import CASES, Run
from tests.test_check_cases import CHECK_CASES, _expected

SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
BROKEN = CASES / "check" / "several-problems.yaml"


@pytest.fixture
def broken_repo(tmp_path: Path) -> Path:
    """A repository with one file holding several problems and one good incident."""
    (tmp_path / "incidents").mkdir()
    shutil.copy(BROKEN, tmp_path / "incidents" / BROKEN.name)
    (tmp_path / "pm.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    return tmp_path


def test_github_annotations(run: Run, broken_repo: Path) -> None:
    """Each problem is one ::error workflow command on its file, line and column; the summary goes to stderr."""
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(_expected(BROKEN))
    assert lines[0] == (
        "::error file=incidents/several-problems.yaml,line=18,col=1,title=pm unknown-key::"
        "unknown field 'rootcause' (did you mean 'root_cause'?)"
    )
    assert all(line.startswith("::error file=incidents/several-problems.yaml,line=") for line in lines)
    assert result.stderr.strip() == "Found 6 errors and 0 warnings in 1 of 1 file."


def test_github_escapes_what_workflow_commands_reserve(run: Run, tmp_path: Path) -> None:
    """Percent signs, line breaks, commas and colons cannot end an annotation early or forge another."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a,b:c.yaml").write_text(
        'id: INC-1\ntitle: t\nstatus: draft\ndate: "2024-01-01"\n"50%\\n::error::x": 1\n', encoding="utf-8"
    )
    result = run("check", "--format", "github")
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=incidents/a%2Cb%3Ac.yaml,line=5,col=1,title=pm unknown-key::")
    assert "::unknown field '50%25\\n::error::x'; a field of your own" in line


def test_warnings_are_warning_annotations(run: Run, tmp_path: Path) -> None:
    """A warning becomes ::warning, and does not fail the check unless --strict."""
    (tmp_path / "incidents").mkdir()
    shutil.copy(CHECK_CASES / "mojibake.yaml", tmp_path / "incidents" / "mojibake.yaml")
    result = run("check", "--format", "github")
    assert result.exit_code == 0
    assert result.stdout.startswith("::warning file=incidents/mojibake.yaml,")
    assert run("check", "--format", "github", "--strict").exit_code == 1


CODE_QUALITY = {  # what GitLab documents as required of each issue of a Code Quality report
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},
                    "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer"}}},
                },
            },
        },
    },
}


def test_gitlab_code_quality_report(run: Run, broken_repo: Path) -> None:
    """The Code Quality report holds the text output's problems; fingerprints are unique and survive moved lines."""
    result = run("check", "--format", "gitlab")
    assert result.exit_code == 1
    issues = json.loads(result.stdout)
    jsonschema.validate(issues, CODE_QUALITY)
    text = run("check").stdout.splitlines()[:-1]
    shown = [f"{i['location']['path']}:{i['location']['lines']['begin']}:" for i in issues]
    assert [line.split(":")[0] + ":" + line.split(":")[1] + ":" for line in text] == shown
    assert [i["description"] for i in issues] == [line.split(": ", 2)[2].rsplit(" [", 1)[0] for line in text]
    assert {i["severity"] for i in issues} <= {"major", "minor"}
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    path = broken_repo / "incidents" / BROKEN.name
    path.write_text("# a comment moves every line down\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    moved = json.loads(run("check", "--format", "gitlab").stdout)
    assert [i["fingerprint"] for i in moved] == fingerprints
    assert [i["location"]["lines"]["begin"] for i in moved] == [i["location"]["lines"]["begin"] + 1 for i in issues]


def test_json_list_matches_text(run: Run, broken_repo: Path) -> None:
    """The JSON list holds the same problems as the text output, field by field."""
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    text = run("check").stdout.splitlines()[:-1]
    assert [f"{p['path']}:{p['line']}:{p['column']}: {p['level']}: {p['message']} [{p['rule']}]" for p in found] == text


def test_json_is_an_empty_list_when_all_is_good(run: Run, example_repo: Path) -> None:
    """No problem: an empty list and exit 0."""
    result = run("check", "--format", "json", "-q")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert result.stderr == ""


def test_sarif_is_valid_against_the_published_schema(run: Run, broken_repo: Path) -> None:
    """The SARIF log validates against the OASIS SARIF 2.1.0 schema and carries every problem with its place."""
    result = run("check", "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(log)
    (sarif_run,) = log["runs"]
    rules = sarif_run["tool"]["driver"]["rules"]
    results = sarif_run["results"]
    assert len(results) == 6
    first = results[0]
    assert first["ruleId"] == "unknown-key"
    assert rules[first["ruleIndex"]]["id"] == "unknown-key"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "incidents/several-problems.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 18, "startColumn": 1},
    }


def test_every_rule_is_described() -> None:
    """Every rule the cases produce has a description for SARIF's rule list."""
    produced = {line.rsplit("[", 1)[1].rstrip("]") for case in CHECK_CASES.iterdir() for line in _expected(case)}
    assert produced <= set(RULES)


def test_unknown_format_is_a_usage_error(run: Run) -> None:
    """A format pm does not know is a usage error: exit 2."""
    result = run("check", "--format", "xml")
    assert result.exit_code == 2
    assert "'xml' is not one of 'text', 'github', 'gitlab', 'json', 'sarif'" in result.stderr
