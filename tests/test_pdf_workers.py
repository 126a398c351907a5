"""PDF workers start with a build's reports, ready (WeasyPrint loaded, fonts read) before the first PDF arrives."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from postmortem.commands.job import BuildJob
from postmortem.render import pdf
from postmortem.render.pdf import PdfWorkers, Places
from tests.conftest import Run, copy_example


def _state() -> tuple[bool, int]:
    """In a worker: whether WeasyPrint is imported, and how many objects the garbage collector leaves alone."""
    return "weasyprint" in sys.modules, gc.get_freeze_count()


def test_a_worker_is_ready_before_its_first_document(tmp_path: Path) -> None:
    """A started worker has imported WeasyPrint and drawn its line of text before it takes a task."""
    with PdfWorkers(count=2) as workers:
        loaded, frozen = workers.pool.submit(_state).result()
        assert loaded
        assert frozen > 0
        results = workers.render(["<p>One.</p>", "<p>Two, longer.</p>"], places=Places(root=tmp_path))
    assert [result.data[:5] for result in results] == [b"%PDF-"] * 2
    assert not any(result.refused for result in results)


def test_a_build_starts_its_pdf_workers_before_rendering_the_reports(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two cores, the workers are started before the first report's HTML, and render every PDF."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    copy_example(tmp_path)
    events: list[str] = []
    started, rendered = PdfWorkers.__init__, BuildJob.render

    def starting(self: PdfWorkers, **kwargs: Any) -> None:
        events.append("workers")
        started(self, **kwargs)

    def rendering(self: BuildJob, number: int, fmt: Any) -> str:
        events.append(fmt)
        return rendered(self, number, fmt)

    monkeypatch.setattr(pdf.PdfWorkers, "__init__", starting)
    monkeypatch.setattr(BuildJob, "render", rendering)
    result = run("render", "--format", "md,pdf", "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    assert events[0] == "workers"
    assert events.count("workers") == 1
    assert events.count("pdf") == 10
    pdfs = sorted((tmp_path / "site").glob("*.pdf"))
    assert len(pdfs) == 10
    assert all(path.read_bytes().startswith(b"%PDF") for path in pdfs)
