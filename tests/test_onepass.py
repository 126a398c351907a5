"""`pm check` in one pass: every problem of a file that can still be checked, in one run, counted one way."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from postmortem.config.files import load_config
from postmortem.config.model import Config
from postmortem.load.yaml import load
from postmortem.validate.incident import validate_incident
from tests.conftest import CASES, ROOT, Run
from tests.test_check_cases import CHECK_CASES, _expected

PM_TOML = 'timezone = "UTC"\n'

OUTAGE = """\
id: INC-001
title: Checkout down after a config push
status: final
severity: P7
date: 2024-03-01
team: payments
summary: Checkout failed for 40 minutes.
impact:
  downtime: 40min
root_cause: A config push removed the payment provider's address.
resolution: The push was reverted.
timeline:
  - at: "10:00"
    text: Config pushed; checkout fails.
    milestone: started
  - at: "09:50"
    text: Alert fires.
    milestone: detected
  - at: ten to eleven
    text: Push reverted.
    milestone: resolved
actions:
  - what: Validate config pushes
    kind: prevent
    owner: Sam
    status: finished
  - what: Alert on checkout errors
    kind: detect
lessons:
  went_wrong: [Nobody reviewed the push.]
"""


def _repo(tmp_path: Path, **files: str) -> None:
    """An incident repository in *tmp_path* holding *files* (name to text) in incidents/."""
    (tmp_path / "pm.toml").write_text(PM_TOML, encoding="utf-8")
    (tmp_path / "incidents").mkdir(exist_ok=True)
    for name, text in files.items():
        (tmp_path / "incidents" / f"{name}.yaml").write_text(text, encoding="utf-8")


def _found(output: str) -> list[tuple[str, str]]:
    """The ``line:col`` and rule of each problem line of `pm check`'s output."""
    return re.findall(r"^incidents/[^:]+:(\d+:\d+): (?:error|warning): .* \[([a-z-]+)\]$", output, re.MULTILINE)


def test_every_problem_of_a_file_in_one_run(run: Run, tmp_path: Path) -> None:
    """Unknown key, bad time, action without owner, bad status, timeline out of order, unknown severity: one run."""
    _repo(tmp_path, outage=OUTAGE)
    result = run("check")
    assert result.exit_code == 1
    assert _found(result.output) == [
        ("4:11", "unknown-severity"),
        ("6:1", "unknown-key"),
        ("16:9", "timeline-order"),
        ("18:16", "milestone-order"),
        ("19:9", "bad-time"),
        ("26:13", "unknown-value"),
        ("27:5", "action-owner"),
    ]
    assert "action 2 has no owner" in result.output
    assert "unknown field 'team'; a field of your own must start with 'x-'" in result.output
    assert result.output.splitlines()[-1] == "Found 7 errors and 0 warnings in 1 of 1 file."


def test_values_written_but_unreadable_are_not_reported_missing(run: Run, tmp_path: Path) -> None:
    """A wrong value is one problem: never also 'required', 'no owner' or 'not quantified' where it stands."""
    text = (
        "id: INC-002\ntitle: T\nstatus: final\nseverity: P1\ndate: 2024-03-01\nsummary: S.\n"
        "rootcause: R.\nresolution: R.\nimpact: {downtime: forever}\ntimeline: fourteen events\n"
        "actions:\n  - {what: Fix, owner: 42, kind: prevent}\nlessons: {went_well: [[nested]]}\n"
    )
    _repo(tmp_path, typos=text)
    result = run("check")
    assert _found(result.output) == [
        ("7:1", "unknown-key"),
        ("9:20", "bad-duration"),
        ("10:11", "wrong-type"),
        ("12:24", "wrong-type"),
        ("13:23", "wrong-type"),
    ], result.output


def test_an_unreadable_severity_asks_for_nothing_it_would_decide(run: Run, tmp_path: Path) -> None:
    """With an unknown severity, neither 'severity is required' nor what a severity level would require."""
    text = "id: INC-3\ntitle: T\nstatus: final\nseverity: SEV-1\ndate: 2024-03-01\nsummary: S.\n"
    _repo(tmp_path, sev=text + "root_cause: R.\nresolution: R.\nimpact: {downtime: 1h}\n")
    assert _found(run("check").output) == [("4:11", "unknown-severity")]


def test_checks_that_showed_only_once_other_values_were_left_out_are_reported(run: Run, tmp_path: Path) -> None:
    """A reference with a wrong kind and neither title nor url gets both messages in the same run."""
    text = "id: INC-4\ntitle: T\nstatus: draft\ndate: 2024-03-01\nreferences:\n  - {kind: tweet}\n"
    _repo(tmp_path, ref=text)
    output = run("check").output
    assert "reference 1, kind: unknown value 'tweet'" in output
    assert "reference 1: a reference needs a title or a url" in output


