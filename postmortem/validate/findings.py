"""Validate stage output: problems as text, GitHub annotations, JSON, SARIF 2.1.0 or GitLab Code Quality."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from postmortem import DISTRIBUTION, __version__
from postmortem.errors import Level, Problem
from postmortem.inert import inert, json_text
from postmortem.validate.catalogue import CATALOGUE, Rule

OutputFormat = Literal["text", "github", "gitlab", "json", "sarif"]
OUTPUT_FORMATS: tuple[OutputFormat, ...] = ("text", "github", "gitlab", "json", "sarif")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

RULES = CATALOGUE  # every rule pm checks, by name
SOURCE_ROOT = "%SRCROOT%"
HOME_LABELS = ("homepage", "repository", "source", "documentation")  # Project-URL labels, as PEP 753 folds them
ROOT_DESCRIPTION = (
    "The top folder of the git repository that holds the incident repository (outside git: its own root)."
)


def rooted(path: str, *, base: Path) -> str:
    """A shown *path* (relative to the current folder, or absolute) made relative to *base*, with forward slashes.

    Code-scanning dashboards, annotations and Code Quality reports find a file by its path from the top of the
    repository they check out, whatever folder pm ran in.
    """
    relative = os.path.relpath(Path.cwd() / path, base)
    return relative.replace(os.sep, "/") if os.sep != "/" else relative


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
            "location": {"path": p.path, "lines": {"begin": p.line}},
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


UNDESCRIBED = Rule(summary="A problem in a file of the incident repository.", why="", fix="See the message.")


def _sarif_rule(rule: str) -> dict[str, Any]:
    """A SARIF reporting descriptor for one of pm's rules, with the descriptions and help code scanning shows."""
    described = RULES.get(rule, UNDESCRIBED)
    return {
        "id": rule,
        "name": "".join(part.capitalize() for part in rule.split("-")),
        "shortDescription": {"text": described.summary},
        "fullDescription": {"text": described.full},
        "help": {
            "text": f"{described.full} To fix: {described.fix.replace('`', '')}",
            "markdown": f"{described.full}\n\n**To fix:** {described.fix}",
        },
    }


def sarif_uri(path: str) -> str:
    """A path relative to the repository's top as a URI reference: percent-encoded (RFC 3986), slashes kept."""
    return quote(path, safe="/")


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
                    "artifactLocation": {"uri": sarif_uri(problem.path), "uriBaseId": SOURCE_ROOT},
                    "region": {"startLine": problem.line, "startColumn": problem.column},
                }
            }
        ],
    }


def home_page(urls: Sequence[str]) -> str | None:
    """The project's home among the ``Label, URL`` entries of its metadata (``[project.urls]`` of pyproject.toml).

    Labels are compared as PEP 753 folds them (``Home-page`` is ``homepage``); the home page wins, then the
    repository, the source and the documentation; only an http or https address is a home.
    """
    found: dict[str, str] = {}
    for entry in urls:
        label, _, url = entry.partition(",")
        found.setdefault(re.sub(r"[^a-z0-9]", "", label.casefold()), url.strip())
    homes = (found[label] for label in HOME_LABELS if label in found)
    return next((url for url in homes if url.startswith(("https://", "http://"))), None)


def _information_uri() -> str | None:
    """The home of the installed pm, from its distribution's metadata; None when it declares none."""
    from importlib import metadata

    try:
        declared = metadata.metadata(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # pm run from its source tree, not installed
        return None
    legacy = [f"homepage, {url}" for url in declared.get_all("Home-page") or []]
    return home_page([*(declared.get_all("Project-URL") or []), *legacy])


def as_sarif(problems: Sequence[Problem]) -> str:
    """A SARIF 2.1.0 log, for code-scanning dashboards: the tool named with its version and home, when it has one."""
    used = sorted({p.rule for p in problems})
    index = {rule: number for number, rule in enumerate(used)}
    home = _information_uri()
    driver = {
        "name": "pm",
        "version": __version__,
        "semanticVersion": __version__,
        **({"informationUri": home} if home else {}),
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
                "originalUriBaseIds": {SOURCE_ROOT: {"description": {"text": ROOT_DESCRIPTION}}},
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


def format_problems(problems: Sequence[Problem], *, output: OutputFormat, base: Path | None = None) -> str:
    """The problems written in the chosen output format.

    Text keeps the paths as shown to people (from the current folder); every other format, read by machines,
    gives each path from *base* (the top of the git repository) when it is given.
    """
    if output != "text" and base is not None:
        problems = [dataclasses.replace(p, path=rooted(p.path, base=base)) for p in problems]
    return FORMATTERS[output](problems)
