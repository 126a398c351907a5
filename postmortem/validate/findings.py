"""Validate stage output: problems as text, GitHub annotations, JSON, SARIF 2.1.0 or GitLab Code Quality."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, Literal

from postmortem import __version__
from postmortem.errors import Level, Problem
from postmortem.inert import inert, json_text

OutputFormat = Literal["text", "github", "gitlab", "json", "sarif"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("text", "github", "gitlab", "json", "sarif")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

RULES = {
    "action-owner": "An action has no owner once the post-mortem leaves draft (or its owner reads as no one).",
    "action-unassigned": "A final post-mortem has an open action that no one owns (unassigned: true) and no as_of day.",
    "ambiguous-time": "A time with neither date nor zone follows an entry written in another zone.",
    "bad-duration": "A duration cannot be read (write 2h, 1h30, 30min or PT1H30M).",
    "bad-time": "A date, time or time zone cannot be read.",
    "config": "The configuration file has a value pm cannot use.",
    "duplicate-id": "Two incidents, or two risks, share an id.",
    "duplicate-key": "A key is given twice in the same mapping.",
    "duplicate-milestone": "The same milestone marks more than one timeline entry.",
    "empty": "The file is empty.",
    "encoding": "The file is not UTF-8 text, or holds control characters.",
    "front-matter": "A runbook or page has front matter pm cannot read.",
    "human-error": "The root cause stops at 'human error'; say what let the mistake through.",
    "impact-not-quantified": "The impact has no figure (users, downtime, data lost or another figure).",
    "incomplete": "A field the post-mortem's status requires is empty or missing.",
    "internal-block": "A '::: internal' block of Markdown is never closed.",
    "invalid": "A value is not valid.",
    "milestone-order": "Milestones do not come in the order started, detected, acknowledged, mitigated, resolved.",
    "missing-field": "A field required at this status is missing.",
    "name-clash": "Two incidents, pages or procedures would be written to one file (alike but for case, accents).",
    "mojibake": "Text looks double-encoded (UTF-8 read as another encoding).",
    "no-prevent-action": "A final post-mortem has no action of kind 'prevent'.",
    "not-a-file": "The path is not a regular file inside the repository.",
    "not-yet": "A draft leaves its title, date or severity for later (without title or date: left out of reports).",
    "reserved-name": "An incident, page or procedure would be written to a file that pm makes (index, search…).",
    "stale-schema": "The saved JSON Schema for editors differs from the one this pm and configuration give.",
    "timeline-order": "Timeline entries are not in time order.",
    "too-deep": "The YAML nests too deeply (or an alias is recursive).",
    "too-large": "The file, or a list in it, is larger than pm accepts.",
    "unknown-key": "A field pm does not know (a typo, or a key that needs the 'x-' prefix).",
    "unknown-related": "A related incident does not exist.",
    "unknown-risk": "A risk is not in the risk register.",
    "unknown-severity": "A severity level is not defined in the configuration.",
    "unknown-value": "A value is not one of those allowed.",
    "wrong-type": "A value has the wrong type (text, number, list or mapping).",
    "yaml-syntax": "The YAML cannot be parsed.",
    "zone-season": "A zone abbreviation does not match the daylight-saving state of its region on that date.",
    "yaml-tag": "YAML tags and merge keys are not supported.",
}


def _portable(path: str) -> str:
    """A shown path with forward slashes, as code-quality reports expect (only Windows separates with backslashes)."""
    return path.replace(os.sep, "/") if os.sep != "/" else path


def as_text(problems: Sequence[Problem]) -> str:
    """One ``path:line:col: level: message [rule]`` line per problem."""
    return "".join(f"{problem}\n" for problem in problems)


def _escape(text: str, *, property_value: bool = False) -> str:
    """Escape text for a GitHub workflow command (its data, or a property value), made inert first."""
    text = inert(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def as_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its file and line."""
    lines = []
    for p in problems:
        where = f"file={_escape(p.path, property_value=True)},line={p.line},col={p.column}"
        title = _escape(f"pm {p.rule}", property_value=True)
        lines.append(f"::{p.level} {where},title={title}::{_escape(p.message)}\n")
    return "".join(lines)


def as_gitlab(problems: Sequence[Problem]) -> str:
    """A GitLab Code Quality report: merge requests show each problem, new or fixed, on its file and line.

    A problem's fingerprint comes from its file, rule and message (and its rank among identical ones), not its
    line: a problem that only moves is not reported as fixed and new again.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for p in problems:
        same = (p.path, p.rule, p.message)
        seen[same] += 1
        fingerprint = hashlib.sha256("\0".join([*same, str(seen[same])]).encode()).hexdigest()[:32]
        issues.append({
            "description": p.message,
            "check_name": p.rule,
            "fingerprint": fingerprint,
            "severity": "major" if p.level is Level.ERROR else "minor",
            "location": {"path": _portable(p.path), "lines": {"begin": p.line}},
        })  # fmt: skip
    return json_text(issues) + "\n"


def _record(problem: Problem) -> dict[str, Any]:
    """A problem as a JSON object."""
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "level": str(problem.level),
        "rule": problem.rule,
        "message": problem.message,
    }


def as_json(problems: Sequence[Problem]) -> str:
    """A JSON list of ``{path, line, column, level, rule, message}`` objects."""
    return json_text([_record(p) for p in problems]) + "\n"


def _sarif_rule(rule: str) -> dict[str, Any]:
    """A SARIF reporting descriptor for one of pm's rules."""
    return {
        "id": rule,
        "name": "".join(part.capitalize() for part in rule.split("-")),
        "shortDescription": {"text": RULES.get(rule, "A problem in an incident file.")},
    }


def _sarif_result(problem: Problem, index: dict[str, int]) -> dict[str, Any]:
    """A SARIF result for one problem."""
    return {
        "ruleId": problem.rule,
        "ruleIndex": index[problem.rule],
        "level": "error" if problem.level is Level.ERROR else "warning",
        "message": {"text": problem.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": _portable(problem.path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": problem.line, "startColumn": problem.column},
                }
            }
        ],
    }


def as_sarif(problems: Sequence[Problem]) -> str:
    """A SARIF 2.1.0 log, for code-scanning dashboards."""
    used = sorted({p.rule for p in problems})
    index = {rule: number for number, rule in enumerate(used)}
    driver = {
        "name": "pm",
        "semanticVersion": __version__,
        "rules": [_sarif_rule(rule) for rule in used],
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "results": [_sarif_result(p, index) for p in problems],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json_text(log) + "\n"


FORMATTERS: dict[OutputFormat, Callable[[Sequence[Problem]], str]] = {
    "text": as_text,
    "github": as_github,
    "gitlab": as_gitlab,
    "json": as_json,
    "sarif": as_sarif,
}


def format_problems(problems: Sequence[Problem], *, output: OutputFormat) -> str:
    """The problems written in the chosen output format."""
    return FORMATTERS[output](problems)
