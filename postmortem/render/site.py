"""Render stage: the lessons-learned index (Markdown) and the static site's pages, as text; nothing is written here."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from jinja2 import Environment

from postmortem import __version__
from postmortem.config.model import Config, SeverityLevel
from postmortem.corpus import views
from postmortem.inert import xml_text
from postmortem.model import names
from postmortem.model.head import Head, heads_of
from postmortem.model.incident import Incident
from postmortem.render.bounded import render_with
from postmortem.render.chrome import Chrome
from postmortem.render.crawlers import crawler_files
from postmortem.render.feed import FEED_SIZE, atom_time, feed_entry_id, feed_id, feed_updated
from postmortem.render.fragments import fragments
from postmortem.render.i18n import Formatter
from postmortem.render.metrics_words import METRICS_VALUES, Words
from postmortem.render.plain import Keyed, Omit, TemplateContext, template_context
from postmortem.render.report import labels_for
from postmortem.render.search import shard_count
from postmortem.render.shows import UNREAD
from postmortem.render.template_fmt import template_formatter
from postmortem.render.templating import inert_markdown
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
    """The first paragraph of a Markdown text on one line, cut at a word near *limit* characters."""
    paragraph = re.split(r"\n\s*\n", (text or "").strip(), maxsplit=1)[0]
    line = " ".join(paragraph.split())
    if len(line) <= limit:
        return line
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
    heads = heads_of(data.incidents)
    keys = [data.keys.get(head.id) for head in heads]
    if None in keys:
        return None
    return [
        Keyed(f"table row {keys[number]}", functools.partial(_plain_row, data, number, omit))
        for number in views.table_order(heads, data.config.table_order)
    ]


def _plain_row(data: SiteData, number: int, omit: Omit) -> Any:
    """The record of the table's row of the incident at *number*, as pm's own templates see it."""
    return template_context({"row": table_row(data.incidents[number], data.config)}, omit=omit)["row"]


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


def _context(data: SiteData, site: Chrome, page: str) -> dict[str, Any]:
    """What every site page sees."""
    config = data.config
    labels = labels_for(config, config.language)
    return {
        "config": config,
        "site": site,
        "page": page,
        "language": config.language,
        "t": labels,
        "s": labels["site"],
        "fmt": template_formatter(Formatter(language=config.language, timezone=config.timezone)),
        "today": data.today,
        "version": __version__,
        "formats": data.formats,
    }


Listed = TypeVar("Listed", Incident, Head)  # what a view lists of an incident: its model, or its head


def materialised(risks: Sequence[Risk], incidents: Sequence[Listed]) -> dict[str, list[Listed]]:
    """For each risk, the incidents (or their heads) that list it."""
    found: dict[str, list[Listed]] = {risk.id: [] for risk in risks}
    for incident in incidents:
        for risk_id in incident.risks:
            found.setdefault(risk_id, []).append(incident)
    return found


def site_plan(data: SiteData) -> list[str]:
    """Every file of the site, by path.

    Each sees every incident, risk, runbook and page (see :func:`site_values`): the build fingerprints all of
    them for each, so that what a page shows is never out of date whatever its template picks from them.
    """
    plan = [names.site_page(name) for name in names.SITE_PAGES]
    plan += [names.FEED, names.STYLESHEET, names.SCRIPT]
    plan += [names.procedure(p.slug) for p in data.procedures]
    plan += [names.page(p.slug) for p in data.pages]
    plan += list(crawler_files(data.config.site_url, paths=()))  # which files, when the site's address is known
    return plan


def html_pages(data: SiteData) -> list[str]:
    """Every HTML page of the site: its own pages, the procedures, the free pages and the incidents' reports."""
    pages = [names.site_page(name) for name in names.SITE_PAGES]
    pages += [names.procedure(p.slug) for p in data.procedures] + [names.page(p.slug) for p in data.pages]
    return sorted(pages + [names.report(incident.id, "html") for incident in data.incidents])


