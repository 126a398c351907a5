"""The pages across incidents from what each incident's file kept: the same bytes as reading every incident.

A build keeps what the metrics take of each incident (its timings, its actions' standing), its lessons and what the
ledger takes of its actions in the sealed memo, by the incident file's content, and only adds them up; these tests
prove the metrics, lessons and actions pages (and index.md) are byte for byte what reading every incident again
gives, on the example and on generated incidents, on days before, between and after the actions' due dates, and
that a kept entry of the wrong shape is read again from the incident, never believed or fatal.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem.commands.remember import memo_folder
from postmortem.config.files import load_config
from postmortem.corpus import facts, metrics
from postmortem.corpus.figures import Figures, decoded, encoded, figures_of
from postmortem.corpus.repository import load_corpus
from postmortem.load.homes import secret
from postmortem.load.sealed import Shelf
from postmortem.model import names
from postmortem.model.incident import Incident
from postmortem.model.statuses import ACTION_STATUSES
from postmortem.render import memo
from postmortem.render.chrome import chrome
from postmortem.render.kept import kept_figures
from postmortem.render.reads import variables_read
from postmortem.render.site import page_templates, render_index_markdown, render_site, site_values
from postmortem.render.site_views import SiteData
from postmortem.render.templating import environment
from tests.conftest import ROOT, Run, calls, copy_example, fresh

DAYS = (dt.date(2024, 6, 1), dt.date(2025, 2, 15), dt.date(2025, 6, 1), dt.date(2026, 12, 1), dt.date(2031, 1, 1))
METRICS = names.site_page("metrics")


@pytest.fixture(autouse=True)
def _empty_memo() -> Iterator[None]:
    """Each test starts with a memo of its own, and leaves none behind."""
    memo.forget()
    yield
    memo.forget()


@pytest.fixture(scope="module", params=["example", "generated"])
def repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example repository, or 60 incidents of the benchmark's generator (actions due on many days)."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "example":
        return copy_example(folder)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(folder, 60)
    return folder


def _data(repo: Path, today: dt.date, *, keyed: bool) -> SiteData:
    """The corpus of *repo* as a build gets it from the cache (nothing computed yet), keyed by file if *keyed*."""
    config = load_config(repo)
    corpus = load_corpus(config)
    assert not corpus.errors
    keys = {incident_id: f"test-{source}" for incident_id, source in corpus.sources.items()} if keyed else {}
    incidents = tuple(fresh(incident) for incident in corpus.incidents)  # checking them read their timelines
    return SiteData(config=config, incidents=incidents, risks=corpus.risks, procedures=corpus.procedures,
                    pages=corpus.pages, today=today, formats=("md", "html"), keys=keys)  # fmt: skip


def _metrics_page(data: SiteData) -> str:
    """The metrics page of *data*, with pm's own templates."""
    site = chrome(data.config, pages=data.pages, pdf=False)
    env = environment(data.config)
    wanted = variables_read(env, list(page_templates(METRICS)))  # what the build makes for the page, and no more
    return render_site(env, data, site, only={METRICS}, values=site_values(data, site, own=True, wanted=wanted))[
        METRICS
    ]


def _timelines_read(incidents: tuple[Incident, ...]) -> int:
    """How many of *incidents* had their timeline read (its placed entries computed)."""
    return sum("placed" in incident.__dict__ for incident in incidents)


Shards = dict[str, dict[str, str]]


def _kept_from_another_day(repo: Path) -> Shards:
    """What a build made on another day than any of DAYS leaves in the memo, by shard."""
    _metrics_page(_data(repo, dt.date(2025, 3, 20), keyed=True))
    kept = memo.kept()
    figures = [key for shard in kept.values() for key in shard if key.startswith("figures:")]
    assert len(figures) == len(load_corpus(load_config(repo)).incidents)
    return kept


def _seed(shards: Shards) -> None:
    """Start the memo from *shards*, as a build starts from what the last one kept."""
    memo.seed(lambda name: shards.get(name, {}))


@pytest.mark.parametrize("today", DAYS)
def test_kept_figures_give_the_page_that_reading_every_incident_gives(repo: Path, today: dt.date) -> None:
    """Kept on one day, the figures give, on another, the metrics and page bytes of reading every incident again."""
    kept = _kept_from_another_day(repo)
    memo.forget()
    afresh = _data(repo, today, keyed=False)
    expected_page, expected = _metrics_page(afresh), metrics.compute(afresh.incidents, afresh.config.severities,
                                                                     today=today)  # fmt: skip
    _seed(kept)
    data = _data(repo, today, keyed=True)
    assert _metrics_page(data) == expected_page
    assert metrics.compute(data.incidents, data.config.severities, today=today, figures=kept_figures(data.keys)) == (
        expected
    )
    assert _timelines_read(data.incidents) == 0  # every timing came from the memo
    assert not memo.fresh()


