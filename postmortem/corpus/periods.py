"""Corpus stage helper: the periods metrics are counted in: quarters, or months when the incidents span little time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

PeriodKind = Literal["month", "quarter"]
MIN_QUARTERS = 3  # fewer quarters than this between the first and the last incident: count by month


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Period:
    """A month or a quarter, known by its first day."""

    first: dt.date
    kind: PeriodKind

    @staticmethod
    def of(day: dt.date, *, kind: PeriodKind) -> Period:
        """The period of *kind* that *day* falls in."""
        month = day.month if kind == "month" else 3 * ((day.month - 1) // 3) + 1
        return Period(first=dt.date(day.year, month, 1), kind=kind)

    @property
    def key(self) -> str:
        """A stable name: ``2025-01`` for a month, ``2025-Q1`` for a quarter."""
        if self.kind == "month":
            return f"{self.first:%Y-%m}"
        return f"{self.first.year}-Q{(self.first.month + 2) // 3}"

    def next(self) -> Period:
        """The period after this one."""
        step = 1 if self.kind == "month" else 3
        index = self.first.year * 12 + self.first.month - 1 + step
        return Period(first=dt.date(index // 12, index % 12 + 1, 1), kind=self.kind)


def periods_between(first: dt.date | None, last: dt.date | None) -> tuple[Period, ...]:
    """Every period from the one of *first* to the one of *last*, none missing; quarters unless they are too few."""
    if first is None or last is None:
        return ()
    quarters = (last.year - first.year) * 4 + (last.month - 1) // 3 - (first.month - 1) // 3 + 1
    kind: PeriodKind = "quarter" if quarters >= MIN_QUARTERS else "month"
    period, end = Period.of(first, kind=kind), Period.of(last, kind=kind)
    result = [period]
    while period < end:
        period = period.next()
        result.append(period)
    return tuple(result)
