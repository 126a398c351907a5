"""Approximate and coarse values of real write-ups: ``~4h40min``, ``~50000000``, ``800-1000``, due ``2022-Q1``."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from postmortem.cli.main import main
from postmortem.model.amounts import parse_due, parse_quantity
from postmortem.model.durations import parse_duration
from postmortem.model.patterns import duration_pattern, quantity_pattern

INCIDENT = """\
id: INC-1
title: Approximate values
status: draft
date: 2022-01-04
severity: P2
summary: Figures as the source gives them.
impact:
  downtime: ~4h40min
  users_affected: {users}
  figures:
    - {{label: Requests failed, value: 85%}}
    - {{label: Recovery, value: 70min}}
    - {{label: Orders lost, value: 800-1000}}
    - {{label: Sessions, value: 80000}}
    - {{label: Regions, value: 5m}}
timeline:
  - {{at: "2022-01-04 10:00", text: Start, milestone: started}}
  - {{at: "~10:05", text: Alert, milestone: detected}}
  - {{at: "10:20", text: Ack, milestone: acknowledged}}
  - {{at: "14:40", text: Fixed, milestone: resolved}}
actions:
  - {{what: Fix the quarter, owner: Bob, due: 2022-Q1, status: open}}
  - {{what: Fix the month, owner: Bob, due: 2022-03, status: open}}
  - {{what: Fix the year, owner: Bob, due: "2099", status: open}}
"""


def _repository(root: Path, *, users: str = "~50000000", language: str = "en") -> None:
    """A repository with one incident of approximate figures."""
    (root / "pm.toml").write_text(f'language = "{language}"\n', encoding="utf-8")
    (root / "incidents").mkdir()
    (root / "incidents" / "a.yaml").write_text(INCIDENT.format(users=users), encoding="utf-8")


def _run(*args: str, day: dt.date) -> str:
    """Run pm as of *day*; its output (it must succeed)."""
    epoch = int(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC).timestamp())
    result = CliRunner().invoke(main, list(args), catch_exceptions=False, env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.exit_code == 0, result.output
    return result.output


def test_approximate_figures_keep_their_mark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`~` and ranges are shown as written, numbers in the language, durations inside figures as durations."""
    _repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    _run("render", "--format", "md,html", "-q", day=dt.date(2022, 2, 1))
    report = (tmp_path / "site" / "INC-1.md").read_text(encoding="utf-8")
    for fact in (
        "- **Duration**: ~4 hr 40 min",
        "- **Time to detect**: ~5 min",
        "- **Response target**: < 1 hr — met, approximately",
        "- **Users affected**: ~50,000,000",
        "- **Requests failed**: 85%",
        "- **Recovery**: 1 hr 10 min",
        "- **Orders lost**: 800–1,000",
        "- **Sessions**: 80,000",
        "- **Regions**: 5m",
    ):
        assert fact in report, fact


def test_french_numbers_and_quarters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A French report groups digits with a narrow space and names quarters as French does."""
    _repository(tmp_path, language="fr")
    monkeypatch.chdir(tmp_path)
    _run("render", "--format", "md", "-q", day=dt.date(2022, 2, 1))
    report = (tmp_path / "site" / "INC-1.md").read_text(encoding="utf-8")
    assert re.search("~50[\u202f ]000[\u202f ]000", report), "digits grouped by a (narrow) space"
    assert "| T1 2022 |" in report
    assert "| mars 2022 |" in report


def test_a_period_is_overdue_once_it_has_ended(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Due 2022-03 or 2022-Q1 is not overdue on 31 March 2022, and is on 1 April."""
    _repository(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert "0 overdue" in _run("actions", day=dt.date(2022, 3, 31))
    after = _run("actions", day=dt.date(2022, 4, 1))
    assert "2 overdue" in after
    assert "2022-Q1\tOVERDUE" in after


def test_export_keeps_exact_counts_as_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The JSON export gives an exact count as a number, and an approximate count or a range as written."""
    for users, exported in (("1800", 1800), ("~50000000", "~50000000"), ("800-1000", "800-1000")):
        folder = tmp_path / users.replace("~", "about")
        folder.mkdir()
        _repository(folder, users=users)
        monkeypatch.chdir(folder)
        data = json.loads(_run("export", "--format", "json", day=dt.date(2022, 2, 1)))
        assert data["incidents"][0]["impact"]["users_affected"] == exported
        assert data["incidents"][0]["actions"][0]["due"] == "2022-Q1"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("many", "cannot read 'many' as a count"),
        ("'1000-800'", "a range goes from the smaller number to the larger"),
        ("-3", "must be between 0 and"),
    ],
)
def test_counts_that_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, message: str
) -> None:
    """A count pm cannot read is a located error that says why."""
    _repository(tmp_path, users=written)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "incidents/a.yaml:9:19: error: impact.users_affected:" in result.output
    assert message in result.output


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=10**6), st.booleans())
def test_quantities_read_back(low: int, extra: int, approximate: bool) -> None:
    """Any count written with a ~, as a range, or with thousands separators reads back to its numbers."""
    high = low + extra
    written = ("~" if approximate else "") + f"{low:,}" + (f"-{high:,}" if extra else "")
    quantity = parse_quantity(written)
    assert (quantity.low, quantity.high, quantity.approximate) == (low, high, approximate)


APPROXIMATELY = ["~", "about ", "About ", "around ", "approximately ", "approx. ", "roughly ", "circa ", "ca. ",
                 "environ ", "≈"]  # fmt: skip


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(APPROXIMATELY))
def test_counts_said_to_be_approximate_in_words(number: int, word: str) -> None:
    """``roughly 2,000`` customers are about 2000, as ``~2000`` are: the word is the author's ``~``."""
    quantity = parse_quantity(f"{word}{number:,}")
    assert (quantity.low, quantity.high, quantity.approximate) == (number, number, True)


@given(st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(9998, 12, 31)))
def test_a_due_period_ends_where_the_next_begins(day: dt.date) -> None:
    """A month, quarter or year that holds *day* ends the day before the next one starts."""
    quarter = (day.month - 1) // 3 + 1
    for written in (f"{day:%Y-%m}", f"{day.year}-Q{quarter}", f"{day.year}", day.isoformat()):
        due = parse_due(written)
        assert due.first <= day <= due.last
        following = due.last + dt.timedelta(days=1)
        assert not (due.first <= following <= due.last)


