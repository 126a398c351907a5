"""What a report's template sees: pm's own templates get less of the incident, the same bytes come out.

A build copies for pm's own report templates an incident without what they never read (``UNREAD``), and the values
every report of the build shares (configuration, labels, site) once for the build; each report must come out
byte for byte as from a whole copy made for it alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from postmortem.config.files import load_config
from postmortem.config.model import LANGUAGES
from postmortem.corpus.repository import Corpus as LoadedCorpus
from postmortem.corpus.repository import load_corpus
from postmortem.render.bounded import render_with
from postmortem.render.chrome import chrome
from postmortem.render.i18n import Formatter, hours_minutes
from postmortem.render.report import TEMPLATES, Corpus, Format, context, render_report
from postmortem.render.report_shared import UNREAD
from postmortem.render.templating import environment
from tests.conftest import copy_example, example_or_generated

TODAY = dt.date(2025, 6, 1)


@pytest.fixture(scope="module", params=["example", "generated"])
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> LoadedCorpus:
    """The example repository, or 40 incidents of the benchmark's generator (every field, both languages)."""
    repo = tmp_path_factory.mktemp(request.param)
    example_or_generated(repo, request.param)
    corpus = load_corpus(load_config(repo))
    assert not corpus.errors
    return corpus


def test_own_templates_read_nothing_left_out_of_the_incident(loaded: LoadedCorpus) -> None:
    """Every report, in both formats, is the same from the incident without UNREAD as from the whole incident."""
    config = loaded.config
    env = environment(config)
    assert env.builtin_only
    site = chrome(config, pages=loaded.pages, pdf=False)
    links = Corpus(titles={i.id: i.title for i in loaded.incidents}, risks={r.id: r for r in loaded.risks},
                   procedures=loaded.procedures)  # fmt: skip
    formats: tuple[Format, ...] = ("md", "html", "pdf")
    for incident in loaded.incidents:
        for fmt in formats:
            shown = site if fmt == "html" else None
            made = [
                render_with(env, TEMPLATES[fmt], context(incident, config=config, corpus=links.around(incident),
                                                         fmt_name=fmt, today=TODAY, site=shown, own=own))
                for own in (False, True)
            ]  # fmt: skip
            assert made[0] == made[1], (incident.id, fmt)
            built = render_report(incident, env=env, config=config, corpus=links.around(incident), fmt_name=fmt,
                                  today=TODAY, site=shown)  # fmt: skip
            assert built == made[1], (incident.id, fmt)
    assert {"timeline", "placed"} <= UNREAD


def test_a_template_of_the_repository_sees_the_whole_incident(tmp_path: Path) -> None:
    """A repository's report template may read what pm's own leave out: it gets the incident's timeline."""
    repo = copy_example(tmp_path)
    (repo / "templates").mkdir()
    (repo / "templates" / "report.md.j2").write_text(
        "{{ incident.timeline | length }} {{ incident.placed | length }}\n", encoding="utf-8"
    )
    config = load_config(repo)
    corpus = load_corpus(config)
    env = environment(config)
    assert not env.builtin_only
    incident = max(corpus.incidents, key=lambda i: len(i.timeline))
    text = render_report(incident, env=env, config=config, corpus=Corpus(titles={}, risks={}), fmt_name="md",
                         today=TODAY)  # fmt: skip
    assert text == f"{len(incident.timeline)} {len(incident.placed)}\n"
    assert len(incident.timeline) > 1


def test_the_values_of_a_build_follow_its_labels(tmp_path: Path) -> None:
    """Values copied once per build are not kept for a build whose labels changed: the new label is shown."""
    repo = copy_example(tmp_path)
    config = load_config(repo)
    corpus = load_corpus(config)
    incident = corpus.incidents[0]
    empty = Corpus(titles={}, risks={})
    first = dict(context(incident, config=config, corpus=empty, fmt_name="md", today=TODAY, own=True))
    (repo / "templates" / "i18n").mkdir(parents=True)
    (repo / "templates" / "i18n" / f"{incident.language}.toml").write_text('summary = "What happened"\n', "utf-8")
    later = dict(context(incident, config=config, corpus=empty, fmt_name="md", today=TODAY, own=True))
    assert first["t"]["summary"] != "What happened"
    assert later["t"]["summary"] == "What happened"


@given(st.datetimes(timezones=st.sampled_from([None, dt.UTC, ZoneInfo("Europe/Paris"), ZoneInfo("Asia/Kolkata")])))
def test_hours_and_minutes_are_written_as_strftime_writes_them(moment: dt.datetime) -> None:
    """Timeline rows and chart ticks write a time without ``strftime``, and exactly as it does."""
    assert hours_minutes(moment) == moment.strftime("%H:%M")


@given(st.integers(min_value=-(10**30), max_value=10**30) | st.integers(min_value=-99_999, max_value=99_999))
def test_counts_are_written_as_babel_writes_them(count: int) -> None:
    """A count is written without Babel's decimals where that is exact, and exactly as Babel writes it."""
    for language in LANGUAGES:
        try:
            expected = str(format_decimal(count, locale=language))
        except ArithmeticError:
            expected = str(count)
        assert Formatter(language=language, timezone="UTC").number(count) == expected
