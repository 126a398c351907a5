"""PDFs rendered across processes, the longest first, still come back in the order of their documents."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from postmortem.render.pdf import Places, longest_first, render_pdfs


def test_the_longest_documents_are_taken_first() -> None:
    """The workers take the longest documents first; equal lengths keep their order."""
    assert longest_first(["ab", "abcd", "a", "abcd", ""]) == [1, 3, 0, 2, 4]
    assert longest_first([]) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_each_pdf_is_the_one_of_its_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workers, documents of growing length: each result is the PDF of the document at its place."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    documents = [
        f"<!DOCTYPE html><html lang='en'><title>Doc {n}</title><p>Document {n}.</p>{'<p>More.</p>' * n}</html>"
        for n in range(4)
    ]
    results = render_pdfs(documents, places=Places(root=tmp_path))
    assert len(results) == len(documents)
    for number, result in enumerate(results):
        pdf = tmp_path / f"{number}.pdf"
        pdf.write_bytes(result.data)
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True).stdout
        assert f"Document {number}." in text
        assert text.count("More.") == number
