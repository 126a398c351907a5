"""The fingerprints of a build cost what changed: each incident is digested once a build, not once a page.

What a fingerprint means does not change: a report's is what its incident and ``Corpus.around`` give it, a page's
what it shows of every incident (shows.py). Each incident's digests are one memo entry, by its file's content, and
those across incidents one entry by every file's: a build whose incidents did not change reads no incident's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path
from types import FrameType

import pytest

from postmortem.commands import pages
from postmortem.commands.inputs import digest
from postmortem.commands.pages import PageInputs
from postmortem.commands.stamps import ReportInputs
from postmortem.config.files import load_config
from postmortem.corpus.repository import Corpus, load_corpus
from postmortem.load.sealed import Shelf
from postmortem.model import names
from postmortem.model.head import Incidents
from postmortem.model.incident import Incident
from postmortem.model.statuses import CLOSED_ACTION_STATUSES
from postmortem.render import memo
from postmortem.render import report as report_module
from postmortem.render.shows import SECTIONS, section_path, shows
from postmortem.render.site import site_plan
from postmortem.render.site_views import SiteData
from tests.conftest import Run, calls, example_or_generated, fresh

TODAY = dt.date(2025, 6, 1)
INCIDENT = "incidents/2025-01-18-mysqloo-ne-charge-pas.yaml"


@pytest.fixture(scope="module", params=["example", "generated"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The example repository, or 40 incidents of the benchmark's generator, loaded."""
    repo = tmp_path_factory.mktemp(request.param)
    example_or_generated(repo, request.param)
    loaded = load_corpus(load_config(repo))
    assert not loaded.errors
    return loaded


@pytest.fixture(autouse=True)
def _no_memo() -> None:
    """Each test starts from a memo with nothing kept, as a first build does."""
    memo.forget()


def _paths(corpus: Corpus) -> list[str]:
    """index.md, its sections and every page of the site."""
    data = SiteData(config=corpus.config, incidents=corpus.incidents, risks=corpus.risks,
                    procedures=corpus.procedures, pages=corpus.pages, today=TODAY, formats=("md", "html"))  # fmt: skip
    return [names.INDEX_MARKDOWN, *(section_path(name) for name in SECTIONS), *site_plan(data)]


def _page_reference(corpus: Corpus, path: str, *, shared: str, own: bool) -> str:
    """What a page's fingerprint is made of, each incident digested for this page alone (nothing kept)."""
    inputs = PageInputs(corpus=corpus, shared=shared, today=TODAY, own=own)
    hidden = shows(path).hidden if own else frozenset()
    if hidden is None:
        return inputs.of(path)  # no incident counts
    incidents, runs = corpus.incidents, inputs._runs(inputs.hidden_sets)
    assert [(start, end) for start, end, _ in runs] == list(zip([0, *(end for _, end, _ in runs[:-1])],
                                                                [end for _, end, _ in runs], strict=True))  # fmt: skip
    column = [pages._joined([pages._projections(i, (hidden,)) for i in incidents[a:b]]) for a, b, _ in runs]
    inputs.runs = runs
    groups = inputs._groups()  # runs in groups, cut after the incidents whose id's hash starts with 0
    assert [end for _, end, _ in groups][-1:] == [len(runs)] if runs else groups == []
    inputs.across = {hidden: pages._joined([pages._joined(column[a:b]) for a, b, _ in groups])}
    return inputs.of(path)


def _report_reference(incident: Incident, *, corpus: Corpus, shared: str, own: bool) -> str:
    """A report's fingerprint as ``Corpus.around`` gives it what it shows, made for this report alone."""
    links = report_module.Corpus(titles={i.id: i.title for i in corpus.incidents},
                                 risks={r.id: r for r in corpus.risks}, procedures=corpus.procedures)  # fmt: skip
    around = links.around(incident)
    if own:  # pm's own templates show a runbook by its title and link alone
        shown = tuple(p.model_copy(update={"body": "", "path": ""}) for p in around.procedures)
        around = dataclasses.replace(around, procedures=shown)
    due = any(a.due and a.status not in CLOSED_ACTION_STATUSES for a in incident.actions)
    source = corpus.sources.get(incident.id) or incident.model_dump_json()
    return digest(shared, source, *around.digest_parts(), TODAY.isoformat() if due else "")


