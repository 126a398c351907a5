"""Render stage helper: what each of pm's own site pages shows of the corpus, so an edit renders only what it changes.

A page across incidents is rendered again when what it shows changes. With pm's own templates, what each shows is
known: the incident table shows no summary, the actions page no timeline, the risk page no lesson. Each page's
entry names the incident fields it never shows (every other field counts, so a field pm adds later counts too)
and the other inputs it shows. ``tests/test_shows.py`` proves each entry: giving every incident another one's
value for a field the entry names leaves the page's bytes as they were. A template of the repository can show
anything, so with one the build counts everything for every page (see :func:`shows`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from postmortem.model import names
from postmortem.render.feed import FEED_SIZE

# Fields no page across incidents shows: the write-up's prose and lists, which its own report shows.
PROSE = frozenset({"summary", "impact", "detection", "trigger", "contributing_factors", "responders", "references",
                   "notes", "related", "authors", "extensions"})  # fmt: skip
_DETAIL = PROSE | {"timeline", "time_spent", "root_cause", "resolution"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Shows:
    """What a page shows: the incidents but the fields in *hidden* (None: no incident), and the other inputs."""

    hidden: frozenset[str] | None = frozenset()
    count: bool = True  # how many incidents there are
    risks: bool = True
    procedures: bool = True
    pages: bool = True
    own: bool = False  # the runbook or free page the file is made of
    newest: int = 0  # shows only this many newest incidents (by date, then id), whole, and the links they keep
    named: bool = False  # shows the title of the incidents it names alone (hidden holds "title"; see :func:`named`)


EVERYTHING = Shows()
NOTHING = Shows(hidden=None, count=False, risks=False, procedures=False, pages=False)
_ONLY_INCIDENTS = {"risks": False, "procedures": False, "pages": False}

_HOME = Shows(hidden=PROSE | {"timeline", "actions", "lessons", "risks"}, risks=False, procedures=False)
_LESSONS = Shows(hidden=_DETAIL | {"actions", "risks", "title", "severity", "status"}, **_ONLY_INCIDENTS)
_ACTIONS = Shows(hidden=_DETAIL | {"lessons", "risks", "title", "tags", "components", "severity", "status"},
                 **_ONLY_INCIDENTS)  # fmt: skip
_METRICS = Shows(hidden=PROSE | {"root_cause", "resolution", "risks", "status", "title"}, named=True,
                 **_ONLY_INCIDENTS)  # fmt: skip
_RISKS = Shows(hidden=_DETAIL | {"actions", "lessons", "title", "tags", "components", "severity", "status"},
               procedures=False, pages=False)  # fmt: skip
_PROCEDURE = Shows(hidden=_DETAIL | {"actions", "lessons", "risks", "status"}, risks=False, procedures=False,
                   pages=False, own=True)  # fmt: skip
_PAGE = Shows(hidden=None, count=False, risks=False, procedures=False, pages=False, own=True)
_FEED = Shows(count=False, risks=False, procedures=False, pages=False, newest=FEED_SIZE)  # the newest, whole
_PAGES_ONLY = Shows(hidden=None, count=False, risks=False, procedures=False)
_PLACE = frozenset({"language", "timezone", "internal"})  # the incident's own language, zone and audience mark
# The sections of index.md, in the order index.md.j2 includes them (templates/index/<name>.md.j2): each is rendered
# again only when what it shows changes (see render/index_sections.py), and index.md when one of them does.
SECTIONS: dict[str, Shows] = {
    "head": _PAGES_ONLY,  # the title, and the pages placed before everything
    "classification": Shows(hidden=_DETAIL | _PLACE | {"title", "status", "date", "severity", "tags", "components",
                                                       "actions", "lessons"}, procedures=False, pages=False),
    "procedures": Shows(hidden=None, count=False, risks=False, pages=False),
    "incidents": _PAGES_ONLY,  # the table's heading, and the pages placed among the incidents
    "table": Shows(hidden=PROSE | _PLACE | {"timeline", "status", "tags", "components", "actions", "lessons", "risks"},
                   **_ONLY_INCIDENTS),
    "lessons": Shows(hidden=_DETAIL | _PLACE | {"title", "status", "severity", "components", "actions", "risks"},
                     **_ONLY_INCIDENTS),
    "actions": Shows(hidden=_DETAIL | _PLACE | {"title", "status", "date", "severity", "tags", "components",
                                                "lessons", "risks"}, **_ONLY_INCIDENTS),
    "metrics": Shows(hidden=PROSE | {"language", "internal", "title", "status", "root_cause", "resolution",
                                     "time_spent", "tags", "components", "actions", "lessons", "risks"},
                     **_ONLY_INCIDENTS),  # the levels' response times: the zone and day place the timeline
    "tail": _PAGES_ONLY,  # the pages placed after everything
}  # fmt: skip


def section_path(name: str) -> str:
    """The name by which the build knows a section of index.md (what it shows: :func:`shows`)."""
    return f"{names.INDEX_MARKDOWN}#{name}"


def joined(entries: Iterable[Shows]) -> Shows:
    """What a file made of parts that show *entries* shows: what one of them shows."""
    parts = list(entries)
    hidden = [part.hidden for part in parts if part.hidden is not None]
    return Shows(hidden=frozenset.intersection(*hidden) if hidden else None, count=any(p.count for p in parts),
                 risks=any(p.risks for p in parts), procedures=any(p.procedures for p in parts),
                 pages=any(p.pages for p in parts), own=any(p.own for p in parts), named=any(p.named for p in parts),
                 newest=0 if any(not p.newest for p in parts) else max(p.newest for p in parts))  # fmt: skip


_PAGES: dict[str, Shows] = {
    names.site_page("index"): _HOME,
    names.site_page("lessons"): _LESSONS,
    names.site_page("actions"): _ACTIONS,
    names.site_page("metrics"): _METRICS,
    names.site_page("risks"): _RISKS,
    names.site_page("procedures"): Shows(hidden=None, count=False, risks=False, pages=False),
    names.site_page("search"): Shows(hidden=None, risks=False, procedures=False, pages=False),
    names.site_page("404"): NOTHING,
    names.STYLESHEET: NOTHING,
    names.SCRIPT: NOTHING,
    names.INDEX_MARKDOWN: joined(SECTIONS.values()),
    names.FEED: _FEED,
    **{section_path(name): entry for name, entry in SECTIONS.items()},
}


# What none of pm's own templates of the pages across incidents reads of an incident's record: what they show
# of those comes through the views (the lessons by theme, the ledger, the metrics), made before the copy. Left out
# of the plain copy those templates get (most of its cost); proved by tests/test_shows.py.
UNREAD = frozenset({"timeline", "placed", "milestones", "actions", "lessons", "responders", "references", "impact",
                    "notes", "detection", "trigger", "contributing_factors", "time_to_detect", "time_to_acknowledge",
                    "time_to_mitigate", "time_to_resolve", "related", "extensions", "root_cause", "resolution",
                    "risks"})  # fmt: skip

# What they never read of the other records that list every incident, where copying is most of a view's cost at
# thousands of incidents: of an incident's head (the ledger's lines, the lessons, the risks, the metrics' missed
# targets), all but what names it; of a lesson, its incidents (``ids`` names them). Also proved there.
HEAD_UNREAD = frozenset({"language", "tags", "components", "related", "risks", "due", "hidden"})
LESSON_UNREAD = frozenset({"incidents"})


def _hidden_sets() -> tuple[frozenset[str], ...]:
    """Every set of fields a page or section of pm's own hides, once each, in a fixed order (nothing hidden first)."""
    found = {entry.hidden for entry in (*_PAGES.values(), _PROCEDURE, EVERYTHING) if entry.hidden is not None}
    return tuple(sorted(found, key=lambda hidden: (len(hidden), sorted(hidden))))


# What the build digests of each incident, once for all the pages that hide the same fields (see commands/pages.py).
HIDDEN = _hidden_sets()


def named(path: str, values: Mapping[str, Any]) -> list[str] | None:
    """The ids of the incidents whose title the page at *path* shows, from the values it was rendered with.

    Only for a page whose entry says so (``named``); None when *values* do not tell. Which incidents the metrics
    page names (those that missed their response target the furthest) follows from all it shows but titles.
    """
    if path == names.site_page("metrics") and "breach_rows" in values:
        return [row[0]["id"] for row in values["breach_rows"]]
    return None


def shows(path: str) -> Shows:
    """What the file at *path* of the site (or index.md) shows, with pm's own templates; everything if unknown."""
    if path in _PAGES:
        return _PAGES[path]
    if path.startswith("procedure-"):
        return _PROCEDURE
    if path.startswith("page-"):
        return _PAGE
    return EVERYTHING