def test_an_edited_incident_alone_is_read_again(repo: Path) -> None:
    """With the others' figures kept, the metrics read one timeline: the incident whose file changed."""
    _seed(_kept_from_another_day(repo))
    data = _data(repo, DAYS[2], keyed=True)
    edited = data.incidents[3].id
    keys = {**data.keys, edited: "test-edited"}
    fresh = _data(repo, DAYS[2], keyed=False)
    given = {incident.id: figures_of(incident) for incident in fresh.incidents}
    fresh = _data(repo, DAYS[2], keyed=False)
    adding = calls(lambda: metrics.compute(fresh.incidents, fresh.config.severities, today=DAYS[2],
                                           figures=lambda head, _model: given[head.id]))  # fmt: skip
    reading = calls(lambda: metrics.compute(fresh.incidents, fresh.config.severities, today=DAYS[2])) - adding
    reading_kept = calls(lambda: metrics.compute(data.incidents, data.config.severities, today=DAYS[2],
                                                 figures=kept_figures(keys))) - adding  # fmt: skip
    assert [i.id for i in data.incidents if "placed" in i.__dict__] == [edited]
    assert reading_kept < reading / 2
    assert list(memo.fresh()) == ["figures:test-edited"]


def test_figures_written_as_json_read_back_the_same(repo: Path) -> None:
    """Every incident's figures survive their JSON text unchanged."""
    for incident in load_corpus(load_config(repo)).incidents:
        figures = figures_of(incident)
        assert decoded(encoded(figures)) == figures


WRONG = [
    "not json",
    "null",
    "[]",
    '{"timings": [null, null, null, null]}',
    '{"timings": [null, null, null], "actions": []}',
    '{"timings": [[1.5, false], null, null, null], "actions": []}',
    '{"timings": [[15, "yes"], null, null, null], "actions": []}',
    '{"timings": [[15], null, null, null], "actions": []}',
    '{"timings": [null, null, null, null], "actions": [["ops"]]}',
    '{"timings": [null, null, null, null], "actions": [["ops", "overdue"]]}',
    '{"timings": [null, null, null, null], "actions": [["ops", "2025-13-01"]]}',
    '{"timings": [null, null, null, null], "actions": [[null, "done"]]}',
    '{"timings": [null, null, null, null], "actions": {"ops": "done"}}',
    "[" * 100_000,  # deeper than the JSON parser goes
]


@pytest.mark.parametrize("text", WRONG)
def test_a_kept_entry_of_the_wrong_shape_is_read_again(tmp_path: Path, text: str) -> None:
    """An entry that is not figures as pm writes them is not believed: the incident's own figures count."""
    assert decoded(text) is None
    data = _data(copy_example(tmp_path), DAYS[3], keyed=True)
    expected = metrics.compute(data.incidents, data.config.severities, today=DAYS[3])
    shards: Shards = {}
    for key in data.keys.values():
        shards.setdefault(memo.shard_of(f"figures:{key}"), {})[f"figures:{key}"] = text
    _seed(shards)
    data = _data(tmp_path, DAYS[3], keyed=True)
    found = metrics.compute(data.incidents, data.config.severities, today=DAYS[3], figures=kept_figures(data.keys))
    assert found == expected
    assert _timelines_read(data.incidents) == len(data.incidents)


def test_figures_hold_no_day() -> None:
    """An open action keeps the day it is due until; the state on a given day is worked out from it."""
    incident = load_corpus(load_config(ROOT)).incidents[0]
    action = incident.actions[0].model_copy(update={"status": "open"})
    due = action.model_copy(update={"due": incident.actions[0].due or _due("2025-03-31")})
    for value, expected in [(action.model_copy(update={"due": None}), "open"),
                            (due.model_copy(update={"status": "done"}), "done"),
                            (due.model_copy(update={"as_of": dt.date(1990, 1, 1)}), "open")]:  # fmt: skip
        one = fresh(incident, actions=(value,))
        assert figures_of(one).actions == ((value.owner or "", expected),)
    one = fresh(incident, actions=(due,))
    assert due.due is not None
    ((_, standing),) = figures_of(one).actions
    assert standing == due.due.last.isoformat()
    for today in (due.due.last, due.due.last + dt.timedelta(days=1)):
        kept = metrics.compute(
            (one,), (), today=today, figures=lambda _head, _model: decoded(encoded(figures_of(one))) or _no()
        )
        assert kept == metrics.compute((fresh(one),), (), today=today)
        assert kept.overdue_actions == int(due.overdue(today))