@pytest.mark.parametrize(
    ("written", "minutes", "approximate"),
    [
        ("4 hours and 25 minutes", 265, False),  # Google Cloud's
        ("2 hours, 15 minutes", 135, False),
        ("an hour", 60, False),
        ("two hours", 120, False),
        ("a day", 1440, False),
        ("half an hour", 30, False),
        ("an hour and a half", 90, False),
        ("2 hours and a half", 150, False),
        ("nearly 5 hours", 300, True),
        ("almost 2 days", 2880, True),
        ("deux heures", 120, False),
        ("1 h et 30 min", 90, False),
        ("une demi-heure", 30, False),
        ("±2h", 120, True),
    ],
)
def test_durations_in_words_read_as_written(written: str, minutes: int, approximate: bool) -> None:
    """Durations as write-ups word them read as their figures would, and the editors' schema accepts them too."""
    duration = parse_duration(written)
    assert (duration.minutes, duration.approximate, duration.text) == (minutes, approximate, written)
    assert re.search(duration_pattern(), written)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("more than 6 hours", "'more than' makes it a bound, not an amount: write ~6 hours for about that"),
        ("over 2 hours", "'over' makes it a bound"),
        ("up to 14 days", "'up to' makes it a bound"),
        ("3 hours 19 minutes - 4 hours 25 minutes", "a duration is one amount"),  # Google Cloud's range
    ],
)
def test_a_duration_that_is_a_bound_or_a_range_is_refused_saying_so(written: str, message: str) -> None:
    """'More than 6 hours' is not 6 hours: refused, never read as the amount it bounds."""
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_duration(written)
    assert not re.search(duration_pattern(), written)


@pytest.mark.parametrize(
    ("written", "count", "approximate"),
    [
        ("1.5 million", 1_500_000, False),
        ("approximately 1.5 million", 1_500_000, True),
        ("1.5M", 1_500_000, False),
        ("300k", 300_000, False),
        ("2,5 millions", 2_500_000, False),  # a French decimal comma
        ("3bn", 3_000_000_000, False),
    ],
)
def test_counts_with_a_scale_read_as_their_figures(written: str, count: int, approximate: bool) -> None:
    """'Approximately 1.5 million users', as write-ups count them, is 1,500,000 (about), in the schema too."""
    quantity = parse_quantity(written)
    assert (quantity.low, quantity.high, quantity.approximate, quantity.text) == (count, count, approximate, written)
    assert re.search(quantity_pattern(), written)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("~5%", "a share is not a count"),
        ("more than 1,000", "'more than' makes it a bound"),
        ("1,500 million", "reads as a decimal in one language and as thousands in another"),
        ("2.500 millions", "reads as a decimal in one language and as thousands in another"),
    ],
)
def test_a_share_or_a_bound_is_no_count(written: str, message: str) -> None:
    """5% of users is not 5 users, nor is '2.500 millions' 2.5 million everywhere: refused, saying what to write."""
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_quantity(written)
    assert not re.search(quantity_pattern(), written)


@pytest.mark.parametrize(
    "written",
    ["two hours 30", "an hour 30", "4 hours and 25", "1 hr and a half", "1 h and a half", "1hour and a half",
     "1.5 hours and a half", "2 min et demie", "half an hour and a half", "0,half an hour", "2 hours and a half"],
)  # fmt: skip
def test_the_schema_accepts_the_durations_in_words_pm_reads_and_no_other(written: str) -> None:
    """An editor flags a duration exactly when ``pm check`` does, for the forms in words too."""
    try:
        parse_duration(written)
    except ValueError:
        read = False
    else:
        read = True
    assert read == bool(re.search(duration_pattern(), written))
