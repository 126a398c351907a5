"""SVG charts: any data gives a well-formed, inert chart whose text is never drawn small; timeline ticks are round."""

from __future__ import annotations

import datetime as dt
import math
import re
import zoneinfo
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from postmortem.cli.main import main
from postmortem.model.incident import Placed
from postmortem.model.parts import TimelineEntry
from postmortem.render import bar_charts
from postmortem.render import metric_charts as charts
from postmortem.render.charts import ChartText, round_ticks, timeline_svg
from postmortem.render.i18n import Formatter
from postmortem.render.svg import FONT, WIDTH

SVG = "{http://www.w3.org/2000/svg}"
names = st.one_of(st.text(min_size=1, max_size=40), st.sampled_from(["<script>x</script>", "a & b", '"q"', "]]>"]))
counts = st.integers(min_value=0, max_value=100_000)
minutes = st.integers(min_value=0, max_value=60 * 24 * 400)
slots = st.lists(st.tuples(names, st.sampled_from(["2024", "2025"])), min_size=1, max_size=30)


def _duration(value: int) -> str:
    """Minutes as text, with characters a label must escape."""
    return f"<{value}> & 'min'"


def _check(chart: Markup, *words: str) -> ElementTree.Element:
    """The chart parses as XML inside its box, has no script nor event handler, and writes no text below 14 units."""
    box = ElementTree.fromstring(str(chart))
    assert box.tag == "div"
    assert box.get("tabindex") == "0"
    assert box.get("role") == "group"
    svg = box.find(f"{SVG}svg")
    assert svg is not None
    assert svg.get("viewBox", "").startswith(f"0 0 {WIDTH} ")
    assert svg.get("font-size") == str(FONT)
    for element in box.iter():
        assert not element.tag.endswith("script")
        assert not element.tag.endswith("foreignObject")
        assert not [name for name in element.attrib if name.lower().startswith("on")]
        assert element.get("font-size") in (None, str(FONT))
    for word in words:
        if re.search(r"<[A-Za-z/!?]", word):  # could open markup; a bare < or & would not parse: checked above
            assert word not in str(chart), f"the label {word!r} went out unescaped"
    for number in re.findall(r'\b(?:x|y|x1|y1|x2|y2|cx|cy|r|width|height)="([^"]*)"', str(chart)):
        assert math.isfinite(float(number)), number
    return svg


@settings(max_examples=60, deadline=None)
@given(slots=slots, data=st.data())
def test_trend_chart_is_well_formed(slots: list[tuple[str, str]], data: st.DataObject) -> None:
    """Series with gaps, targets, hostile names: still XML, one line or marker per value, names escaped."""
    values = st.one_of(st.none(), st.floats(min_value=0, max_value=1e6))
    series = [
        charts.Series(name=data.draw(names), rank=rank, values=tuple(data.draw(values) for _ in slots))
        for rank in range(1, data.draw(st.integers(0, 6)) + 1)
    ]
    targets = data.draw(st.lists(st.tuples(names, st.integers(1, 6), minutes), max_size=4))
    chart = charts.trend_chart(chart_id="t<&", title="<title>", description="a & b", slots=slots, series=series,
                               targets=targets, duration=_duration)  # fmt: skip
    if not any(v is not None for s in series for v in s.values):
        assert chart == ""
        return
    _check(chart, *(s.name for s in series))


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(names, st.one_of(st.none(), minutes), st.lists(st.tuples(minutes, st.one_of(
    st.none(), st.booleans())), max_size=40)), max_size=5))  # fmt: skip
def test_strip_chart_is_well_formed(rows: list[tuple[str, int | None, list[tuple[int, bool | None]]]]) -> None:
    """Every incident is one mark: a dot when the target was met, a cross when missed, a ring when unknown."""
    strips = [charts.StripRow(name=name, rank=i, target=target, target_text=f"< {target}", points=tuple(points))
              for i, (name, target, points) in enumerate(rows, start=1)]  # fmt: skip
    chart = charts.strip_chart(chart_id="s", title="t", description="d", rows=strips, duration=_duration)
    if not any(points for _, _, points in rows):
        assert chart == ""
        return
    svg = _check(chart, *(name for name, _, _ in rows))
    circles = len(list(svg.iter(f"{SVG}circle")))
    crosses = sum(str(p.get("d")).count("M") for p in svg.iter(f"{SVG}path"))
    assert circles == sum(met is not False for _, _, points in rows for _, met in points)
    assert crosses == sum(met is False for _, _, points in rows for _, met in points)


