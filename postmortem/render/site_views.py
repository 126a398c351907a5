"""Render stage: the views across incidents that the site's pages and index.md show, made once for a build."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from postmortem.config.model import Config, SeverityLevel
from postmortem.corpus import views
from postmortem.model.head import Head, heads_of
from postmortem.model.incident import Incident
from postmortem.render.feed import FEED_SIZE, atom_time, feed_entry_id, feed_id, feed_updated
from postmortem.render.metrics_words import METRICS_VALUES, Words
from postmortem.render.plain import Keyed, Omit, TemplateContext, plain, template_context
from postmortem.render.search import shard_count
from postmortem.validate.documents import MarkdownDocument
from postmortem.validate.risks import PROBABILITIES, Risk

if TYPE_CHECKING:
    from postmortem.corpus.metrics import Metrics


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteData:
    """The corpus as the site shows it."""

    config: Config
    incidents: Sequence[Incident]  # each model made when first used (see ``Incidents``): loops that can read heads
    risks: tuple[Risk, ...]
    procedures: tuple[MarkdownDocument, ...]
    pages: tuple[MarkdownDocument, ...]
    today: dt.date
    formats: tuple[str, ...]
    keys: Mapping[str, str] = field(default_factory=dict)  # by incident id: a digest of all its model is made of


_SENTENCE_ENDS = frozenset(".!?…»”\"')]`*_")  # a paragraph ending with one of these ends a sentence (or markup)


@dataclass(frozen=True, slots=True, kw_only=True)
class TableRow:
    """One line of the incident table."""

    incident: Incident
    level: SeverityLevel | None
    rank: int
    root_cause: str
    resolution: str
    year: str
    themes: tuple[str, ...]


def first_paragraph(text: str | None, *, limit: int = 160) -> str:
    """The first paragraph of a Markdown text on one line, cut at a word near *limit* characters.

    A cut says so (`` …``), as does a first paragraph that stops mid-sentence before the rest of the text
    (``the expression was`` before a code block, ``three causes:`` before a list).
    """
    paragraph, *rest = re.split(r"\n\s*\n", (text or "").strip(), maxsplit=1)
    line = " ".join(paragraph.split())
    if len(line) <= limit:
        unfinished = rest and line and line[-1] not in _SENTENCE_ENDS
        return line.rstrip(",;:") + " …" if unfinished else line
    cut = line[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …" if cut.count("`") % 2 == 0 else cut + "` …"


def table_rows(incidents: Sequence[Incident], config: Config) -> list[TableRow]:
    """The incident table, in the configured order (newest first by default)."""
    return [table_row(incident, config) for incident in views.in_table_order(incidents, config.table_order)]


def table_row(incident: Incident, config: Config) -> TableRow:
    """The incident table's row of *incident*: made of the incident and the configuration alone."""
    return TableRow(
        incident=incident,
        level=config.levels.get(incident.severity or ""),
        rank=list(config.levels).index(incident.severity) + 1 if incident.severity in config.levels else 0,
        root_cause=first_paragraph(incident.root_cause),
        resolution=first_paragraph(incident.resolution),
        year=str(incident.date.year),
        themes=tuple(dict.fromkeys(incident.tags + incident.components)),
    )


def keyed_rows(data: SiteData, *, omit: Omit) -> list[Keyed] | None:
    """The incident table's rows, each handed by its key (see ``Keyed``), for pm's own templates; None if one has none.

    A row is made of its incident and the configuration alone (:func:`table_row`), and its record leaves out what
    pm's own templates never read (*omit*, among which the related incidents, the one part of a model that other
    incidents change): the key of the incident's model (file, pm, configuration, audience) names it. The order
    comes from the heads, so a row the memo holds makes no model.
    """
    keys = _model_keys(data)
    if keys is None:
        return None
    return [
        Keyed(f"table row {keys[number]}", functools.partial(_plain_row, data, number, omit))
        for number in views.table_order(heads_of(data.incidents), data.config.table_order)
    ]


def _model_keys(data: SiteData) -> list[str] | None:
    """The key of each incident's model (see ``SiteData.keys``), in order; None when one has none."""
    keys = [data.keys.get(head.id) for head in heads_of(data.incidents)]
    return None if None in keys else [key for key in keys if key is not None]


def _plain_row(data: SiteData, number: int, omit: Omit) -> Any:
    """The record of the table's row of the incident at *number*, as pm's own templates see it."""
    return template_context({"row": table_row(data.incidents[number], data.config)}, omit=omit)["row"]


def ledger(data: SiteData, *, own: bool) -> views.Ledger[views.LedgerLine] | views.Ledger[views.HeadLine]:
    """The action ledger; for pm's own templates (*own*), each action handed by a key, each incident by its head.

    pm's own pages show an action's row (remembered as a piece, see render/fragments.py) and its incident's id: the
    key of an action is its incident model's (see :func:`keyed_rows`) and its place there, and what the ledger orders
    and counts of each incident's actions is kept by its file (``kept_actions``). So a new or deleted incident makes
    only its own model. A template of the repository may show anything of them: each line holds the models; so it
    does when an incident has no key (an action's key is made of it).
    """
    keys = _model_keys(data) if own else None
    if keys is None:
        return views.ledger(data.incidents, today=data.today)
    from postmortem.render.kept import kept_actions  # as the metrics' figures: for the builds that show them

    def key(number: int, place: int) -> Keyed:
        return Keyed(f"action {keys[number]} {place}", functools.partial(_plain_action, data, number, place))

    return views.head_ledger(data.incidents, today=data.today, facts=kept_actions(data.keys), key=key)


def _plain_action(data: SiteData, number: int, place: int) -> Any:
    """The record of the action at *place* of the incident at *number*, as templates see it."""
    return plain(data.incidents[number].actions[place])