def _due(text: str) -> object:
    """A due date as an action's ``due`` field reads it."""
    from postmortem.model.parts import Action

    return Action.model_validate({"action": "x", "status": "open", "due": text}).due


def _no() -> Figures:
    """Fails: the figures should have been read back."""
    raise AssertionError("the figures were not read back")


def _figures_kept(repo: Path) -> set[str]:
    """The keys of the figures the memo of *repo* holds (read with the user's key)."""
    folder = memo_folder(load_config(repo))
    assert folder is not None
    return {key for key in Shelf(folder, key=secret(repo)).everything() if key.startswith("figures:")}


def test_an_edit_build_reads_only_the_edited_incident_and_matches_a_cold_build(
    run: Run, example_repo: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a severity edit, the next build reads that incident's figures alone; its page is a cold build's."""
    cache = os.environ["PM_CACHE_DIR"]
    assert run("render", "--format", "md,html").exit_code == 0
    before = _figures_kept(example_repo)
    assert len(before) == len(list((example_repo / "incidents").glob("*.yaml")))
    path = example_repo / "incidents" / "2025-01-18-mysqloo-ne-charge-pas.yaml"
    text = path.read_text(encoding="utf-8")
    severity = next(line for line in text.splitlines() if line.startswith("severity:"))
    path.write_text(text.replace(severity, "severity: P1" if "P1" not in severity else "severity: P2"), "utf-8")
    for day in (dt.datetime(2025, 3, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC)):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(day.timestamp())))
        monkeypatch.setenv("PM_CACHE_DIR", cache)
        assert run("render", "--format", "md,html").exit_code == 0
        assert len(_figures_kept(example_repo) - before) == 1  # the edited file's; the day is no part of a key
        monkeypatch.setenv("PM_CACHE_DIR", str(tmp_path_factory.mktemp("cold-cache")))
        assert run("render", "--format", "md,html", "--force", "--out", "cold").exit_code == 0
        assert (example_repo / "cold" / METRICS).read_bytes() == (example_repo / "site" / METRICS).read_bytes()


ACROSS = (names.site_page("lessons"), names.site_page("actions"))


def _across_pages(data: SiteData, *, own: bool) -> dict[str, str]:
    """The lessons and actions pages and index.md of *data*, with pm's own templates seen as such if *own*."""
    site = chrome(data.config, pages=data.pages, pdf=False)
    env = environment(data.config)
    values = site_values(data, site, own=own)
    return {**render_site(env, data, site, only=set(ACROSS), values=values),
            names.INDEX_MARKDOWN: render_index_markdown(env, data, site, values=values)}  # fmt: skip


@pytest.mark.parametrize("today", DAYS)
def test_kept_lessons_and_actions_give_the_pages_that_the_models_give(repo: Path, today: dt.date) -> None:
    """Kept on one day, lessons and actions give on another the pages the models give, reading no incident.

    pm's own templates take the lessons' incidents as heads and the ledger's actions by key; a template of the
    repository (*own* False) gets every model: the same bytes.
    """
    _across_pages(_data(repo, DAYS[1], keyed=True), own=True)  # another day's build
    kept = memo.kept()
    memo.forget()
    expected = _across_pages(_data(repo, today, keyed=False), own=False)
    _seed(kept)
    data = _data(repo, today, keyed=True)
    read = calls(lambda: _across_pages(data, own=True), of=facts.lesson_facts.__code__)
    assert read == 0  # every incident's lessons came from the memo
    assert _across_pages(data, own=True) == expected
    assert calls(lambda: _across_pages(data, own=True), of=facts.action_facts.__code__) == 0
    assert not [key for key in memo.fresh() if not key.startswith("fragment")]


def test_lessons_and_actions_written_as_json_read_back_the_same(repo: Path) -> None:
    """Every incident's lessons and actions, as the views take them, survive their JSON text unchanged."""
    for incident in load_corpus(load_config(repo)).incidents:
        lessons, actions = facts.lesson_facts(incident), facts.action_facts(incident)
        assert facts.decoded_lessons(facts.encoded_lessons(lessons)) == lessons
        assert facts.decoded_actions(facts.encoded_actions(actions)) == actions


WRONG_LESSONS = ["not json", "null", "{}", '[["to_keep", "x", null, "x"]]', '[["maybe", "x", null, [], "x"]]',
                 '[["to_keep", 3, null, [], "3"]]', '[["to_keep", "x", 3, [], "x"]]',
                 '[["to_keep", "x", null, "ops", "x"]]', '[["to_keep", "x", null, [3], "x"]]', '["abcde"]',
                 "[" * 100_000, '[["went_wrong", "x", "an-id", [], "x"]]', '[["to_keep", "x", "", [], "x"]]',
                 '[["lucky", "x", null, [], 3]]', '[["lucky", "x", null, []]]']  # fmt: skip
WRONG_ACTIONS = ["not json", "null", "{}", '[["open", null, ""]]', '[["later", null, "", "open"]]',
                 '[["open", "2025-13-01", "", "open"]]', '[["open", null, 3, "open"]]', '[["open", null, "", "soon"]]',
                 '[["open", 20250101, "", "open"]]', '[["open", null, "", "2025-02-30"]]', "[" * 100_000,
                 '[["done", null, "", "2020-01-01"]]', '[["done", null, "", "open"]]',
                 '[["open", null, "", "2020-01-01"]]', '[["open", "2020-01-31", "", "2020-02-01"]]',
                 '[["blocked", null, "", "done"]]', '[["open", "20250101", "", "20250101"]]',
                 '[["open", ["2025-01-01"], "", "open"]]', '[["open", "2025-W01-1", "", "open"]]']  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "text"), [("lessons", t) for t in WRONG_LESSONS] + [("actions", t) for t in WRONG_ACTIONS]
)
def test_a_kept_lesson_or_action_of_the_wrong_shape_is_read_again(tmp_path: Path, kind: str, text: str) -> None:
    """An entry that is not what pm writes is not believed: the pages show the incidents' own lessons and actions."""
    decode = facts.decoded_lessons if kind == "lessons" else facts.decoded_actions
    assert decode(text) is None
    repo = copy_example(tmp_path)
    expected = _across_pages(_data(repo, DAYS[3], keyed=False), own=False)
    data = _data(repo, DAYS[3], keyed=True)
    shards: Shards = {}
    for key in data.keys.values():
        shards.setdefault(memo.shard_of(f"{kind}:{key}"), {})[f"{kind}:{key}"] = text
    _seed(shards)
    read = facts.lesson_facts if kind == "lessons" else facts.action_facts
    assert calls(lambda: _across_pages(data, own=True), of=read.__code__) == len(data.incidents)
    assert _across_pages(data, own=True) == expected


