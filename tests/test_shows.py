"""What each of pm's own site pages shows: a change to what a page's entry says it never shows leaves its bytes.

The build renders a page across incidents again only when what it shows changes (postmortem/render/shows.py).
Each entry is proved here on the example repository: every incident is given another incident's value for each
field the entry says the page never shows, and the page must come out byte for byte the same; likewise for the
risks, runbooks, pages and the number of incidents when the entry says the page shows none of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

import pytest

from postmortem.config.files import load_config
from postmortem.corpus.repository import load_corpus
from postmortem.errors import PmError
from postmortem.model import names
from postmortem.model.incident import Incident
from postmortem.render import memo
from postmortem.render.bounded import render_with
from postmortem.render.chrome import chrome
from postmortem.render.index_sections import index_markdown, section_text
from postmortem.render.metrics_words import METRICS_VALUES
from postmortem.render.plain import Keyed, TemplateContext, template_context
from postmortem.render.reads import variables_read
from postmortem.render.report import Corpus, render_report
from postmortem.render.shows import EVERYTHING, SECTIONS, UNREAD, named, section_path, shows
from postmortem.render.site import page_templates, render_index_markdown, render_site, site_plan, site_values
from postmortem.render.site_views import SiteData, _plain_row
from postmortem.render.templating import environment
from tests.conftest import calls, copy_example, example_or_generated, fresh

TODAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module", params=["example", "generated"])
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> SiteData:
    """The example repository, or 40 incidents of the benchmark's generator (more of every field), as shown."""
    repo = tmp_path_factory.mktemp(request.param)
    example_or_generated(repo, request.param)
    config = load_config(repo)
    corpus = load_corpus(config)
    assert not corpus.errors
    return SiteData(config=config, incidents=corpus.incidents, risks=corpus.risks, procedures=corpus.procedures,
                    pages=corpus.pages, today=TODAY, formats=("md", "html"))  # fmt: skip


def _page(data: SiteData, path: str, *, example: SiteData, own: bool = False) -> str:
    """One page of the site (or index.md) rendered from *data* with pm's own templates.

    The navigation is the example's: what it shows (the free pages' titles) counts for every page of a build.
    *own*: the incidents' records leave out what pm's own templates never read, as the build gives them.
    """
    env = environment(data.config)
    assert env.builtin_only
    site = chrome(data.config, pages=example.pages, pdf=False)
    sections = {section_path(name): name for name in SECTIONS}
    if path in sections:  # a section of index.md, as the build renders it: from the views it reads alone
        return section_text(env, data, site, name=sections[path])
    values = site_values(data, site, own=own)
    if path == names.INDEX_MARKDOWN:
        return render_index_markdown(env, data, site, values=values)
    return render_site(env, data, site, only={path}, values=values)[path]


def _swapped(data: SiteData, field: str, *, kept: set[str] | frozenset[str] = frozenset()) -> SiteData:
    """Every incident with the next one's value of *field* (a real value, as an author would write it).

    The incidents whose ids are in *kept* keep theirs, and the others take one another's.
    """
    incidents = data.incidents
    moving = [n for n, i in enumerate(incidents) if i.id not in kept]
    values = {n: getattr(incidents[moving[(k + 1) % len(moving)]], field) for k, n in enumerate(moving)}
    moved = tuple(fresh(i, **{field: values[n]}) if n in values else i for n, i in enumerate(incidents))
    assert any(getattr(a, field) != getattr(b, field) for a, b in zip(incidents, moved, strict=True)), field
    return SiteData(**{**{k: getattr(data, k) for k in SiteData.__slots__}, "incidents": moved})


def _paths(data: SiteData) -> list[str]:
    """Every file the site plans, index.md and its sections, whose entry says it does not show everything."""
    paths = [*site_plan(data), names.INDEX_MARKDOWN, *map(section_path, SECTIONS)]
    return [path for path in paths if shows(path) != EVERYTHING]


def test_every_page_across_incidents_has_an_entry(example: SiteData) -> None:
    """The pages that list incidents, and the others of pm's own site, each say what they show."""
    paths = _paths(example)
    assert {names.site_page(n) for n in ("index", "lessons", "actions", "metrics", "risks")} <= set(paths)
    assert any(p.startswith("procedure-") for p in paths)
    assert any(p.startswith("page-") for p in paths)
    assert {section_path(name) for name in SECTIONS} <= set(paths)


