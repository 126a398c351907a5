"""Render stage: a report's HTML to PDF bytes with WeasyPrint, which may read the templates' assets and images only."""

from __future__ import annotations

import concurrent.futures
import gc
import logging
import multiprocessing
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from postmortem.read import read_file
from postmortem.render.bounded import within_time
from postmortem.render.pdf_styles import forget, parsed, take_styles
from postmortem.render.pixels import too_many_pixels
from postmortem.workers import collector_paused, start_worker

PDF_VARIANT = "pdf/ua-1"
MAX_DATA_URL = 2 * 1024 * 1024
MAX_FILE_IN_PDF = 16 * 1024 * 1024  # an image or a font of the project: read the guarded way, at most this


@dataclass(frozen=True, slots=True, kw_only=True)
class PdfResult:
    """A rendered PDF, the addresses it was refused and the characters no font could draw (in order, once each)."""

    data: bytes
    refused: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    too_long: bool = False  # drawing it ran past the time a template may take: no PDF
    too_deep: bool = False  # its elements nest too deeply for WeasyPrint's layout (a template's markup): no PDF


# WeasyPrint's warning for a glyph that Pango found in no font: the character is drawn as an empty box (.notdef).
_NOTDEF = re.compile(r"^\.notdef glyph .*\(U\+([0-9A-F]{4,6})\)$", re.DOTALL)


class MissingGlyphs(logging.Filter):
    """On WeasyPrint's logger while a PDF renders: keeps the characters drawn as empty boxes; lets errors through.

    This is Pango's own verdict after its font fallback, for the fonts of the machine and those of the templates,
    met while drawing: no second pass over the text, no guess at what a font covers.
    """

    def __init__(self) -> None:
        """Nothing missing yet."""
        super().__init__()
        self.found: dict[str, None] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        """Note a missing character; drop warnings (pm says what matters itself), pass errors on."""
        match = _NOTDEF.match(record.getMessage())
        if match:
            self.found[chr(int(match.group(1), 16))] = None
        return record.levelno >= logging.ERROR


