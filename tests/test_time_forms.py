"""Time forms of real write-ups: zone abbreviations and UTC±H, the 12-hour clock, ranges, months and years."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem.cli.main import main
from postmortem.model.moments import parse_moment
from postmortem.model.times import resolve

HEADER = """\
id: REAL-1
title: A write-up with the time forms its source prints
status: draft
date: 2022-05-02
severity: P2
summary: Times as the source prints them.
timeline:
"""
TIMELINE = """\
  - {at: 2021, text: The system was designed.}
  - {at: "2022-04", text: A config change was planned.}
  - {at: "~2022-04-12", text: The change was reviewed.}
  - {at: unknown, text: Someone noticed a warning.}
  - {at: "2022-05-02 10:37 AM PDT", text: Errors begin., milestone: started}
  - {at: "11:37 PDT", text: Alert fires., milestone: detected}
  - {at: "12:07 PM", text: On-call engineer acknowledges., milestone: acknowledged}
  - {at: "12:10–12:52", text: Rollback in progress., milestone: mitigated}
  - {at: "2022-05-02 13:37 – 2022-05-03 16:45", text: Clean-up of queued jobs., milestone: resolved}
  - {at: "2022-05-03 04:52 GMT+8", text: Status page post.}
  - {at: "2022-05-03 03:15 IST", text: Vendor says it is fixed.}