def test_a_time_carried_from_an_unreadable_one_is_not_ordered(run: Run, tmp_path: Path) -> None:
    """A bare time after an unreadable entry has no known day: it is not called out of order, nor anything after."""
    text = (
        "id: INC-5\ntitle: T\nstatus: draft\ndate: 2024-03-01\ntimeline:\n"
        '  - {at: "23:50", text: a}\n  - {at: "2024-03-02 00:1O", text: b}\n  - {at: "00:20", text: c}\n'
    )
    _repo(tmp_path, carried=text)
    assert _found(run("check").output) == [("7:10", "bad-time")]


def test_an_incident_with_errors_still_has_its_references_checked(run: Run, tmp_path: Path) -> None:
    """Related incidents and risks of a file with another error are checked in the same run."""
    text = "id: INC-9\ntitle: T\nstatus: draft\ndate: 2024-03-01\ncolour: red\nrelated: [INC-99]\nrisks: [disk]\n"
    _repo(tmp_path, refs=text)
    (tmp_path / "risks.yaml").write_text(
        "risks:\n  - {id: disk-full, title: Disk full, probability: low, impact: P3, severity: low}\n", encoding="utf-8"
    )
    assert _found(run("check").output) == [("5:1", "unknown-key"), ("6:11", "unknown-related"), ("7:9", "unknown-risk")]


def test_values_of_several_types_or_in_lists_of_words_still_let_the_rest_be_checked(run: Run, tmp_path: Path) -> None:
    """A value wrong for every type a field allows, and wrong items of lists of words, hide no other problem."""
    text = (
        "id: INC-10\ntitle: T\nstatus: in-review\nseverity: P3\nsummary: S.\ndate: 2024-03-01\ninternal: 5\n"
        "tags: [1, a, 2]\ntimeline:\n  - {at: '10:00', text: a, milestone: [started, bogus]}\n"
        "  - {at: '09:00', text: b, milestone: [detect, 42]}\nactions:\n  - {what: W}\n"
    )
    _repo(tmp_path, kinds=text)
    rules = [rule for _, rule in _found(run("check").output)]
    assert rules.count("wrong-type") == 3  # internal (as a list), tags 1 and 3
    assert {"timeline-order", "milestone-order", "action-owner"} <= set(rules)
    assert rules.count("unknown-value") == 3


def test_unknown_status_close_to_a_word_is_checked_as_that_word(run: Run, tmp_path: Path) -> None:
    """'finall' is read as 'final', as the message suggests: what a final write-up needs is said in the same run."""
    _repo(tmp_path, typo="id: INC-6\ntitle: T\nstatus: finall\ndate: 2024-03-01\nseverity: P3\n")
    output = run("check").output
    assert "status: unknown value 'finall' (did you mean 'final'?)" in output
    assert "'summary' is required: status is final" in output


def test_one_numbering_for_items() -> None:
    """Every message of the check cases counts items from 1 in words: no ``timeline[2]`` beside 'entry 1'."""
    lines = [line for case in CHECK_CASES.iterdir() for line in _expected(case)]
    assert not [line for line in lines if re.search(r"\w\[\d+\]", line)]
    assert any("timeline entry 1, milestone" in line for line in lines)
    assert any("(timeline entry 1)" in line for line in lines)


def test_items_are_counted_the_same_in_model_and_rule_messages(run: Run, tmp_path: Path) -> None:
    """The entry the model's message calls 'timeline entry 2' is the one the order rule calls so."""
    text = (
        "id: INC-7\ntitle: T\nstatus: draft\ndate: 2024-03-01\ntimeline:\n"
        '  - {at: "10:00", text: a}\n  - {at: "11:00", text: b, milestone: detect}\n  - {at: "10:30", text: c}\n'
    )
    _repo(tmp_path, numbers=text)
    output = run("check").output
    assert "timeline entry 2, milestone: unknown value 'detect'" in output
    assert "10:30 comes before 11:00 (timeline entry 2)" in output


def test_x_prefix_is_named_where_fields_of_ones_own_are_allowed(run: Run, tmp_path: Path) -> None:
    """An unknown top-level key names the x- prefix; an x- key passes; a typo gets its hint; nested keys no prefix."""
    head = "id: INC-8\ntitle: T\nstatus: draft\ndate: 2024-03-01\n"
    _repo(tmp_path, own=head + "x-team: payments\n")
    assert run("check").exit_code == 0
    _repo(tmp_path, own=head + "team: payments\nsumary: S.\nactions:\n  - {what: W, team: payments}\n")
    output = run("check").output
    assert "unknown field 'team'; a field of your own must start with 'x-'" in output
    assert "unknown field 'sumary' (did you mean 'summary'?) [" in output
    assert output.count("'x-'") == 1


