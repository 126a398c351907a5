"""Metrics and ledgers across incidents, pinned on a small corpus worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postmortem.config.files import load_config
from postmortem.corpus import metrics, views
from postmortem.corpus.periods import periods_between
from postmortem.corpus.repository import load_corpus
from postmortem.model.incident import Incident
from tests.conftest import Run


def _incident(number: int, severity: str, *, detect: int, acknowledge: int, tags: str = "[db]", extra: str = "") -> str:
    """A draft incident starting at 10:00, detected *detect* min later and acknowledged *acknowledge* min after that."""
    detected = 10 * 60 + detect
    acknowledged = detected + acknowledge
    return f"""id: M-{number}
title: Incident {number}
status: draft
date: 2025-01-0{number}
severity: {severity}
tags: {tags}
timeline:
  - {{at: "10:00", text: start, milestone: started}}
  - {{at: "{detected // 60:02d}:{detected % 60:02d}", text: seen, milestone: detected}}
  - {{at: "{acknowledged // 60:02d}:{acknowledged % 60:02d}", text: taken, milestone: acknowledged}}
{extra}"""


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Incident, ...]:
    """Four P2 incidents, one P2 without timings, one P1 (targets: P1 15 min, P2 1 h)."""
    folder = tmp_path / "incidents"
    folder.mkdir()
    files = [
        _incident(1, "P2", detect=1, acknowledge=5),
        _incident(
            2,
            "P2",
            detect=2,
            acknowledge=20,
            extra="""actions:
  - {what: a, owner: x, due: 2025-01-10, status: open}
  - {what: b, owner: x, due: 2025-01-10, status: done}
  - {what: c, owner: y, due: 2025-01-10, status: cancelled}
  - {what: d, owner: y, due: 2025-03-01, status: open}
""",
        ),
        _incident(3, "P2", detect=3, acknowledge=90),
        _incident(4, "P2", detect=10, acknowledge=40),
        "id: M-5\ntitle: No timeline\nstatus: draft\ndate: 2025-02-01\nseverity: P2\n",
        _incident(6, "P1", detect=0, acknowledge=20, tags="[network]"),
    ]
    for index, text in enumerate(files, start=1):
        (folder / f"{index}.yaml").write_text(text, encoding="utf-8")
    loaded = load_corpus(load_config(tmp_path))
    assert loaded.errors == 0, [str(p) for p in loaded.problems]
    return loaded.incidents


def test_median_and_percentile() -> None:
    """Median of an even count is the mean of the middle two; the 90th percentile is nearest-rank."""
    assert metrics.median([5, 20, 90, 40]) == 30
    assert metrics.median([3, 1, 2]) == 2
    assert metrics.percentile([5, 20, 90, 40], 90) == 90
    assert metrics.percentile(list(range(1, 11)), 90) == 9
    assert (metrics.median([]), metrics.percentile([], 90)) == (None, None)


def test_metrics_per_severity(corpus: tuple[Incident, ...], tmp_path: Path) -> None:
    """Counts, medians, 90th percentiles, targets met and breaches per level, as worked out by hand."""
    result = metrics.compute(corpus, load_config(tmp_path).severities, today=dt.date(2025, 2, 1))
    p1, p2, p3, p4 = result.by_level
    assert [level.count for level in result.by_level] == [1, 5, 0, 0]
    detect, acknowledge, _, _ = p2.measures
    assert (detect.count, detect.median, detect.p90) == (4, 2.5, 10)
    assert (acknowledge.count, acknowledge.median, acknowledge.p90) == (4, 30, 90)
    assert (p2.measured, p2.met, p2.met_share) == (4, 3, 0.75)
    assert [(b.incident.id, b.response.minutes, b.target) for b in p2.breaches] == [("M-3", 90, 60)]
    assert [(b.incident.id, b.response.minutes, b.target) for b in p1.breaches] == [("M-6", 20, 15)]
    assert (p3.measured, p3.met_share, p4.count) == (0, None, 0)
    assert result.by_month == (("2025-01", 5), ("2025-02", 1))


def test_action_ledger(corpus: tuple[Incident, ...]) -> None:
    """Overdue means past due and not closed as of the build date; completion leaves cancelled actions out."""
    ledger = views.ledger(corpus, today=dt.date(2025, 2, 1))
    assert [(line.action.what, line.overdue) for line in ledger.lines] == [
        ("a", True), ("d", False), ("b", False), ("c", False)
    ]  # fmt: skip
    assert ledger.overdue == 1
    assert ledger.completion == pytest.approx(1 / 3)
    assert [(o.owner, o.total, o.open, o.overdue, o.done) for o in ledger.owners] == [
        ("x", 2, 1, 1, 1),
        ("y", 2, 1, 0, 0),
    ]


def test_lessons_recurring_first() -> None:
    """The example corpus's lessons: recurring themes and lessons first, each linked to its incidents."""
    root = Path(__file__).resolve().parent.parent
    themes = views.lessons_by_theme(load_corpus(load_config(root)).incidents)
    assert themes[0].name == "docker"
    keep = [lesson for theme in themes for lesson in theme.lessons if lesson.kind == "to_keep"]
    source_engine = next(lesson for lesson in keep if "moteur Source" in lesson.text)
    assert [i.id for i in source_engine.incidents] == ["INC-005", "INC-006", "INC-007"]
    assert {lesson.text for lesson in keep} >= {
        "**Toujours vérifier l'architecture** (32-bit vs 64-bit) avant d'installer un module",
        "**`docker compose up -d`** est la seule commande fiable pour appliquer les changements",
    }


