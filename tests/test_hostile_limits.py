"""Hostile limits: every file is read the guarded way, every value is bounded, every mistake is located."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import tempfile
import tracemalloc
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem.cli.main import main
from postmortem.config.model import Config
from postmortem.errors import Level
from postmortem.load.limits import MAX_TEXT
from postmortem.load.yaml import load
from postmortem.model.durations import MAX_DURATION_DAYS
from postmortem.model.fieldtypes import MAX_NUMBER
from postmortem.model.incident import Incident
from postmortem.read import MAX_FILE_BYTES
from postmortem.render.report import Corpus, render_report
from postmortem.render.templating import environment
from postmortem.validate.incident import validate_incident
from tests.conftest import ROOT, Run

GOOD = "id: GOOD-1\ntitle: A good file\nstatus: draft\ndate: 2024-01-01\n"
PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$")
SECRET = "SECRET-OUTSIDE-THE-REPOSITORY"
FRONT = "---\ntitle: A page\n---\nbody\n"


def _repository(root: Path) -> None:
    """A small repository: one good incident, a risk register, a runbook and a page."""
    for folder in ("incidents", "runbooks", "pages", "templates/i18n"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    (root / "incidents" / "good.yaml").write_text(GOOD, encoding="utf-8")
    (root / "risks.yaml").write_text("risks: []\n", encoding="utf-8")
    (root / "runbooks" / "guide.md").write_text(FRONT, encoding="utf-8")
    (root / "pages" / "about.md").write_text(FRONT, encoding="utf-8")


def _no_traceback(result: object) -> str:
    """Everything a command printed, after checking that it shows no traceback."""
    text = getattr(result, "output", "") + getattr(result, "stderr", "")
    assert "Traceback" not in text
    return text


PLACES = ["incidents/evil.yaml", "risks.yaml", "runbooks/evil.md", "pages/evil.md", "templates/i18n/en.toml"]


def _plant(path: Path, kind: str, *, outside: Path) -> None:
    """Put at *path* a FIFO, a link out of the repository, a link to /dev/zero, or a file over the size limit."""
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link-out":
        outside.write_text(f"title: {SECRET}\n", encoding="utf-8")
        path.symlink_to(outside)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        with path.open("wb") as handle:
            handle.write(b"# " + b"x" * (MAX_FILE_BYTES + 10) + b"\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["fifo", "link-out", "dev-zero", "too-large"])
@pytest.mark.parametrize("place", PLACES)
def test_every_repository_file_is_read_the_guarded_way(run: Run, tmp_path: Path, place: str, kind: str) -> None:
    """A FIFO, a link out of the repository, a link to /dev/zero or an oversized file, wherever it stands.

    `pm check` and `pm render` both refuse it with a located error (no hang: a FIFO is never opened for a
    blocking read; no memory blow-up: at most the limit is read; nothing outside is shown) and exit 1.
    """
    repo = tmp_path / "repo"
    repo.mkdir()
    _repository(repo)
    _plant(repo / place, kind, outside=tmp_path / "secret.yaml")
    os.chdir(repo)
    for args in (["check"], ["render", "--format", "md,html"]):
        result = run(*args)
        text = _no_traceback(result)
        assert result.exit_code == 1, text
        rules = "not-a-file|outside|too-large|invalid"
        assert re.search(rf"^{re.escape(place)}:1:1: error: .+ \[({rules})\]$", text, re.M), text
        assert SECRET not in text
    assert not (repo / "site").exists()


def test_an_oversized_page_is_never_read_whole(run: Run, tmp_path: Path) -> None:
    """A 40 MB runbook is refused after reading at most the limit: memory stays far below the file's size."""
    _repository(tmp_path)
    with (tmp_path / "runbooks" / "huge.md").open("wb") as handle:
        handle.write(FRONT.encode() + b"x" * (40 * 1024 * 1024))
    tracemalloc.start()
    result = run("check")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.exit_code == 1
    assert "runbooks/huge.md:1:1: error: file is larger than 1,048,576 bytes" in result.output
    assert peak < 16 * 1024 * 1024