_TEXT = st.text(max_size=30)  # any character, lone surrogates too (a YAML escape can write one)
_DAY = st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2100, 12, 31))


_LESSON = st.builds(facts.LessonFact, st.sampled_from(facts.LESSON_KINDS[1:]), _TEXT, st.none(),
                    st.lists(_TEXT, max_size=3).map(tuple), _TEXT)  # fmt: skip
_KEPT = st.builds(facts.LessonFact, st.just("to_keep"), _TEXT, st.none() | _TEXT.filter(bool),
                  st.lists(_TEXT, max_size=3).map(tuple), _TEXT)  # fmt: skip


@st.composite
def _action(draw: st.DrawFn) -> facts.ActionFact:
    """What the ledger could take of any action: its standing follows from its status and due day."""
    status, last = draw(st.sampled_from(ACTION_STATUSES)), draw(st.none() | _DAY)
    closed = status in ("done", "cancelled")
    standing = status if closed else draw(st.sampled_from(["open"] + ([last.isoformat()] if last else [])))
    return facts.ActionFact(status, last, draw(_TEXT), standing)


@given(st.lists(_LESSON | _KEPT, max_size=5).map(tuple))
def test_any_lessons_read_back_the_same(lessons: tuple[facts.LessonFact, ...]) -> None:
    """Whatever their texts, kept lessons read back as they were written."""
    assert facts.decoded_lessons(facts.encoded_lessons(lessons)) == lessons


@given(st.lists(_action(), max_size=5).map(tuple))
def test_any_actions_read_back_the_same(actions: tuple[facts.ActionFact, ...]) -> None:
    """Whatever their owners and days, kept actions read back as they were written."""
    assert facts.decoded_actions(facts.encoded_actions(actions)) == actions