IMAGES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
ASSETS = IMAGES | {".css", ".woff", ".woff2", ".ttf", ".otf"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Places:
    """Where a PDF's files come from: *root* for relative addresses; assets of *templates*, images of *images*."""

    root: Path
    templates: tuple[Path, ...] = ()
    images: tuple[Path, ...] = ()


@dataclass(slots=True)
class Confinement:
    """Decides what a document may load: ``data:`` URLs, the templates' assets and images of the incidents folder.

    Nothing else of the project (not ``.git/``, not a hidden or ignored file, not the configuration), nothing
    reached through a symbolic link that leaves those folders, never the network.
    """

    places: Places
    refused: list[str] = field(default_factory=list)

    def allowed(self, url: str) -> Path | None:
        """The local file *url* stands for, when it may be read; None when it must be refused."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost") or parts.query:
            return None
        path = Path(unquote(parts.path))
        try:
            real = path.resolve()
        except (OSError, RuntimeError):  # a loop of symbolic links
            return None
        for folders, kinds in ((self.places.templates, ASSETS), (self.places.images, IMAGES)):
            for folder in folders:
                top = folder.resolve()
                if real.suffix.lower() in kinds and _visibly_inside(path, folder) and _visibly_inside(real, top):
                    return real
        return None

    def refuse(self, url: str, why: str) -> ValueError:
        """Record a refusal and say why (addresses on this machine are shown relative to the project)."""
        shown = url.replace(self.places.root.resolve().as_uri() + "/", "")
        self.refused.append(f"{shown} ({why})")
        return ValueError(f"pm refused to fetch {shown}: {why}")


def _visibly_inside(path: Path, folder: Path) -> bool:
    """True when *path* lies inside *folder* without going through a hidden file or folder (``.git``, ``.env``)."""
    if not path.is_relative_to(folder):
        return False
    return not any(part.startswith(".") for part in path.relative_to(folder).parts)


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
                found = super().fetch(url, headers)
                body = found.read()
                if (problem := too_many_pixels(body)) is not None:
                    raise confinement.refuse(url[:40] + "…", problem)
                return URLFetcherResponse(url, body, headers=found.headers)
            path = confinement.allowed(url)
            if path is None:
                why = (
                    "not an asset of the templates nor an image of the incidents"
                    if url.startswith("file:")
                    else ("no network access while rendering PDFs")
                )
                raise confinement.refuse(url, why)
            raw = read_file(path, root=confinement.places.root, limit=MAX_FILE_IN_PDF)
            if not isinstance(raw, bytes):
                raise confinement.refuse(url, raw.message)
            if (problem := too_many_pixels(raw)) is not None:
                raise confinement.refuse(url, problem)
            return URLFetcherResponse(url, raw)

    return ConfinedFetcher(timeout=1, allowed_protocols={"file", "data"})


def render_pdf(html: str, *, places: Places) -> PdfResult:
    """The PDF of *html*; relative addresses resolve against the project's root, and only what *places* allows loads.

    Links keep the addresses they were written with: none names a path of the machine that rendered the PDF.
    """
    logger = logging.getLogger("weasyprint")
    level, missing = logger.level, MissingGlyphs()
    logger.setLevel(logging.WARNING)
    logger.addFilter(missing)
    try:
        confinement = Confinement(places=places)
        base = places.root.resolve().as_uri() + "/"
        document = _laid_out(html, confinement=confinement, base=base)
        for page in document.pages:
            page.links = [link for link in (_relative_link(link, base) for link in page.links) if link is not None]
        data = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
    finally:
        logger.removeFilter(missing)
        logger.setLevel(level)
    return PdfResult(data=bytes(data), refused=tuple(confinement.refused), missing=tuple(missing.found))


def _laid_out(html: str, *, confinement: Confinement, base: str) -> Any:
    """WeasyPrint's pages of *html*; its own style sheets are parsed once per process, when they can be (pdf_styles)."""
    from weasyprint import HTML

    source = HTML(string=html, base_url=base, url_fetcher=_fetcher(confinement))
    texts = take_styles(source)
    if texts is None:
        return source.render()
    places = confinement.places
    sheets = parsed(texts, base=base, scope=places, fetcher=lambda: _confined_fetcher(places))
    confinement.refused.extend(sheets.refused)
    return source.render(stylesheets=list(sheets.stylesheets), font_config=sheets.font_config,
                         color_profiles=sheets.color_profiles)  # fmt: skip


def _confined_fetcher(places: Places) -> tuple[Any, list[str]]:
    """A URL fetcher that applies a new confinement to *places*, and the list where it notes its refusals."""
    confinement = Confinement(places=places)
    return _fetcher(confinement), confinement.refused


def _relative_link(link: Any, base: str) -> Any:
    """A link of the PDF as written (``INC-2.pdf``, not ``file:///home/…/INC-2.pdf``); None for other local files."""
    kind, target, *rest = link
    if kind in ("internal", "attachment") or not isinstance(target, str):
        return link  # an attachment is fetched (and confined) from its address; only its file name is written
    if target.startswith(base):
        return (kind, target[len(base) :] or "./", *rest)
    return None if urlsplit(target).scheme in ("file", "") else link


def _pdf_job(html: str, places: Places) -> PdfResult:
    """Render one PDF (runs in a worker process), with the cyclic garbage collector run once, after it.

    Laying out a report creates hundreds of thousands of boxes that live until the PDF is written; the collector,
    left on, would scan them again and again (a tenth of a PDF's time). Their cycles are found by one pass over the
    youngest objects afterwards: all of the document's are still there, since no collection ran meanwhile.
    """
    with collector_paused():
        try:
            result = within_time(lambda: render_pdf(html, places=places))
        except RecursionError:  # WeasyPrint lays out nested elements by recursion: hundreds deep pass Python's limit
            result = PdfResult(data=b"", too_deep=True)
    gc.collect(0)
    return PdfResult(data=b"", too_long=True) if result is None else result


def render_pdfs(
    documents: list[str],
    *,
    places: Places,
    progress: Callable[[int, int], None] | None = None,
    workers: PdfWorkers | None = None,
) -> list[PdfResult]:
    """The PDFs of *documents* (HTML), in order, rendered across the machine's cores when there are several.

    *workers*, started ahead (``PdfWorkers``), render them when given; otherwise workers are started now, and
    stopped once the PDFs are done.
    """
    if not documents:
        return []
    if workers is not None:
        return workers.render(documents, places=places, progress=progress)
    count = min(len(documents), os.cpu_count() or 1)
    if count == 1:
        results = []
        try:
            for done, html in enumerate(documents, start=1):
                results.append(_pdf_job(html, places))
                if progress:
                    progress(done, len(documents))
        finally:
            forget()  # a worker's are gone with it
        return results
    with PdfWorkers(count=count) as started:
        return started.render(documents, places=places, progress=progress)


class PdfWorkers:
    """Processes that render PDFs, started as soon as a build knows it has PDFs to render, before their HTML is.

    Each imports WeasyPrint and draws a line of text (which loads Pango and the fonts) while pm still renders the
    reports' HTML, rather than after it, when every report waits for them.
    """

    def __init__(self, *, count: int) -> None:
        """Start *count* workers now (forked where the system can)."""
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
        self.pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=count, mp_context=context, initializer=start_pdf_worker
        )
        self.pool.submit(int)  # the pool starts its processes with its first task, not when it is made

    def __enter__(self) -> PdfWorkers:
        """The workers, stopped when the block ends."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the workers."""
        self.close()

    def close(self) -> None:
        """Stop the workers: the documents not yet taken are dropped, the one being rendered ends first."""
        self.pool.shutdown(wait=True, cancel_futures=True)

    def render(
        self, documents: list[str], *, places: Places, progress: Callable[[int, int], None] | None = None
    ) -> list[PdfResult]:
        """The PDFs of *documents*, in order; the workers take the longest first."""
        futures = {index: self.pool.submit(_pdf_job, documents[index], places) for index in longest_first(documents)}
        for done, _ in enumerate(concurrent.futures.as_completed(futures.values()), start=1):
            if progress:
                progress(done, len(documents))
        return [futures[index].result() for index in range(len(documents))]


WARM_UP = "<!DOCTYPE html><html lang='en'><title>pm</title><p>pm <b>PDF</b> <code>0</code></p></html>"


def start_pdf_worker() -> None:
    """Pool initializer of a PDF worker: import WeasyPrint and render a line of text, then freeze what that left.

    The fonts, Pango's caches and WeasyPrint's modules are then ready for the first report; frozen, the objects
    they are made of are never scanned again by the garbage collector, which runs once per PDF.
    """
    start_worker()
    render_pdf(WARM_UP, places=Places(root=Path(os.devnull)))  # a document that loads nothing
    gc.collect()
    gc.freeze()


def longest_first(documents: list[str]) -> list[int]:
    """The indexes of *documents*, longest first: the order in which the workers take them.

    A report's time grows with its length; taking the long ones first leaves short ones for the end, so that the
    workers finish at about the same time instead of one rendering a long report while the others wait.
    """
    return sorted(range(len(documents)), key=lambda index: -len(documents[index]))