"""


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository of Los Angeles with its own abbreviation, IST, and one incident in every form."""
    (tmp_path / "pm.toml").write_text('timezone = "America/Los_Angeles"\n[zones]\nIST = "+05:30"\n', encoding="utf-8")
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "real.yaml").write_text(HEADER + TIMELINE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(*args: str) -> tuple[int, str]:
    """Run pm in the current folder; its exit code and output."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def _incidents(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
    """Write the incident *files* (name: text) of a repository at *root*, and work there."""
    (root / "incidents").mkdir()
    for name, text in files.items():
        (root / "incidents" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(root)


def test_every_form_checks_clean(repository: Path) -> None:
    """Every form of the issue is read: `pm check --strict` has nothing to say."""
    code, output = _run("check", "--strict")
    assert (code, output.strip()) == (0, "All good: 1 file checked, no problems.")


def test_timings_follow_the_written_instants(repository: Path) -> None:
    """Computed timings: a range's end for mitigated and resolved, its start otherwise; zones and 12-hour clock."""
    code, output = _run("export", "--format", "json")
    computed = json.loads(output)["incidents"][0]["computed"]
    assert code == 0
    assert computed["time_to_detect"]["minutes"] == 60
    assert computed["time_to_acknowledge"]["minutes"] == 30
    assert computed["time_to_mitigate"]["minutes"] == 2 * 60 + 15  # to 12:52, the end of the rollback
    assert computed["time_to_resolve"]["minutes"] == 30 * 60 + 8  # to 16:45 the next day


def test_times_copied_from_logs_keep_their_offsets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Times as ``date --rfc-3339`` or a log prints them, with a negative offset: timings from the instants meant.

    The hyphen before ``07:00`` was read as a range to 07:00 in the incident's zone: the resolve time came out
    2 hr 51 min instead of 53 min, and ``pm check --strict`` said nothing.
    """
    timeline = "".join(f'  - {{at: "2024-07-19 {at}-07:00", text: Step., milestone: {name}}}\n'
                       for at, name in (("04:09:00", "started"), ("04:20:41", "detected"),
                                        ("04:25:03", "acknowledged"), ("05:02:13", "resolved")))  # fmt: skip
    _incidents(tmp_path, monkeypatch, {"a.yaml": HEADER.replace("2022-05-02", "2024-07-19") + timeline})
    assert _run("check", "--strict")[0] == 0
    computed = json.loads(_run("export", "--format", "json")[1])["incidents"][0]["computed"]
    assert computed["time_to_detect"]["minutes"] == 11
    assert computed["time_to_acknowledge"]["minutes"] == 4  # from the detection
    assert computed["time_to_resolve"]["minutes"] == 53


def test_report_shows_each_entry_as_written(repository: Path) -> None:
    """Years and months are named, `~` stays on an approximate day, unknown says so, ranges show both ends."""
    assert _run("render", "--format", "md,html", "-q")[0] == 0
    report = (repository / "site" / "REAL-1.md").read_text(encoding="utf-8")
    rows = [line for line in report.splitlines() if line.startswith("| ") and "Event" not in line and "---" not in line]
    assert rows[0].startswith("| 2021 | |")
    assert rows[1].startswith("| April 2022 | |")
    assert rows[2].startswith("| ~Apr 12, 2022 |")
    assert rows[3].startswith("| time unknown | |"), "an unknown entry does not sit under the day above"
    assert rows[4].startswith("| May 2, 2022 | 10:37 |")
    assert "| 12:10–12:52 | Rollback in progress." in rows[7]
    assert "| 13:37 – May 3 16:45 | Clean-up of queued jobs." in rows[8]
    assert "| 13:52 | Status page post." in rows[9]
    assert "| 14:45 | Vendor says it is fixed." in rows[10]
    page = (repository / "site" / "REAL-1.html").read_text(encoding="utf-8")
    assert 'class="span exact"' in page, "the range is drawn as a span on the chart"


def test_abbreviation_out_of_season_is_a_warning(repository: Path) -> None:
    """PST written in May (when Los Angeles is on PDT) is read as written, with a warning."""
    source = (repository / "incidents" / "real.yaml").read_text(encoding="utf-8")
    (repository / "incidents" / "real.yaml").write_text(source.replace("10:37 AM PDT", "9:37 AM PST"), "utf-8")
    code, output = _run("check")
    assert code == 0
    assert "warning: PST (UTC-08:00) is written for 2022-05-02, when America/Los_Angeles was on PDT" in output
    assert "[zone-season]" in output
    assert json.loads(_run("export", "--format", "json")[1])["incidents"][0]["computed"]["time_to_detect"] == {
        "minutes": 60,
        "approximate": False,
    }


@pytest.mark.parametrize(
    ("written", "named"),
    [
        ("13:07 PM", "13 is not an hour of the 12-hour clock"),
        ("2022-05-02 25:10", "'25:10' is not a time of day"),
        ("2022-05-02 10:00 XST", "unknown time zone 'XST'"),
        ("2022-13", "'13' is not a month"),
        ("2022-04 10:00", "a time of day needs a full date"),
        ("10:00 – 11:00 – 12:00", "a range has one start and one end"),
        ("2022-05-03 – 2022-05-01", "the end comes before the start"),
        ("10:00 – 2022-05-03", "give a time of day on both sides"),
    ],
)
def test_refusals_name_the_part_that_failed(repository: Path, written: str, named: str) -> None:
    """A form pm cannot read is refused with a message about the part that failed, located on its line."""
    (repository / "incidents" / "real.yaml").write_text(
        HEADER + f'  - {{at: "{written}", text: Something.}}\n', encoding="utf-8"
    )
    code, output = _run("check")
    assert code == 1
    assert "incidents/real.yaml:8:10: error: timeline entry 1, at: cannot read time" in output
    assert named in output


def test_dated_range_ending_before_it_starts(repository: Path) -> None:
    """A range whose written end date and time come before its start is an error, not a negative duration."""
    (repository / "incidents" / "real.yaml").write_text(
        HEADER + '  - {at: "2022-05-02 14:00 – 2022-05-01 15:00", text: Something.}\n', encoding="utf-8"
    )
    code, output = _run("check")
    assert code == 1
    assert "the end of the range comes before its start" in output


def test_bare_time_after_a_month_needs_a_date(repository: Path) -> None:
    """A time without a date after an entry that gives only a month cannot be placed: pm says so."""
    (repository / "incidents" / "real.yaml").write_text(
        HEADER + '  - {at: "2022-04", text: Planned.}\n  - {at: "10:00", text: Done.}\n', encoding="utf-8"
    )
    code, output = _run("check")
    assert code == 1
    assert "gives a time but no date, after an entry that gives only a month or a year" in output


def test_home_zone_is_a_place_not_an_abbreviation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A repository zone of PST would be wrong half the year: it is refused with the place to use instead."""
    (tmp_path / "pm.toml").write_text('timezone = "PST"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = _run("check")
    assert code == 1
    assert "use the IANA name of the place, such as America/Los_Angeles" in output


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("2021-01-04 9:37 AM PST", dt.datetime(2021, 1, 4, 17, 37, tzinfo=dt.UTC)),
        ("2021-07-04 11:37 PDT", dt.datetime(2021, 7, 4, 18, 37, tzinfo=dt.UTC)),
        ("2021-01-05 00:52 GMT+8", dt.datetime(2021, 1, 4, 16, 52, tzinfo=dt.UTC)),
        ("2021-01-05 00:52 UTC+8", dt.datetime(2021, 1, 4, 16, 52, tzinfo=dt.UTC)),
        ("2021-01-05 00:52 UTC+05:30", dt.datetime(2021, 1, 4, 19, 22, tzinfo=dt.UTC)),
        ("2021-01-05 10:00 CET", dt.datetime(2021, 1, 5, 9, 0, tzinfo=dt.UTC)),
        ("2021-07-05 10:00 CEST", dt.datetime(2021, 7, 5, 8, 0, tzinfo=dt.UTC)),
        ("2021-01-05 9:37AM", dt.datetime(2021, 1, 5, 9, 37, tzinfo=dt.UTC)),
        ("2021-01-05 1:07 PM", dt.datetime(2021, 1, 5, 13, 7, tzinfo=dt.UTC)),
        ("2021-01-05 12:00 AM", dt.datetime(2021, 1, 5, 0, 0, tzinfo=dt.UTC)),
        ("2021-01-05 12:30 p.m.", dt.datetime(2021, 1, 5, 12, 30, tzinfo=dt.UTC)),
        ("2021-01-05T14:05-07:00", dt.datetime(2021, 1, 5, 21, 5, tzinfo=dt.UTC)),
        ("2024-07-19 04:09:00-07:00", dt.datetime(2024, 7, 19, 11, 9, tzinfo=dt.UTC)),  # date --rfc-3339, str()
        ("2024-07-19 04:09:41.123-0700", dt.datetime(2024, 7, 19, 11, 9, 41, tzinfo=dt.UTC)),
        ("2024-07-19 ~04:09:00-07:00", dt.datetime(2024, 7, 19, 11, 9, tzinfo=dt.UTC)),
        ("2016-12-31 23:59:60 UTC", dt.datetime(2016, 12, 31, 23, 59, 59, tzinfo=dt.UTC)),  # a leap second, logged
        ("2021-01-05 14h05", dt.datetime(2021, 1, 5, 14, 5, tzinfo=dt.UTC)),
        ("2021-01-05 14 h 05 CET", dt.datetime(2021, 1, 5, 13, 5, tzinfo=dt.UTC)),
        ("2021-01-05 9h", dt.datetime(2021, 1, 5, 9, 0, tzinfo=dt.UTC)),
        ("2021-01-05 ~9H30 Europe/Paris", dt.datetime(2021, 1, 5, 8, 30, tzinfo=dt.UTC)),
    ],
)
def test_instants_of_each_form(written: str, utc: dt.datetime) -> None:
    """Each form gives the instant its writer meant (the default zone here is UTC)."""
    assert resolve(parse_moment(written), day=None, default_zone="UTC") == utc