def test_walks_never_follow_folder_links(run: Run, tmp_path: Path) -> None:
    """Links to folders are not walked into (no loop, no walk of /); a configured folder linked out is refused."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _repository(repo)
    (repo / "incidents" / "sub").mkdir()
    (repo / "incidents" / "sub" / "loop").symlink_to("..")
    (repo / "incidents" / "root").symlink_to("/")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text(f"---\ntitle: {SECRET}\n---\n", encoding="utf-8")
    os.chdir(repo)
    result = run("check")
    assert SECRET not in _no_traceback(result)
    assert "of 2 files" in result.output or "2 files checked" in result.output  # no walk through incidents/root
    for name in ("runbooks", "pages"):
        (repo / name / "guide.md").unlink(missing_ok=True)
        (repo / name / "about.md").unlink(missing_ok=True)
        (repo / name).rmdir()
        (repo / name).symlink_to(outside)
    result = run("check")
    assert result.exit_code == 1
    assert "runbooks:1:1: error: runbooks: 'runbooks' leads through a symbolic link to" in result.output
    assert SECRET not in _no_traceback(result)


@pytest.mark.parametrize("setting", ['incidents = "/etc"', 'pages = "../elsewhere"', 'templates = "a/../../b"'])
def test_configured_paths_stay_inside_the_repository(run: Run, tmp_path: Path, setting: str) -> None:
    """A configuration cannot point pm's reading outside the repository: a located configuration error."""
    (tmp_path / "pm.toml").write_text(setting + "\n", encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    column = setting.index('"') + 1  # at the value
    assert f"pm.toml:1:{column}: error:" in result.stderr
    assert "leads outside the repository" in _no_traceback(result)


def test_a_linked_configuration_out_of_the_repository_is_refused(run: Run, tmp_path: Path) -> None:
    """pm.toml that is a link to a file elsewhere is not read: the configuration is part of the repository."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (tmp_path / "shared.toml").write_text(f'title = "{SECRET}"\n', encoding="utf-8")
    (repo / "pm.toml").symlink_to(tmp_path / "shared.toml")
    os.chdir(repo)
    result = run("check")
    assert result.exit_code == 1
    assert "pm.toml:1:1: error: symbolic link to" in result.stderr
    assert SECRET not in _no_traceback(result)


BAD_VALUES = [
    ("impact:\n  users_affected: 9999999999999999999999999\n", "6:19", "must be between 0 and 9,007,199,254,740,991"),
    ("impact:\n  users_affected: 1" + "0" * 5000 + "\n", "6:19", "has more than 30 digits"),
    ("impact:\n  users_affected: -3\n", "6:19", "must be between 0 and"),
    ("impact:\n  users_affected: '99999999999999999999'\n", "6:19", "must be between 0 and"),
    ("impact:\n  figures:\n    - {label: x, value: .inf}\n", "7:25", "finite number"),
    ("impact:\n  figures:\n    - {label: x, value: .nan}\n", "7:25", "finite number"),
    ("impact:\n  figures:\n    - {label: x, value: 1e999}\n", "7:25", "is not a finite number"),
    ("impact:\n  figures:\n    - {label: x, value: 99999999999999999999}\n", "7:25", "must lie between"),
    ("time_spent: 99999999999h\n", "5:13", "is too long: at most 36,500 days"),
    ("time_spent: " + "9" * 400 + "min\n", "5:13", "is too long"),
    ("impact:\n  downtime: P99999999999999999999D\n", "6:13", "is too long"),
    ("impact:\n  downtime: 36501d\n", "6:13", "is too long"),
    ("timeline:\n  - {at: '9999-12-31 23:59 -05:00', text: x}\n", "6:10", "times must fall before 9999-12-31"),
    ("timeline:\n  - {at: '9999-12-31 23:00 Pacific/Kiritimati', text: x}\n", "6:10", "too late"),
    ("timeline:\n  - {at: '1969-12-31 23:00', text: x}\n", "6:10", "before 1970"),
]


@pytest.mark.parametrize(("snippet", "where", "message"), BAD_VALUES)
def test_absurd_values_are_located_errors(run: Run, tmp_path: Path, snippet: str, where: str, message: str) -> None:
    """Huge integers, overflowing durations, times at the end of year 9999: located errors, nothing rendered."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(GOOD + snippet, encoding="utf-8")
    for args in (["check"], ["render", "--format", "md,html"]):
        result = run(*args)
        text = _no_traceback(result)
        assert result.exit_code == 1, text
        line = next(line for line in text.splitlines() if line.startswith("incidents/a.yaml:"))
        assert line.startswith(f"incidents/a.yaml:{where}: error: "), line
        assert message in text
    assert not (tmp_path / "site").exists()


def test_a_bare_time_after_the_end_of_year_9999_is_an_error(run: Run, tmp_path: Path) -> None:
    """A time without date after one at the end of 9999 in another zone: located errors, no overflow on the way."""
    (tmp_path / "incidents").mkdir()
    head = "id: A\ntitle: t\nstatus: draft\ndate: 9999-12-31\ntimezone: Pacific/Kiritimati\n"
    timeline = "timeline:\n  - {at: '9999-12-31 20:00 -12:00', text: a}\n  - {at: '23:00', text: b}\n"
    (tmp_path / "incidents" / "a.yaml").write_text(head + timeline, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "incidents/a.yaml:7:10: error: time 9999-12-31 20:00 -12:00 is too late" in _no_traceback(result)


EXTREMES = f"""timezone: Pacific/Kiritimati
time_spent: {MAX_DURATION_DAYS}d
impact:
  users_affected: {MAX_NUMBER}
  downtime: P{MAX_DURATION_DAYS}D
  figures:
    - {{label: low, value: -{MAX_NUMBER}}}
    - {{label: tiny, value: 1.0e-300}}
    - {{label: vast, value: 1.0e+300}}
timeline:
  - {{at: '1970-01-01 00:00', text: first, milestone: started}}
  - {{at: '1970-01-01 00:01 -12:00', text: seen, milestone: detected}}
  - {{at: '9999-12-30 09:59 -12:00', text: last, milestone: resolved}}
actions:
  - {{what: later, owner: team, due: 9999-12-31}}
"""


def test_the_extremes_that_are_accepted_render(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The largest numbers, durations and spans pm accepts, in the zones farthest apart, render in full."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "pm.toml").write_text('timezone = "Etc/GMT+12"\n', encoding="utf-8")
    (tmp_path / "incidents" / "a.yaml").write_text(GOOD.replace("2024", "1970") + EXTREMES, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402214400")  # the last build date pm accepts: 9999-12-31
    assert run("check").exit_code == 0
    result = run("render", "--format", "md,html")
    assert result.exit_code == 0, _no_traceback(result)
    report = (tmp_path / "site" / "GOOD-1.md").read_text(encoding="utf-8")
    assert re.search(r"Users affected\*\*: 9\D?007\D?199\D?254\D?740\D?991", report)
    assert "**Time to resolve**: 2,932,895 days 11 hr 19 min" in report  # from 1970 to 9999, no overflow


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("", "1:1"),
        ("~\n", "1:1"),
        ("null\n", "1:1"),
        ("---\n", "2:1"),
        ("--- ~\n...\n", "1:5"),
        ("# only a comment\n", "1:1"),
        ("- a list\n", "1:1"),
        ("just words\n", "1:1"),
        ("--- |\n  a block of text\n", "1:5"),
        ("---\nid: A\n---\nid: B\n", "3:1"),
        ("---\n---\n", "2:1"),
    ],
)
def test_documents_without_fields_are_located_errors(run: Run, tmp_path: Path, text: str, where: str) -> None:
    """An empty or null document, a list, a scalar or several documents: one located error, exit 1."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "x.yaml").write_text(text, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert f"incidents/x.yaml:{where}: error:" in _no_traceback(result)


def test_a_null_risk_register_is_an_error(run: Run, tmp_path: Path) -> None:
    """A risk register that is only `null` is reported like an empty one, not taken as no risks."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "risks.yaml").write_text("null\n", encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "risks.yaml:1:1: error: the document is empty (null)" in result.output


def _undecodable(folder: Path, name: bytes, text: str) -> None:
    """Write a file whose name is not UTF-8, or skip where the file system refuses such names."""
    try:
        with open(os.fsencode(folder) + b"/" + name, "w", encoding="utf-8") as handle:  # noqa: PTH123 - a bytes name
            handle.write(text)
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")


def test_file_names_that_are_not_utf8_are_shown_escaped(run: Run, tmp_path: Path) -> None:
    """Files named with bytes that are not UTF-8 are checked, reported with an escaped name, and rendered."""
    _repository(tmp_path)
    _undecodable(tmp_path / "incidents", b"bad\xff.yaml", "id: BAD-1\ntitle: t\nstatus: draft\n")
    _undecodable(tmp_path / "runbooks", b"r\xfe.md", "---\norder: 1\n---\n")
    _undecodable(tmp_path / "pages", b"p\xfd.md", FRONT)
    for output in ("text", "json", "github", "sarif", "gitlab"):
        result = run("check", "--format", output)
        assert result.exit_code == 1
        text = _no_traceback(result)
        text = unquote(text) if output == "sarif" else text  # SARIF percent-encodes the escaped name's backslash
        assert "bad\\xff.yaml" in text.replace("\\\\", "\\")
        assert "r\\xfe.md" in text.replace("\\\\", "\\")
    lines = run("check").output.splitlines()
    assert any(line.startswith("incidents/bad\\xff.yaml:1:1: error: ") for line in lines), lines
    assert any(line.startswith("runbooks/r\\xfe.md:") for line in lines), lines
    (tmp_path / "incidents" / os.fsdecode(b"bad\xff.yaml")).unlink()
    (tmp_path / "runbooks" / os.fsdecode(b"r\xfe.md")).unlink()
    result = run("render", "--format", "md,html")
    assert result.exit_code == 0, _no_traceback(result)


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "1e9", "9" * 40, "253402300799", "0x10", "١٢٣", "12 34"])
def test_a_malformed_source_date_epoch_stops_the_build(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      value: str) -> None:  # fmt: skip
    """SOURCE_DATE_EPOCH that is not whole seconds within pm's dates is an error (the specification's advice)."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    for args in (["render", "--format", "md"], ["actions"], ["stats"], ["export"]):
        result = run(*args)
        assert result.exit_code == 1
        assert "pm: error: SOURCE_DATE_EPOCH must be a whole number of seconds" in _no_traceback(result)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(("value", "day"), [("0", "1970-01-01"), (" 1748736000 ", "2025-06-01"), ("", None)])
def test_a_good_source_date_epoch_sets_the_day(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              value: str, day: str | None) -> None:  # fmt: skip
    """Whole seconds set the build's day; an empty value means no fixed date, as the specification allows."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run("export")
    assert result.exit_code == 0, _no_traceback(result)
    if day is not None:
        assert json.loads(result.output)["generated_on"] == day