def _links(corpus: Corpus) -> report_module.Corpus:
    """What the reports of a build show of the corpus, as the build gives it."""
    return report_module.Corpus(titles={i.id: i.title for i in corpus.incidents},
                                risks={r.id: r for r in corpus.risks}, procedures=corpus.procedures)  # fmt: skip


@pytest.mark.parametrize("own", [True, False])
def test_a_reports_fingerprint_is_that_of_what_around_gives_it(corpus: Corpus, own: bool) -> None:
    """Made once for the build or for one report alone, each report's fingerprint is the same."""
    inputs = ReportInputs(links=_links(corpus), shared="shared", today=TODAY, own=own)
    assert any(i.risks and i.related for i in corpus.incidents)  # each part counts somewhere
    for incident in corpus.incidents:
        expected = _report_reference(incident, corpus=corpus, shared="shared", own=own)
        assert inputs.of(incident, source=corpus.sources.get(incident.id)) == expected, incident.id


@pytest.mark.parametrize("own", [True, False])
def test_a_pages_fingerprint_is_that_of_each_incident_digested_for_it(corpus: Corpus, own: bool) -> None:
    """Every page's fingerprint is the one made by digesting each incident for that page alone.

    From nothing kept, then from what a build kept, then with an incident that has no file.
    """
    shelf: dict[str, dict[str, str]] = {}
    paths = _paths(corpus)
    expected = {path: _page_reference(corpus, path, shared="s", own=own) for path in paths}
    assert {path: PageInputs(corpus=corpus, shared="s", today=TODAY, own=own).of(path) for path in paths} == expected
    _seed_with_kept(shelf)
    assert {path: PageInputs(corpus=corpus, shared="s", today=TODAY, own=own).of(path) for path in paths} == expected
    unfiled = dataclasses.replace(corpus, sources=dict(list(corpus.sources.items())[1:]))
    inputs = PageInputs(corpus=unfiled, shared="s", today=TODAY, own=own)
    assert {path: inputs.of(path) for path in paths} == {
        path: _page_reference(unfiled, path, shared="s", own=own) for path in paths
    }


def test_a_reports_fingerprint_is_the_last_builds_when_its_file_and_the_corpus_are_the_same(corpus: Corpus) -> None:
    """None is made again when nothing changed; after an edit, the edited incident's, and those that name it.

    A report shows the titles of the incidents it names (each is what ``around`` gives it): a title edit makes
    again the fingerprints of the incidents that name the retitled one, not all.
    """
    made, shelf = ReportInputs.make.__code__, dict[str, dict[str, str]]()

    def build(corpus: Corpus) -> tuple[list[str], int]:
        inputs = ReportInputs(links=_links(corpus), shared="s", today=TODAY, own=True)
        found: list[str] = []
        work = calls(lambda: found.extend(inputs.of(i, source=corpus.sources.get(i.id)) for i in corpus.incidents),
                     of=made)  # fmt: skip
        assert found == [_report_reference(i, corpus=corpus, shared="s", own=True) for i in corpus.incidents]
        inputs.remember()
        _seed_with_kept(shelf)
        return found, work

    first, work = build(corpus)
    assert work == len(corpus.incidents)
    assert build(corpus) == (first, 0)
    assert memo.fresh() == {}  # nothing new to keep
    head = corpus.incidents[0]
    edited = dataclasses.replace(corpus, incidents=_incidents([fresh(head, summary="Encore"), *corpus.incidents[1:]]),
                                 sources={**corpus.sources, head.id: "another file"})  # fmt: skip
    assert build(edited)[1] == 1
    named = next(i for i in corpus.incidents if i.related)
    target = next(n for n, i in enumerate(corpus.incidents) if i.id == named.related[0])
    retitled = dataclasses.replace(edited, sources={**edited.sources, corpus.incidents[target].id: "a title edit"},
                                   incidents=_incidents([fresh(i, title="Encore") if n == target else i
                                                        for n, i in enumerate(edited.incidents)]))  # fmt: skip
    naming = {i.id for i in corpus.incidents if corpus.incidents[target].id in i.related}
    assert build(retitled)[1] == len(naming | {corpus.incidents[target].id}) < len(corpus.incidents)