def _shared_values(data: SiteData, words: Words, wanted: set[str] | None, omit: Omit | None) -> dict[str, Any]:
    """The views across incidents that the site's pages show: those in *wanted* (None: all), each made once.

    *omit*: what pm's own templates never read of the records (None: the templates are the repository's); the
    incident table's rows are then handed by their keys.
    """
    heads = functools.cache(lambda: heads_of(data.incidents))  # what loops over every incident read, if they can
    results = functools.cache(lambda: _metrics(data, heads=omit is not None))
    ledger = functools.cache(lambda: views.ledger(data.incidents, today=data.today))
    lessons = functools.cache(lambda: views.lessons(data.incidents))  # by theme and the team's: gathered once
    feed = functools.cache(lambda: newest(data.incidents, count=FEED_SIZE))
    updated = functools.cache(lambda: {incident.id: atom_time(feed_updated(incident)) for incident in feed()})
    views_by_name: dict[str, Callable[[], Any]] = {
        "rows": lambda: (omit is not None and keyed_rows(data, omit=omit)) or table_rows(data.incidents, data.config),
        "themes": lambda: views.lessons_by_theme(data.incidents, entries=lessons()),
        "team_lessons": lambda: views.team_lessons(lessons(), data.config.lessons),
        "ledger": ledger,
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


def site_values(data: SiteData, site: Chrome, *, wanted: set[str] | None = None, own: bool = False) -> TemplateContext:
    """What the site's pages and index.md see: labels, formatter, and the views across incidents in *wanted*.

    *wanted* names the variables the templates to render read (see ``reads.variables_read``); None: all of them.
    *own*: the templates are pm's own, so the incidents' records leave out what they never read (see ``UNREAD``).
    """
    ctx = _context(data, site, "")
    words = Words(s=ctx["s"], t=ctx["t"], fmt=Formatter(language=data.config.language, timezone=data.config.timezone))
    omit: Omit | None = {Incident: UNREAD} if own else None
    return template_context({**ctx, **_shared_values(data, words, wanted, omit)}, omit=omit)


def page_templates(path: str) -> tuple[str, ...]:
    """The templates that render the site's file at *path* (or index.md); none for the crawlers' files."""
    if path in (names.SITEMAP, names.ROBOTS):
        return ()
    special = {
        names.INDEX_MARKDOWN: ("index.md.j2",),
        names.FEED: ("site/feed.xml.j2",),
        names.STYLESHEET: ("report.css.j2", "site/site.css.j2"),
        names.SCRIPT: ("site/site.js.j2",),
    }
    if path in special:
        return special[path]
    if path.startswith("procedure-"):
        return ("site/procedure.html.j2",)
    if path.startswith("page-"):
        return ("site/page.html.j2",)
    return (f"site/{path.removesuffix('.html')}.html.j2",)


def render_site(
    env: Environment,
    data: SiteData,
    site: Chrome,
    *,
    only: set[str] | None = None,
    values: TemplateContext | None = None,
) -> dict[str, str]:
    """The site's files by path (those in *only*, or all), as planned by :func:`site_plan`; *values* as site_values."""
    wanted = set(site_plan(data)) if only is None else only
    if not wanted:
        return {}
    values = values or site_values(data, site)
    outputs: dict[str, str] = {}
    for name in names.SITE_PAGES:
        if names.site_page(name) in wanted:
            outputs[names.site_page(name)] = render_with(
                env, f"site/{name}.html.j2", page_values(env, values, page=name)
            )
    for procedure in data.procedures:
        if names.procedure(procedure.slug) in wanted:
            applies = applying(procedure, data.incidents, heads=getattr(env, "builtin_only", False))
            page = page_values(env, values, page="procedures", document=procedure, applies=applies)
            outputs[names.procedure(procedure.slug)] = render_with(env, "site/procedure.html.j2", page)
    for document in data.pages:
        if names.page(document.slug) in wanted:
            page = page_values(env, values, page=f"page-{document.slug}", document=document)
            outputs[names.page(document.slug)] = render_with(env, "site/page.html.j2", page)
    if names.FEED in wanted:
        outputs[names.FEED] = xml_text(render_with(env, "site/feed.xml.j2", values))  # well-formed whatever it quotes
    if wanted & {names.SITEMAP, names.ROBOTS}:
        crawlers = crawler_files(data.config.site_url, paths=html_pages(data))
        outputs.update({path: text for path, text in crawlers.items() if path in wanted})
    if names.STYLESHEET in wanted:
        outputs[names.STYLESHEET] = render_with(env, "report.css.j2", values) + render_with(
            env, "site/site.css.j2", values
        )
    if names.SCRIPT in wanted:
        outputs[names.SCRIPT] = render_with(env, "site/site.js.j2", values)
    return outputs


def applying(procedure: MarkdownDocument, incidents: Sequence[Incident], *, heads: bool) -> list[Incident] | list[Head]:
    """The incidents *procedure* applies to, in order, matched by their heads: as heads if *heads*, else as models.

    pm's own runbook page shows each incident's id and title, which its head holds (*heads*: the templates are pm's
    own): no model is made. A template of the repository may show anything of them: each gets its model.
    """
    matched = [(number, head) for number, head in enumerate(heads_of(incidents)) if procedure.applies_to(head)]
    return [head for _, head in matched] if heads else [incidents[number] for number, _ in matched]


def page_values(env: Environment, values: TemplateContext, **more: Any) -> TemplateContext:
    """The variables of one page: *values*, *more*, and its ``fragment`` function (see render/fragments.py)."""
    page = values.merged(**more)
    return page.merged(fragment=fragments(env, page))


def render_index_markdown(
    env: Environment, data: SiteData, site: Chrome, *, values: TemplateContext | None = None
) -> str:
    """The lessons-learned index as one Markdown file, for a wiki or a repository; *values* as site_values."""
    values = values or site_values(data, site)
    return inert_markdown(env, render_with(env, "index.md.j2", page_values(env, values, page="index")))
