"""Render stage: a report's HTML to PDF bytes with WeasyPrint, which may read files of the project and nothing else."""

from __future__ import annotations

import concurrent.futures
import logging
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from postmortem.read import read_file
from postmortem.workers import start_worker

PDF_VARIANT = "pdf/ua-1"
MAX_DATA_URL = 2 * 1024 * 1024
MAX_FILE_IN_PDF = 16 * 1024 * 1024  # an image or a font of the project: read the guarded way, at most this


@dataclass(frozen=True, slots=True, kw_only=True)
class PdfResult:
    """A rendered PDF and the addresses it was refused."""

    data: bytes
    refused: tuple[str, ...] = ()


@dataclass(slots=True)
class Confinement:
    """Decides what a document may load: ``data:`` URLs and files inside *root*; never the network."""

    root: Path
    refused: list[str] = field(default_factory=list)

    def allowed(self, url: str) -> Path | None:
        """The local file *url* stands for, when it may be read; None when it must be refused."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        return path if path.is_file() and path.is_relative_to(self.root.resolve()) else None

    def refuse(self, url: str, why: str) -> ValueError:
        """Record a refusal and say why."""
        self.refused.append(f"{url} ({why})")
        return ValueError(f"pm refused to fetch {url}: {why}")


def _fetcher(confinement: Confinement) -> Any:
    """A WeasyPrint URL fetcher that applies *confinement*."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
        """Serves data: URLs and project files; refuses everything else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            """Fetch one resource, or raise to refuse it."""
            if url.startswith("data:"):
                if len(url) > MAX_DATA_URL:
                    raise confinement.refuse(url[:40] + "…", "data URL too large")
                return super().fetch(url, headers)
            path = confinement.allowed(url)
            if path is None:
                why = "outside the project" if url.startswith("file:") else "no network access while rendering PDFs"
                raise confinement.refuse(url, why)
            raw = read_file(path, root=confinement.root, limit=MAX_FILE_IN_PDF)
            if not isinstance(raw, bytes):
                raise confinement.refuse(url, raw.message)
            return URLFetcherResponse(url, raw)

    return ConfinedFetcher(timeout=1, allowed_protocols={"file", "data"})


def render_pdf(html: str, *, root: Path, base: Path | None = None) -> PdfResult:
    """The PDF of *html*; relative links resolve against *base* (default: *root*), inside *root* only."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    confinement = Confinement(root=root)
    document = HTML(string=html, base_url=(base or root).resolve().as_uri() + "/", url_fetcher=_fetcher(confinement))
    data = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
    return PdfResult(data=bytes(data), refused=tuple(confinement.refused))


def _pdf_job(html: str, root: str) -> PdfResult:
    """Render one PDF (runs in a worker process)."""
    return render_pdf(html, root=Path(root))


def render_pdfs(
    documents: list[str], *, root: Path, progress: Callable[[int, int], None] | None = None
) -> list[PdfResult]:
    """The PDFs of *documents* (HTML), in order, rendered across the machine's cores when there are several."""
    if not documents:
        return []
    workers = min(len(documents), os.cpu_count() or 1)
    if workers == 1:
        results = []
        for done, html in enumerate(documents, start=1):
            results.append(_pdf_job(html, str(root)))
            if progress:
                progress(done, len(documents))
        return results
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=start_worker
    ) as pool:
        futures = [pool.submit(_pdf_job, html, str(root)) for html in documents]
        for done, _ in enumerate(concurrent.futures.as_completed(futures), start=1):
            if progress:
                progress(done, len(documents))
        return [future.result() for future in futures]
