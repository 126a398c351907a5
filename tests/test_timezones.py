"""Times without a date continue the calendar day of the entry before, in the zone they are read in."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import zoneinfo
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.cli.main import main
from postmortem.config.model import Config
from postmortem.load.yaml import load
from postmortem.model.incident import Incident
from postmortem.model.moments import parse_moment
from postmortem.model.times import resolve
from postmortem.model.zones import offset_text
from postmortem.validate.incident import validate_incident

ZONES = ["UTC", "America/Los_Angeles", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"]
INCIDENT = """\
id: INC-1
title: A status page written in another zone
status: draft
date: 2021-01-04
severity: P2
summary: The outage and its status posts.
timeline:
{timeline}
"""
LOS_ANGELES = """\
  - {at: "2021-01-04 07:00", text: Outage starts, milestone: started}
  - {at: "2021-01-05 00:52 +08:00", text: Status page post (written in GMT+8)}
  - {at: "09:29", text: Service restored, milestone: resolved}
"""


def _repository(tmp_path: Path, *, zone: str, timeline: str) -> Path:
    """An incident repository with one incident and the given configured zone."""
    (tmp_path / "pm.toml").write_text(f'timezone = "{zone}"\n', encoding="utf-8")
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "inc-1.yaml").write_text(INCIDENT.format(timeline=timeline), encoding="utf-8")
    return tmp_path


def test_bare_time_after_another_zone_keeps_the_incident_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The case of the issue: 09:29 after a post written in +08:00 on the next calendar day is 09:29 on Jan 4 in LA."""
    monkeypatch.chdir(_repository(tmp_path, zone="America/Los_Angeles", timeline=LOS_ANGELES))
    runner = CliRunner()
    exported = runner.invoke(main, ["export", "--format", "json"], catch_exceptions=False)
    checked = runner.invoke(main, ["check", "--strict"], catch_exceptions=False)
    rendered = runner.invoke(main, ["render", "--format", "md", "-q"], catch_exceptions=False)
    computed = json.loads(exported.stdout)["incidents"][0]["computed"]
    assert computed["time_to_resolve"] == {"minutes": 149, "approximate": False}
    assert checked.exit_code == 1, "the unsure entry is a warning, which --strict fails on"
    assert "[ambiguous-time]" in checked.output
    assert "read as 2021-01-04 09:29 in America/Los_Angeles" in checked.output
    assert rendered.exit_code == 0
    report = (tmp_path / "site" / "INC-1.md").read_text(encoding="utf-8")
    assert "2 hr 29 min" in report
    assert "1 day" not in report


def test_written_date_and_zone_make_it_sure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry that gives its own date and zone is not flagged, and the computation is the same."""
    timeline = LOS_ANGELES.replace('"09:29"', '"2021-01-04 09:29 America/Los_Angeles"')
    monkeypatch.chdir(_repository(tmp_path, zone="America/Los_Angeles", timeline=timeline))
    checked = CliRunner().invoke(main, ["check", "--strict"], catch_exceptions=False)
    exported = CliRunner().invoke(main, ["export", "--format", "json"], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    assert json.loads(exported.stdout)["incidents"][0]["computed"]["time_to_resolve"]["minutes"] == 149


def test_out_of_order_names_the_zones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When two entries read in different zones are out of order, the message names the zones, not midnight."""
    timeline = """\
  - {at: "2021-01-04 10:00 UTC", text: First post, milestone: started}
  - {at: "2021-01-04 01:00", text: Second post}
"""
    monkeypatch.chdir(_repository(tmp_path, zone="America/Los_Angeles", timeline=timeline))
    checked = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert checked.exit_code == 1
    assert "different zones (UTC, America/Los_Angeles)" in checked.output
    assert "midnight" not in checked.output


def test_out_of_order_across_midnight_asks_for_the_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bare time earlier than the one before it, in the same zone, most likely crossed midnight."""
    timeline = """\
  - {at: "2021-01-04 23:50", text: Alert, milestone: started}
  - {at: "00:10", text: Fixed}