@pytest.mark.parametrize(
    ("labels", "where", "message"),
    [
        ("site = 3\n", "1:8", "label 'site' must be a table of labels"),
        ("incident = 3\n", "1:12", "label 'incident': must be text"),
        ("[statuses]\ndraft = ['a']\n", "2:9", "label 'statuses.draft': must be text"),
        ("timeline_chart_desc = '{start.__class__}'\n", "1:23", "placeholder {start.__class__} is not one"),
        ("times_in = 'In {0}'\n", "1:12", "placeholder {0} is not one"),
        ("[site]\ngenerated = 'on {date:>999999999}'\n", "2:13", "takes no format or conversion"),
        ("incident = 'Incident {'\n", "1:12", "write a brace as {{ or }}"),
        ("incident = 'Case'\n[site]\nincident = 3\n", "3:12", "label 'site.incident': must be text"),
        ("[gravities]\nlow = 'Low'\n[probabilities]\n'low' = ['a']\n", "4:9", "label 'probabilities.low'"),
        ("x = " + "[" * 5000 + "\n", "1:1", "invalid TOML"),
        ("title = 'no end\n", "1:", "invalid TOML"),
        (b"\xff", "1:1", "not valid UTF-8"),
    ],
)
def test_a_broken_labels_override_is_a_located_error(run: Run, tmp_path: Path, labels: str | bytes, where: str,
                                                     message: str) -> None:  # fmt: skip
    """A labels override of the wrong shape, with foreign placeholders or bad TOML: located, exit 1, no output."""
    _repository(tmp_path)
    (tmp_path / "templates" / "i18n" / "en.toml").write_bytes(labels if isinstance(labels, bytes) else labels.encode())
    for args in (["check"], ["render", "--format", "md,html"]):
        result = run(*args)
        text = _no_traceback(result)
        assert result.exit_code == 1, text
        assert f"templates/i18n/en.toml:{where}" in text
        assert message in text
    assert not (tmp_path / "site").exists()


