"""Fuzzing: generated valid incidents render in every format; mutated ones give located errors or render.

A longer run: PM_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem.config.model import Config
from postmortem.errors import Level
from postmortem.load.yaml import load
from postmortem.render.pdf import Places, render_pdf
from postmortem.render.report import Corpus, render_report
from postmortem.render.templating import environment
from postmortem.validate.incident import validate_incident
from tests.conftest import ROOT

EXAMPLES = int(os.environ.get("PM_FUZZ_EXAMPLES", "60"))
CONFIG = Config(root=ROOT / "tests")
ENV = environment(CONFIG)
LINKS = Corpus(titles={}, risks={})
MILESTONES = ["started", "detected", "acknowledged", "mitigated", "resolved"]

SNIPPETS = [
    "**bold** and `code`",
    "- a\n- b",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "```\ncode <b>\n```",
    "# Heading\n\ntext",
    "[link](https://example.com)",
    "<script>alert(1)</script>",
]
TOKENS = ['"', ":", "- ", "\t", "{", "]", "\n", "~", "&x", "*x", "!!str", "#"]
words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(str.strip)
markdown = st.one_of(
    words,
    st.lists(words, min_size=1, max_size=4).map("\n\n".join),
    st.sampled_from(SNIPPETS),
)


@st.composite
def incidents(draw: st.DrawFn) -> dict[str, object]:
    """A valid draft incident: any text, a timeline in order with milestones in order, actions, lessons."""
    start = draw(st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2030, 1, 1)))
    gaps = draw(st.lists(st.integers(0, 3000), min_size=0, max_size=12))
    marks = sorted(draw(st.lists(st.sampled_from(MILESTONES), unique=True, max_size=5)), key=MILESTONES.index)
    timeline, moment = [], start
    for index, gap in enumerate(gaps):
        moment += dt.timedelta(minutes=gap)
        approximate = draw(st.booleans())
        entry = {"at": f"{moment:%Y-%m-%d} {'~' if approximate else ''}{moment:%H:%M}", "text": draw(words)}
        if index < len(marks):
            entry["milestone"] = marks[index]
        timeline.append(entry)
    return {
        "id": draw(st.from_regex(r"[A-Z]{2,5}-[0-9]{1,4}", fullmatch=True)),
        "title": draw(words),
        "status": "draft",
        "date": f"{start:%Y-%m-%d}",
        "severity": draw(st.sampled_from(["P1", "P2", "P3", "P4", None])),
        "language": draw(st.sampled_from(["en", "fr"])),
        "timezone": draw(st.sampled_from(["UTC", "Europe/Paris", "America/New_York", "+05:30"])),
        "summary": draw(markdown),
        "root_cause": draw(st.one_of(st.none(), markdown)),
        "tags": draw(st.lists(words, max_size=3)),
        "timeline": timeline,
        "time_spent": draw(st.sampled_from(["2h", "1h30", "30min", "10min", "1d 4h", None])),
        "impact": {"description": draw(markdown), "users_affected": draw(st.integers(0, 10**9))},
        "actions": [_action(draw, due=start.date()) for _ in range(draw(st.integers(0, 4)))],
        "lessons": {"went_well": draw(st.lists(words, max_size=2)), "to_keep": draw(st.lists(markdown, max_size=2))},
    }


def _action(draw: st.DrawFn, *, due: dt.date) -> dict[str, object]:
    """One action with an owner."""
    return {
        "what": draw(words),
        "owner": draw(words),
        "status": draw(st.sampled_from(["open", "done"])),
        "due": str(due),
    }


def _valid(data: dict[str, object]) -> object:
    """The incident of *data*, which must validate without error."""
    doc = load("fuzz.yaml", json.dumps(data, ensure_ascii=False).encode())
    incident, problems = validate_incident(doc, config=CONFIG)
    assert [str(p) for p in problems if p.level is Level.ERROR] == []
    assert incident is not None
    return incident


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents())
def test_valid_incidents_render_markdown_and_html(data: dict[str, object]) -> None:
    """Every generated valid incident renders as Markdown and HTML that carry its id."""
    incident = _valid(data)
    for fmt in ("md", "html"):
        text = render_report(incident, env=ENV, config=CONFIG, corpus=LINKS, fmt_name=fmt, today=dt.date(2025, 1, 1))  # type: ignore[arg-type]
        assert str(data["id"]) in text


@settings(max_examples=max(3, EXAMPLES // 20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents())
def test_valid_incidents_render_pdf(data: dict[str, object]) -> None:
    """Generated valid incidents also render as PDF."""
    incident = _valid(data)
    html = render_report(incident, env=ENV, config=CONFIG, corpus=LINKS, fmt_name="pdf", today=dt.date(2025, 1, 1))  # type: ignore[arg-type]
    result = render_pdf(html, places=Places(root=ROOT))
    assert result.data.startswith(b"%PDF")
    assert result.refused == ()


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents(), st.lists(st.tuples(st.integers(0), st.sampled_from(TOKENS)), max_size=5))
def test_mutated_incidents_give_located_errors_or_render(data: dict[str, object], edits: list[tuple[int, str]]) -> None:
    """A valid incident with characters inserted either still renders or fails with located problems."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for position, token in edits:
        at = position % (len(text) + 1)
        text = text[:at] + token + text[at:]
    doc = load("fuzz.yaml", text.encode())
    incident, problems = validate_incident(doc, config=CONFIG)
    if incident is None:
        assert problems
        assert all(p.line >= 1 and p.column >= 1 for p in problems)
    else:
        assert render_report(incident, env=ENV, config=CONFIG, corpus=LINKS, fmt_name="html", today=dt.date(2025, 1, 1))
