"""Render command: one build in progress, rendering only what changed (reports across the cores when many)."""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from postmortem import __version__
from postmortem.commands.apart import Apart, apart_pages, apart_sections, rendered_apart
from postmortem.commands.bundles import start_search
from postmortem.commands.inputs import digest, encoded
from postmortem.commands.pages import PageInputs, index_remembering, remembering, views
from postmortem.commands.pdfs import PdfJob, Progress, render_queued, start_workers
from postmortem.commands.stamps import Ledger, ReportInputs, content_digest
from postmortem.config.model import Config
from postmortem.corpus.repository import Corpus as LoadedCorpus
from postmortem.corpus.views import in_table_order
from postmortem.errors import PmError, display_path
from postmortem.model import names
from postmortem.render import memo
from postmortem.render.chrome import Chrome, chrome
from postmortem.render.index_sections import index_markdown, joined_parts
from postmortem.render.plain import TemplateContext
from postmortem.render.report import Corpus, Format, labels_for, render_report
from postmortem.render.shows import named, shows
from postmortem.render.site import render_site, site_plan
from postmortem.render.site_views import SiteData
from postmortem.render.templating import environment
from postmortem.workers import Forked, in_forked_process, start_worker
from postmortem.write.files import write_error
from postmortem.write.manifest import remember_inputs
from postmortem.write.staging import Staging

PARALLEL_THRESHOLD = 200  # incidents from which index.md is rendered in a process of its own
REPORTS_PER_WORKER = 100  # reports rendered in forked workers: one a core, for each 100 (fewer cost more to fork)
CHUNK_INCIDENTS = 16  # the incidents a worker takes at a time
_CURRENT: BuildJob | None = None  # the build that forked workers render for