def test_a_partial_labels_override_keeps_the_other_labels(run: Run, tmp_path: Path) -> None:
    """An override of a few labels changes those and keeps the built-in ones for the rest."""
    _repository(tmp_path)
    (tmp_path / "templates" / "i18n" / "en.toml").write_text(
        "status = 'Stage'\n[site]\nhome = 'Front'\n", encoding="utf-8"
    )
    assert run("check").exit_code == 0
    result = run("render", "--format", "md,html")
    assert result.exit_code == 0, _no_traceback(result)
    page = (tmp_path / "site" / "GOOD-1.html").read_text(encoding="utf-8")
    assert "Stage" in page
    assert ">Front<" in page
    assert "Date" in page  # a label the override does not give


def _bomb(text_size: int, aliases: int) -> str:
    """A document repeating one anchored text many times through aliases."""
    items = "".join("    - *t\n" for _ in range(aliases))
    return f"{GOOD}summary: &t {'x' * text_size}\nlessons:\n  went_wrong:\n{items}"


def test_aliases_are_budgeted_by_the_text_they_repeat() -> None:
    """A 200 KB file repeating a 2,000-character text 20,000 times is refused, far below the node budget."""
    text = _bomb(2000, 20_000)
    assert 150_000 < len(text) < 250_000
    doc = load("bomb.yaml", text.encode())
    assert [p.rule for p in doc.problems] == ["too-large"]
    assert "characters once aliases are expanded" in doc.problems[0].message