def test_range_forms() -> None:
    """Ranges with en dashes, hyphens between times, and a zone on one side that holds for both."""
    for written in ("14:02–14:07", "14:02 - 14:07", "14:02-14:07", "14:02 to 14:07"):
        moment = parse_moment(written)
        assert moment.end is not None
        assert (moment.time, moment.end.time) == (dt.time(14, 2), dt.time(14, 7))
    both = parse_moment("14:02–14:07 UTC")
    assert both.zone == "UTC"
    assert both.end is not None
    assert both.end.zone == "UTC"
    for written in ("14h02–14h07", "14h02-14h07", "14h02 à 14h07", "14 h 02 – 14 h 07"):
        moment = parse_moment(written)
        assert moment.end is not None, written
        assert (moment.time, moment.end.time) == (dt.time(14, 2), dt.time(14, 7))
    hours = parse_moment("9h-10h")
    assert hours.end is not None
    assert (hours.time, hours.end.time) == (dt.time(9), dt.time(10))
    offset = parse_moment("14:02 -07:00")
    assert offset.end is None, "a spaced sign before an offset is not a range"
    assert offset.zone == "-07:00"
    logged = parse_moment("04:09:00-07:00")  # a time with its seconds, as a log prints it: then an offset
    assert (logged.end, logged.zone) == (None, "-07:00")
    for written in ("04:09-07:00", "04:09:00-07:00:00"):  # hours and minutes, or seconds on both sides: a range
        moment = parse_moment(written)
        assert moment.end is not None, written
        assert (moment.time.replace(second=0), moment.end.time) == (dt.time(4, 9), dt.time(7)), written


