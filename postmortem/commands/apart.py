"""Render command: the pages across incidents that show the lessons and the metrics, made on the other core.

After an edit that changes what every page across incidents lists (a new or a deleted incident), the views of
every incident are made again: the ledger, the incident table, the lessons, the metrics, each from tens of thousands
of actions and lessons at thousands of incidents. One process made them all, then the site's pages, while
``index.md``'s process waited for them and the other core stood idle. With pm's own templates, the pages and the
sections of ``index.md`` that show the lessons or the metrics read no other view of weight: a forked process makes
those views, renders those pages and sections, and hands back their texts (with what the memo made for them) while
this one makes the ledger and the table and renders the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from jinja2 import Environment

from postmortem.commands.pages import Remembering, remembered
from postmortem.model import names
from postmortem.render.chrome import Chrome
from postmortem.render.index_sections import index_parts, section_template
from postmortem.render.metrics_words import METRICS_VALUES
from postmortem.render.reads import variables_read
from postmortem.render.shows import SECTIONS, named, shows
from postmortem.render.site import page_templates, render_site, site_values
from postmortem.render.site_views import SiteData

APART = frozenset({"themes", "team_lessons", "metrics"}) | METRICS_VALUES  # the views made in the other process
HERE = frozenset({"ledger"})  # the view of weight this process makes meanwhile


@dataclass(frozen=True, slots=True, kw_only=True)
class Apart:
    """What the other process rendered: the site's pages, the incidents each names (see ``shows.named``), sections."""

    pages: dict[str, str]
    named: dict[str, list[str] | None]
    sections: dict[str, str]


def apart_pages(env: Environment, paths: Collection[str]) -> frozenset[str]:
    """Those of the site's pages at *paths* to render in the other process: those that read a view made apart.

    None when no other page to render makes the ledger: one process then makes the rest in less time than the
    other takes to make the lessons or the metrics, and a fork, with Pagefind and ``index.md`` on the same two cores,
    costs more than it saves (a severity edit renders the metrics page and the incident table).
    """
    pages = set(paths) - {names.INDEX_MARKDOWN}
    side = {path for path in pages if _reads(env, page_templates(path), APART)}
    if side and any(_reads(env, page_templates(path), HERE) for path in pages - side):
        return frozenset(side)
    return frozenset()


def apart_sections(env: Environment) -> frozenset[str]:
    """The sections of ``index.md`` whose templates read a view made apart."""
    return frozenset(name for name in SECTIONS if _reads(env, [section_template(name)], APART))


def _reads(env: Environment, templates: Collection[str], views: frozenset[str]) -> bool:
    """Whether *templates* read one of *views* (any, when what they read is not known)."""
    read = variables_read(env, templates)
    return read is None or bool(read & views)


def rendered_apart(
    env: Environment,
    data: SiteData,
    site: Chrome,
    keys: Callable[[str], str],
    paths: frozenset[str],
    sections: frozenset[str],
) -> Remembering[Apart]:
    """The site's pages at *paths* and the *sections* of ``index.md``, from views made here (pm's own templates).

    *keys* gives the fingerprint of what a section shows, as for ``index.md``. Runs in a forked process: what it
    made of the memo goes back with the texts.
    """
    templates = [name for path in paths for name in page_templates(path)]
    templates += [section_template(name) for name in sections]
    values = site_values(data, site, wanted=variables_read(env, templates), own=True)
    pages = render_site(env, data, site, only=set(paths), values=values)
    named_ids = {path: named(path, values) if shows(path).named else None for path in pages}
    parts = index_parts(env, data, site, keys=keys, values=values, skip=frozenset(SECTIONS) - sections)
    return remembered(Apart(pages=pages, named=named_ids, sections=parts))
