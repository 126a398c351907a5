"""Render stage helper: index.md section by section, each rendered again only when what it shows changes.

index.md.j2 includes its sections (templates/index/<name>.md.j2) one after the other. With pm's own templates,
what each shows is known (render/shows.py ``SECTIONS``): the build gives the fingerprint of what a section shows
(``keys``, computed as a page's), each section's text is kept in the memo under it, and a section whose inputs
did not change is taken from there; the views across incidents are made only for the sections rendered again,
and only those their templates read. An edit of a runbook renders the procedures and nothing else; a new title
renders the incident table and not the ledger. With a template or label file of the repository, anything may
show anything: index.md is rendered whole, as one template, from every view it reads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping

from jinja2 import Environment

from postmortem.render import memo
from postmortem.render.bounded import render_with
from postmortem.render.chrome import Chrome
from postmortem.render.plain import TemplateContext
from postmortem.render.reads import sources_digest, variables_read
from postmortem.render.shows import SECTIONS, section_path
from postmortem.render.site import page_values, render_index_markdown, site_values
from postmortem.render.site_views import SiteData, holds_views

INDEX = "index.md.j2"
Keys = Callable[[str], str]  # the fingerprint of what the file (or section) at a path shows


def section_template(name: str) -> str:
    """The template of the section *name* of index.md."""
    return f"index/{name}.md.j2"


def index_markdown(
    env: Environment, data: SiteData, site: Chrome, *, keys: Keys, values: TemplateContext | None = None
) -> str:
    """index.md: by sections with pm's own templates, else whole from *values* (None: the views index.md.j2 reads).

    With pm's own templates, a section rendered again takes its views from *values* (those made for the site's
    pages, records as pm's own templates read them) when they hold all it reads, instead of making them again.
    """
    return joined_parts(index_parts(env, data, site, keys=keys, values=values))


def index_parts(
    env: Environment,
    data: SiteData,
    site: Chrome,
    *,
    keys: Keys,
    values: TemplateContext | None = None,
    skip: Collection[str] = (),
) -> dict[str, str]:
    """index.md's parts by name: each section but those in *skip* with pm's own templates, else the whole text.

    The sections in *skip* are rendered elsewhere (another process, see commands/apart.py): :func:`joined_parts`
    puts them back in their place.
    """
    if getattr(env, "builtin_only", False):
        return {name: render_section(env, data, site, name=name, key=keys(section_path(name)), values=values)
                for name in SECTIONS if name not in skip}  # fmt: skip
    if values is None:
        values = site_values(data, site, wanted=variables_read(env, [INDEX]))
    return {WHOLE: render_index_markdown(env, data, site, values=values)}


WHOLE = ""  # the part that is index.md whole (rendered from the repository's templates)


def joined_parts(parts: Mapping[str, str]) -> str:
    """index.md from its parts (see :func:`index_parts`): its sections in their order, or the whole text."""
    if WHOLE in parts:
        return parts[WHOLE]
    return "".join(parts[name] for name in SECTIONS)


def render_section(
    env: Environment, data: SiteData, site: Chrome, *, name: str, key: str, values: TemplateContext | None = None
) -> str:
    """The text of section *name*: the memo's when *key* (what it shows) and its templates are the same, else made."""
    sources = sources_digest(env, section_template(name))  # pm's own: never None (no template named by a value)
    return memo.recall_latest(
        section_slot(name), f"{key}.{sources}", lambda: section_text(env, data, site, name=name, values=values)
    )


def section_slot(name: str) -> str:
    """The name of the memo's entry that keeps the latest text of section *name*."""
    digest = hashlib.blake2b(f"index.md section\0{name}".encode(), digest_size=8).hexdigest()
    return f"{memo.kind('index section ' + name)}:{digest}"  # a shard of its own, read when index.md is rendered


def section_text(
    env: Environment, data: SiteData, site: Chrome, *, name: str, values: TemplateContext | None = None
) -> str:
    """Section *name* rendered from the views its template reads (records as pm's own templates read them).

    *values*: views made already, with the same records (``site_values(..., own=True)``), used when they hold
    every view the template reads; else the section makes those alone.
    """
    template = section_template(name)
    wanted = variables_read(env, [template])
    if values is None or not holds_views(values, wanted):
        values = site_values(data, site, wanted=wanted, own=True)
    return render_with(env, template, page_values(env, values, page="index"))