@settings(max_examples=60, deadline=None)
@given(bars=st.lists(st.tuples(names, counts), max_size=15))
def test_bar_list_is_well_formed(bars: list[tuple[str, int]]) -> None:
    """One bar per name, its count written at its end."""
    chart = bar_charts.bar_list(chart_id="b", title="t", description="d", bars=bars)
    if not bars:
        assert chart == ""
        return
    svg = _check(chart, *(name for name, _ in bars))
    assert len([r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar"]) == len(bars)
    written = [t.text for t in svg.iter(f"{SVG}text") if "value" in (t.get("class") or "")]
    assert written == [str(value) for _, value in bars]


@settings(max_examples=60, deadline=None)
@given(slots=slots, data=st.data())
def test_stacked_columns_are_well_formed(slots: list[tuple[str, str]], data: st.DataObject) -> None:
    """Each non-empty part is one rectangle; the parts of the key are told apart by fill, not only colour."""
    stacks = [tuple(data.draw(st.lists(counts, min_size=4, max_size=4))) for _ in slots]
    chart = bar_charts.stacked(chart_id="a&", title="t", description="d", slots=slots, stacks=stacks,
                               names=["done", "<cancelled>", "open", "overdue"])  # fmt: skip
    svg = _check(chart, "<cancelled>")
    parts = [r for r in svg.iter(f"{SVG}rect") if r.get("class") in ("done", "cancelled", "open", "overdue")]
    assert len(parts) == 4 + sum(1 for stack in stacks for value in stack if value)
    assert {r.get("fill") for r in parts if r.get("class") == "overdue"} == {"url(#a&amp;-hatch)".replace("&amp;", "&")}


def test_timeline_ticks_fall_on_round_local_times() -> None:
    """Two hours get ticks every 30 minutes; a night every 6 hours from local midnight; a week every day or two."""
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    start = dt.datetime(2025, 1, 18, 14, 5, tzinfo=paris)
    step, ticks = round_ticks(start, start + dt.timedelta(hours=2), timezone="Europe/Paris")
    assert step == 30
    assert [f"{t:%H:%M}" for t in ticks] == ["14:30", "15:00", "15:30", "16:00"]
    start = dt.datetime(2025, 2, 15, 20, 30, tzinfo=paris)
    step, ticks = round_ticks(start, start + dt.timedelta(hours=16), timezone="Europe/Paris")
    assert step == 360
    assert [f"{t:%d %H:%M}" for t in ticks] == ["16 00:00", "16 06:00", "16 12:00"]
    utc = start.astimezone(dt.UTC)  # the same moments, ticks still on Paris's clock
    assert round_ticks(utc, utc + dt.timedelta(hours=16), timezone="Europe/Paris")[1] == ticks
    step, ticks = round_ticks(start, start + dt.timedelta(days=7), timezone="Europe/Paris")
    assert step == 2880
    assert all(f"{t.astimezone(paris):%H:%M}" == "00:00" for t in ticks)


@settings(max_examples=200, deadline=None)
@given(start=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 1, 1)),
       span=st.integers(min_value=1, max_value=60 * 24 * 365), zone=st.sampled_from(["UTC", "Europe/Paris",
       "America/New_York", "Asia/Kolkata"]))  # fmt: skip
def test_timeline_ticks_are_few_and_inside_the_window(start: dt.datetime, span: int, zone: str) -> None:
    """Whatever the window, at most six ticks, all inside it, each a whole multiple of the step on the local clock."""
    begin = start.replace(tzinfo=dt.UTC)
    end = begin + dt.timedelta(minutes=span)
    step, ticks = round_ticks(begin, end, timezone=zone)
    assert 1 <= len(ticks) <= 6 or (step >= 1440 and len(ticks) <= 7)
    assert all(begin <= t <= end for t in ticks)
    for tick in ticks:
        local = tick.astimezone(zoneinfo.ZoneInfo(zone))
        assert (local.hour * 60 + local.minute) % min(step, 1440) == 0 or local.utcoffset() != ticks[0].utcoffset()


ENTRIES = {
    name: TimelineEntry.model_validate({"at": at, "text": "x", "milestone": milestone})
    for name, at, milestone in [
        ("plain", "2025-01-01 10:00", []),
        ("approximate", "2025-01-01 ~10:00", []),
        ("started", "2025-01-01 10:00", ["started"]),
        ("detected", "2025-01-01 10:00", ["detected", "acknowledged"]),
        ("resolved", "2025-01-01 ~10:00", ["resolved"]),
    ]
}
MILESTONE_NAMES = {name: f"<{name}> & co" for name in ("started", "detected", "acknowledged", "mitigated", "resolved")}


@settings(max_examples=80, deadline=None)
@given(events=st.lists(st.tuples(st.sampled_from(sorted(ENTRIES)), st.integers(0, 60 * 24 * 30),
                                 st.one_of(st.none(), st.integers(1, 600))), max_size=25),
       zone=st.sampled_from(["UTC", "Europe/Paris", "Asia/Kolkata"]),
       language=st.sampled_from(["en", "fr"]))  # fmt: skip