def _text_size(value: object) -> int:
    """Characters of the keys and texts of plain data."""
    if isinstance(value, dict):
        return sum(len(str(k)) + _text_size(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(_text_size(v) for v in value)
    return len(str(value)) if isinstance(value, str) else 1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    size=st.integers(1, 5000),
    fan=st.lists(st.integers(1, 40), min_size=1, max_size=4),
)
def test_expanded_text_never_exceeds_the_budget(size: int, fan: list[int]) -> None:
    """Nested anchors and aliases: either refused as too large, or the data holds at most the text budget."""
    lines = [f"a0: &a0 {'y' * size}"]
    for level, count in enumerate(fan, start=1):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * count)}]")
    doc = load("fan.yaml", "\n".join(lines).encode())
    if doc.problems:
        assert [p.rule for p in doc.problems] == ["too-large"]
    else:
        assert _text_size(doc.data) <= MAX_TEXT + 100_000  # every non-text value counts for one


# Values an attacker would try in every field, written as YAML (plain scalars stay plain).
HOSTILE = [
    "9999999999999999999999999", "-1", "0", f"{MAX_NUMBER}", f"{MAX_NUMBER + 1}", "1e999", ".inf", "-.inf", ".nan",
    "1.5", "0x7fffffffffffffff", "~", "true", "[]", "{}", "''", "'99999999999h'", "'P99999999999D'", "'36501d'",
    "'9999-12-31'", "'9999-12-31 23:59 -12:00'", "'0001-01-01'", "'-14:59'", "'2024-02-30'", "'99999:99'",
    "'1d 99999999999999999999h'", "'{0}'", "'<script>'",
]  # fmt: skip
EDGES = {  # values each field accepts, at the edges of what it accepts
    "time_spent": ["'36500d'", "'P36500D'", "'0min'", "'1.5h'"],
    "timezone": ["Pacific/Kiritimati", "Etc/GMT+12", "'+14:00'", "'-14:00'", "UTC"],
    "severity": ["P1", "P4"],
    "language": ["en", "fr"],
    "summary": ["'x'", "'{0} {start.__class__}'"],
    "users_affected": ["0", f"{MAX_NUMBER}"],
    "downtime": ["'36500d'", "'1min'"],
    "figures": [f"-{MAX_NUMBER}", "1.0e+300", "-1.0e-300", "'text'"],
    "description": ["'x'"],
    "data_loss": ["'all'"],
    "at": ["'9999-12-30 09:59'", "'9999-12-30 23:59 Etc/GMT-14'", "'1970-01-01 00:00 +14:00'", "'23:59'",
           "'~00:00'", "unknown", "'1970-01-01'"],
    "text": ["x"],
    "milestone": ["started", "detected", "acknowledged", "mitigated", "resolved", "[started, resolved]"],
    "what": ["x"],
    "due": ["'1970-01-01'", "'9999-12-31'"],
    "status": ["open", "done"],
    "owner": ["x"],
}  # fmt: skip
FIELDS = {
    "impact": ["users_affected", "downtime", "figures", "description", "data_loss"],
    "timeline": ["at", "text", "milestone"],
    "actions": ["what", "due", "status", "owner"],
}


