"""Render stage helper: the metrics page's words, and the names of its values; all a site build needs of the page.

Every build of the site sees these; the figures themselves (:mod:`postmortem.render.metrics_page`, the metrics
and their charts) are imported only by a build that renders the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from babel.dates import format_date, format_skeleton

from postmortem.render.i18n import Formatter

if TYPE_CHECKING:
    from postmortem.corpus.periods import Period

METRICS_VALUES = frozenset({"period_word", "period_range", "trend_figures", "spread_figure", "breach_rows",
                            "period_figure", "recurrence_figures", "action_figures", "action_counts"})  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Words:
    """The page's labels and how it writes dates and durations."""

    s: dict[str, Any]
    t: dict[str, Any]
    fmt: Formatter

    def period(self, period: Period) -> str:
        """``T1 2025`` or ``janvier 2025``."""
        if period.kind == "quarter":
            return str(format_date(period.first, "QQQ y", locale=self.fmt.language))
        return str(format_skeleton("yMMMM", period.first, locale=self.fmt.language))

    def slot(self, period: Period) -> tuple[str, str]:
        """``T1`` or ``janv.``, and the year under it."""
        short = "QQQ" if period.kind == "quarter" else "MMM"
        return str(format_date(period.first, short, locale=self.fmt.language)), str(period.first.year)

    def minutes(self, value: float | None, *, approximate: bool = False) -> str:
        """A duration in words, to the hour beyond a day (``1 j 15 h``, not ``1 j 15 h 8 min``), or a dash."""
        if value is None:
            return "—"
        return self.fmt.duration(round(value / 60) * 60 if value >= 1440 else round(value), approximate=approximate)

    def kind(self, periods: Sequence[Period]) -> str:
        """``quarter`` or ``month``: the word for the page's periods."""
        return str(self.s["quarter" if periods and periods[0].kind == "quarter" else "month_period"])
