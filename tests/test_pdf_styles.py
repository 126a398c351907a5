"""The PDFs' style sheets, parsed once per process: the same PDFs, each with its own refusals, far less work."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import weasyprint

from tests.conftest import Run, copy_example


@pytest.fixture
def one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """A machine with one core: every PDF is rendered in pm's own process, one after the other."""
    monkeypatch.setattr(os, "cpu_count", lambda: 1)


def _incidents(folder: Path, count: int) -> None:
    """*count* small incidents in *folder*/incidents."""
    (folder / "incidents").mkdir()
    for number in range(1, count + 1):
        (folder / "incidents" / f"{number}.yaml").write_text(
            f"id: INC-00{number}\ntitle: Outage {number}\nstatus: draft\ndate: 2024-01-0{number}\n", encoding="utf-8"
        )


@pytest.mark.usefixtures("one_process")
def test_every_pdf_names_what_its_style_sheets_were_refused(run: Run, tmp_path: Path) -> None:
    """A template's ``@import`` of the network is refused and named for each PDF, not only the first one parsed."""
    _incidents(tmp_path, 3)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}{% block head %}'
        '<style>@import url("https://example.invalid/print.css"); h1 { color: #123456; }</style>'
        "{% endblock %}",
        encoding="utf-8",
    )
    result = run("render", "--format", "pdf")
    assert result.exit_code == 0, result.output + result.stderr
    for number in (1, 2, 3):
        assert f"INC-00{number}.pdf: refused https://example.invalid/print.css" in result.stderr


@pytest.mark.usefixtures("one_process")
def test_style_sheets_are_parsed_once_for_all_the_reports(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The example's ten reports, all in French, parse their style sheet once, not once per PDF."""
    copy_example(tmp_path)
    parsed: list[str] = []
    original = weasyprint.CSS.__init__

    def counted(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("string") or kwargs.get("url"):  # the emptied <style> elements give empty sheets
            parsed.append(str(kwargs.get("string") or kwargs.get("url"))[:40])
        original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.CSS, "__init__", counted)
    result = run("render", "--format", "pdf", "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    pdfs = sorted((tmp_path / "site").glob("*.pdf"))
    assert len(pdfs) == 10
    assert all(pdf.read_bytes().startswith(b"%PDF") for pdf in pdfs)
    assert len(parsed) == 1