def _value(draw: st.DrawFn, name: str) -> str:
    """A value for field *name*: mostly one it accepts at its edges, sometimes a hostile one."""
    return draw(st.sampled_from(EDGES[name] * 12 + HOSTILE))


def _flow(draw: st.DrawFn, names: list[str], *, first: dict[str, str]) -> str:
    """A YAML flow mapping of some of *names* with drawn values, after the *first* keys."""
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
    values = {**first, **{name: _value(draw, name) for name in chosen}}
    return "{" + ", ".join(f"{key}: {value}" for key, value in values.items()) + "}"


@st.composite
def hostile_incidents(draw: st.DrawFn) -> str:
    """A draft incident whose fields, top-level and nested, hold edge values and hostile ones."""
    lines = ["id: FUZZ-1", "title: t", "status: draft", f"date: {draw(st.sampled_from(['1970-01-01', '9999-12-30']))}"]
    for name in draw(st.lists(st.sampled_from(["time_spent", "timezone", "severity", "language", "summary"]),
                              unique=True, max_size=5)):  # fmt: skip
        lines.append(f"{name}: {_value(draw, name)}")
    if draw(st.booleans()):
        impact = _flow(draw, [n for n in FIELDS["impact"] if n != "figures"], first={})
        figures = [f"{{label: x, value: {_value(draw, 'figures')}}}" for _ in range(draw(st.integers(0, 2)))]
        lines.append(f"impact: {impact[:-1]}{', ' if len(impact) > 2 else ''}figures: [{', '.join(figures)}]}}")
    entries = [_flow(draw, ["at", "milestone"], first={"at": _value(draw, "at"), "text": "x"})
               for _ in range(draw(st.integers(0, 4)))]  # fmt: skip
    lines += ["timeline:", *(f"  - {entry}" for entry in entries)] if entries else []
    actions = [_flow(draw, FIELDS["actions"][1:], first={"what": "x"}) for _ in range(draw(st.integers(0, 2)))]
    lines += ["actions:", *(f"  - {action}" for action in actions)] if actions else []
    return "\n".join(lines) + "\n"


