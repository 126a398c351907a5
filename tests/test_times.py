"""Times and durations as people write them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.model.durations import parse_duration
from postmortem.model.moments import parse_moment, read_moment
from postmortem.model.times import resolve


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("2h", 120),
        ("1h30", 90),
        ("1h 30", 90),
        ("30min", 30),
        ("10min", 10),
        ("15 min", 15),
        ("45m", 45),
        ("1d 4h", 1680),
        ("1.5h", 90),
        ("2 heures", 120),
        ("1j", 1440),
        ("PT1H30M", 90),
        ("0min", 0),
        ("2,5h", 150),
        ("1,000 minutes", 1000),
        ("1,440min", 1440),
        ("1,000,000 min", 1_000_000),
        ("2 hrs", 120),
        ("1 hr 30 min", 90),
        ("2 weeks", 20160),
        ("1w 2d", 12960),
        ("3 semaines", 30240),
    ],
)
def test_duration(text: str, minutes: int) -> None:
    """The seed's spellings (2h, 1h30, 30min, 10min) and their usual variants read as minutes."""
    duration = parse_duration(text)
    assert duration.minutes == minutes
    assert str(duration) == text


@given(st.integers(min_value=1000, max_value=36_500), st.sampled_from(["min", " minutes", "h", " hours", "d", " days"]))
def test_thousands_are_grouped_as_in_counts(number: int, unit: str) -> None:
    """``1,440 minutes`` is 1440 minutes, as ``1,800`` users are 1800 users: a group of three digits is no decimal."""
    duration = parse_duration(f"{number:,}{unit}")
    assert duration.minutes == number * {"m": 1, "h": 60, "d": 1440}[unit.strip()[0]]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("about 4 hours", 240), ("around 45 min", 45), ("approximately 2h 30m", 150), ("roughly 3h", 180),
     ("Approx. 90min", 90), ("environ 2 heures", 120), ("~45 minutes", 45), ("≈ 1h", 60)],
)  # fmt: skip
def test_durations_said_to_be_approximate_in_words(text: str, minutes: int) -> None:
    """``about 4 hours`` is ``~4h``: approximate, as written."""
    duration = parse_duration(text)
    assert (duration.minutes, duration.approximate, str(duration)) == (minutes, True, text)


@pytest.mark.parametrize(
    ("text", "date", "time", "zone"),
    [
        ("around 6:00 a.m. PST", None, dt.time(6), "PST"),
        ("about 15:39 UTC", None, dt.time(15, 39), "UTC"),
        ("2021-10-28 around 13:37", dt.date(2021, 10, 28), dt.time(13, 37), None),
        ("approx. 9:45", None, dt.time(9, 45), None),
        ("vers 14h05", None, dt.time(14, 5), None),
    ],
)
def test_times_said_to_be_approximate_in_words(
    text: str, date: dt.date | None, time: dt.time, zone: str | None
) -> None:
    """``around 6:00 a.m. PST`` is ``~6:00 AM PST``: approximate, as written."""
    moment = parse_moment(text)
    assert (moment.date, moment.time, moment.zone, moment.approximate) == (date, time, zone, True)


@pytest.mark.parametrize(
    ("text", "start", "end", "zone"),
    [
        ("between 21:00 and 22:00 UTC", dt.time(21), dt.time(22), "UTC"),
        ("Between 7:00 and 8:15 AM PST", dt.time(7), dt.time(8, 15), "PST"),
        ("from 11:00 to 12:00", dt.time(11), dt.time(12), None),
        ("From 9:30 a.m. until 10:15 a.m. EDT", dt.time(9, 30), dt.time(10, 15), "EDT"),
        ("entre 14h et 15h30", dt.time(14), dt.time(15, 30), None),
        ("de 14h à 15h", dt.time(14), dt.time(15), None),
    ],
)
def test_ranges_in_words(text: str, start: dt.time, end: dt.time, zone: str | None) -> None:
    """``between 21:00 and 22:00 UTC`` is ``21:00–22:00 UTC``: a start and an end, the zone for both."""
    moment = parse_moment(text)
    assert moment.end is not None
    assert (moment.time, moment.end.time, moment.zone, moment.end.zone, str(moment)) == (start, end, zone, zone, text)