def test_a_time_the_clocks_skip_or_repeat_is_flagged(repository: Path) -> None:
    """02:00 on the night clocks go forward does not exist, 01:30 when they go back happens twice: pm says so."""
    (repository / "incidents" / "real.yaml").write_text(
        HEADER.replace("date: 2022-05-02", "date: 2027-03-14")
        + '  - {at: "2027-03-14 02:00 America/New_York", text: Gap., milestone: started}\n'
        + '  - {at: "2027-11-07 01:30 America/New_York", text: Fold., milestone: resolved}\n',
        encoding="utf-8",
    )
    code, output = _run("check")
    assert code == 0
    assert "2027-03-14 02:00 does not exist in America/New_York (the clocks went forward): read as 03:00" in output
    assert "2027-11-07 01:30 happens twice in America/New_York (the clocks went back)" in output
    assert output.count("[ambiguous-time]") == 2


def test_durations_across_a_clock_change_count_real_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From 01:30 to 03:30 on the night Paris moves its clocks forward, one hour passes, not two."""
    (tmp_path / "pm.toml").write_text('timezone = "Europe/Paris"\n', encoding="utf-8")
    (tmp_path / "incidents").mkdir()
    timeline = (
        '  - {at: "2024-03-31 01:30", text: Down., milestone: started}\n'
        '  - {at: "03:30", text: Back., milestone: resolved}\n'
    )
    (tmp_path / "incidents" / "a.yaml").write_text(
        HEADER.replace("date: 2022-05-02", "date: 2024-03-31") + timeline, encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    code, output = _run("export", "--format", "json")
    assert code == 0
    assert json.loads(output)["incidents"][0]["computed"]["time_to_resolve"]["minutes"] == 60


def _timeline_case(repository: Path, timeline: str, *, date: str = "2024-01-10") -> None:
    """Replace the repository's incident with one of *timeline*."""
    (repository / "incidents" / "real.yaml").write_text(
        HEADER.replace("date: 2022-05-02", f"date: {date}") + timeline, encoding="utf-8"
    )


def test_the_end_of_a_range_keeps_its_own_zone(repository: Path) -> None:
    """`09:00 America/New_York – 17:00 Europe/Paris` ends at 16:00 UTC, not at 17:00 New York time."""
    _timeline_case(
        repository,
        '  - {at: "2024-01-10 08:00 UTC", text: Down., milestone: started}\n'
        '  - {at: "2024-01-10 09:00 America/New_York – 2024-01-10 17:00 Europe/Paris", text: Fix., '
        "milestone: mitigated}\n",
    )
    code, output = _run("export", "--format", "json")
    assert json.loads(output)["incidents"][0]["computed"]["time_to_mitigate"]["minutes"] == 480
    _timeline_case(repository, '  - {at: "2024-01-10 09:00 UTC – 2024-01-10 17:00 +09:00", text: Back.}\n')
    code, output = _run("check")
    assert code == 1
    assert "the end of the range comes before its start" in output


def test_milestones_on_a_range_are_ordered_by_the_end_they_take(repository: Path) -> None:
    """Mitigated on a range ends at its end: a resolution before that end is out of order."""
    _timeline_case(
        repository,
        '  - {at: "2024-03-01 21:00", text: Down., milestone: started}\n'
        '  - {at: "21:37–01:07", text: Rollback., milestone: mitigated}\n'
        '  - {at: "2024-03-02 00:30", text: Back., milestone: resolved}\n',
        date="2024-03-01",
    )
    code, output = _run("check")
    assert code == 1
    assert "milestone 'resolved' (2024-03-02 00:30) comes before 'mitigated'" in output


