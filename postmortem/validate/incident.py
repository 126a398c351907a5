"""Validate stage: plain data to an :class:`Incident`, or located problems; one file at a time."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from postmortem.config import Config
from postmortem.errors import Level, Problem
from postmortem.load.yaml import Document
from postmortem.model.incident import Incident
from postmortem.model.messages import describe, without_echoes
from postmortem.validate import rules


def validate_incident(doc: Document, *, config: Config) -> tuple[Incident | None, list[Problem]]:
    """Check one loaded file; return the incident (when it has no errors) and every problem found."""
    problems = list(doc.problems)
    if doc.data is None:
        return None, problems
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "wrong-type", "an incident file must be a mapping of fields (key: value)"))
        return None, problems
    context = {
        "timezone": config.timezone,
        "language": config.language,
        "severities": list(config.levels),
        "zones": config.zones,
        "action_statuses": config.action_statuses,
    }
    try:
        incident = Incident.model_validate(doc.data, context=context)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        for error in without_echoes(errors):
            found = describe(error, root=Incident, positions=doc.values)
            problems.append(doc.problem(found.loc, found.rule, found.message, key=found.key))
        salvaged = _salvage(doc.data, errors, context)
        if salvaged is not None:
            problems.extend(rules.check_timeline(salvaged, doc=doc))
        return None, problems
    problems.extend(rules.check(incident, doc=doc, config=config))
    has_errors = any(p.level is Level.ERROR for p in problems)
    return (None if has_errors else incident), problems


def _salvage(data: dict[str, Any], errors: list[Any], context: dict[str, Any]) -> Incident | None:
    """The incident's timeline without the entries that failed, so that order rules can speak in the same run."""
    failed = {tuple(e["loc"][:2]) for e in errors}
    timeline = data.get("timeline")
    if not isinstance(timeline, list) or ("timeline",) in failed:
        return None
    kept: dict[str, Any] = {
        key: data[key] for key in ("id", "title", "status", "date", "timezone") if (key,) not in failed and key in data
    }
    placeholder = {"at": "unknown", "text": "(an entry with errors)"}
    kept["timeline"] = [placeholder if ("timeline", index) in failed else entry for index, entry in enumerate(timeline)]
    try:
        return Incident.model_validate(kept, context=context)
    except ValidationError:
        return None