@pytest.mark.parametrize("text", ["between 21:00", "from 11:00", "between 9:00 and", "21:00 and 22:00"])
def test_half_ranges_in_words_are_refused(text: str) -> None:
    """A range in words needs both its ends."""
    with pytest.raises(ValueError, match="cannot read time"):
        parse_moment(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("43 seconds", "pm counts durations in whole minutes: write 1min, or ~1min"),
        ("45s", "pm counts durations in whole minutes"),
        ("2 fortnights", "unknown unit 'fortnights': use d, h or min"),
        ("3 months", "unknown unit 'months': use d, h or min"),
        ("6+ hours", "a duration is one amount, as ~3h for about 3 hours: say more than or between in the text"),
        ("2-3h", "a duration is one amount"),
    ],
)
def test_durations_in_units_pm_does_not_count_say_so(text: str, message: str) -> None:
    """A duration in seconds or in months is refused by naming its unit, not by asking for one."""
    with pytest.raises(ValueError, match=message):
        parse_duration(text)


@pytest.mark.parametrize("text", ["90", "a while", "", "1h30x", "h", "1h90"])
def test_bad_duration(text: str) -> None:
    """A duration without unit or with junk is refused with a hint."""
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)


@pytest.mark.parametrize(
    ("text", "date", "time", "zone", "approximate"),
    [
        ("13:42", None, dt.time(13, 42), None, False),
        ("~13:45", None, dt.time(13, 45), None, True),
        ("2024-03-01", dt.date(2024, 3, 1), None, None, False),
        ("2024-03-01 13:42", dt.date(2024, 3, 1), dt.time(13, 42), None, False),
        ("2017-01-31 ~17:20 UTC", dt.date(2017, 1, 31), dt.time(17, 20), "UTC", True),
        ("2017-01-31T23:30:00Z", dt.date(2017, 1, 31), dt.time(23, 30), "Z", False),
        ("2024-03-01 10:00 +02:00", dt.date(2024, 3, 1), dt.time(10), "+02:00", False),
        ("2024-03-01 10:00 Europe/Paris", dt.date(2024, 3, 1), dt.time(10), "Europe/Paris", False),
        ("unknown", None, None, None, False),
        ("?", None, None, None, False),
    ],
)
def test_moment(text: str, date: dt.date | None, time: dt.time | None, zone: str | None, approximate: bool) -> None:
    """Dates, times, zones and approximations are kept apart, and the text is kept as written."""
    moment = parse_moment(text)
    assert (moment.date, moment.time, moment.zone, moment.approximate) == (date, time, zone, approximate)
    assert str(moment) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-31 10:00", "impossible date"),
        ("25:00", "not a time of day"),
        ("10:00 Mars/Olympus", "unknown time zone"),
        ("10:00 +15:00", "out of range"),
        ("2024-03-01 UTC", "needs a time of day"),
        ("yesterday", "cannot read time"),
        ("12024-01-01", "cannot read time"),
    ],
)
def test_bad_moment(text: str, message: str) -> None:
    """Impossible dates, times and zones are refused with a reason."""
    with pytest.raises(ValueError, match=message):
        parse_moment(text)


def test_resolve_uses_context() -> None:
    """A time alone takes its day and zone from context; a date alone has no exact moment."""
    when = resolve(parse_moment("13:42"), day=dt.date(2024, 3, 1), default_zone="Europe/Paris")
    assert when == dt.datetime(2024, 3, 1, 12, 42, tzinfo=dt.UTC)
    assert resolve(parse_moment("2024-03-01"), day=None, default_zone="UTC") is None
    assert resolve(parse_moment("10:00 UTC"), day=dt.date(2024, 3, 1), default_zone="Europe/Paris") == dt.datetime(
        2024, 3, 1, 10, tzinfo=dt.UTC
    )


def _reading(read: Callable[[str], object], text: str) -> object:
    """What *read* makes of *text*: a moment, or the message it refuses it with."""
    try:
        return read(text)
    except ValueError as exc:
        return str(exc)


@settings(max_examples=500)
@given(
    st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{1,2}:[0-9]{2}\Z")
    | st.from_regex(r"\A\s?(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9][ T]~?[0-2]?[0-9]:[0-5][0-9](:[0-5][0-9])?( UTC)?\s?\Z")
    | st.text(alphabet="0123456789-: T~", max_size=20)
)
def test_the_usual_form_is_read_as_every_form_is(text: str) -> None:
    """``2024-03-01 13:42`` has a quick reading: it gives what the general one gives, moments and messages alike."""
    assert _reading(parse_moment, text) == _reading(read_moment, text)