def test_index_md_made_of_its_sections_is_index_md_made_whole(example: SiteData) -> None:
    """Rendered section by section (each from the views it reads), index.md is byte for byte the whole template's.

    And index.md shows what one of its sections shows: a field every section hides, index.md hides.
    """
    env = environment(example.config)
    site = chrome(example.config, pages=example.pages, pdf=False)
    whole = render_index_markdown(env, example, site, values=site_values(example, site))
    keys: list[str] = []
    memo.forget()  # nothing remembered: every section made
    by_sections = index_markdown(env, example, site, keys=lambda path: keys.append(path) or path)
    memo.forget()
    assert by_sections == whole
    assert keys == [section_path(name) for name in SECTIONS]
    hidden = frozenset.intersection(*(entry.hidden for entry in SECTIONS.values() if entry.hidden is not None))
    assert shows(names.INDEX_MARKDOWN).hidden == hidden


def test_index_md_sections_from_the_sites_views_are_the_same_with_less_work(example: SiteData) -> None:
    """Given the views made for the site's pages, index.md's sections use them: the same bytes, less work.

    The build renders index.md with the views the site's pages read (in a forked process when it is large); a
    section whose template reads a view they lack makes it alone, as it does with no views at all.
    """
    env = environment(example.config)
    site = chrome(example.config, pages=example.pages, pdf=False)
    values = site_values(example, site, wanted=variables_read(env, page_templates(names.site_page("index"))), own=True)

    def render(shared: TemplateContext | None) -> str:
        memo.forget()  # nothing remembered: every section made
        return index_markdown(env, example, site, keys=lambda path: path, values=shared)

    every = site_values(example, site, own=True)
    alone = render(None)
    assert render(every) == alone
    assert render(values) == alone  # the table's section takes the home page's rows, the others make their views
    assert calls(lambda: render(every)) < calls(lambda: render(None)) * 4 // 5  # 1/2 at 1,000 incidents
    memo.forget()


def test_a_field_a_page_never_shows_leaves_its_bytes(example: SiteData) -> None:
    """Each field an entry names as hidden, given other values in every incident, leaves the page as it was.

    A page that names some incidents (the metrics, those that missed their target the furthest) shows their
    titles alone: every other incident's title is given another's; theirs, changed, change the page.
    """
    checked = 0
    for path in _paths(example):
        hidden = shows(path).hidden
        hidden = frozenset(Incident.model_fields) if hidden is None else hidden  # None: it shows no incident
        before = _page(example, path, example=example)
        for field in sorted(hidden & set(Incident.model_fields)):
            if len({repr(getattr(i, field)) for i in example.incidents}) < 2:
                continue  # every incident has the same value: nothing to swap
            kept = _named(example, path) if field == "title" else set()
            assert _page(_swapped(example, field, kept=kept), path, example=example) == before, (path, field)
            checked += 1
    assert checked > 50


def _named(data: SiteData, path: str) -> set[str]:
    """The ids of the incidents whose titles the page at *path* shows (see ``shows.named``); none if it names none."""
    if not shows(path).named:
        return set()
    found = named(path, site_values(data, chrome(data.config, pages=data.pages, pdf=False)))
    assert found is not None, path
    return set(found)


def test_a_page_that_names_incidents_shows_their_titles(example: SiteData) -> None:
    """The metrics page names the incidents that missed their target the furthest: their titles change it."""
    path = names.site_page("metrics")
    ids = _named(example, path)
    assert ids, "the example has incidents that missed their response target"
    retitled = tuple(fresh(i, title=f"{i.title} (retitled)") if i.id in ids else i for i in example.incidents)
    data = dataclasses.replace(example, incidents=retitled)
    assert _page(data, path, example=example) != _page(example, path, example=example)


def test_other_inputs_a_page_never_shows_leave_its_bytes(example: SiteData) -> None:
    """Risks, runbooks, free pages and the number of incidents: changed, they leave the pages that show none."""
    fields = SiteData.__slots__
    for path in _paths(example):
        seen = shows(path)
        before = _page(example, path, example=example)
        changes: list[dict[str, object]] = []
        if not seen.risks:
            changes.append({"risks": example.risks[1:]})
        if not seen.procedures:  # the others, when the file is made of one (own)
            changes.append({"procedures": tuple(p for p in example.procedures if names.procedure(p.slug) == path)})
        if not seen.pages:
            changes.append({"pages": tuple(p for p in example.pages if names.page(p.slug) == path)})
        if seen.hidden is None and not seen.count:
            changes.append({"incidents": example.incidents[1:]})
        for change in changes:
            data = SiteData(**{**{k: getattr(example, k) for k in fields}, **change})
            assert _page(data, path, example=example) == before, (path, list(change))


