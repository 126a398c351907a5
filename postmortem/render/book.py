"""Render stage: a period's incidents as one HTML book (cover, contents, index sections, reports) for a PDF."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from postmortem.config import Config
from postmortem.model import names
from postmortem.model.incident import Incident
from postmortem.render.i18n import Formatter, template_formatter
from postmortem.render.plain import template_context
from postmortem.render.report import labels_for, page_counter
from postmortem.render.templating import render_with

BOOK = names.BOOK
PARTS = ("index", "lessons", "actions", "metrics", "risks", "procedures")
_MAIN = re.compile(r'<main id="main">(.*)</main>', re.DOTALL)
_ARTICLE = re.compile(r"<!-- report:start -->(.*)<!-- report:end -->", re.DOTALL)
_FORM = re.compile(r"<form .*?</form>|<nav class=\"pager\".*?</nav>", re.DOTALL)
_LINK = re.compile(r'href="([A-Za-z0-9._-]+)\.html(#[^"]*)?"')


def in_period(incidents: Sequence[Incident], *, since: dt.date | None, until: dt.date | None) -> list[Incident]:
    """The incidents that started within the period (both ends included)."""
    return [i for i in incidents if (since is None or i.date >= since) and (until is None or i.date <= until)]


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
    pages: Mapping[str, str],
    reports: Mapping[str, str],
    today: dt.date,
    since: dt.date | None,
    until: dt.date | None,
) -> str:
    """The book's HTML: *pages* are the site's pages and *reports* the incidents' print HTML, both by name."""
    ids = {incident.id for incident in incidents}
    parts = []
    for name in PARTS:
        found = _MAIN.search(pages.get(names.site_page(name), ""))
        if found:
            parts.append((name, Markup(_relink(_FORM.sub("", found.group(1)), ids))))
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
        "parts": parts,
        "bodies": bodies,
        "page_counter": page_counter(labels["page"]),
    }
    return render_with(env, "book.html.j2", template_context(values))