def test_new_with_a_past_date_puts_no_clock_time_of_today_on_it(run: Run, tmp_path: Path) -> None:
    """`pm new --date 2020-01-01`: the incident's date is that day, and no time of day is invented for it."""
    (tmp_path / "pm.toml").write_text(PM_TOML, encoding="utf-8")
    result = run("new", "Disk full", "--date", "2020-01-01")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "incidents" / "2020-01-01-disk-full.yaml").read_text(encoding="utf-8")
    data = YAML(typ="safe").load(text)
    assert str(data["date"]) == "2020-01-01"
    assert not re.search(r"2020-01-01 \d", text)
    opened = dt.datetime.strptime(data["timeline"][0]["at"], "%Y-%m-%d %H:%M").replace(tzinfo=dt.UTC)
    assert abs(dt.datetime.now(dt.UTC) - opened) < dt.timedelta(days=1)  # the post-mortem was opened today
    assert run("check", "--strict").exit_code == 0


def test_new_with_a_past_date_leaves_a_templates_time_empty(run: Run, tmp_path: Path) -> None:
    """A repository's template that writes '{{ date }} {{ time }}' gets the date alone for a past incident."""
    (tmp_path / "pm.toml").write_text(PM_TOML, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "new.yaml.j2").write_text(
        "id: {{ id | yaml }}\ntitle: {{ title | yaml }}\nstatus: draft\ndate: {{ date }}\ntimeline:\n"
        '  - {at: "{{ date }} {{ time }}", text: Opened.}\n',
        encoding="utf-8",
    )
    assert run("new", "Disk full", "--date", "2020-01-01").exit_code == 0
    text = (tmp_path / "incidents" / "2020-01-01-disk-full.yaml").read_text(encoding="utf-8")
    assert 'at: "2020-01-01 "' in text
    assert run("check").exit_code == 0


# Errors a file may gain that have nothing to do with what its other problems are about: each adds keys only.
INDEPENDENT = {
    "colour": "colour: red\n",
    "time_spent": "time_spent: forever\n",
    "responders": "responders:\n  - {name: Sam, rol: lead}\n",
    "references": "references:\n  - {kind: tweet}\n",
    "components": "components: {a: 1}\n",
    "contributing_factors": "contributing_factors: [[deep]]\n",
    "authors": "authors: 42\n",
}


@cache
def _seeds() -> tuple[Path, ...]:
    """The check cases whose file is a mapping of fields: each reports some problems, or one."""
    return tuple(
        case
        for case in sorted(CHECK_CASES.iterdir())
        if case.is_file() and isinstance(load(case.name, case.read_bytes()).data, dict)
    )


def _problems(text: str) -> set[str]:
    """What checking *text* as one incident file reports, as printed."""
    doc = load("incidents/case.yaml", text.encode("utf-8"))
    return {str(problem) for problem in validate_incident(doc, config=Config(root=CASES, timezone="UTC"))[1]}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_an_independent_error_never_hides_another_problem(data: st.DataObject) -> None:
    """Adding wrong keys at the end of a file keeps every problem it had: one mistake does not hide the others."""
    case = data.draw(st.sampled_from(_seeds()))
    text = case.read_text(encoding="utf-8")
    written = load(case.name, case.read_bytes()).data
    assert isinstance(written, dict)
    free = sorted(key for key in INDEPENDENT if key not in written)
    added = data.draw(st.lists(st.sampled_from(free), min_size=1, max_size=3, unique=True))
    before = _problems(text)
    after = _problems(text.rstrip("\n") + "\n" + "".join(INDEPENDENT[key] for key in added))
    assert before <= after
    assert len(after) > len(before)


EXAMPLES = sorted((ROOT / "incidents").glob("*.yaml"))
_PLAIN = re.compile(r"^(?P<head>\s*(?:- )?[a-z_]+: )(?P<value>[^\s'\"\[\]{}#|>&*!,][^#\[\]{},]*)$")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_broken_value_is_reported_where_it_stands_only(data: st.DataObject) -> None:
    """In a clean example incident, one value turned into a mapping gives errors on its own line and nowhere else."""
    path = data.draw(st.sampled_from(EXAMPLES))
    lines = path.read_text(encoding="utf-8").splitlines()
    plain = [number for number, line in enumerate(lines) if _PLAIN.match(line)]
    number = data.draw(st.sampled_from(plain))
    head = _PLAIN.match(lines[number])["head"]  # type: ignore[index]
    lines[number] = f"{head}{{broken: 1}}"
    doc = load(path.name, "\n".join(lines).encode("utf-8"))
    problems = validate_incident(doc, config=_example_config())[1]
    errors = [problem for problem in problems if problem.level.value == "error"]
    assert errors
    assert {problem.line for problem in errors} == {number + 1}, [str(problem) for problem in problems]


@cache
def _example_config() -> Config:
    """The example repository's configuration."""
    return load_config(ROOT)
