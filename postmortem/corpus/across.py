"""Corpus stage: the rules across files (unique ids, references that exist, the lessons listed, names that differ)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from postmortem.config.files import setting_problem
from postmortem.config.model import Config
from postmortem.corpus.checked import Checked
from postmortem.errors import NearNames, Problem, display_path
from postmortem.model.names import Source, clash_free, name_problems, reports
from postmortem.validate.documents import markdown_files


def cross_file(checked: list[Checked], risk_ids: set[str] | None) -> Iterator[Problem]:
    """Duplicate ids, and related incidents or risks that do not exist; linear in the number of files."""
    first: dict[str, Checked] = {}
    for item in checked:
        declared = item.declared_id
        if declared is None:
            continue
        if declared in first:
            other = first[declared]
            line = other.doc.where(("id",))[0]
            yield item.doc.problem(
                ("id",), "duplicate-id", f"duplicate id {declared!r}: also used in {other.path}:{line}"
            )
        else:
            first[declared] = item
    incidents = _Known(first)
    risks = _Known(risk_ids or ())
    for item in checked:  # an incident with errors too: what it names is checked in the same run
        yield from _references(item, "related", incidents, "related incident")
        if risk_ids is not None:
            yield from _references(item, "risks", risks, "risk")


class _Known:
    """The ids a reference may name; close ones are suggested for an unknown one, in work bounded per reference."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = frozenset(ids)
        self._near: NearNames | None = None

    def hint(self, value: str) -> str:
        """A ``did you mean`` hint for an unknown id (the index of ids is made at the first one)."""
        if self._near is None:
            self._near = NearNames(sorted(self.ids), cutoff=0.85)
        return self._near.hint(value)


def _references(item: Checked, name: Literal["related", "risks"], known: _Known, what: str) -> Iterator[Problem]:
    """Each id listed under *name* must exist (and an incident is not related to itself)."""
    rule = "unknown-related" if name == "related" else "unknown-risk"
    for index, value in enumerate(getattr(item, name)):
        if name == "related" and value == item.declared_id:
            yield item.doc.problem((name, index), rule, "an incident cannot be related to itself")
        elif value not in known.ids:
            yield item.doc.problem((name, index), rule, f"{what} {value!r} does not exist{known.hint(value)}")


def unknown_lessons(checked: list[Checked], config: Config) -> list[Problem]:
    """Each lesson the configuration lists (``lessons``) is given by an incident file (``lessons.to_keep[].id``), once.

    Files with errors count too, as for the ids that references name: the list would otherwise drop it unsaid.
    """
    if not config.lessons:
        return []
    taught = _Known(lesson for item in checked for lesson in item.lessons)
    problems = []
    for index, lesson in enumerate(config.lessons):
        if lesson in config.lessons[:index]:  # the numbered list would show it twice, under two numbers
            problems.append(setting_problem(config, ("lessons", index), rule="invalid",
                                            message=f"lesson {lesson!r} is listed already, as number "
                                            f"{config.lessons.index(lesson) + 1}: list each lesson once"))  # fmt: skip
        elif lesson not in taught.ids:
            problems.append(setting_problem(config, ("lessons", index), rule="unknown-lesson",
                                            message=f"lesson {lesson!r} does not exist: no incident gives it as the id "
                                            f"of a lesson to keep{taught.hint(lesson)}"))  # fmt: skip
    return problems


def name_clashes(checked: list[Checked], config: Config) -> list[Problem]:
    """Incidents, pages and procedures whose output files would overwrite one another or a file pm makes.

    Pages and procedures come first, so that a clash with an incident is reported on the incident. The names are
    first compared all at once (:func:`clash_free`): only when two may clash is each incident's id located.
    """
    pages = [
        Source.page(path.stem, path=display_path(path))
        for path in markdown_files(config.path("pages"), root=config.root)
    ]
    runbooks = markdown_files(config.path("runbooks"), root=config.root)
    sources = pages + [Source.procedure(path.stem, path=display_path(path)) for path in runbooks]
    incidents: dict[str, Checked] = {}  # the first file of each id: the same id twice is a duplicate-id already
    for item in checked:
        declared = item.declared_id
        if declared is not None and declared not in incidents:
            incidents[declared] = item
    if clash_free([name for source in sources for name in source.outputs] + list(reports(*incidents))):
        return []
    for declared, item in incidents.items():
        line, column = item.doc.where(("id",))
        sources.append(Source.incident(declared, path=item.path, line=line, column=column))
    return list(name_problems(sources))
