"""Render stage: the lessons-learned index (Markdown) and the static site's pages, as text; nothing is written here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jinja2 import Environment

from postmortem import __version__
from postmortem.corpus.views import LessonEntry
from postmortem.inert import xml_text
from postmortem.model import names
from postmortem.model.head import Head, heads_of
from postmortem.model.incident import Incident
from postmortem.render.bounded import render_with
from postmortem.render.chrome import Chrome
from postmortem.render.crawlers import crawler_files
from postmortem.render.fragments import fragments
from postmortem.render.i18n import Formatter
from postmortem.render.metrics_words import Words
from postmortem.render.plain import Omit, TemplateContext, template_context
from postmortem.render.report import labels_for
from postmortem.render.shows import HEAD_UNREAD, LESSON_UNREAD, UNREAD
from postmortem.render.site_views import SiteData, shared_values
from postmortem.render.template_fmt import template_formatter
from postmortem.render.templating import inert_markdown
from postmortem.validate.documents import MarkdownDocument


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


OMIT: Omit = {Incident: UNREAD, Head: HEAD_UNREAD, LessonEntry: LESSON_UNREAD}  # what pm's own templates never read


def site_values(data: SiteData, site: Chrome, *, wanted: set[str] | None = None, own: bool = False) -> TemplateContext:
    """What the site's pages and index.md see: labels, formatter, and the views across incidents in *wanted*.

    *wanted* names the variables the templates to render read (see ``reads.variables_read``); None: all of them.
    *own*: the templates are pm's own, so the records of incidents, their heads and lessons leave out what those
    never read (see ``UNREAD`` and what follows it in render/shows.py).
    """
    ctx = _context(data, site, "")
    words = Words(s=ctx["s"], t=ctx["t"], fmt=Formatter(language=data.config.language, timezone=data.config.timezone))
    omit = OMIT if own else None
    return template_context({**ctx, **shared_values(data, words, wanted, omit)}, omit=omit)


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
    return page.merged(**fragments(env, page))


def render_index_markdown(
    env: Environment, data: SiteData, site: Chrome, *, values: TemplateContext | None = None
) -> str:
    """The lessons-learned index as one Markdown file, for a wiki or a repository; *values* as site_values."""
    values = values or site_values(data, site)
    return inert_markdown(env, render_with(env, "index.md.j2", page_values(env, values, page="index")))