def test_timeline_chart_is_well_formed(events: list[tuple[str, int, int | None]], zone: str, language: str) -> None:
    """Any timeline: an inert, well-formed chart (or none under two timed events), milestone names escaped."""
    origin = dt.datetime(2025, 3, 30, tzinfo=dt.UTC)  # a clock change in Paris
    placed = tuple(
        Placed(index=i, entry=ENTRIES[kind], day=None, when=origin + dt.timedelta(minutes=offset),
               until=None if length is None else origin + dt.timedelta(minutes=offset + length))
        for i, (kind, offset, length) in enumerate(sorted(events, key=lambda e: e[1]))
    )  # fmt: skip
    text = ChartText(title="<t>", description="d & d", milestones=MILESTONE_NAMES)
    chart = timeline_svg(placed, fmt=Formatter(language=language, timezone=zone), text=text)
    if len({p.when for p in placed}) < 2 and not any(p.until for p in placed):
        return
    if chart:
        svg = _check(chart, *MILESTONE_NAMES.values())
        ticks = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "tick-label"]
        assert 1 <= len(ticks) <= 7


def test_timeline_ticks_when_the_clocks_go_back_or_forward() -> None:
    """An hour the clocks repeat has its ticks twice, in time order; a skipped hour has none; a short window has one."""
    new_york = zoneinfo.ZoneInfo("America/New_York")
    fall_back = dt.datetime(2020, 11, 1, 6, 0, tzinfo=dt.UTC)  # 01:00 EST, the second 01:00 of the night
    step, ticks = round_ticks(fall_back, fall_back + dt.timedelta(minutes=1), timezone="America/New_York")
    assert (step, [t.astimezone(dt.UTC) for t in ticks]) == (1, [fall_back, fall_back + dt.timedelta(minutes=1)])
    start = dt.datetime(2020, 11, 1, 0, 0, tzinfo=new_york).astimezone(dt.UTC)  # four real hours, not wall ones
    step, ticks = round_ticks(start, start + dt.timedelta(hours=4), timezone="America/New_York")
    assert [f"{t:%H:%M %Z}" for t in ticks] == ["00:00 EDT", "01:00 EDT", "01:00 EST", "02:00 EST", "03:00 EST"]
    start = dt.datetime(2021, 3, 14, 0, 0, tzinfo=new_york).astimezone(dt.UTC)  # no 02:00 to 03:00 that night
    step, ticks = round_ticks(start, start + dt.timedelta(hours=4), timezone="America/New_York")
    assert [f"{t:%H:%M}" for t in ticks] == ["00:00", "01:00", "03:00", "04:00", "05:00"]


def test_a_range_marks_its_end_milestones_at_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``13:37 – Oct 31 16:45`` with ``[started, resolved]``: Started at its start, Resolved at its end, as timed.

    Both were flagged at the start, the outage drawn resolved three days before it was mitigated; the chart's
    description ended at the last entry written (the mitigation), not at the end of what it drew.
    """
    incident = (
        "id: R-1\ntitle: Three days\nstatus: draft\ndate: 2021-10-28\ntimezone: America/Los_Angeles\ntimeline:\n"
        '  - {at: "2021-10-28 13:37 – 2021-10-31 16:45", text: Unavailable., milestone: [started, resolved]}\n'
        '  - {at: "2021-10-28 ~14:00", text: Engineers look., milestone: detected}\n'
        '  - {at: "2021-10-31 ~08:00", text: Players let back in., milestone: mitigated}\n'
    )
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "r.yaml").write_text(incident, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["render", "--format", "html", "-q"], catch_exceptions=False).exit_code == 0
    page = (tmp_path / "site" / "R-1.html").read_text(encoding="utf-8")
    svg = _check(Markup(page[page.index('<div class="chart-box"') : page.index("</svg>") + 6] + "</div>"))
    flags = {
        label.text: float(circle.get("cx", "nan"))
        for circle, label in zip(
            svg.iter(f"{SVG}circle"),
            (t for t in svg.iter(f"{SVG}text") if "milestone-label" in t.get("class", "")),
            strict=True,
        )
    }
    assert flags["Started"] < flags["Detected"] < flags["Mitigated"] < flags["Resolved"]
    assert flags["Resolved"] == max(flags.values())
    description = "".join(svg.find(f"{SVG}desc").itertext())  # type: ignore[union-attr]
    assert description.startswith("Events from Oct 28, 2021 13:37 to Oct 31, 2021 16:45;")
    assert "Started: Oct 28, 2021 13:37; Detected: Oct 28, 2021 ~14:00; Mitigated: Oct 31, 2021 ~08:00; " in description
    assert description.endswith("Resolved: Oct 31, 2021 16:45")