def test_templates_of_the_repository_count_everything(tmp_path: Path) -> None:
    """With a template of the repository, the build cannot know what a page shows: every page counts everything."""
    repo = copy_example(tmp_path)
    (repo / "templates" / "site").mkdir(parents=True)
    (repo / "templates" / "site" / "lessons.html.j2").write_text("{{ rows | length }}", encoding="utf-8")
    assert not environment(load_config(repo)).builtin_only


def test_what_no_page_reads_of_an_incident_can_be_left_out(example: SiteData) -> None:
    """Every page across incidents, and index.md, comes out the same when the incidents' records leave out UNREAD."""
    env = environment(example.config)
    paths = [*site_plan(example), names.INDEX_MARKDOWN]
    for path in paths:
        assert _page(example, path, example=example, own=True) == _page(example, path, example=example), path
    assert env.builtin_only
    assert {"timeline", "actions", "lessons"} <= UNREAD
    taught = [lesson.id for incident in example.incidents for lesson in incident.lessons.to_keep if lesson.id]
    listed = dataclasses.replace(example, config=example.config.model_copy(update={"lessons": tuple(taught[:3])}))
    for path in (names.site_page("lessons"), names.INDEX_MARKDOWN):  # the team's lessons, and their incidents
        assert _page(listed, path, example=example, own=True) == _page(listed, path, example=example), path
    assert 'class="team-lessons"' in _page(listed, names.site_page("lessons"), example=example, own=True)


def test_rows_handed_by_their_keys_render_the_rows_they_stand_for(example: SiteData) -> None:
    """With pm's own templates and each incident's key, the table's rows are handed by key: the same bytes.

    The home page and index.md's table come out as from the rows themselves; rendered again with what the first
    render remembered, no row is made (the memo knows each by its incident's key), and the bytes do not change.
    """
    keys = {i.id: hashlib.blake2b(i.model_dump_json().encode(), digest_size=16).hexdigest() for i in example.incidents}
    keyed = dataclasses.replace(example, keys=keys)
    env = environment(example.config)
    site = chrome(example.config, pages=example.pages, pdf=False)
    rows = site_values(keyed, site, wanted={"rows"}, own=True)["rows"]
    assert rows
    assert all(type(row) is Keyed for row in rows)
    assert [str(row) for row in rows] == [f"table row {keys[row['incident']['id']]}" for row in
                                          site_values(example, site, wanted={"rows"}, own=True)["rows"]]  # fmt: skip
    home, table = names.site_page("index"), section_path("table")
    for path in (home, table):
        memo.forget()
        expected = _page(example, path, example=example, own=True)
        assert _page(keyed, path, example=example, own=True) == expected, path
        assert calls(lambda path=path: _page(keyed, path, example=example, own=True), of=_plain_row.__code__) == 0
        assert _page(keyed, path, example=example, own=True) == expected, path
    memo.forget()
    with pytest.raises(PmError, match="has no attribute 'incident'"):  # a template reading one fails, never shows less
        render_with(env, "site/incident-row.html.j2", template_context({"row": rows[0]}))


def test_a_report_shows_a_runbook_by_its_title_and_link_alone(example: SiteData) -> None:
    """A runbook's steps and file count for no report: pm's own reports show its title and link only."""
    env = environment(example.config)
    site = chrome(example.config, pages=example.pages, pdf=False)
    links = Corpus(titles={i.id: i.title for i in example.incidents}, risks={r.id: r for r in example.risks},
                   procedures=example.procedures)  # fmt: skip
    checked = 0
    for incident in example.incidents:
        around = links.around(incident)
        if not around.procedures:
            continue
        other = dataclasses.replace(around, procedures=tuple(
            p.model_copy(update={"body": "# Other steps\n\n1. Something else.\n", "path": "elsewhere.md"})
            for p in around.procedures))  # fmt: skip
        for fmt in ("md", "html"):
            made = [render_report(incident, env=env, config=example.config, corpus=corpus, fmt_name=fmt, today=TODAY,
                                  site=site if fmt == "html" else None) for corpus in (around, other)]  # fmt: skip
            assert made[0] == made[1], (incident.id, fmt)
            checked += 1
    assert checked


def test_the_metrics_page_values_are_known_by_name(example: SiteData) -> None:
    """The build makes the metrics page's figures only for templates that read one of them: all are named."""
    site = chrome(example.config, pages=example.pages, pdf=False)
    every = set(site_values(example, site))
    without = set(site_values(example, site, wanted={"rows"}))
    assert every - without - {"themes", "team_lessons", "ledger", "metrics", "matrix", "risks", "materialised",
                              "procedures", "pages", "tag_counts", "years", "search_shards", "feed", "feed_ids",
                              "feed_updated", "feed_last_updated", "feed_self_id"} == METRICS_VALUES  # fmt: skip