@pytest.fixture(scope="module")
def example() -> metrics.Metrics:
    """The metrics of the example repository's ten incidents, actions as of 1 December 2026."""
    root = Path(__file__).resolve().parent.parent
    config = load_config(root)
    return metrics.compute(load_corpus(config).incidents, config.severities, today=dt.date(2026, 12, 1))


def test_example_counts_by_month_when_the_incidents_span_one_quarter(example: metrics.Metrics) -> None:
    """January to March 2025 is one quarter: the example is counted by month, every month present."""
    assert [p.key for p in example.periods] == ["2025-01", "2025-02", "2025-03"]
    assert example.per_period == (2, 3, 5)
    assert sum(example.per_period) == sum(level.count for level in example.by_level) + example.unrated


def test_periods_are_quarters_over_a_longer_span() -> None:
    """Three quarters or more are counted by quarter, with the empty ones in between kept."""
    found = periods_between(dt.date(2024, 11, 20), dt.date(2025, 7, 2))
    assert [p.key for p in found] == ["2024-Q4", "2025-Q1", "2025-Q2", "2025-Q3"]
    assert [p.key for p in periods_between(dt.date(2024, 12, 31), dt.date(2025, 2, 1))] == ["2024-12", "2025-01",
                                                                                            "2025-02"]  # fmt: skip
    assert periods_between(None, None) == ()


def test_example_missed_target_and_by_how_much(example: metrics.Metrics) -> None:
    """INC-004 (P2, 1 h target) was taken 12 h 50 min after detection: 11 h 50 min beyond its target."""
    assert [(b.incident.id, b.response.minutes, b.target, b.excess) for b in example.worst_breaches] == [
        ("INC-004", 770, 60, 710)
    ]
    p2 = next(level for level in example.by_level if level.level.id == "P2")
    assert (p2.measured, p2.met) == (6, 5)
    missed = [p for p in example.points if p.met is False]
    assert [(p.incident_id, p.level, p.minutes) for p in missed] == [("INC-004", "P2", 770)]
    assert len([p for p in example.points if p.level == "P2"]) == p2.measured


def test_example_trend_cells_agree_with_the_levels(example: metrics.Metrics) -> None:
    """The per-month medians of a level pool to the level's counts; February's P2 response is INC-004's alone."""
    cells = {(c.measure.name, c.level, c.period.key): c.measure for c in example.trends}
    february = cells[("time_to_acknowledge", "P2", "2025-02")]
    assert (february.count, february.median) == (1, 770)
    for level in example.by_level:
        for measure in level.measures:
            pooled = sum(m.count for (name, lv, _), m in cells.items() if name == measure.name and lv == level.level.id)
            assert pooled == measure.count, (level.level.id, measure.name)


def test_example_recurring_themes_and_components(example: metrics.Metrics) -> None:
    """docker, workshop and lua each come back in four incidents; docker and workshop in three different months."""
    top = [(r.name, r.incidents, r.periods) for r in example.themes[:3]]
    assert top == [("docker", 4, 3), ("workshop", 4, 3), ("lua", 4, 1)]
    assert (example.components[0].name, example.components[0].incidents) == ("gmod-server", 5)
    docker = example.themes[0]
    assert (docker.first, docker.last) == (dt.date(2025, 1, 25), dt.date(2025, 3, 22))


def test_example_actions_close_month_by_month(example: metrics.Metrics) -> None:
    """Fourteen actions: every one counted once, in its incident's month; the two overdue ones as pm actions says."""
    rows = [(c.period.key, c.opened, c.done, c.cancelled, c.open, c.overdue) for c in example.actions]
    assert rows == [("2025-01", 4, 4, 0, 0, 0), ("2025-02", 4, 3, 0, 0, 1), ("2025-03", 6, 5, 0, 0, 1)]
    root = Path(__file__).resolve().parent.parent
    ledger = views.ledger(load_corpus(load_config(root)).incidents, today=dt.date(2026, 12, 1))
    assert sum(c.opened for c in example.actions) == len(ledger.lines)
    assert sum(c.overdue for c in example.actions) == ledger.overdue


def test_stats_prints_the_figures_of_the_metrics_page(run: Run, example_repo: Path) -> None:
    """`pm stats` and the metrics page share one computation: the same targets met and medians per level."""
    stats = run("stats")
    assert stats.exit_code == 0, stats.output
    assert "P2\t6\t1h\t5/6\t1 min / 10 min\t5 min / 12 hr 50 min" in stats.output
    assert "Response targets missed: 1." in stats.output
    assert run("render", "--format", "html").exit_code == 0
    page = (example_repo / "site" / "metrics.html").read_text(encoding="utf-8")
    assert '83 % <span class="muted">(5/6)</span>' in page
    assert '<a href="INC-004.html">INC-004</a>' in page
