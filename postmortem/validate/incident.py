"""Validate stage: plain data to an :class:`Incident`, or located problems; one file at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from postmortem.config.model import Config
from postmortem.errors import Level, Problem
from postmortem.load.yaml import Document
from postmortem.model.incident import Incident
from postmortem.model.messages import describe, without_echoes
from postmortem.validate import rules
from postmortem.validate.drafts import missing_facts, missing_message, stand_ins
from postmortem.validate.salvage import Salvaged, salvage


@dataclass(frozen=True, slots=True)
class Reading:
    """What checking one file found: the incident (when it has no errors), every problem, the ids it names."""

    incident: Incident | None
    problems: list[Problem]
    related: tuple[str, ...] = ()  # also those of an incident with errors, when they could be read
    risks: tuple[str, ...] = ()


def validate_incident(doc: Document, *, config: Config) -> tuple[Incident | None, list[Problem]]:
    """Check one loaded file; return the incident (when it has no errors) and every problem found."""
    reading = read_incident(doc, config=config)
    return reading.incident, reading.problems


def read_incident(doc: Document, *, config: Config) -> Reading:
    """Check one loaded file; an incident with errors is read again without them, and every rule runs on it."""
    problems = list(doc.problems)
    if doc.data is None:
        return Reading(None, problems)
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "wrong-type", "an incident file must be a mapping of fields (key: value)"))
        return Reading(None, problems)
    context = _context(config)
    missing = missing_facts(doc.data)
    problems += [doc.problem((name,), "not-yet", missing_message(name), level=Level.WARNING) for name in missing]
    data = stand_ins(doc.data, missing)
    unsure = frozenset({("date",)} if "date" in missing else ())
    try:
        incident = Incident.model_validate(data, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        salvaged = salvage(data, errors, context=context)
        problems += _described([*errors, *(salvaged.late if salvaged else ())], doc)
        if salvaged is None:
            return Reading(None, _once(problems))
        problems += rules.check(salvaged.incident, doc=doc, config=config, unread=salvaged.unread | unsure)
        related, risks = (_ids(salvaged, name) for name in ("related", "risks"))
        return Reading(None, _once(problems), related=related, risks=risks)
    problems.extend(rules.check(incident, doc=doc, config=config, unread=unsure))
    left_out = any(p.level is Level.ERROR for p in problems) or bool({"title", "date"} & set(missing))
    return Reading(None if left_out else incident, problems, related=incident.related, risks=incident.risks)


def _ids(salvaged: Salvaged, name: str) -> tuple[str, ...]:
    """The ids an incident with errors lists under *name*; none when one of them could not be read."""
    unread = any(loc[0] == name for loc in salvaged.unread)
    return () if unread else tuple(getattr(salvaged.incident, name))


def _described(errors: list[Any], doc: Document) -> list[Problem]:
    """The model's errors in plain words, at their place in the file."""
    problems = []
    for error in without_echoes(errors):
        found = describe(error, root=Incident, positions=doc.values)
        problems.append(doc.problem(found.loc, found.rule, found.message, key=found.key))
    return problems


def _once(problems: list[Problem]) -> list[Problem]:
    """Each problem once, in the order found."""
    return list(dict.fromkeys(problems))


def _context(config: Config) -> dict[str, Any]:
    """What validating an incident takes from the configuration: default zone and language, severity levels."""
    return {
        "timezone": config.timezone,
        "language": config.language,
        "severities": list(config.levels),
        "zones": config.zones,
        "action_statuses": config.action_statuses,
    }
