"""Render command core: corpus → reports (PDFs in a process pool, only what changed) → write."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from postmortem import __version__
from postmortem.config import Config
from postmortem.corpus import load_corpus
from postmortem.errors import ProblemsFound, display_path
from postmortem.model import CLOSED_ACTION_STATUSES, Incident
from postmortem.render.pdf import PdfResult, render_pdf
from postmortem.render.report import Corpus, Format, render_report
from postmortem.templating import environment, template_folders
from postmortem.write import Output, check_target, publish, read_manifest, recover

FORMATS: tuple[Format, ...] = ("md", "html", "pdf")
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    """What a build did."""

    out: Path
    incidents: int
    written: int
    unchanged: int
    refused: tuple[str, ...]
    seconds: float

    def summary(self) -> str:
        """One line for the terminal."""
        files = self.written + self.unchanged
        return (
            f"Rendered {self.incidents} incidents into {display_path(self.out)}: {files} files "
            f"({self.written} written, {self.unchanged} unchanged) in {self.seconds:.1f} s."
        )


def _digest(*parts: bytes | str) -> str:
    """A short hex fingerprint of *parts*."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()[:32]


def _templates_digest(config: Config) -> str:
    """A fingerprint of every template file, so that editing one re-renders what uses it."""
    parts: list[bytes | str] = []
    for folder in template_folders(config):
        if folder.is_dir():
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                parts += [str(path.relative_to(folder)), path.read_bytes()]
    return _digest(*parts)


def _fingerprint(incident: Incident, *, shared: str, today: dt.date) -> str:
    """What a report depends on: the incident, what all reports share, and today when an action may fall overdue."""
    open_due = any(a.due and a.status not in CLOSED_ACTION_STATUSES for a in incident.actions)
    return _digest(shared, incident.model_dump_json(), today.isoformat() if open_due else "")


def build(
    config: Config,
    *,
    out: Path,
    formats: Iterable[Format] = FORMATS,
    force: bool = False,
    today: dt.date,
    progress: Progress | None = None,
) -> BuildReport:
    """Validate, then render every incident's reports into *out*; nothing is written when a file has errors."""
    started = time.perf_counter()
    corpus = load_corpus(config)
    if corpus.errors:
        raise ProblemsFound(list(corpus.problems), consequence="nothing was written")
    check_target(out, protected=[config.root, config.path("incidents"), config.path("templates")])
    recover(out)
    previous = {} if force else read_manifest(out)
    links = Corpus(titles={i.id: i.title for i in corpus.incidents}, risks={r.id: r for r in corpus.risks})
    register = [risk.model_dump_json() for risk in corpus.risks]
    shared = _digest(
        __version__,
        config.model_dump_json(),
        _templates_digest(config),
        repr(sorted(links.titles.items())),
        repr(register),
    )
    env = environment(config)
    outputs: list[Output] = []
    pdf_jobs: list[tuple[str, str, str]] = []
    for incident in corpus.incidents:
        fingerprint = _fingerprint(incident, shared=shared, today=today)
        for fmt in formats:
            path = f"{incident.id}.{fmt}"
            if previous.get(path) == fingerprint and (out / path).is_file():
                outputs.append(Output(path=path, fingerprint=fingerprint))
                continue
            text = render_report(incident, env=env, config=config, corpus=links, fmt_name=fmt, today=today)
            if fmt == "pdf":
                pdf_jobs.append((path, fingerprint, text))
            else:
                outputs.append(Output(path=path, fingerprint=fingerprint, data=text.encode("utf-8")))
    refused = []
    for (path, fingerprint, _), result in zip(pdf_jobs, _render_pdfs(pdf_jobs, config.root, progress), strict=True):
        outputs.append(Output(path=path, fingerprint=fingerprint, data=result.data))
        refused += [f"{path}: refused {url}" for url in result.refused]
    publish(out, outputs)
    return BuildReport(
        out=out,
        incidents=len(corpus.incidents),
        written=sum(o.data is not None for o in outputs),
        unchanged=sum(o.data is None for o in outputs),
        refused=tuple(refused),
        seconds=time.perf_counter() - started,
    )


def _pdf_job(html: str, root: str) -> PdfResult:
    """Render one PDF (runs in a worker process)."""
    return render_pdf(html, root=Path(root))


def _render_pdfs(jobs: list[tuple[str, str, str]], root: Path, progress: Progress | None) -> list[PdfResult]:
    """Render PDFs, across the machine's cores when there are several."""
    if not jobs:
        return []
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers == 1:
        results = []
        for done, (_, _, html) in enumerate(jobs, start=1):
            results.append(_pdf_job(html, str(root)))
            if progress:
                progress(done, len(jobs))
        return results
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_pdf_job, html, str(root)) for _, _, html in jobs]
        for done, _ in enumerate(concurrent.futures.as_completed(futures), start=1):
            if progress:
                progress(done, len(jobs))
        return [future.result() for future in futures]
