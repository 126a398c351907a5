"""Render command: the queued PDFs, drawn in a process pool, with warnings about what they could not show."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from typing import Any

from postmortem.commands.stamps import Ledger
from postmortem.config.model import Config
from postmortem.corpus.repository import Corpus
from postmortem.errors import PmError, plural
from postmortem.model import names
from postmortem.render.folders import template_folders

SHOWN_MISSING = 12  # characters named in the warning about a PDF's empty boxes; the others are counted
Progress = Callable[[int, int], None]
PdfJob = tuple[str, str, str]  # the PDF's path, its fingerprint, its HTML


def start_workers(count: int) -> Any:
    """Workers for *count* PDFs, started now (a ``PdfWorkers``, to close), or None when one process renders them."""
    workers = min(count, os.cpu_count() or 1)
    if workers < 2:
        return None
    from postmortem.render.pdf import PdfWorkers  # the PDF renderer, for a build that has PDFs to draw

    return PdfWorkers(count=workers)


def render_queued(
    jobs: list[PdfJob],
    *,
    files: Ledger,
    config: Config,
    corpus: Corpus,
    progress: Progress | None,
    workers: Any = None,
) -> tuple[list[str], bool]:
    """Render the queued PDFs; return what their documents were refused and whether one shows empty boxes.

    *workers* render them when they were started ahead (``start_workers``). A PDF with characters that no font
    has is not kept by the next build: once a font is installed, it is drawn again, and until then the warning
    is given again.
    """
    if not jobs:
        return [], False
    from postmortem.render.pdf import Places, render_pdfs  # the PDF renderer, for a build that has PDFs to draw

    warnings, boxes = [], False
    places = Places(root=config.root, templates=tuple(template_folders(config)),
                    images=(config.path("incidents"),))  # fmt: skip
    sources = {names.report(i.id, "pdf"): corpus.paths.get(i.id) for i in corpus.incidents}
    results = render_pdfs([html for _, _, html in jobs], places=places, progress=progress, workers=workers)
    late = next((path for (path, _, _), result in zip(jobs, results, strict=True) if result.too_long), None)
    if late is not None:
        raise PmError(f"{late}: drawing the PDF took longer than a template may run (PM_TEMPLATE_SECONDS): "
                      "look for an image or style sheet of the templates that repeats itself")  # fmt: skip
    deep = next((path for (path, _, _), result in zip(jobs, results, strict=True) if result.too_deep), None)
    if deep is not None:
        raise PmError(f"{deep}: its HTML nests elements too deeply to be laid out as a PDF: look for markup of the "
                      "templates nested hundreds of levels deep")  # fmt: skip
    for (path, fingerprint, _), result in zip(jobs, results, strict=True):
        files.add(path, "" if result.missing else fingerprint, result.data)
        warnings += [f"{path}: refused {url}" for url in result.refused]
        if result.missing:
            boxes = True
            warnings.append(missing_glyphs(path, result.missing, source=sources.get(path)))
    return warnings, boxes


def missing_glyphs(path: str, missing: tuple[str, ...], *, source: str | None) -> str:
    """The warning for a PDF that shows *missing* (characters no available font has) as empty boxes."""
    shown = ", ".join(_code_point(char) for char in missing[:SHOWN_MISSING])
    more = f" and {len(missing) - SHOWN_MISSING} more" if len(missing) > SHOWN_MISSING else ""
    where = f"{source}: {path}" if source else path
    return (
        f"{where}: {plural(len(missing), 'character')} drawn as empty boxes, no font of this machine has them: "
        f"{shown}{more}; install fonts that cover them (on Debian: fonts-noto-core, fonts-noto-cjk)"
    )


def _code_point(char: str) -> str:
    """``U+4E2D 中`` for a visible character; ``U+E000`` alone for one that shows nothing or moves the text."""
    visible = unicodedata.category(char)[0] in "LNPS"  # not a mark, a control, a separator or unassigned
    return f"U+{ord(char):04X} {char}" if visible else f"U+{ord(char):04X}"