def _incidents(models: list[Incident]) -> Incidents:
    """*models* as a corpus holds them."""
    return Incidents((None, functools.partial(lambda model: model, model)) for model in models)


def _seed_with_kept(shelf: dict[str, dict[str, str]]) -> None:
    """Start a next build from what the memo keeps of this one, in *shelf* with what it kept before (by shard)."""
    shelf.update(memo.kept())
    memo.seed(lambda name: shelf.get(name, {}))


def test_each_set_of_fields_a_page_hides_is_digested_once_for_each_incident(corpus: Corpus) -> None:
    """Each incident is digested once for every page's fingerprint (all the sets of fields hidden at once).

    From what a build kept, with no incident changed, none is, nor is its entry read.
    """
    shelf: dict[str, dict[str, str]] = {}
    paths, made = _paths(corpus), pages._projections.__code__
    work = calls(lambda: [PageInputs(corpus=corpus, shared="s", today=TODAY, own=True).of(p) for p in paths], of=made)
    assert work == len(corpus.incidents)
    inputs = PageInputs(corpus=corpus, shared="s", today=TODAY, own=True)
    inputs.of(names.INDEX_MARKDOWN)
    assert len(inputs.runs) > 1 or len(corpus.incidents) < 20  # runs of incidents, 16 on average
    assert len(inputs.groups) > 1 or len(inputs.runs) < 20  # groups of runs, 16 on average
    assert len(memo.fresh()) == len(inputs.runs) + len(inputs.groups) + 1  # an entry each, one across incidents
    _seed_with_kept(shelf)
    read = calls(lambda: [PageInputs(corpus=corpus, shared="s", today=TODAY, own=True).of(p) for p in paths],
                 of=memo.recall_each.__code__)  # fmt: skip
    assert read == 0