def test_a_range_that_wraps_far_past_midnight_is_flagged(repository: Path) -> None:
    """`14:07–14:02` would end the next day, almost a day later: read so, with a warning that names the fix."""
    _timeline_case(repository, '  - {at: "2024-01-10 14:07–14:02", text: Call.}\n')
    code, output = _run("check")
    assert code == 0
    assert "read as the next day, more than 12 hours later" in output
    _timeline_case(repository, '  - {at: "2024-01-10 23:50–00:10", text: Restart.}\n')
    assert "[ambiguous-time]" not in _run("check")[1], "a short range over midnight is plain"


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("12:30 PM–1:00", dt.time(12, 30), dt.time(13, 0)),
        ("9–11 AM", dt.time(9, 0), dt.time(11, 0)),
        ("11:30–1:00 PM", dt.time(11, 30), dt.time(13, 0)),
        ("1:00–2:30 PM", dt.time(13, 0), dt.time(14, 30)),
        ("11:30 PM–1:00", dt.time(23, 30), dt.time(1, 0)),
    ],
)
def test_a_bare_clock_in_a_range_takes_the_other_side_s_half(written: str, start: dt.time, end: dt.time) -> None:
    """AM or PM written on one side of a range holds for the other when that keeps the range in order."""
    moment = parse_moment(written)
    assert moment.end is not None
    assert (moment.time, moment.end.time) == (start, end)


def test_coarse_dates_at_the_end_of_year_9999(repository: Path) -> None:
    """A month or a due quarter at the very end of the calendar is read, not a traceback."""
    _timeline_case(
        repository,
        '  - {at: "2024-01-10 10:00", text: Start.}\n  - {at: "9999-12", text: Someday.}\n'
        "actions:\n  - {what: Fix, owner: Bo, due: 9999-Q4, status: open}\n  - {what: Fix, owner: Bo, due: 9999-12}\n",
    )
    code, output = _run("check")
    assert code == 0, output


def test_the_team_cannot_give_a_built_in_zone_another_meaning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`[zones] UTC = "+05:00"` would silently shift every UTC time: refused."""
    (tmp_path / "pm.toml").write_text('[zones]\nUTC = "+05:00"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, output = _run("check")
    assert code == 1
    assert "is built in and cannot be given another meaning" in output


def test_a_day_after_a_time_of_another_zone_is_ordered_by_the_day_where_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A day alone after a time of another zone is compared with that time's day where the day alone is read.

    12:36 PM JST on 23 August is still 22 August in California: a day alone after it, in California, is in order
    (it was refused); 20:00 PDT on 4 October is already 5 October in Tokyo: 4 October after it, in Tokyo, is not
    (it was let through).
    """
    (tmp_path / "pm.toml").write_text('timezone = "America/Los_Angeles"\n', encoding="utf-8")
    california = (
        "id: J-1\ntitle: Tokyo seen from California\nstatus: draft\ndate: 2019-08-22\ntimeline:\n"
        '  - {at: "2019-08-23 12:36 PM JST", text: Overheating starts., milestone: started}\n'
        '  - {at: "2019-08-22", text: Later that evening our time.}\n'
    )
    tokyo = (
        "id: K-1\ntitle: California seen from Tokyo\nstatus: draft\ndate: 2021-10-05\ntimezone: Asia/Tokyo\n"
        'timeline:\n  - {at: "2021-10-04 20:00 PDT", text: Errors start., milestone: started}\n'
        '  - {at: "2021-10-04", text: Written the day before in Tokyo.}\n'
    )
    _incidents(tmp_path, monkeypatch, {"seen-from-california.yaml": california, "seen-from-tokyo.yaml": tokyo})
    code, output = _run("check")
    problems = [line for line in output.splitlines() if line.startswith("incidents/")]
    assert code == 1
    assert problems == [
        "incidents/seen-from-tokyo.yaml:8:10: error: timeline out of order: 2021-10-04 comes before "
        "2021-10-04 20:00 PDT (timeline entry 1); list the entries in the order they happened [timeline-order]"
    ]


