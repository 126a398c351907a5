"""Render stage helper: what an incident's reports share: key facts, timeline rows, the copies made for the first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from postmortem.config.model import Config, SeverityLevel
from postmortem.model.incident import Incident, Placed
from postmortem.render.i18n import Formatter
from postmortem.render.plain import Memo, Omit


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """One line of the key-facts box."""

    label: str
    value: str
    tone: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """One line of the timeline table, with times shown only as precisely as they were written."""

    day: str
    clock: str
    text: str
    milestones: tuple[str, ...]
    approximate: bool
    internal: bool = False


def key_facts(incident: Incident, level: SeverityLevel | None, t: dict[str, Any], fmt: Formatter) -> list[Fact]:
    """The key facts, leaving out what is not known."""
    impact = incident.impact
    duration = fmt.duration(impact.downtime if impact and impact.downtime else incident.time_to_resolve)
    facts = [
        Fact(label=t["duration"], value=duration),
        Fact(label=t["time_to_detect"], value=fmt.duration(incident.time_to_detect)),
        Fact(label=t["time_to_acknowledge"], value=fmt.duration(incident.time_to_acknowledge)),
        Fact(label=t["time_to_mitigate"], value=fmt.duration(incident.time_to_mitigate)),
        Fact(label=t["time_to_resolve"], value=fmt.duration(incident.time_to_resolve)),
    ]
    if level is not None:
        facts.append(_target_fact(incident, level, t, fmt))
    facts.append(Fact(label=t["time_spent"], value=fmt.duration(incident.time_spent)))
    if impact is not None:
        if impact.users_affected is not None:
            facts.append(Fact(label=t["users_affected"], value=fmt.quantity(impact.users_affected)))
        facts.append(Fact(label=t["data_loss"], value=impact.data_loss or ""))
        facts += [Fact(label=figure.label, value=fmt.figure(figure.value)) for figure in impact.figures]
    return [fact for fact in facts if fact.value]


def _target_fact(incident: Incident, level: SeverityLevel, t: dict[str, Any], fmt: Formatter) -> Fact:
    """Whether the response met the severity's target."""
    target = level.target
    if target is None:
        return Fact(label=t["response_target"], value=t["planned"])
    met = incident.target_met(target)
    verdict = {True: t["target_met"], False: t["target_missed"], None: t["target_unknown"]}[met]
    response = incident.time_to_acknowledge
    if met is not None and response is not None and response.approximate:  # derived from approximate times
        verdict = f"{verdict}, {t['target_approximately']}"
    tone = {True: "good", False: "bad", None: ""}[met]
    return Fact(label=t["response_target"], value=f"{fmt.target(target, planned='')} — {verdict}", tone=tone)


def timeline_rows(placed: tuple[Placed, ...], t: dict[str, Any], fmt: Formatter) -> list[Row]:
    """Timeline rows: the day when it changes (and on every entry whose day is coarse, approximate or unknown)."""
    rows, last_day = [], None
    for item in placed:
        at = item.entry.at
        day = None if at.unknown else fmt.local_day(item)
        if at.unknown:  # says so in the day column, so that it does not seem to belong to the day above
            shown_day, clock = t["time_unknown"], ""
        else:
            days = at.end is not None and at.end.date is not None and at.time is None  # a range of days
            repeat = at.period != "day" or at.approximate_day or days
            shown_day = fmt.written_day(item, day) if day and (day != last_day or repeat) else ""
            timed = at.period == "day" and day and not days
            clock = fmt.clock(item) if item.when else (t["time_unknown"] if timed else "")
        rows.append(
            Row(
                day=shown_day,
                clock=clock,
                text=item.entry.text,
                milestones=tuple(t["milestones"][name] for name in item.entry.milestone),
                approximate=at.approximate_somewhere and item.when is not None,
                internal=item.entry.internal,
            )
        )
        last_day = None if at.unknown or at.period != "day" else day or last_day
    return rows


@dataclass(frozen=True, slots=True, kw_only=True)
class Shared:
    """What an incident's reports compute alike, and the copies made for the first: kept for its next format."""

    incident: Incident
    config: Config
    labels: dict[str, Any]
    today: dt.date
    own: bool
    fmt: Formatter
    level: SeverityLevel | None
    facts: list[Fact]
    rows: list[Row]
    memo: Memo


_last: list[Shared] = []  # the incident rendered last (builds render its formats one after the other)

# What pm's own report templates never read of an incident's record: they show its timeline through ``rows`` and
# ``chart``, its timings through ``facts``. Left out of the copy they get (most of its cost); a template of the
# repository gets it all. tests/test_report_context.py renders every example both ways and compares the bytes.
UNREAD = frozenset({"timeline", "placed", "milestones", "time_to_detect", "time_to_acknowledge", "time_to_mitigate",
                    "time_to_resolve", "time_spent"})  # fmt: skip
OMIT: Omit = {Incident: UNREAD}


def shared(incident: Incident, *, config: Config, t: dict[str, Any], today: dt.date, own: bool) -> Shared:
    """The facts, rows and copies of the incident rendered last when it is *incident* with the same inputs; else new.

    Each is made from these five alone (the same objects: models are frozen, labels are read again only when their
    files change), so the next format of the same incident uses them again.
    """
    last = _last[0] if _last else None
    if (
        last
        and last.incident is incident
        and last.config is config
        and last.labels is t
        and last.today == today
        and last.own == own
    ):
        return last
    fmt = Formatter(language=incident.language, timezone=incident.timezone)
    level = config.levels.get(incident.severity or "")
    facts, rows = key_facts(incident, level, t, fmt), timeline_rows(incident.placed, t, fmt)
    made = Shared(incident=incident, config=config, labels=t, today=today, own=own, fmt=fmt, level=level,
                  facts=facts, rows=rows, memo={})  # fmt: skip
    _last[:] = [made]
    return made
