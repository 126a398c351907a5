"""PDF layout: the key facts start on page 1."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run

POPPLER = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def _repo(folder: Path, *, summary: str, title: str = "Outage", extra: str = "") -> Path:
    """A repository with one draft incident whose title and summary are given; return the incident file."""
    (folder / "incidents").mkdir(parents=True)
    (folder / "pm.toml").write_text('title = "Post-mortems"\n', encoding="utf-8")
    path = folder / "incidents" / "2021-06-08-outage.yaml"
    lines = [
        "id: OUT-1", f"title: {title}", "status: draft", "date: 2021-06-08", "severity: P2", "timezone: UTC",
        "language: en", "summary: |", *(f"  {line}" for line in summary.splitlines()),
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def _tool(*command: str | Path) -> str:
    """The standard output of a poppler tool."""
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, check=True).stdout


def _long_facts() -> str:
    """An impact with many figures, long labels and long values, and a long data-loss sentence."""
    figures = "".join(
        f"    - {{label: 'Requests refused at the edge in region {n}, worst minute', "
        f"value: '{n * 1234} per second, about {n * 3} percent of the traffic of that region'}}\n"
        for n in range(1, 25)
    )
    loss = "Six hours of writes to the primary cluster in three regions. " * 6
    return f"impact:\n  users_affected: 50000000\n  downtime: 4h40min\n  data_loss: '{loss}'\n  figures:\n{figures}"


@POPPLER
def test_a_long_key_facts_box_starts_on_the_first_page(run: Run, tmp_path: Path) -> None:
    """Key facts too long for the rest of page 1 split there between rows; every fact is still in the PDF.

    Before, the whole box moved to page 2 and left page 1 blank under the title.
    """
    title = "A long outage with very many impact figures that the authors copied from the source write-up"
    _repo(tmp_path, summary="A long summary sentence that keeps going. " * 60, title=title, extra=_long_facts())
    assert run("render", "--format", "pdf").exit_code == 0
    pdf = tmp_path / "site" / "OUT-1.pdf"
    first = " ".join(_tool("pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", pdf, "-").split())
    assert "A long outage with very many impact figures" in first
    assert "Key facts" in first
    for fact in ("Duration", "4 hr 40 min", "Users affected", "Data lost", "1234 per second"):
        assert fact in first, fact
    text = " ".join(_tool("pdftotext", "-enc", "UTF-8", pdf, "-").split())
    assert all(f"{n * 1234} per second" in text for n in range(1, 25))
