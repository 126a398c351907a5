"""Render stage: a period's incidents as one HTML book (cover, contents, index sections, reports) for a PDF."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from postmortem.config.model import Config
from postmortem.model import names
from postmortem.model.incident import Incident
from postmortem.render.bounded import render_with
from postmortem.render.i18n import Formatter
from postmortem.render.plain import template_context
from postmortem.render.report import labels_for, page_counter
from postmortem.render.template_fmt import template_formatter
from postmortem.validate.documents import MarkdownDocument

BOOK = names.BOOK
_MAIN = re.compile(r'<main id="main">(.*)</main>', re.DOTALL)
_ARTICLE = re.compile(r"<!-- report:start -->(.*)<!-- report:end -->", re.DOTALL)
_FORM = re.compile(r"<form .*?</form>|<nav class=\"pager\".*?</nav>", re.DOTALL)
_LINK = re.compile(r'href="([A-Za-z0-9._-]+)\.html(#[^"]*)?"')


def in_period(incidents: Sequence[Incident], *, since: dt.date | None, until: dt.date | None) -> list[Incident]:
    """The incidents that started within the period (both ends included)."""
    return [i for i in incidents if (since is None or i.date >= since) and (until is None or i.date <= until)]


@dataclass(frozen=True, slots=True, kw_only=True)
class Part:
    """A page of the site that the book holds: its file, the anchor it gets, and its title in the contents."""

    file: str
    title: str

    @property
    def anchor(self) -> str:
        """The part's id in the book, which links to its file become."""
        return "part-" + self.file.removesuffix(".html")


def book_parts(
    *, config: Config, pages: Sequence[MarkdownDocument], procedures: Sequence[MarkdownDocument]
) -> tuple[Part, ...]:
    """The site's pages the book holds, in the order of a team's document.

    The free pages placed before the incidents, the severity levels and the risks, each procedure with its steps,
    the incident table (with the pages placed there), lessons, actions and metrics, then the pages placed after:
    what the site holds, whole.
    """
    s = labels_for(config, config.language)["site"]

    def own(name: str, title: str) -> Part:
        return Part(file=names.site_page(name), title=title)

    return (
        *(Part(file=names.page(p.slug), title=p.title) for p in pages if p.place == "before"),
        own("procedures", s["procedures"]),
        own("risks", s["risks"]),
        *(Part(file=names.procedure(p.slug), title=p.title) for p in procedures),
        own("index", s["incidents_table"]),
        own("lessons", s["lessons"]),
        own("actions", s["actions"]),
        own("metrics", s["metrics"]),
        *(Part(file=names.page(p.slug), title=p.title) for p in pages if p.place == "after"),
    )


def _relink(html: str, ids: set[str]) -> str:
    """Links between pages of the site become links inside the book."""

    def target(match: re.Match[str]) -> str:
        name = match.group(1)
        return f'href="#incident-{name}"' if name in ids else f'href="#part-{name}"'

    return _LINK.sub(target, html)


def book_html(
    env: Environment,
    *,
    config: Config,
    incidents: Sequence[Incident],
    parts: Sequence[Part],
    pages: Mapping[str, str],
    reports: Mapping[str, str],
    today: dt.date,
    since: dt.date | None,
    until: dt.date | None,
) -> str:
    """The book's HTML: the *parts* taken from *pages* (the site's, by file), then the incidents' *reports* by id."""
    ids = {incident.id for incident in incidents}
    held = []
    for part in parts:
        found = _MAIN.search(pages.get(part.file, ""))
        if found:
            held.append((part, Markup(_relink(_FORM.sub("", found.group(1)), ids))))
    bodies = []
    for incident in incidents:
        found = _ARTICLE.search(reports[incident.id])
        if found:
            bodies.append((incident, Markup(_relink(found.group(1), ids))))
    labels = labels_for(config, config.language)
    fmt = Formatter(language=config.language, timezone=config.timezone)
    values: dict[str, Any] = {
        "config": config,
        "language": config.language,
        "t": labels,
        "s": labels["site"],
        "fmt": template_formatter(fmt),
        "today": today,
        "since": since,
        "until": until,
        "parts": held,
        "bodies": bodies,
        "page_counter": page_counter(labels["page"]),
    }
    return render_with(env, "book.html.j2", template_context(values))
