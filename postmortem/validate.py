"""Validate stage: plain data to an :class:`Incident`, or located problems; one file at a time."""

from __future__ import annotations

from pydantic import ValidationError

from postmortem import rules
from postmortem.config import Config
from postmortem.errors import Level, Problem
from postmortem.load import Document
from postmortem.messages import describe, without_echoes
from postmortem.model import Incident


def validate_incident(doc: Document, *, config: Config) -> tuple[Incident | None, list[Problem]]:
    """Check one loaded file; return the incident (when it has no errors) and every problem found."""
    problems = list(doc.problems)
    if doc.data is None:
        return None, problems
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "wrong-type", "an incident file must be a mapping of fields (key: value)"))
        return None, problems
    context = {"timezone": config.timezone, "language": config.language, "severities": list(config.levels)}
    try:
        incident = Incident.model_validate(doc.data, context=context)
    except ValidationError as exc:
        for error in without_echoes(exc.errors(include_url=False)):
            found = describe(error, root=Incident, positions=doc.values)
            problems.append(doc.problem(found.loc, found.rule, found.message, key=found.key))
        return None, problems
    problems.extend(rules.check(incident, doc=doc, config=config))
    has_errors = any(p.level is Level.ERROR for p in problems)
    return (None if has_errors else incident), problems