def test_each_end_of_a_range_says_whether_it_is_approximate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``14:02–~14:30``: a milestone on its exact start is exact, one on its approximate end is not, as shown.

    The two marks were merged: the report showed ``~14:02–14:30`` and the detection, at the exact start, as ``~``.
    """
    incident = (
        "id: A-1\ntitle: An approximate end\nstatus: draft\ndate: 2024-03-01\ntimeline:\n"
        '  - {at: "14:00", text: Errors start., milestone: started}\n'
        '  - {at: "14:02–~14:30", text: Alert then rollback., milestone: [detected, mitigated]}\n'
    )
    _incidents(tmp_path, monkeypatch, {"a.yaml": incident})
    computed = json.loads(_run("export", "--format", "json")[1])["incidents"][0]["computed"]
    assert computed["time_to_detect"] == {"minutes": 2, "approximate": False}
    assert computed["time_to_mitigate"] == {"minutes": 30, "approximate": True}
    assert _run("render", "--format", "md", "-q")[0] == 0
    report = (tmp_path / "site" / "A-1.md").read_text(encoding="utf-8")
    assert "| | 14:02–~14:30 | Alert then rollback. |" in report
    assert "**Time to detect**: 2 min" in report


def test_the_hour_the_clocks_repeat_shows_which_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the hour that repeats when the clocks go back, a time shows its abbreviation: 02:30 CEST, then 02:30 CET.

    Shown as 02:30 and 02:30 under "Times in Europe/Paris", the timeline read as out of order.
    """
    timeline = "".join(f'  - {{at: "{at}", text: Step.}}\n' for at in ("2024-10-27 02:30 CEST", "02:30 CET", "09:00"))
    incident = "id: A-1\ntitle: Twice\nstatus: draft\ndate: 2024-10-27\ntimezone: Europe/Paris\ntimeline:\n"
    _incidents(tmp_path, monkeypatch, {"a.yaml": incident + timeline})
    assert _run("render", "--format", "md", "-q")[0] == 0
    report = (tmp_path / "site" / "A-1.md").read_text(encoding="utf-8")
    assert "| Oct 27, 2024 | 02:30 CEST | Step. |" in report
    assert "| | 02:30 CET | Step. |" in report
    assert "| | 09:00 | Step. |" in report  # outside that hour, the time alone


@pytest.mark.parametrize(
    ("written", "clock", "zone", "approximate"),
    [
        ("14:30ish", dt.time(14, 30), None, True),
        ("10pm-ish", dt.time(22), None, True),
        ("15:39 (approx.)", dt.time(15, 39), None, True),
        ("9:10 approx.", dt.time(9, 10), None, True),
        ("14:02 (UTC)", dt.time(14, 2), "UTC", False),
        ("14:02 (EST)", dt.time(14, 2), "EST", False),  # a zone in brackets, not an estimate
        ("2024-03-01 14:30ish UTC", dt.time(14, 30), "UTC", True),
    ],
)
def test_approximate_times_and_zones_in_brackets_as_written_after_the_time(
    written: str, clock: dt.time, zone: str | None, approximate: bool
) -> None:
    """``14:30ish``, ``15:39 (approx.)`` and ``14:02 (UTC)`` are read; they were refused as unknown zones."""
    moment = parse_moment(written)
    assert (moment.time, moment.zone, moment.approximate) == (clock, zone, approximate)