"""
    monkeypatch.chdir(_repository(tmp_path, zone="Europe/Paris", timeline=timeline))
    checked = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert "give the date when the timeline crosses midnight" in checked.output


# The property: write the same instants in any mix of forms and zones; the computed durations do not change.


@st.composite
def _written_timelines(draw: st.DrawFn) -> tuple[str, list[str], list[dt.datetime]]:
    """A configured zone, timeline texts in mixed forms, and the true instants they stand for."""
    home = draw(st.sampled_from(ZONES))
    start = draw(
        st.datetimes(min_value=dt.datetime(2015, 1, 1), max_value=dt.datetime(2030, 1, 1), timezones=st.just(dt.UTC))
    )
    steps = draw(st.lists(st.integers(min_value=0, max_value=36 * 60), min_size=1, max_size=6))
    instants = [start.replace(second=0, microsecond=0)]
    for step in steps:
        instants.append(instants[-1] + dt.timedelta(minutes=step))
    texts = [_full(instants[0], draw(st.sampled_from(ZONES)))]
    for previous, instant in itertools.pairwise(instants):
        texts.append(
            _written(previous, instant, home=home, other=draw(st.sampled_from(ZONES)), form=draw(st.integers(0, 4)))
        )
    return home, texts, instants


def _full(instant: dt.datetime, zone: str) -> str:
    """The instant with its date, time and zone, as seen in *zone* (its offset when the clocks repeat that time)."""
    seen = instant.astimezone(zoneinfo.ZoneInfo(zone))
    if _exists_once(seen):
        return f"{seen:%Y-%m-%d %H:%M} {zone}"
    return f"{seen:%Y-%m-%d %H:%M%z}"


def _written(previous: dt.datetime, instant: dt.datetime, *, home: str, other: str, form: int) -> str:
    """One of the forms that stands for *instant*: full in another zone or as UTC±H, local, bare, 12-hour."""
    local = instant.astimezone(zoneinfo.ZoneInfo(home))
    same_day = previous.astimezone(zoneinfo.ZoneInfo(home)).date() == local.date()
    unambiguous = _exists_once(local)
    if form == 2 and same_day and unambiguous:
        return f"{local:%H:%M}"
    if form == 3 and same_day and unambiguous:
        return f"{local.hour % 12 or 12}:{local:%M} {'PM' if local.hour >= 12 else 'AM'}"
    if form == 1 and unambiguous:
        return f"{local:%Y-%m-%d %H:%M}"
    if form == 4:
        seen = instant.astimezone(zoneinfo.ZoneInfo(other))
        offset = seen.utcoffset() or dt.timedelta()
        minutes = int(offset.total_seconds() // 60)
        sign = "-" if minutes < 0 else "+"
        return f"{seen:%Y-%m-%d %H:%M} UTC{sign}{abs(minutes) // 60}:{abs(minutes) % 60:02d}"
    return _full(instant, other)


def _exists_once(local: dt.datetime) -> bool:
    """True when this wall-clock time names exactly one instant in its zone (not in a daylight-saving gap or fold)."""
    naive = local.replace(tzinfo=None)
    earlier = naive.replace(tzinfo=local.tzinfo, fold=0)
    later = naive.replace(tzinfo=local.tzinfo, fold=1)
    return earlier.utcoffset() == later.utcoffset()


@settings(max_examples=150, deadline=None)
@given(_written_timelines())
def test_same_instants_in_any_form_give_the_same_durations(case: tuple[str, list[str], list[dt.datetime]]) -> None:
    """However each instant is written (zone, offset, bare time), the computed time to resolve is the true one."""
    home, texts, instants = case
    entries = [f'  - {{at: "{text}", text: Event {n}}}' for n, text in enumerate(texts)]
    entries[0] = entries[0][:-1] + ", milestone: started}"
    entries[-1] = entries[-1][:-1] + (", milestone: resolved}" if len(entries) > 1 else "}")
    source = INCIDENT.replace("date: 2021-01-04", f"date: {instants[0]:%Y-%m-%d}").format(timeline="\n".join(entries))
    incident = _validated(source, home)
    placed = [p.when for p in incident.placed]
    assert placed == instants
    if len(instants) > 1:
        assert incident.time_to_resolve is not None
        assert incident.time_to_resolve.minutes == (instants[-1] - instants[0]) // dt.timedelta(minutes=1)


def _validated(source: str, zone: str) -> Incident:
    """The incident a source stands for in a repository of *zone*; fails the test on an error."""
    incident, problems = validate_incident(load("inc.yaml", source.encode()), config=Config(root=Path(), timezone=zone))
    assert incident is not None, [str(p) for p in problems]
    return incident


@given(st.characters(exclude_characters="+-\u2212"), st.integers(min_value=0, max_value=14), st.booleans())
def test_an_offset_needs_its_sign(sign: str, hours: int, colon: bool) -> None:
    """``+07:00``, ``-0700`` and ``−07:00`` are offsets; ``2100`` (a time without its colon) or ``a0700`` are not.

    A character range in the offset's pattern once let any character between ``+`` and ``−`` stand for a plus:
    ``13:42 2100`` was read at UTC+01:00.
    """
    written = f"{sign}{hours:02d}{':' if colon else ''}00"
    assert offset_text(written) is None
    assert offset_text(f"+{hours:02d}{':' if colon else ''}00") == f"+{hours:02d}:00"
    assert offset_text(f"\u2212{hours:02d}{':' if colon else ''}00") == f"-{hours:02d}:00"


def test_a_time_followed_by_digits_is_not_given_a_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``2021-10-31 13:42 2100`` is refused, not read at UTC+01:00."""
    monkeypatch.chdir(_repository(tmp_path, zone="UTC", timeline='  - {at: "2021-10-31 13:42 2100", text: Two}'))
    result = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert result.exit_code == 1
    assert (
        "incidents/inc-1.yaml:8:10: error: timeline entry 1, at: cannot read time '2021-10-31 13:42 2100': "
        "unknown time zone '2100'" in result.output
    )


@pytest.mark.parametrize(
    ("written", "day", "utc"),
    [
        ("9:30 a.m. ET", dt.date(2012, 8, 1), dt.datetime(2012, 8, 1, 13, 30, tzinfo=dt.UTC)),  # EDT
        ("9:30 a.m. ET", dt.date(2012, 1, 3), dt.datetime(2012, 1, 3, 14, 30, tzinfo=dt.UTC)),  # EST
        ("8:15 am PT", dt.date(2021, 1, 4), dt.datetime(2021, 1, 4, 16, 15, tzinfo=dt.UTC)),  # PST
        ("16:45 pt", dt.date(2021, 10, 31), dt.datetime(2021, 10, 31, 23, 45, tzinfo=dt.UTC)),  # PDT
        ("10:00 CT", dt.date(2024, 7, 1), dt.datetime(2024, 7, 1, 15, tzinfo=dt.UTC)),
        ("10:00 MT", dt.date(2024, 1, 2), dt.datetime(2024, 1, 2, 17, tzinfo=dt.UTC)),
    ],
)
def test_us_region_names_follow_the_season(written: str, day: dt.date, utc: dt.datetime) -> None:
    """``ET`` and ``PT`` name a region's clock all year: 9:30 a.m. ET is EDT in August and EST in January."""
    assert resolve(parse_moment(written), day=day, default_zone="UTC") == utc
