"""Validate stage: the risk register (the team's known risks, by probability and impact) as models."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationError, ValidationInfo, field_validator

from postmortem.config.model import Config
from postmortem.errors import Problem
from postmortem.load.yaml import Document
from postmortem.model.fieldtypes import Frozen, Line, Markdown, Slug
from postmortem.model.messages import describe

Probability = Literal["very-low", "low", "medium", "high", "very-high"]
Gravity = Literal["low", "medium", "high", "critical"]
PROBABILITIES: tuple[Probability, ...] = ("very-low", "low", "medium", "high", "very-high")
GRAVITIES: tuple[Gravity, ...] = ("low", "medium", "high", "critical")


class Risk(Frozen):
    """One risk of the register, which incidents may materialise."""

    id: Slug = Field(description="Key that incidents list under `risks`.")
    title: Line = Field(description="The risk in a few words.")
    probability: Probability = Field(description="very-low, low, medium, high or very-high.")
    impact: str = Field(description="The severity level it would cause, e.g. P1.")
    severity: Gravity = Field(description="Overall gravity: low, medium, high or critical.")
    mitigation: Markdown = Field(default=None, description="What reduces it.")

    @field_validator("impact")
    @classmethod
    def _known_level(cls, value: str, info: ValidationInfo) -> str:
        """The impact must be a configured severity level."""
        levels = (info.context or {}).get("severities")
        if levels and value not in levels:
            raise ValueError(f"unknown severity {value!r}; levels: {', '.join(levels)}")
        return value


class Register(Frozen):
    """The risk register file."""

    risks: tuple[Risk, ...] = Field(default=(), description="The risks.")


def validate_register(doc: Document, *, config: Config) -> tuple[tuple[Risk, ...], list[Problem]]:
    """Check the register file; return its risks (empty on errors) and the problems found."""
    problems = list(doc.problems)
    if doc.data is None:
        return (), problems
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "wrong-type", "the risk register must be a mapping with a 'risks' list"))
        return (), problems
    try:
        register = Register.model_validate(doc.data, context={"severities": list(config.levels)})
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            found = describe(error, root=Register, positions=doc.values)
            problems.append(doc.problem(found.loc, found.rule, found.message, key=found.key))
        return (), problems
    seen: set[str] = set()
    for index, risk in enumerate(register.risks):
        if risk.id in seen:
            problems.append(doc.problem(("risks", index, "id"), "duplicate-id", f"duplicate risk id {risk.id!r}"))
        seen.add(risk.id)
    return register.risks, problems
