"""Render stage: one incident's report as Markdown and HTML (the PDF is that HTML with its print styles)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from jinja2 import Environment
from markupsafe import Markup

from postmortem.config.model import LANGUAGES, Config
from postmortem.model.head import Head
from postmortem.model.incident import Incident
from postmortem.render import report_shared
from postmortem.render.bounded import render_with
from postmortem.render.charts import ChartText, approximate_instant, chart_window, flags, spans_days, timeline_svg
from postmortem.render.chrome import Chrome
from postmortem.render.folders import template_folders
from postmortem.render.i18n import Formatter
from postmortem.render.labels import load_labels
from postmortem.render.plain import TemplateContext, template_context
from postmortem.render.template_fmt import template_formatter
from postmortem.render.templating import inert_markdown
from postmortem.validate.documents import MarkdownDocument
from postmortem.validate.risks import Risk

Format = Literal["md", "html", "pdf"]
TEMPLATES: dict[Format, str] = {"md": "report.md.j2", "html": "report.html.j2", "pdf": "report.html.j2"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A link from one report to another incident's report."""

    id: str
    title: str
    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Corpus:
    """What a report needs to know of the other incidents, of the risk register and of the runbooks."""

    titles: Mapping[str, str]
    risks: Mapping[str, Risk]
    procedures: tuple[MarkdownDocument, ...] = ()

    def around(self, incident: Incident | Head) -> Corpus:
        """All that one incident's report shows of the corpus: its related incidents' titles, its risks, its runbooks.

        A report is rendered from this alone, so that it is what the report depends on: a build renders a report
        again only when this, the incident, or what every page shares changed. Its head is enough.
        """
        return Corpus(
            titles={i: self.titles[i] for i in incident.related if i in self.titles},
            risks={r: self.risks[r] for r in incident.risks if r in self.risks},
            procedures=tuple(p for p in self.procedures if p.applies_to(incident)),
        )

    def digest_parts(self) -> list[str]:
        """The corpus as text, for a fingerprint."""
        return [
            repr(sorted(self.titles.items())),
            *(f"{key}={risk.model_dump_json()}" for key, risk in sorted(self.risks.items())),
            *(p.model_dump_json() for p in self.procedures),
        ]


def labels_for(config: Config, language: str) -> dict[str, Any]:
    """The labels of the built-in templates in *language* (a project may override them)."""
    return load_labels(language, folders=template_folders(config), root=config.root)


def internal_labels(config: Config) -> dict[str, str]:
    """The heading of internal blocks in each report language, from the templates' labels."""
    return {language: str(labels_for(config, language).get("internal", "Internal")) for language in LANGUAGES}


@dataclass(frozen=True, slots=True, kw_only=True)
class _Build:
    """The values every report of a build sees alike, made plain once: the configuration, the labels, the site."""

    config: Config
    labels: dict[str, Any]
    site: Chrome | None
    fmt_name: Format
    today: dt.date
    values: TemplateContext


_builds: list[_Build] = []  # those of the build in progress: one per language and format


def _build_values(*, config: Config, t: dict[str, Any], site: Chrome | None, fmt_name: Format, today: dt.date,
                  language: str) -> TemplateContext:  # fmt: skip
    """The plain values of the build that every report in *language* and *fmt_name* sees, copied once per build."""
    for kept in _builds:
        same = kept.config is config and kept.labels is t and kept.site is site
        if same and kept.fmt_name == fmt_name and kept.today == today:
            return kept.values
    values = template_context({
        "config": config,
        "format": fmt_name,
        "language": language,
        "today": today,
        "t": t,
        "page_counter": page_counter(t["page"]),
        "site": site if fmt_name != "pdf" else None,
        "page": "",
    })  # fmt: skip
    if any(kept.config is not config or kept.site is not site or kept.today != today for kept in _builds):
        _builds.clear()  # another build's: let their copies go
    _builds.append(_Build(config=config, labels=t, site=site, fmt_name=fmt_name, today=today, values=values))
    return values