CONFIG = Config(root=ROOT)  # its .pm-cache/ is ignored by git
ENV = environment(CONFIG)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_incidents())
def test_the_validator_accepts_only_what_renders(text: str) -> None:
    """Every incident the validator accepts renders as Markdown and HTML; the others get located problems only."""
    doc = load("fuzz.yaml", text.encode())
    incident, problems = validate_incident(doc, config=CONFIG)
    for problem in problems:
        assert PROBLEM_LINE.match(str(problem)), str(problem)
    if incident is None:
        assert any(p.level is Level.ERROR for p in problems)
        return
    assert isinstance(incident, Incident)
    for fmt in ("md", "html"):
        render_report(incident, env=ENV, config=CONFIG, corpus=Corpus(titles={}, risks={}), fmt_name=fmt,
                      today=dt.date(9999, 12, 31))  # fmt: skip


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_incidents())
def test_pm_check_accepts_only_what_pm_render_renders(text: str) -> None:
    """`pm check` exits 0 and `pm render --format md,html` then succeeds, or `pm check` exits 1 with located lines."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        Path("incidents").mkdir()
        Path("incidents/x.yaml").write_text(text, encoding="utf-8")
        checked = runner.invoke(main, ["check"], catch_exceptions=False)
        if checked.exit_code == 0:
            rendered = runner.invoke(main, ["render", "--format", "md,html"], catch_exceptions=False,
                                     env={"SOURCE_DATE_EPOCH": "253402214400"})  # fmt: skip
            assert rendered.exit_code == 0, rendered.output
        else:
            assert checked.exit_code == 1
            located = [line for line in checked.output.splitlines() if line.startswith("incidents/x.yaml:")]
            assert located
            assert all(PROBLEM_LINE.match(line) for line in located), located


def test_a_configuration_with_too_many_severity_levels_is_refused(run: Run, tmp_path: Path) -> None:
    """Every unknown severity is compared with every level: a configuration may define at most 50 of them."""
    levels = "".join(f'[[severities]]\nid = "S{n}"\nname = "Level {n}"\n' for n in range(51))
    (tmp_path / "pm.toml").write_text(levels, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "pm.toml:" in result.output
    assert "severities: 51 entries, more than the limit of 50 [too-large]" in result.output


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}\n", "ran too long"),
        ('{% for i in range(99999) %}{{ "x" * 100000 }}{% endfor %}\n', "wrote too much"),
    ],
)
def test_a_template_cannot_hang_a_render_nor_eat_memory(run: Run, tmp_path: Path, template: str, message: str) -> None:
    """A repository's template that loops without end, or writes gigabytes, is stopped with a clear error."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(
        "id: INC-1\ntitle: T\nstatus: draft\ndate: 2024-01-01\nsummary: S\n", encoding="utf-8"
    )
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "report.md.j2").write_text(template, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", "--format", "md"], env={"PM_TEMPLATE_SECONDS": "1"})
    assert result.exit_code == 1
    assert f"template report.md.j2 {message}" in result.output
    assert not (tmp_path / "site").exists()


DEEP = 120  # levels: past what Jinja's parser and WeasyPrint's layout follow by recursion, under any size limit


@pytest.mark.parametrize(
    ("name", "template"),
    [
        ("report.md.j2", "{{ " + "(" * DEEP + "1" + ")" * DEEP + " }}\n"),
        ("report.md.j2", "{{ 1" + "|e" * 3000 + " }}\n"),
        ("report.md.j2", "{{ " + "-" * 3000 + "1 }}\n"),
        ("report.md.j2", "{{ " + "1+" * 100_000 + "1 }}\n"),
        ("site/index.html.j2", "{{ " + "(" * DEEP + "1" + ")" * DEEP + " }}\n"),
    ],
)
def test_a_template_nested_too_deeply_to_read_is_a_template_error(
    run: Run, tmp_path: Path, name: str, template: str
) -> None:
    """Jinja reads a template by recursion: one nesting expressions past its limit is named, not a traceback.

    A few hundred bytes are enough, so no size limit stops them first.
    """
    _repository(tmp_path)
    (tmp_path / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "templates" / name).write_text(template, encoding="utf-8")
    result = run("render", "--format", "md,html")
    assert result.exit_code == 1
    assert f"template error in {name}: it nests expressions or blocks too deeply to be read" in result.stderr
    assert not (tmp_path / "site").exists()


def test_markup_nested_too_deeply_for_a_pdf_is_named(run: Run, tmp_path: Path) -> None:
    """WeasyPrint lays out nested elements by recursion: a report template nesting them past its limit is named."""
    _repository(tmp_path)
    nested = "<div>" * 3 * DEEP + "x" + "</div>" * 3 * DEEP  # past the layout's recursion in any process
    (tmp_path / "templates" / "report.html.j2").write_text(
        f"<!DOCTYPE html><html lang=en><title>t</title><body>{nested}</body></html>\n", encoding="utf-8"
    )
    result = run("render", "--format", "pdf")
    assert result.exit_code == 1
    assert "GOOD-1.pdf: its HTML nests elements too deeply to be laid out as a PDF" in result.stderr
    assert not (tmp_path / "site").exists()
