"""Metrics and ledgers across incidents, pinned on a small corpus worked out by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from postmortem.config import load_config
from postmortem.corpus import metrics, views
from postmortem.corpus.repository import load_corpus
from postmortem.model.incident import Incident


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
