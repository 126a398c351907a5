"""Values as responders write them in public post-mortems: read right, or refused saying what to write."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

INCIDENT = """\
id: INC-1
title: Written as the source writes it
status: draft
date: 2021-10-04
severity: P2
timezone: UTC
impact:
  downtime: {downtime}
timeline:
  - at: "2021-10-04 15:39"
    text: Routes withdrawn.
    milestone: started
  - at: "{at}"
    text: Most services back.
    milestone: resolved
"""


Write = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Write:
    """Write the incident with these values into a fresh repository; its path."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    (tmp_path / "pm.toml").write_text('language = "en"\n', encoding="utf-8")
    (tmp_path / "incidents").mkdir()

    def incident(*, downtime: str = "6h", at: str = "21:50") -> Path:
        """The incident file, written."""
        path = tmp_path / "incidents" / "a.yaml"
        path.write_text(INCIDENT.format(downtime=downtime, at=at), encoding="utf-8")
        return path

    return incident


def _report(run: Run, root: Path) -> str:
    """The Markdown report of the incident (the render must succeed)."""
    result = run("render", "--format", "md", "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    return (root / "site" / "INC-1.md").read_text(encoding="utf-8")


def test_a_duration_with_thousands_is_not_read_as_decimals(run: Run, write: Write, tmp_path: Path) -> None:
    """``1,440 minutes`` of downtime is a day, not a minute and a half."""
    write(downtime='"1,440 minutes"')
    assert "**Duration**: 1 day" in _report(run, tmp_path)