@pytest.mark.parametrize("key", ["0edited", "fedited"])
def test_what_a_page_hides_of_an_edited_file_counts_for_nothing_whatever_its_key(corpus: Corpus, key: str) -> None:
    """A title edit leaves the fingerprint of every page that hides titles as it is, whatever the file's new key.

    The incidents' digests are grouped where their ids (not their files' keys, which an edit changes) say: a key
    that starts with 0 after an edit, or no longer does, moves no group's bounds.
    """
    paths = _paths(corpus)
    before = {path: PageInputs(corpus=corpus, shared="s", today=TODAY, own=True).of(path) for path in paths}
    for number in (0, len(corpus.incidents) // 2, len(corpus.incidents) - 1):
        edited_one = corpus.incidents[number]
        incidents = [*corpus.incidents[:number], fresh(edited_one, title="Encore"), *corpus.incidents[number + 1 :]]
        edited = dataclasses.replace(corpus, incidents=_incidents(incidents),
                                     sources={**corpus.sources, edited_one.id: f"{key}{number}"})  # fmt: skip
        now = {path: PageInputs(corpus=edited, shared="s", today=TODAY, own=True).of(path) for path in paths}
        hiding = {path for path in paths if (seen := shows(path)).hidden is not None and "title" in seen.hidden
                  and not seen.named}  # a page that names incidents counts titles until a build says which  # fmt: skip
        assert hiding
        assert {path for path in hiding if now[path] != before[path]} == set()


def test_a_changed_incident_reads_the_runs_of_its_group_alone(corpus: Corpus) -> None:
    """A new title: the entries of the other groups of runs are read, not those of their runs (5,000 at 5,000)."""
    shelf: dict[str, dict[str, str]] = {}
    PageInputs(corpus=corpus, shared="s", today=TODAY, own=True).of(names.INDEX_MARKDOWN)
    _seed_with_kept(shelf)
    last = corpus.incidents[-1]
    edited = dataclasses.replace(corpus, incidents=_incidents([*corpus.incidents[:-1], fresh(last, title="Encore")]),
                                 sources={**corpus.sources, last.id: "another file"})  # fmt: skip
    inputs = PageInputs(corpus=edited, shared="s", today=TODAY, own=True)
    asked: list[int] = []  # the keys of each call asking the memo for many entries

    def asking(frame: FrameType, event: str, _: object) -> bool:
        if event == "call" and frame.f_code is memo.recall_each.__code__:
            asked.append(len(frame.f_locals["digests"]))
        return False

    calls(lambda: inputs.of(names.INDEX_MARKDOWN), counts=asking)
    start, end, _ = inputs.groups[-1]
    assert asked == [len(inputs.groups), end - start]  # every group, then the runs of the edited one's
    assert end - start <= pages.GROUP_MOST
    assert len(inputs.groups) > 1 or len(corpus.incidents) < 20


def test_a_changed_incident_alone_is_digested_again_and_changes_the_pages_that_show_it(corpus: Corpus) -> None:
    """A new title: the incident's run is digested again; the pages that show titles change, the others do not."""
    shelf: dict[str, dict[str, str]] = {}
    paths = _paths(corpus)
    before = {path: PageInputs(corpus=corpus, shared="s", today=TODAY, own=True).of(path) for path in paths}
    _seed_with_kept(shelf)
    first = corpus.incidents[0]
    edited = dataclasses.replace(corpus, incidents=_incidents([fresh(first, title="Encore"), *corpus.incidents[1:]]),
                                 sources={**corpus.sources, first.id: "another file"})  # fmt: skip
    inputs = PageInputs(corpus=edited, shared="s", today=TODAY, own=True)
    now: dict[str, str] = {}
    work = calls(lambda: now.update({path: inputs.of(path) for path in paths}), of=pages._projections.__code__)
    assert work == inputs.runs[0][1]  # the incidents of the first run alone
    assert work < len(corpus.incidents) or len(corpus.incidents) < 20
    changed = {path for path in paths if before[path] != now[path]}
    hidden = {path: shows(path).hidden for path in paths}
    named = {path for path in paths if shows(path).named}  # every title counts until a build says which it names
    assert changed == {path for path in paths if (found := hidden[path]) is not None and "title" not in found} | named
    assert names.site_page("index") in changed
    assert section_path("table") in changed
    assert names.site_page("lessons") not in changed


def test_an_edit_that_changes_no_incident_reads_none_of_their_digests(
    run: Run, example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A runbook edit reads none of the incidents' entries; a prose edit digests the edited incident's run alone.

    Also after a build that made every page (which keeps only what it used).
    """
    run("render", "--format", "md,html")
    run("render", "--format", "md,html", "--force")
    read: list[str] = []
    reader = Shelf.read

    def counted(self: Shelf, name: str) -> dict[str, str]:
        read.append(name)
        return reader(self, name)

    monkeypatch.setattr(Shelf, "read", counted)
    runbook = example_repo / "runbooks" / "p1-serveur-inaccessible.md"
    runbook.write_text(runbook.read_text(encoding="utf-8").replace("Le container", "Le conteneur", 1), "utf-8")
    assert run("render", "--format", "md,html").exit_code == 0
    assert memo.kind(pages.SHOWN) not in {name.rpartition("-")[0] for name in read}, read
    assert memo.kind("corpus shows") in {name.rpartition("-")[0] for name in read}
    path = example_repo / INCIDENT
    path.write_text(path.read_text(encoding="utf-8").replace("Au premier", "Au tout premier", 1), encoding="utf-8")
    work = calls(lambda: run("render", "--format", "md,html"), of=pages._run.__code__)
    assert work == 1  # the edited incident's run
