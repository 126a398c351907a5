"""Validate stage: the repository's Markdown pages and response procedures, with their front matter."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal, Protocol

from pydantic import Field, ValidationError

from postmortem.config.model import Config
from postmortem.errors import Level, Problem, display_path
from postmortem.load.fences import block_problem
from postmortem.load.yaml import Document, load
from postmortem.model.fieldtypes import Frozen, Line, Number, Slug
from postmortem.model.messages import describe
from postmortem.model.names import slug
from postmortem.read import outside, read_file

_FRONT = re.compile(rb"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n", re.DOTALL | re.MULTILINE)


class Tagged(Protocol):
    """What a procedure is matched on: an incident, or its head."""

    @property
    def severity(self) -> str | None:
        """Its severity level, if rated."""

    @property
    def tags(self) -> tuple[str, ...]:
        """Its tags."""

    @property
    def components(self) -> tuple[str, ...]:
        """The components it touched."""


class PageMeta(Frozen):
    """Front matter of a free page (objectives, outlook…)."""

    title: Line = Field(description="Title in the site's navigation.")
    order: Number = Field(default=100, description="Place in the navigation, smallest first.")
    place: Literal["before", "incidents", "after"] = Field(
        default="after",
        description="Where the page's text goes in index.md, on the home page and in the book: `before` the "
        "incident sections, with the `incidents` table (just above it), or `after` them.",
    )
    internal: bool = Field(default=False, description="true: left out of public builds.")


class ProcedureMeta(Frozen):
    """Front matter of a response procedure (runbook)."""

    title: Line = Field(description="Title of the procedure.")
    severities: tuple[str, ...] = Field(default=(), description="Severity levels it applies to.")
    tags: tuple[str, ...] = Field(default=(), description="Incident tags or components it applies to.")
    order: Number = Field(default=100, description="Place in the list, smallest first.")
    internal: bool = Field(default=False, description="true: left out of public builds.")


class MarkdownDocument(Frozen):
    """A Markdown file of the repository: its slug (file name), front matter and body."""

    slug: Slug
    path: str
    title: str
    order: int
    body: str
    severities: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    place: str = "after"
    internal: bool = False

    @property
    def content(self) -> str:
        """The body without a first-line heading that repeats the title."""
        first, _, rest = self.body.lstrip("\n").partition("\n")
        return rest.lstrip("\n") if first.startswith("# ") else self.body

    def applies_to(self, incident: Tagged) -> bool:
        """True when this procedure is for the incident's severity, or names one of its tags or components."""
        severity = incident.severity
        if severity is not None and severity in self.severities:
            return True
        return bool(self.tags) and not set(self.tags).isdisjoint(incident.tags + incident.components)


def load_documents(folder: Path, *, kind: type[PageMeta] | type[ProcedureMeta], config: Config) -> tuple[
    tuple[MarkdownDocument, ...], list[Problem]
]:  # fmt: skip
    """Every ``*.md`` file of *folder*, sorted by order then title, and the problems of their front matter."""
    documents, problems = [], []
    for path in markdown_files(folder, root=config.root):
        document, found = _read(path, kind=kind, config=config)
        problems += found
        if document is not None:
            documents.append(document)
    return tuple(sorted(documents, key=lambda d: (d.order, d.title.lower()))), problems


def markdown_files(folder: Path, *, root: Path) -> list[Path]:
    """The ``*.md`` files of *folder*, sorted; none when it is not a folder, or a folder outside *root*."""
    return sorted(folder.glob("*.md")) if folder.is_dir() and outside(folder, root=root) is None else []


def _read(path: Path, *, kind: type[PageMeta] | type[ProcedureMeta], config: Config) -> tuple[
    MarkdownDocument | None, list[Problem]
]:  # fmt: skip
    """One Markdown file: front matter checked like an incident file, body kept as written."""
    shown = display_path(path)
    raw = read_file(path, root=config.root)
    if isinstance(raw, Problem):
        return None, [raw]
    match = _FRONT.match(raw)
    if match is None:
        return None, [_problem(shown, "front matter missing: start the file with '---', a 'title:' line and '---'")]
    doc: Document = load(shown, match.group(1))
    problems = list(doc.problems)
    if doc.data is None or problems:
        return None, problems or [_problem(shown, "front matter is empty: give at least a title")]
    try:
        meta = kind.model_validate(doc.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            found = describe(error, root=kind, positions=doc.values)
            line, column = doc.where(found.loc, key=found.key)
            problems.append(_problem(shown, found.message, rule=found.rule, line=line + 1, column=column))
        return None, problems
    unknown = [level for level in getattr(meta, "severities", ()) if level not in config.levels]
    problems += [_problem(shown, f"unknown severity {level!r}", rule="unknown-severity") for level in unknown]
    body = raw[match.end() :].decode("utf-8", "replace")
    problems += _body_problems(shown, body, first_line=raw[: match.end()].count(b"\n") + 1)
    return MarkdownDocument(
        slug=slug(path.stem),
        path=shown,
        title=meta.title,
        order=meta.order,
        body=body,
        severities=getattr(meta, "severities", ()),
        tags=getattr(meta, "tags", ()),
        place=getattr(meta, "place", "after"),
        internal=meta.internal,
    ), problems


def _body_problems(shown: str, body: str, *, first_line: int) -> list[Problem]:
    """An internal block of the body that does not end where it seems to (it would hide too much, or too little)."""
    found = block_problem(body, first_line=first_line)
    if found is None:
        return []
    line, message = found
    return [_problem(shown, message, rule="internal-block", line=first_line + line)]


def _problem(path: str, message: str, *, rule: str = "front-matter", line: int = 1, column: int = 1) -> Problem:
    """A problem in a Markdown file."""
    return Problem(path=path, line=line, column=column, level=Level.ERROR, rule=rule, message=message)