def context(
    incident: Incident,
    *,
    config: Config,
    corpus: Corpus,
    fmt_name: Format,
    today: dt.date,
    site: Chrome | None = None,
    own: bool = False,
    labels: dict[str, Any] | None = None,
) -> TemplateContext:
    """Everything a report template sees, as plain data (documented in docs/templates.md).

    *own*: the templates are pm's own: the incident's record leaves out what they never read (``report_shared.UNREAD``).
    *labels*: those of the incident's language, when the caller has them already (a build reads them once).
    """
    language = incident.language
    t = labels_for(config, language) if labels is None else labels
    shared = report_shared.shared(incident, config=config, t=t, today=today, own=own)
    fmt, level = shared.fmt, shared.level
    ext = {"md": "md", "html": "html", "pdf": "pdf"}[fmt_name]
    build = _build_values(config=config, t=t, site=site, fmt_name=fmt_name, today=today, language=language)
    omit = report_shared.OMIT if own else None
    values = template_context({
        "incident": incident,
        "severity": level,
        "severity_rank": list(config.levels).index(level.id) + 1 if level else 0,
        "facts": shared.facts,
        "rows": shared.rows,
        "chart": Markup("")
        if fmt_name == "md"
        else timeline_svg(incident.placed, fmt=fmt, text=_chart_text(incident, t, fmt), printed=fmt_name == "pdf"),
        "actions": [(action, action.overdue(today)) for action in incident.actions],
        "related": [Link(id=i, title=corpus.titles.get(i, i), href=f"{i}.{ext}") for i in incident.related],
        "risks": [corpus.risks[r] for r in incident.risks if r in corpus.risks],
        "procedures": _procedures(incident, site, corpus),
    }, memo=shared.memo, omit=omit)  # fmt: skip
    every = {**build, **_formatter_values(fmt), **values}
    return TemplateContext({name: every[name] for name in _NAMES}, shared.memo, omit)


@lru_cache(maxsize=64)
def _formatter_values(fmt: Formatter) -> TemplateContext:
    """What templates see of *fmt*, made plain once per language and zone: its functions keep nothing between calls."""
    return template_context({"fmt": template_formatter(fmt)})


_NAMES = ("incident", "config", "format", "language", "today", "t", "fmt", "severity", "severity_rank", "facts", "rows",
          "chart", "actions", "related", "risks", "page_counter", "site", "page", "procedures")  # fmt: skip


def _procedures(incident: Incident, site: Chrome | None, corpus: Corpus) -> list[MarkdownDocument]:
    """The response procedures that apply to *incident*, when the site publishes them."""
    if site is None:
        return []
    return [p for p in corpus.procedures if p.applies_to(incident)]


def _chart_text(incident: Incident, t: dict[str, Any], fmt: Formatter) -> ChartText:
    """Title, description and milestone names of the timeline chart."""
    timed = [p for p in incident.placed if p.when]
    window = chart_window(timed)
    if window is None:  # no chart to describe
        return ChartText(title=t["timeline_chart"], description="", milestones=t["milestones"])
    start, end = (fmt.instant(moment, approximate=approximate_instant(timed, moment)) for moment in window)
    description = t["timeline_chart_desc"].format(start=start, end=end)
    days = spans_days(window, timezone=fmt.timezone)  # say each flag's day
    marked = [
        f"{', '.join(t['milestones'][n] for n in flag.milestones)}{t['colon']} "
        f"{fmt.instant(flag.when, approximate=flag.approximate, day=days)}"
        for flag in sorted((flag for p in timed for flag in flags(p)), key=lambda flag: flag.when)
    ]
    return ChartText(
        title=t["timeline_chart"], description=" ".join([description, "; ".join(marked)]), milestones=t["milestones"]
    )


def page_counter(label: str) -> Markup:
    """CSS ``content`` for 'Page N of M' in the report's language."""
    parts = []
    for chunk in label.replace("{page}", "\0page\0").replace("{pages}", "\0pages\0").split("\0"):
        if chunk in ("page", "pages"):
            parts.append(f"counter({chunk})")
        elif chunk:
            parts.append('"' + chunk.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return Markup(" ".join(parts))


def render_report(
    incident: Incident,
    *,
    env: Environment,
    config: Config,
    corpus: Corpus,
    fmt_name: Format,
    today: dt.date,
    site: Chrome | None = None,
    labels: dict[str, Any] | None = None,
) -> str:
    """One report as text: Markdown, or the HTML of the page (or of the PDF); *site* adds the site's navigation.

    *labels*: those of the incident's language, when the caller has them already.
    """
    own = bool(getattr(env, "builtin_only", False))
    values = context(incident, config=config, corpus=corpus, fmt_name=fmt_name, today=today, site=site, own=own,
                     labels=labels)  # fmt: skip
    text = render_with(env, TEMPLATES[fmt_name], values)
    return inert_markdown(env, text) if fmt_name == "md" else text
