"""Model stage helper: amounts as write-ups give them: ``~50000000``, ``800-1000``, due dates such as ``2022-Q1``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from postmortem.model.durations import tilde
from postmortem.model.worded import bound, scaled_count

MAX_AMOUNT = 2**53 - 1  # the largest integer that every JSON reader (JavaScript's too) holds exactly
_NUMBER = r"[0-9]{1,3}(?:[,_\u00a0\u202f ][0-9]{3})+|[0-9]+"  # ASCII digits only, as in editors' schemas
_QUANTITY = re.compile(rf"^(?P<low>{_NUMBER})(?:\s*[-–—]\s*(?P<high>{_NUMBER}))?$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Quantity:
    """A count as written: exact (``1800``), approximate (``~50000000``) or a range (``800-1000``)."""

    low: int
    high: int
    approximate: bool = False
    text: str

    @property
    def exact(self) -> bool:
        """True when the count is one number, not approximate."""
        return self.low == self.high and not self.approximate

    def __str__(self) -> str:
        """Show the count as its author wrote it."""
        return self.text


def parse_quantity(value: int | str) -> Quantity:
    """Read a count: a whole number, ``~N`` or ``about N`` (about N) or ``N-M``; raise ValueError naming the part."""
    if isinstance(value, int):
        return _bounded(Quantity(low=value, high=value, text=str(value)))
    raw = value.strip()
    approximate, number = tilde(raw)
    if word := bound(number):
        raise ValueError(f"cannot read {raw!r} as a count: {word!r} makes it a bound, not an amount: write "
                         f"~{number.strip()[len(word) :].strip()} for about that, and say {word} in the impact's "
                         "text")  # fmt: skip
    if number.endswith("%"):
        raise ValueError(f"cannot read {raw!r} as a count: a share is not a count; give the number, or say the share "
                         "in the impact's description")  # fmt: skip
    if (scaled := scaled_count(number)) is not None:  # 1.5 million, 300k
        return _bounded(Quantity(low=scaled, high=scaled, approximate=approximate, text=raw))
    found = _QUANTITY.match(number)
    if found is None:
        raise ValueError(f"cannot read {raw!r} as a count: write 1800, ~50000000 (about), 1.5 million or 800-1000 "
                         "(a range)")  # fmt: skip
    low = int(re.sub(r"\D", "", found["low"]))
    high = int(re.sub(r"\D", "", found["high"])) if found["high"] else low
    if high < low:
        raise ValueError(f"cannot read {raw!r} as a count: a range goes from the smaller number to the larger")
    return _bounded(Quantity(low=low, high=high, approximate=approximate, text=raw))


def _bounded(quantity: Quantity) -> Quantity:
    """Refuse counts below zero or beyond what every reader of the export holds exactly."""
    if quantity.low < 0 or quantity.high > MAX_AMOUNT:
        raise ValueError(f"count {quantity.text!r} must be between 0 and {MAX_AMOUNT:,}")
    return quantity


Period = Literal["day", "month", "quarter", "year"]
_DUE = re.compile(r"^(?P<year>[0-9]{4})(?:-(?:(?P<quarter>[Qq][1-4])|(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?))?$")


@dataclass(frozen=True, slots=True, kw_only=True)
class Due:
    """A due date as written: a day, a month (``2022-03``), a quarter (``2022-Q1``) or a year; *last* decides."""

    first: dt.date
    last: dt.date
    period: Period
    text: str

    def __str__(self) -> str:
        """Show the due date as its author wrote it."""
        return self.text


def parse_due(text: str) -> Due:
    """Read ``2022-03-31``, ``2022-03``, ``2022-Q1`` or ``2022``; raise ValueError naming the part that failed."""
    raw = text.strip()
    found = _DUE.match(raw)
    if found is None:
        raise ValueError(f"cannot read due date {raw!r}: write 2022-03-31, 2022-03 (a month), 2022-Q1 or 2022")
    year = int(found["year"])
    try:
        if found["quarter"]:
            quarter = int(found["quarter"][1])
            first = dt.date(year, 3 * quarter - 2, 1)
            return Due(first=first, last=month_end(first.replace(month=3 * quarter)), period="quarter", text=raw)
        if found["day"]:
            day = dt.date(year, int(found["month"]), int(found["day"]))
            return Due(first=day, last=day, period="day", text=raw)
        if found["month"]:
            first = dt.date(year, int(found["month"]), 1)
            return Due(first=first, last=month_end(first), period="month", text=raw)
    except ValueError as exc:
        raise ValueError(f"impossible due date {raw!r}: {exc}") from None
    return Due(first=dt.date(year, 1, 1), last=dt.date(year, 12, 31), period="year", text=raw)


def month_end(day: dt.date) -> dt.date:
    """The last day of *day*'s month."""
    if day.month == 12:  # December ends on the 31st, also in year 9999, where the next month cannot be made
        return day.replace(day=31)
    return day.replace(month=day.month + 1, day=1) - dt.timedelta(days=1)