def test_a_time_on_an_approximate_day_gives_an_approximate_timing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``13:37`` after ``~2021-10-27`` is on an approximate day: a timing from it is approximate (it was not)."""
    timeline = (
        '  - {at: "~2021-10-27", text: Some day that week.}\n'
        '  - {at: "13:37", text: Errors start., milestone: started}\n'
        '  - {at: "2021-10-31 16:45", text: Fixed., milestone: resolved}\n'
    )
    _incidents(
        tmp_path, monkeypatch, {"a.yaml": "id: A-1\ntitle: T\nstatus: draft\ndate: 2021-10-27\ntimeline:\n" + timeline}
    )
    computed = json.loads(_run("export", "--format", "json")[1])["incidents"][0]["computed"]
    assert computed["time_to_resolve"] == {"minutes": 4 * 24 * 60 + 3 * 60 + 8, "approximate": True}


def test_an_offset_is_written_in_ascii_digits() -> None:
    """``+٠٥:٣٠`` (Arabic-Indic digits) is no offset: the reports would have said "Times in +05:٣٠"."""
    with pytest.raises(ValueError, match="unknown time zone"):
        parse_moment("14:02 +٠٥:٣٠")
    assert parse_moment("14:02 +05:30").zone == "+05:30"


@pytest.mark.parametrize(
    ("written", "day", "clock", "zone"),
    [
        ("June 2, 2019 11:45 PDT", dt.date(2019, 6, 2), dt.time(11, 45), "PDT"),  # Google Cloud's
        ("March 8, 2023 06:03 UTC", dt.date(2023, 3, 8), dt.time(6, 3), "UTC"),
        ("Tuesday, March 8, 2022 at 06:03 UTC", dt.date(2022, 3, 8), dt.time(6, 3), "UTC"),
        ("June 2nd, 2019, 11:45 PM PDT", dt.date(2019, 6, 2), dt.time(23, 45), "PDT"),
        ("Dec. 7, 2021 7:30 AM PST", dt.date(2021, 12, 7), dt.time(7, 30), "PST"),
        ("2 juin 2019 14h05", dt.date(2019, 6, 2), dt.time(14, 5), None),
        ("1er février 2023", dt.date(2023, 2, 1), None, None),
        ("2017/01/31 22:00", dt.date(2017, 1, 31), dt.time(22, 0), None),  # GitLab's
        ("2019-06-02 at 12:53 PDT", dt.date(2019, 6, 2), dt.time(12, 53), "PDT"),
        ("2 juin 2019 à 11:45", dt.date(2019, 6, 2), dt.time(11, 45), None),  # "à" there leads to the time
        ("2019-06-02 à 12:53", dt.date(2019, 6, 2), dt.time(12, 53), None),
    ],
)
def test_a_date_written_in_words_or_with_slashes(
    written: str, day: dt.date, clock: dt.time | None, zone: str | None
) -> None:
    """Dates as write-ups print them read as the same day and time as YYYY-MM-DD would (they were refused)."""
    moment = parse_moment(written)
    assert (moment.date, moment.time, moment.zone, moment.period) == (day, clock, zone, "day")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("Mar 8 06:03 UTC", "'Mar 8' has no year"),  # no day to place it on: never a guessed year
        ("Sept 31, 2019", "impossible date '2019-09-31'"),
        ("Smarch 8, 2019", "write it like"),
        ("08/03/2023 10:00", "write it like"),  # day or month first: not read either way
    ],
)
def test_a_written_date_that_cannot_be_placed_is_refused(written: str, message: str) -> None:
    """A date in words without its year, or one that does not exist, is refused with what to write."""
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_moment(written)


def test_a_month_in_words_is_a_month() -> None:
    """``June 2022`` is the month of June, like ``2022-06``."""
    assert (parse_moment("June 2022").date, parse_moment("June 2022").period) == (dt.date(2022, 6, 1), "month")


@pytest.mark.parametrize(
    ("written", "clock", "zone"),
    [
        ("13:01 PDT (20:01 UTC)", dt.time(13, 1), "PDT"),  # as status pages give both
        ("2024-07-19 04:09 America/Los_Angeles (11:09 UTC)", dt.time(4, 9), "America/Los_Angeles"),
        ("23:30 PST (07:30 UTC)", dt.time(23, 30), "PST"),  # the next day in UTC: the same instant
    ],
)
def test_a_time_repeated_in_another_zone_in_brackets(written: str, clock: dt.time, zone: str) -> None:
    """``13:01 PDT (20:01 UTC)`` is 13:01 PDT; its zone was read as ``PDT (20:01 UTC)`` and refused."""
    moment = parse_moment(written)
    assert (moment.time, moment.zone, moment.text) == (clock, zone, written)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("13:01 PDT (20:31 UTC)", "20:31 UTC is not the same time, 30 minutes apart"),
        ("2024-01-19 04:09 America/Los_Angeles (11:09 UTC)", "11:09 UTC is not the same time, 60 minutes apart"),
        ("13:01 (20:01 UTC)", "give the zone of both times"),  # the incident's zone is not known here
        ("14:09 America/Los_Angeles (03:09 UTC)", "03:09 UTC is not the same time"),  # under no offset it has had
    ],
)
def test_two_zones_that_disagree_are_refused(written: str, message: str) -> None:
    """Two times that are not the same instant, or cannot be compared, are refused: never one taken in silence."""
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_moment(written)
