"""Render stage helper: what every site page shares (navigation, title, content policy), incident reports included."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from postmortem.config.model import Config
from postmortem.model.names import page as page_file
from postmortem.model.names import site_page
from postmortem.render.folders import template_folders
from postmortem.render.labels import load_labels
from postmortem.render.policy import CSP
from postmortem.validate.documents import MarkdownDocument


@dataclass(frozen=True, slots=True, kw_only=True)
class NavItem:
    """One link of the site's navigation."""

    href: str
    label: str
    key: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Chrome:
    """What every site page shares: navigation, title, content policy, and which pages exist.

    *base* is the path the site lives under (``/`` unless ``site_url`` has one): the 404 page, which a web
    server shows at any depth, links from there. Every report of the site sees it, so it holds only what they
    all show: a runbook's text is not here, or editing one would render every report again.
    """

    title: str
    nav: tuple[NavItem, ...]
    csp: str
    pdf: bool
    base: str = "/"


def site_base(site_url: str) -> str:
    """The path the site lives under, from its configured address: ``/postmortems/``, or ``/``."""
    path = urlsplit(site_url).path.strip("/")
    return f"/{quote(path, safe='/%')}/" if path else "/"


def chrome(config: Config, *, pages: Sequence[MarkdownDocument], pdf: bool) -> Chrome:
    """The navigation and shared parts of every page, in the configured language."""
    t = load_labels(config.language, folders=template_folders(config), root=config.root)["site"]
    keys = ["index", "lessons", "actions", "metrics", "risks", "procedures"]
    names = {"index": t["home"], **{key: t[key] for key in keys[1:]}}
    nav = [NavItem(href=site_page(key), label=names[key], key=key) for key in keys]
    nav += [NavItem(href=page_file(page.slug), label=page.title, key=f"page-{page.slug}") for page in pages]
    nav.append(NavItem(href=site_page("search"), label=t["search"], key="search"))
    return Chrome(title=config.title, nav=tuple(nav), csp=CSP, pdf=pdf, base=site_base(config.site_url))
