"""The model's computed values: milestone times, time to detect / acknowledge / mitigate / resolve, targets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from postmortem.config.files import load_config
from postmortem.corpus.repository import expand, load_corpus
from postmortem.model.durations import parse_duration
from postmortem.model.incident import Incident, Span
from tests.conftest import CASES, ROOT

REAL_WORLD = CASES / "real-world"
NEUTRAL = ROOT.parent / "shared" / "examples" / "real-world"


def _incidents(folder: Path) -> dict[str, Incident]:
    """The valid incidents under *folder*, by id."""
    corpus = load_corpus(load_config(ROOT), extra=expand([folder]))
    assert corpus.errors == 0, [str(p) for p in corpus.problems]
    return {incident.id: incident for incident in corpus.incidents}


def _span(span: Span | None) -> tuple[int, bool]:
    """A computed span as (minutes, approximate); fails when it is unknown."""
    assert span is not None
    return (span.minutes, span.approximate)


def test_example_corpus_timings() -> None:
    """The seed's incidents give the expected response times and target verdicts."""
    incidents = _incidents(ROOT / "incidents")
    assert len(incidents) == 10
    mysql = incidents["INC-001"]
    assert mysql.time_spent is not None
    assert mysql.time_spent.minutes == 120
    assert _span(mysql.time_to_detect)[0] == 5
    assert _span(mysql.time_to_acknowledge)[0] == 5
    assert _span(mysql.time_to_resolve)[0] == 120
    assert mysql.target_met(parse_duration("1h")) is True
    viewmodel = incidents["INC-004"]
    assert _span(viewmodel.time_to_acknowledge)[0] == 12 * 60 + 50
    assert viewmodel.target_met(parse_duration("1h")) is False
    assert viewmodel.milestones["acknowledged"].when == dt.datetime(2025, 2, 16, 8, 30, tzinfo=dt.UTC)


def test_real_world_timings() -> None:
    """Times in UTC across midnight, approximate times and shared milestones compute honestly."""
    incidents = _incidents(REAL_WORLD)
    fastly = incidents["FASTLY-2021-06-08"]
    assert _span(fastly.time_to_detect) == (1, False)
    assert fastly.time_to_acknowledge is None
    assert fastly.target_met(parse_duration("15min")) is None
    assert _span(fastly.time_to_mitigate)[0] == 168
    assert _span(fastly.time_to_resolve)[0] == 177
    gitlab = incidents["GITLAB-2017-01-31"]
    assert _span(gitlab.time_to_detect) == (0, True)
    assert _span(gitlab.time_to_mitigate)[0] == 17 * 60 + 30
    assert _span(gitlab.time_to_resolve)[1]
    overnight = [placed for placed in gitlab.placed if placed.entry.at.end is not None]
    assert len(overnight) == 1, "the night of 31 January to 1 February is a range of days"
    assert (overnight[0].day, overnight[0].when) == (dt.date(2017, 1, 31), None)
    assert overnight[0].entry.at.end is not None
    assert overnight[0].entry.at.end.date == dt.date(2017, 2, 1)


def test_overdue_actions() -> None:
    """Overdue means past due and not closed, as of the day passed in (no hidden clock)."""
    incident = _incidents(ROOT / "incidents")["INC-010"]
    assert incident.overdue_actions(dt.date(2025, 4, 5)) == ()
    assert [a.what for a in incident.overdue_actions(dt.date(2025, 4, 6))] == [incident.actions[0].what]


def test_incident_is_immutable() -> None:
    """Validated incidents cannot be changed by later stages."""
    incident = _incidents(ROOT / "incidents")["INC-001"]
    with pytest.raises(ValueError, match="frozen"):
        incident.title = "changed"  # type: ignore[misc]


@pytest.mark.skipif(not NEUTRAL.is_dir(), reason="the shared real-world examples are not beside the project")
@pytest.mark.parametrize(
    ("neutral", "ours"),
    [
        ("01-gitlab-2017-db-deletion.yaml", "GITLAB-2017-01-31"),
        ("07-fastly-2021-06-08-config-bug.yaml", "FASTLY-2021-06-08"),
    ],
)
def test_real_world_facts_are_all_kept(neutral: str, ours: str) -> None:
    """Every timeline entry, action, factor and lesson of a public write-up has its place in pm's format."""
    source = YAML(typ="safe").load((NEUTRAL / neutral).read_text(encoding="utf-8"))
    incident = _incidents(REAL_WORLD)[ours]
    assert len(incident.timeline) == len(source["timeline"])
    assert len(incident.actions) == len(source["action_items"])
    assert len(incident.contributing_factors) == len(source["contributing_factors"])
    for kind in ("went_well", "went_wrong", "lucky"):
        assert len(getattr(incident.lessons, kind)) == len(source["lessons"].get(kind, []))
    assert incident.title == source["title"]
    assert incident.date.isoformat() == source["date"]
    assert incident.severity == source["severity"]
    assert incident.extensions["x-company"] == source["company"]
    assert source["source"] in {reference.url for reference in incident.references}