@dataclass(slots=True, kw_only=True)
class BuildJob:
    """One build in progress: what is kept from the previous output, what is rendered anew."""

    config: Config
    corpus: LoadedCorpus
    files: Ledger  # the output folder, what its previous build left, and this build's files
    formats: tuple[Format, ...]
    today: dt.date
    since: dt.date | None = None
    until: dt.date | None = None
    book_all: bool = False
    templates: str = ""
    key: bytes = b""  # seals the manifest
    env: Environment = field(init=False)
    shared: str = field(init=False)
    links: Corpus = field(init=False)
    site: Chrome | None = field(init=False)
    pdf_jobs: list[PdfJob] = field(default_factory=list)
    pdf_workers: Any = None  # started with the reports when they include PDFs (see ``reports``)
    read_labels: dict[str, dict[str, Any]] = field(default_factory=dict)  # by language
    staging: Staging = field(init=False)
    inputs: PageInputs | None = field(default=None, init=False)  # the pages' fingerprints, made once for the build
    searched: dict[str, str] = field(default_factory=dict)  # by incident page, with pm's own templates: see bundles

    def __post_init__(self) -> None:
        """Compile the templates once and fingerprint what every page depends on."""
        corpus = self.corpus
        self.env = environment(self.config)
        titles = {head.id: head.title for head in corpus.incidents.heads}
        self.links = Corpus(titles=titles, risks={r.id: r for r in corpus.risks}, procedures=corpus.procedures)
        self.site = None
        self.staging = Staging(self.files.out, key=self.key if self.files.previous else None)  # --force: all anew
        if "html" in self.formats:
            self.site = chrome(self.config, pages=corpus.pages, pdf=self.wants_book)
        config = self.config.model_dump_json()
        self.shared = digest(__version__, config, self.templates, repr(self.site), *self.formats)

    @property
    def own(self) -> bool:
        """Whether the templates are pm's own (no template or label file of the repository): what they show is known."""
        return bool(getattr(self.env, "builtin_only", False))

    @property
    def wants_book(self) -> bool:
        """The combined PDF is made with PDFs when a period is given, or when asked for."""
        return "pdf" in self.formats and (self.book_all or self.since is not None or self.until is not None)

    @property
    def model_keys(self) -> dict[str, str]:
        """For each incident with a file, a digest of what its model is made of: file, pm, configuration, audience."""
        start = encoded(self.shared, "model")  # each is digest(shared, "model", source), one hash a file
        return {id_: digest(source, start=start) for id_, source in self.corpus.sources.items()}

    @property
    def page_inputs(self) -> PageInputs:
        """The fingerprints of the pages across incidents (what they show of the incidents, digested once a build)."""
        if self.inputs is None:
            self.inputs = PageInputs(corpus=self.corpus, shared=self.shared, today=self.today, own=self.own)
        return self.inputs

    def reports(self) -> None:
        """Every incident's reports, rendering only those whose inputs changed (across the cores when many)."""
        todo: list[tuple[int, Format, str]] = []
        inputs = ReportInputs(links=self.links, shared=self.shared, today=self.today, own=self.own)
        incidents, sources, keep, formats = self.corpus.incidents, self.corpus.sources, self.files.keep, self.formats
        for number, head in enumerate(incidents.heads):
            source = sources.get(head.id)
            incident = head if source else incidents[number]  # known by its file, else by its model
            fingerprint = inputs.of(incident, source=source)
            if self.own:
                self.searched[names.report(head.id, "html")] = inputs.searched(incident, source=source)
            todo += [(number, fmt, fingerprint) for fmt in formats
                     if not keep(names.report(head.id, fmt), fingerprint)]  # fmt: skip
        inputs.remember()
        pdfs = sum(fmt == "pdf" for _, fmt, _ in todo)
        if pdfs and not self._forks(len(todo)):  # they get ready while this process renders the reports
            self.pdf_workers = start_workers(pdfs + self.wants_book)
        for (number, fmt, fingerprint), (data, content) in zip(todo, self._render_all(todo), strict=True):
            path = names.report(self.corpus.incidents[number].id, fmt)
            if fmt == "pdf":
                self.pdf_jobs.append((path, fingerprint, data.decode("utf-8")))
            else:
                self.files.add(path, fingerprint, data, content=content)

    def _forks(self, todo: int) -> bool:
        """Whether this build may fork workers of its own: for its *todo* reports, or for ``index.md``.

        PDF workers are then started after those (a process is not forked while another pool's threads run).
        """
        parallel = (os.cpu_count() or 1) >= 2 and "fork" in multiprocessing.get_all_start_methods()
        return parallel and (_report_workers(todo) >= 2 or len(self.corpus.incidents) >= PARALLEL_THRESHOLD)

    def render(self, number: int, fmt: Format) -> str:
        """One report of the incident at *number*."""
        incident = self.corpus.incidents[number]
        return render_report(incident, env=self.env, config=self.config, corpus=self.links.around(incident),
                             fmt_name=fmt, today=self.today, site=self.site,
                             labels=self.labels(incident.language))  # fmt: skip

    def labels(self, language: str) -> dict[str, Any]:
        """The labels of the templates in *language*, read once for the build (their files are in its fingerprint)."""
        if language not in self.read_labels:
            self.read_labels[language] = labels_for(self.config, language)
        return self.read_labels[language]

    def _render_all(self, todo: list[tuple[int, Format, str]]) -> list[tuple[bytes, str]]:
        """The texts of *todo* in UTF-8 with their digests, in order; forked workers share the build's templates.

        Workers send bytes, hashed: what comes through the pipe is copied, not encoded there and decoded here, and
        this process does not hash every file after the workers are done. Their garbage collector stays off, as
        in this process while it builds: a report leaves no reference cycles, and each collection only scanned
        the copies it made. Chunks hold whole incidents, whose formats share their context, and are small enough
        that one worker does not finish long before the other.
        """
        workers = _report_workers(len(todo))
        if workers < 2:
            return [_encoded(self.render(number, fmt)) for number, fmt, _ in todo]
        self.corpus.incidents.prepare(number for number, _, _ in todo)  # once, here: the pages need them too
        global _CURRENT
        _CURRENT = self
        try:
            with multiprocessing.get_context("fork").Pool(workers, initializer=_start_report_worker) as pool:
                tasks = [(number, fmt) for number, fmt, _ in todo]
                return pool.starmap(_render_in_worker, tasks, chunksize=CHUNK_INCIDENTS * len(self.formats))
        finally:
            _CURRENT = None

    def index(self) -> None:
        """index.md, the site's pages when HTML is among the formats, and the book of the period with the PDFs.

        The processes forked for them are ended when the build fails: ``pm serve`` goes on after a failed build.
        """
        forks: list[Forked[Any]] = []
        try:
            self._index(forks)
        except BaseException:
            for fork in forks:
                fork.cancel()
            raise

    def _index(self, forks: list[Forked[Any]]) -> None:
        """What :meth:`index` makes; each process forked is in *forks* as soon as it is started."""
        data = SiteData(config=self.config, incidents=self.corpus.incidents, risks=self.corpus.risks,
                        procedures=self.corpus.procedures, pages=self.corpus.pages, today=self.today,
                        formats=self.formats, keys=self.model_keys)  # fmt: skip
        site = self.site or chrome(self.config, pages=(), pdf=False)
        fingerprints, todo = self.pages_to_render(data)
        own, keys = self.own, self.page_inputs.of
        apart = names.INDEX_MARKDOWN in todo and len(self.corpus.incidents) >= PARALLEL_THRESHOLD
        side = self._side(todo)
        skip = apart_sections(self.env) if side and apart else frozenset()
        made_apart: Callable[[], Apart] | None = None
        if side:  # the lessons' and the metrics' views and what shows them, on the other core (see commands/apart.py)
            forks.append(apart_fork := in_forked_process(rendered_apart, self.env, data, site, keys, side, skip))
            made_apart = remembering(apart_fork)
        shown = todo - side - {names.INDEX_MARKDOWN} if apart else todo - side
        viewed = shown - {names.INDEX_MARKDOWN} if own else shown  # pm's own index.md makes its sections' views
        values = views(self.env, data, site, paths=viewed, own=own) if viewed else None
        index_md: Callable[[], dict[str, str]] | None = None
        if apart:  # on the other core, with the site's views (pm's own sections use them), while this one renders
            forks.append(index_fork := in_forked_process(index_remembering, self.env, data, site, keys,
                                                         values if own else None, skip))  # fmt: skip
            index_md = remembering(index_fork)
        if names.INDEX_MARKDOWN in shown:
            markdown = index_markdown(self.env, data, site, keys=keys, values=values)
            self.files.add(names.INDEX_MARKDOWN, fingerprints[names.INDEX_MARKDOWN], markdown)
        pages: dict[str, str] = {}
        if self.site is not None:
            pages = self.site_pages(data, self.site, only=shown - {names.INDEX_MARKDOWN}, values=values,
                                    fingerprints=fingerprints)  # fmt: skip
        sections = self._taken_apart(made_apart(), pages, fingerprints=fingerprints) if made_apart else {}
        if index_md is not None:
            parts = {**index_md(), **sections}
            self.files.add(names.INDEX_MARKDOWN, fingerprints[names.INDEX_MARKDOWN], joined_parts(parts))
        if self.wants_book:
            self.book(data, pages, self.page_inputs.everything())

    def _taken_apart(self, found: Apart, pages: dict[str, str], *, fingerprints: dict[str, str]) -> dict[str, str]:
        """Add the site's pages the other process rendered (to *pages* too); return its sections of index.md."""
        for path, text in found.pages.items():
            self._add_page(path, text, ids=found.named[path], fingerprints=fingerprints)
        pages.update(found.pages)
        return found.sections

    def _side(self, todo: set[str]) -> frozenset[str]:
        """The site's pages of *todo* that a forked process renders, with the views they read (see commands/apart.py).

        Only with pm's own templates and many incidents, when this process has the ledger to make meanwhile.
        """
        if not self.own or self.site is None or len(self.corpus.incidents) < PARALLEL_THRESHOLD:
            return frozenset()
        return apart_pages(self.env, todo)

    def site_pages(
        self,
        data: SiteData,
        site: Chrome,
        *,
        only: set[str],
        values: TemplateContext | None,
        fingerprints: dict[str, str],
    ) -> dict[str, str]:
        """Render the site's pages in *only* while the search bundles are made; return the pages rendered."""
        pages = render_site(self.env, data, site, only=only, values=values)
        for path, text in pages.items():
            ids = named(path, values) if self.own and values is not None and shows(path).named else None
            self._add_page(path, text, ids=ids, fingerprints=fingerprints)
        self.staging.place(self.files.outputs)  # while Pagefind still works
        return pages

    def _add_page(self, path: str, text: str, *, ids: list[str] | None, fingerprints: dict[str, str]) -> None:
        """Add a page of the site, fingerprinted by what it shows (and by the incidents it names, *ids*, if any)."""
        self.files.add(path, fingerprints[path] if ids is None else self.page_inputs.naming(path, ids), text)

    def pages_to_render(self, data: SiteData) -> tuple[dict[str, str], set[str]]:
        """The fingerprints of index.md and the site's pages, and those of them to render (the others are kept)."""
        planned = [names.INDEX_MARKDOWN] if "md" in self.formats else []
        planned += site_plan(data) if self.site is not None else []
        inputs = self.page_inputs
        fingerprints = {path: inputs.of(path) for path in planned}
        todo = {path for path, fingerprint in fingerprints.items() if not self.files.keep(path, fingerprint)}
        if todo == set(planned):  # every page made again: what the memo keeps is what this build used and made
            memo.rendered_whole()
            inputs.keep_incidents()  # which the next build's fingerprints start from
        return fingerprints, todo

    def book(self, data: SiteData, pages: dict[str, str], everything: str) -> None:
        """The combined PDF of the period's incidents."""
        fingerprint = digest(everything, str(self.since), str(self.until))
        if self.files.keep(names.BOOK, fingerprint):
            return
        from postmortem.render.book import book_html, book_parts, in_period  # for a build that makes the book

        site = self.site or chrome(self.config, pages=self.corpus.pages, pdf=True)
        parts = book_parts(config=self.config, pages=data.pages, procedures=data.procedures)
        missing = {part.file for part in parts} - set(pages)
        pages = {**render_site(self.env, data, site, only=missing), **pages}
        chosen = in_table_order(
            in_period(self.corpus.incidents, since=self.since, until=self.until), self.config.table_order
        )  # the reports in the order of the table
        reports = {i.id: render_report(i, env=self.env, config=self.config, corpus=self.links.around(i),
                                       fmt_name="pdf", today=self.today) for i in chosen}  # fmt: skip
        html = book_html(self.env, config=self.config, incidents=chosen, parts=parts, pages=pages, reports=reports,
                         today=self.today, since=self.since, until=self.until)  # fmt: skip
        self.pdf_jobs.append((names.BOOK, fingerprint, html))

    def write(self, inputs: str) -> None:
        """Swap the new output in, or, when no file changed, only remember what this build read.

        Refuses two outputs that would be one file somewhere (``pm check`` reports their sources first).
        """
        outputs = self.files.outputs
        clash = names.first_clash(output.path for output in outputs)
        if clash is not None:
            raise PmError(f"{clash[0]} and {clash[1]} would be one file on some systems: nothing was written")
        if all(o.data is None for o in outputs) and {o.path for o in outputs} == set(self.files.previous):
            remember_inputs(self.files.out, inputs, key=self.key, files={o.path: o.fingerprint for o in outputs})
        else:
            self.staging.place(outputs)
            self.staging.publish(inputs=inputs, key=self.key)

    def pages(self) -> bool:
        """index.md, the site's pages and the search bundles; False when the build is not whole (its search follows)."""
        ids = [head.id for head in self.corpus.incidents.heads]
        wait = start_search(self.files, ids=ids, language=self.config.language, searched=self.searched)
        try:  # Pagefind indexes the incident pages on the other cores while this one renders the rest
            self.index()
        except BaseException:
            wait(False)
            raise
        wait(True)
        return True

    def run(self, *, inputs: str, progress: Progress | None) -> list[str]:
        """Render, write and swap in the new output; return the warnings about the PDFs. A failure leaves nothing."""
        try:
            self.reports()
            whole = self.pages()
            warnings, boxes = render_queued(self.pdf_jobs, files=self.files, config=self.config, corpus=self.corpus,
                                            progress=progress, workers=self.pdf_workers)  # fmt: skip
            self.write(inputs if whole and not boxes else "")  # a build with empty boxes is not done: see pdfs
        except OSError as exc:  # a temporary file of the search index or the PDFs: disk full, for instance
            raise write_error(exc, what=f"nothing was written; {display_path(self.files.out)} is unchanged") from None
        finally:
            if self.pdf_workers is not None:
                self.pdf_workers.close()
            self.staging.discard()
        return warnings


def _report_workers(todo: int) -> int:
    """How many processes render *todo* reports: one a core for each REPORTS_PER_WORKER of them, forked (1: this)."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, todo // REPORTS_PER_WORKER))


def _start_report_worker() -> None:
    """A report worker: one that ends with this process, its garbage collector off (see ``_render_all``)."""
    gc.disable()
    start_worker(collect=False)


def _render_in_worker(number: int, fmt: Format) -> tuple[bytes, str]:
    """Render one report in a forked worker, from the build it inherited; its text in UTF-8 and their digest."""
    assert _CURRENT is not None
    return _encoded(_CURRENT.render(number, fmt))


def _encoded(text: str) -> tuple[bytes, str]:
    """*text* in UTF-8, and the digest of those bytes."""
    data = text.encode("utf-8")
    return data, content_digest(data)
