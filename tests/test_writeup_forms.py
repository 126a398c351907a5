"""Values as responders write them in public post-mortems: read right, or refused saying what to write."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

INCIDENT = """\
id: INC-1
title: Written as the source writes it
status: draft
date: 2021-10-04
severity: P2
timezone: UTC
impact:
  downtime: {downtime}
timeline:
  - at: "2021-10-04 15:39"
    text: Routes withdrawn.
    milestone: started
  - at: "{at}"
    text: Most services back.
    milestone: resolved
"""


Write = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Write:
    """Write the incident with these values into a fresh repository; its path."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    (tmp_path / "pm.toml").write_text('language = "en"\n', encoding="utf-8")
    (tmp_path / "incidents").mkdir()

    def incident(*, downtime: str = "6h", at: str = "21:50") -> Path:
        """The incident file, written."""
        path = tmp_path / "incidents" / "a.yaml"
        path.write_text(INCIDENT.format(downtime=downtime, at=at), encoding="utf-8")
        return path

    return incident


def _report(run: Run, root: Path) -> str:
    """The Markdown report of the incident (the render must succeed)."""
    result = run("render", "--format", "md", "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    return (root / "site" / "INC-1.md").read_text(encoding="utf-8")


def test_a_duration_with_thousands_is_not_read_as_decimals(run: Run, write: Write, tmp_path: Path) -> None:
    """``1,440 minutes`` of downtime is a day, not a minute and a half."""
    write(downtime='"1,440 minutes"')
    assert "**Duration**: 1 day" in _report(run, tmp_path)


def test_durations_in_weeks_or_seconds(run: Run, write: Write, tmp_path: Path) -> None:
    """``2 weeks`` of downtime is 14 days; ``43 seconds`` is refused at its place, saying pm counts whole minutes."""
    write(downtime='"2 weeks"')
    assert "**Duration**: 14 days" in _report(run, tmp_path)
    write(downtime='"43 seconds"')
    result = run("check")
    assert result.exit_code == 1
    assert (
        "incidents/a.yaml:8:13: error: impact.downtime: cannot read duration '43 seconds': pm counts durations in "
        "whole minutes: write 1min, or ~1min [bad-duration]"
    ) in result.output


def test_approximate_in_words_is_shown_as_approximate(run: Run, write: Write, tmp_path: Path) -> None:
    """``about 6 hours`` of downtime and a time ``around 21:50`` are shown with their ``~``, as what they give."""
    write(downtime='"about 6 hours"', at="around 21:50")
    report = _report(run, tmp_path)
    assert "**Duration**: ~6 hr" in report
    assert "**Time to resolve**: ~6 hr 11 min" in report


def test_a_range_in_words_ends_where_its_end_says(run: Run, write: Write, tmp_path: Path) -> None:
    """Resolved ``between 21:00 and 22:00 UTC``: resolved at its end, 22:00, as for ``21:00–22:00 UTC``."""
    write(at="between 21:00 and 22:00 UTC")
    report = _report(run, tmp_path)
    assert "**Time to resolve**: 6 hr 21 min" in report
    assert "| | 21:00–22:00 | Most services back. | Resolved |" in report


DETECTED = """\
id: INC-{number}
title: Incident {number}
status: draft
date: 2024-0{number}-10
severity: P2
timeline:
  - {{at: "2024-0{number}-10 10:00", text: Start, milestone: started}}
  - {{at: "{detected}", text: Alert, milestone: detected}}
"""


def test_a_median_taken_from_an_approximate_time_is_shown_as_approximate(run: Run, tmp_path: Path) -> None:
    """Detected at 10:05, about 10:10 and 10:20: the median is about 10 minutes, the 90th percentile 20 exactly.

    Every figure pm shows of a timeline keeps its ``~``; the metrics of many incidents must not drop it.
    """
    (tmp_path / "pm.toml").write_text('language = "en"\n', encoding="utf-8")
    (tmp_path / "incidents").mkdir()
    for number, detected in ((1, "10:05"), (2, "~10:10"), (3, "10:20")):
        text = DETECTED.format(number=number, detected=detected)
        (tmp_path / "incidents" / f"{number}.yaml").write_text(text, encoding="utf-8")
    stats = run("stats")
    assert stats.exit_code == 0, stats.output + stats.stderr
    assert "~10 min / 20 min" in stats.stdout
    export = run("export", "--format", "json")
    timing = json.loads(export.stdout)["metrics"]["by_severity"][1]["timings"]["time_to_detect"]
    assert timing == {"count": 3, "median_minutes": 10, "median_approximate": True, "p90_minutes": 20,
                      "p90_approximate": False}  # fmt: skip
    result = run("render", "--format", "md,html", "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    assert "~10 min / 20 min" in (tmp_path / "site" / "index.md").read_text(encoding="utf-8")
    page = (tmp_path / "site" / "metrics.html").read_text(encoding="utf-8")
    assert ">~10\u00a0min<br>" in page or ">~10 min<br>" in page


COMMAS = """\
id: INC-1
title: Commas in flow collections
status: draft
date: 2019-07-02
actions:
  - {what: Staged rollout for WAF rules, as for software releases, kind: prevent, owner: SRE}
references:
  - {title: Details of the outage on July 2, 2019, url: "https://blog.example/outage"}
lessons:
  went_wrong: [Observability shared the failing network, so responders were partly blind.]
  went_well: [Paging worked, Status page updated early]
tags: [network, capacity]
components: [AWS Transit Gateway, web tier]
"""


def test_a_comma_inside_braces_or_brackets_is_named_where_it_cut_the_text(run: Run, tmp_path: Path) -> None:
    """``{what: A, b, kind: x}`` and ``[A, so b.]`` are cut at the comma by YAML: pm says so at the cut.

    In braces the cut leaves a key with no value (an error, not "unknown field"); in a list of lessons or factors
    it silently makes one lesson two, so an item that goes on in lower case after one that starts a sentence is a
    warning. Tags and components are words, not sentences: they are left alone.
    """
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(COMMAS, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("incidents/")]
    assert lines == [
        "incidents/a.yaml:6:42: error: 'as for software releases' has no ':' after it: inside {…} a comma ends "
        "a value, so the value of 'what' stops before it; put that whole value in quotes [unquoted-comma]",
        "incidents/a.yaml:8:46: error: '2019' has no ':' after it: inside {…} a comma ends a value, so the value "
        "of 'title' stops before it; put that whole value in quotes [unquoted-comma]",
        "incidents/a.yaml:10:58: warning: lessons.went_wrong item 2 'so responders were partly blind.' goes on "
        "in lower case: inside […] a comma ends an item, so it may be the end of item 1; put the whole text in "
        "quotes [unquoted-comma]",
    ]


MISREAD = """\
id: INC-1
title: Times pm cannot read, or reads another way
status: draft
date: 2021-10-28
timezone: America/Los_Angeles
timeline:
  - {at: "2021-10-28 13:37 PDT", text: Vault slows down.}
  - {at: "2021-10-28 (evening)", text: Hardware upgraded.}
  - {at: "2021-10-29", text: Cluster reset.}
  - {at: "~16:00 PDT", text: Players still cannot join.}
  - {at: "2021-10-28", text: Listed after the 29th.}
  - {at: "2021-10-31 0930", text: Military time.}
  - {at: "2021-10-31 12:50", text: Players admitted.}
  - {at: "2100", text: Military time alone.}
"""


def test_times_misread_or_refused_get_messages_that_say_what_to_write(run: Run, tmp_path: Path) -> None:
    """Each message names the real slip, on its line and column.

    Words after a date are not a zone; a date listed late is not a matter of zones when the clocks agree;
    ``0930`` and ``2100`` are times of day written without a colon, not years.
    """
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(MISREAD, encoding="utf-8")
    result = run("check")
    lines = [line for line in result.output.splitlines() if line.startswith("incidents/")]
    assert lines == [
        "incidents/a.yaml:8:10: error: timeline entry 2, at: cannot read time '2021-10-28 (evening)': '(evening)' "
        "is not a time of day: write the date alone and say the rest in the text, or give a time such as ~19:00 "
        "[bad-time]",
        "incidents/a.yaml:11:10: error: timeline out of order: 2021-10-28 comes before ~16:00 PDT (timeline entry 4); "
        "list the entries in the order they happened [timeline-order]",
        "incidents/a.yaml:12:10: error: timeline entry 6, at: cannot read time '2021-10-31 0930': write a time of "
        "day with a colon, as 09:30 [bad-time]",
        "incidents/a.yaml:14:10: warning: '2100' is read as the year 2100; if it is a time of day, write it with a "
        "colon, as 21:00 [ambiguous-time]",
    ]


def test_a_due_year_needs_no_quotes(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``due: 2019`` is a year, as the format's reference says: YAML reads it as a number, pm as the year."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    (tmp_path / "incidents").mkdir()
    actions = "actions:\n  - {what: Active/active design, owner: Infrastructure, due: 2019, status: open}\n"
    (tmp_path / "incidents" / "a.yaml").write_text(COMMAS.split("actions:")[0] + actions, encoding="utf-8")
    result = run("export", "--format", "json")
    assert result.exit_code == 0, result.output + result.stderr
    (action,) = json.loads(result.stdout)["incidents"][0]["actions"]
    assert action["due"] == "2019"
    assert json.loads(result.stdout)["incidents"][0]["computed"]["overdue_actions"] == 1


def test_two_owners_are_told_how_to_be_written(run: Run, tmp_path: Path) -> None:
    """An action owned by two teams, written as a list, is refused with the one text that holds both."""
    (tmp_path / "incidents").mkdir()
    actions = "actions:\n  - {what: Pre-scale before holidays, owner: [Slack infrastructure, AWS]}\n"
    (tmp_path / "incidents" / "a.yaml").write_text(COMMAS.split("actions:")[0] + actions, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert (
        "incidents/a.yaml:6:46: error: action 1, owner: expected text, got a list: this field takes one; name the "
        "one accountable, or write them as one text, such as 'Slack infrastructure and AWS' [wrong-type]"
    ) in result.output