def lessons(data: SiteData, *, own: bool) -> tuple[views.LessonEntry, ...]:
    """Every lesson once (see ``views.lessons``); for pm's own templates (*own*), kept by file, listing heads.

    pm's own pages show of a lesson's incidents their ids, which their heads hold, and each incident's lessons are
    kept by its file (``kept_lessons``): a new or deleted incident makes only its own model.
    """
    if not own:
        return views.lessons(data.incidents)
    from postmortem.render.kept import kept_lessons  # as the metrics' figures: for the builds that show them

    return views.lessons(data.incidents, taught=kept_lessons(data.keys), heads=True)


def newest(incidents: Sequence[Incident], *, count: int) -> list[Incident]:
    """The *count* newest incidents, newest first (by date, then id): only their models are made."""
    return [incidents[number] for number in newest_places(heads_of(incidents), count=count)]


def newest_places(heads: Sequence[Head], *, count: int) -> list[int]:
    """The places of the *count* newest incidents whose heads are *heads*, newest first (by date, then id)."""
    return views.table_order(heads, "newest")[:count]


def risk_matrix(risks: Sequence[Risk], levels: Sequence[SeverityLevel]) -> list[tuple[str, list[list[Risk]]]]:
    """Rows of the probability × impact grid, most probable first, each cell the risks that fall in it."""
    return [
        (probability, [[r for r in risks if r.probability == probability and r.impact == lv.id] for lv in levels])
        for probability in reversed(PROBABILITIES)
    ]


Listed = TypeVar("Listed", Incident, Head)  # what a view lists of an incident: its model, or its head


def materialised(risks: Sequence[Risk], incidents: Sequence[Listed]) -> dict[str, list[Listed]]:
    """For each risk, the incidents (or their heads) that list it."""
    found: dict[str, list[Listed]] = {risk.id: [] for risk in risks}
    for incident in incidents:
        for risk_id in incident.risks:
            found.setdefault(risk_id, []).append(incident)
    return found


def shared_values(data: SiteData, words: Words, wanted: set[str] | None, omit: Omit | None) -> dict[str, Any]:
    """The views across incidents that the site's pages show: those in *wanted* (None: all), each made once.

    *omit*: what pm's own templates never read of the records (None: the templates are the repository's); the
    incident table's rows and the ledger's actions are then handed by their keys, and the lessons and the ledger
    list the incidents' heads.
    """
    heads = functools.cache(lambda: heads_of(data.incidents))  # what loops over every incident read, if they can
    results = functools.cache(lambda: _metrics(data, heads=omit is not None))
    actions = functools.cache(lambda: ledger(data, own=omit is not None))
    taught = functools.cache(lambda: lessons(data, own=omit is not None))  # by theme and the team's: gathered once
    feed = functools.cache(lambda: newest(data.incidents, count=FEED_SIZE))
    updated = functools.cache(lambda: {incident.id: atom_time(feed_updated(incident)) for incident in feed()})
    views_by_name: dict[str, Callable[[], Any]] = {
        "rows": lambda: (omit is not None and keyed_rows(data, omit=omit)) or table_rows(data.incidents, data.config),
        "themes": lambda: views.lessons_by_theme(data.incidents, entries=taught()),
        "team_lessons": lambda: views.team_lessons(taught(), data.config.lessons),
        "ledger": actions,
        "metrics": results,
        "matrix": lambda: risk_matrix(data.risks, data.config.severities),
        "risks": lambda: data.risks,
        "materialised": lambda: materialised(data.risks, heads() if omit is not None else data.incidents),
        "procedures": lambda: data.procedures,
        "pages": lambda: data.pages,
        "tag_counts": lambda: Counter(t for head in heads() for t in dict.fromkeys(head.tags + head.components)),
        "years": lambda: sorted({str(head.date.year) for head in heads()}, reverse=True),
        "search_shards": lambda: shard_count(len(data.incidents)),
        "feed": feed,
        "feed_ids": lambda: {incident.id: feed_entry_id(incident) for incident in feed()},
        "feed_updated": updated,
        "feed_last_updated": lambda: max(updated().values(), default=f"{data.today.isoformat()}T00:00:00Z"),
        "feed_self_id": lambda: feed_id(data.config),
    }
    assert views_by_name.keys() | METRICS_VALUES == VIEWS  # what holds_views knows of
    values = {name: make() for name, make in views_by_name.items() if wanted is None or name in wanted}
    if wanted is None or wanted & METRICS_VALUES:  # the metrics page's figures
        from postmortem.render.metrics_page import metrics_values  # its charts too: only for a build that shows them

        values.update(metrics_values(results(), levels=data.config.severities, words=words))
    return values


def _metrics(data: SiteData, *, heads: bool) -> Metrics:
    """The metrics across incidents, computed (and their modules imported) only for the pages that show them.

    *heads*: the templates are pm's own, whose metrics page shows of an incident that missed its target what its
    head holds (id, title, date, level): no model is made for it.
    """
    from postmortem.corpus import metrics
    from postmortem.render.kept import kept_figures

    return metrics.compute(
        data.incidents, data.config.severities, today=data.today, figures=kept_figures(data.keys), heads=heads
    )


VIEWS = frozenset({"rows", "themes", "team_lessons", "ledger", "metrics", "matrix", "risks", "materialised",
                   "procedures", "pages", "tag_counts", "years", "search_shards", "feed", "feed_ids", "feed_updated",
                   "feed_last_updated", "feed_self_id"}) | METRICS_VALUES  # fmt: skip


def holds_views(values: TemplateContext, wanted: set[str] | None) -> bool:
    """Whether *values* (from :func:`site_values`) hold every view across incidents that *wanted* names."""
    return wanted is not None and all(name in values for name in wanted & VIEWS)
