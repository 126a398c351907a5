"""Render command core: corpus → reports (PDFs in a process pool, only what changed) → write."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import hashlib
import multiprocessing
import os
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from postmortem import __version__
from postmortem.commands.inputs import build_inputs, digest, templates_digest
from postmortem.commands.remember import remembered
from postmortem.config import Config, output_clash
from postmortem.corpus.audience import Audience, for_audience
from postmortem.corpus.repository import Corpus as LoadedCorpus
from postmortem.corpus.repository import discover, load_corpus
from postmortem.corpus.views import in_table_order
from postmortem.errors import PmError, ProblemsFound, WrongValue, display_path, plural
from postmortem.load.cache import secret
from postmortem.model import names
from postmortem.model.incident import Incident
from postmortem.model.statuses import CLOSED_ACTION_STATUSES
from postmortem.render import memo
from postmortem.render.book import BOOK, book_html, book_parts, in_period
from postmortem.render.chrome import Chrome, chrome
from postmortem.render.pdf import Places, render_pdfs
from postmortem.render.plain import TemplateContext
from postmortem.render.reads import variables_read
from postmortem.render.report import Corpus, Format, internal_labels, render_report
from postmortem.render.search import bundle_path, in_bundle, search_index, shard_count, shard_of
from postmortem.render.shows import EVERYTHING, shows
from postmortem.render.site import (
    SiteData,
    page_templates,
    render_index_markdown,
    render_site,
    site_plan,
    site_values,
)
from postmortem.render.templating import environment, template_folders
from postmortem.workers import collector_paused, in_forked_process, start_worker
from postmortem.write import (
    Output,
    PreviousOutput,
    Staging,
    check_target,
    locked,
    read_inputs,
    read_manifest,
    recover,
    remember_inputs,
    write_error,
)

FORMATS: tuple[Format, ...] = ("md", "html", "pdf")
PARALLEL_THRESHOLD = 200
SHOWN_MISSING = 12  # characters named in the warning about a PDF's empty boxes; the others are counted
_CURRENT: _Build | None = None  # the build that forked workers render for
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    """What a build did."""

    out: Path
    incidents: int
    written: int
    unchanged: int
    warnings: tuple[str, ...]  # about the PDFs: what their documents were refused, characters no font has
    seconds: float
    paths: tuple[str, ...] = ()  # the files written: new, or whose bytes changed
    removed: int = 0  # files of the previous output that this one no longer holds

    def summary(self) -> str:
        """One line for the terminal."""
        files = self.written + self.unchanged
        removed = f", {self.removed} removed" if self.removed else ""
        return (
            f"Rendered {plural(self.incidents, 'incident')} into "
            f"{display_path(self.out)}: {plural(files, 'file')} "
            f"({self.written} written, {self.unchanged} unchanged{removed}) in {self.seconds:.1f} s."
        )


def _fingerprint(
    incident: Incident, *, source: str | None, shared: str, around: Corpus, today: dt.date, own: bool
) -> str:
    """What a report depends on: the incident, what it shows of the corpus, what pages share, today when due.

    *around* is what the report shows of the other incidents, the risks and the runbooks. The incident is known
    by *source*, the key of its file's content, when there is one: the model is made from that file, the
    configuration and pm alone, and the last two are in *shared*. *own*: the templates are pm's own, which show
    a runbook by its title and link alone (tests/test_shows.py), so its steps do not count.
    """
    open_due = any(a.due and a.status not in CLOSED_ACTION_STATUSES for a in incident.actions)
    if own:
        shown = tuple(p.model_copy(update={"body": "", "path": ""}) for p in around.procedures)
        around = dataclasses.replace(around, procedures=shown)
    return digest(shared, source or incident.model_dump_json(), *around.digest_parts(),
                  today.isoformat() if open_due else "")  # fmt: skip


def stamped(fingerprint: str, data: bytes) -> str:
    """What the manifest says of a file: the fingerprint of its inputs, then that of its bytes."""
    return f"{fingerprint}.{hashlib.blake2b(data, digest_size=16).hexdigest()}"


def inputs_of(stamp: str) -> str:
    """The fingerprint of a file's inputs, from what the manifest says of it."""
    return stamp.partition(".")[0]


def content_of(stamp: str) -> str:
    """The fingerprint of a file's bytes, from what the manifest says of it (empty when unknown)."""
    return stamp.partition(".")[2]


@dataclass(slots=True, kw_only=True)
class _Build:
    """One build in progress: what is kept from the previous output, what is rendered anew."""

    config: Config
    corpus: LoadedCorpus
    out: Path
    formats: tuple[Format, ...]
    today: dt.date
    previous: dict[str, str]
    since: dt.date | None = None
    until: dt.date | None = None
    book_all: bool = False
    templates: str = ""
    key: bytes = b""  # seals the manifest
    env: Environment = field(init=False)
    shared: str = field(init=False)
    links: Corpus = field(init=False)
    site: Chrome | None = field(init=False)
    outputs: list[Output] = field(default_factory=list)
    pdf_jobs: list[tuple[str, str, str]] = field(default_factory=list)
    staging: Staging = field(init=False)
    held: PreviousOutput = field(init=False)  # what the previous output still holds

    def __post_init__(self) -> None:
        """Compile the templates once and fingerprint what every page depends on."""
        corpus = self.corpus
        self.env = environment(self.config)
        self.links = Corpus(titles={i.id: i.title for i in corpus.incidents}, risks={r.id: r for r in corpus.risks},
                            procedures=corpus.procedures)  # fmt: skip
        self.site = None
        self.staging = Staging(self.out)
        self.held = PreviousOutput(self.out)
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

    def keep(self, path: str, fingerprint: str) -> bool:
        """Reuse the previous build's file when its inputs are the same."""
        previous = self.previous.get(path)
        if previous is not None and inputs_of(previous) == fingerprint and self.held.holds(path):
            self.outputs.append(Output(path=path, fingerprint=previous))
            return True
        return False

    def add(self, path: str, fingerprint: str, text: str | bytes) -> None:
        """A newly rendered file: written only when its bytes differ from the previous build's file."""
        data = text.encode("utf-8") if isinstance(text, str) else text
        stamp = stamped(fingerprint, data)
        previous = self.previous.get(path)
        same = previous is not None and content_of(previous) == content_of(stamp) and self.held.holds(path)
        self.outputs.append(Output(path=path, fingerprint=stamp, data=None if same else data))

    def reports(self) -> None:
        """Every incident's reports, rendering only those whose inputs changed (across the cores when many)."""
        todo: list[tuple[int, Format, str]] = []
        for number, incident in enumerate(self.corpus.incidents):
            source = self.corpus.sources.get(incident.id)
            around = self.links.around(incident)
            fingerprint = _fingerprint(incident, source=source, shared=self.shared, around=around, today=self.today,
                                       own=self.own)  # fmt: skip
            todo += [
                (number, fmt, fingerprint)
                for fmt in self.formats
                if not self.keep(names.report(incident.id, fmt), fingerprint)
            ]
        for (number, fmt, fingerprint), text in zip(todo, self._render_all(todo), strict=True):
            path = names.report(self.corpus.incidents[number].id, fmt)
            if fmt == "pdf":
                self.pdf_jobs.append((path, fingerprint, text))
            else:
                self.add(path, fingerprint, text)

    def render(self, number: int, fmt: Format) -> str:
        """One report of the incident at *number*."""
        incident = self.corpus.incidents[number]
        return render_report(incident, env=self.env, config=self.config, corpus=self.links.around(incident),
                             fmt_name=fmt, today=self.today, site=self.site)  # fmt: skip

    def _render_all(self, todo: list[tuple[int, Format, str]]) -> list[str]:
        """The texts of *todo*, in order; forked workers share this build's compiled templates and corpus."""
        workers = min(os.cpu_count() or 1, len(todo) // PARALLEL_THRESHOLD)
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return [self.render(number, fmt) for number, fmt, _ in todo]
        global _CURRENT
        _CURRENT = self
        try:
            with multiprocessing.get_context("fork").Pool(workers, initializer=start_worker) as pool:
                return pool.starmap(_render_in_worker, [(number, fmt) for number, fmt, _ in todo], chunksize=64)
        finally:
            _CURRENT = None

    def index(self) -> None:
        """index.md, the site's pages when HTML is among the formats, and the book of the period with the PDFs."""
        data = SiteData(config=self.config, incidents=self.corpus.incidents, risks=self.corpus.risks,
                        procedures=self.corpus.procedures, pages=self.corpus.pages, today=self.today,
                        formats=self.formats)  # fmt: skip
        site = self.site or chrome(self.config, pages=(), pdf=False)
        fingerprints, todo = self.pages_to_render(data)
        own = self.own
        apart = names.INDEX_MARKDOWN in todo and len(self.corpus.incidents) >= PARALLEL_THRESHOLD
        index_md: Callable[[], str] | None = None
        if apart:  # on the other core, views and all, while this one renders the site
            index_md = _remembering(in_forked_process(_index_remembering, self.env, data, site, own))
        shown = todo - {names.INDEX_MARKDOWN} if apart else todo
        values = _views(self.env, data, site, paths=shown, own=own) if shown else None
        if names.INDEX_MARKDOWN in shown:
            markdown = render_index_markdown(self.env, data, site, values=values)
            self.add(names.INDEX_MARKDOWN, fingerprints[names.INDEX_MARKDOWN], markdown)
        pages: dict[str, str] = {}
        if self.site is not None:
            wait = self.search()
            pages = render_site(self.env, data, self.site, only=todo - {names.INDEX_MARKDOWN}, values=values)
            for path, text in pages.items():
                self.add(path, fingerprints[path], text)
            self.staging.place(self.outputs)  # while Pagefind still works
            wait()
        if index_md is not None:
            self.add(names.INDEX_MARKDOWN, fingerprints[names.INDEX_MARKDOWN], index_md())
        if self.wants_book:
            self.book(data, pages, self.everything())

    def pages_to_render(self, data: SiteData) -> tuple[dict[str, str], set[str]]:
        """The fingerprints of index.md and the site's pages, and those of them to render (the others are kept)."""
        planned = [names.INDEX_MARKDOWN] if "md" in self.formats else []
        planned += site_plan(data) if self.site is not None else []
        fingerprints = {path: self.page_inputs(path) for path in planned}
        todo = {path for path, fingerprint in fingerprints.items() if not self.keep(path, fingerprint)}
        if todo == set(planned):  # every page made again: what the memo keeps is what this build used and made
            memo.rendered_whole()
        return fingerprints, todo

    def page_inputs(self, path: str) -> str:
        """The fingerprint of a page across incidents: what it shows (everything, with templates of the repository)."""
        seen = shows(path) if self.own else EVERYTHING
        corpus = self.corpus
        parts = [self.shared, self.today.isoformat(), path]
        if seen.hidden is not None:
            named = digest(self.shared, *sorted(seen.hidden))  # the fields it hides, named once for every incident
            parts += [self.projection(incident, seen.hidden, named=named) for incident in corpus.incidents]
        elif seen.count:
            parts.append(str(len(corpus.incidents)))
        parts += [risk.model_dump_json() for risk in corpus.risks] if seen.risks else []
        parts += [document.model_dump_json() for document in corpus.procedures] if seen.procedures else []
        parts += [document.model_dump_json() for document in corpus.pages] if seen.pages else []
        if seen.own:  # the runbook or free page this file is made of
            own = [d for d in corpus.procedures if names.procedure(d.slug) == path]
            parts += [d.model_dump_json() for d in own + [d for d in corpus.pages if names.page(d.slug) == path]]
        return digest(*parts)

    def projection(self, incident: Incident, hidden: frozenset[str], *, named: str) -> str:
        """A digest of the incident but the fields in *hidden*, remembered by its file's content when it has one.

        *named* is a digest of what else the digest depends on: pm, its configuration and *hidden*.
        """

        def make() -> str:
            shown = incident.model_dump_json(exclude=set(hidden)).encode("utf-8")
            return hashlib.blake2b(shown, digest_size=16).hexdigest()

        source = self.corpus.sources.get(incident.id)
        if source is None:
            return make()
        key = hashlib.blake2b(f"{named}\0{source}".encode(), digest_size=16).hexdigest()
        return memo.recall(f"shows:{key}", make)

    def everything(self) -> str:
        """What the index and the site's pages depend on: they see every incident, risk, runbook and page.

        Each incident counts by the key of its file's content (its model is made from that file, the
        configuration and pm alone), or by its model when it has no file.
        """
        corpus = self.corpus
        incidents = [corpus.sources.get(i.id) or i.model_dump_json() for i in corpus.incidents]
        documents = [d.model_dump_json() for d in corpus.procedures + corpus.pages]
        register = [risk.model_dump_json() for risk in corpus.risks]
        return digest(self.shared, self.today.isoformat(), *incidents, *register, *documents)

    def book(self, data: SiteData, pages: dict[str, str], everything: str) -> None:
        """The combined PDF of the period's incidents."""
        fingerprint = digest(everything, str(self.since), str(self.until))
        if self.keep(BOOK, fingerprint):
            return
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
        self.pdf_jobs.append((BOOK, fingerprint, html))

    def search(self) -> Callable[[], None]:
        """Start indexing, in the background, the search bundles whose incident pages changed; return the wait."""
        count = shard_count(len(self.corpus.incidents))
        shards: list[list[Output]] = [[] for _ in range(count)]
        reports = {names.report(incident.id, "html"): incident.id for incident in self.corpus.incidents}
        for output in sorted((o for o in self.outputs if o.path in reports), key=lambda o: o.path):
            shards[shard_of(reports[output.path], count)].append(output)
        jobs = []
        previous: dict[str, list[str]] = {}  # the last build's files by fingerprint: a bundle's files share one
        for path, value in self.previous.items():
            previous.setdefault(inputs_of(value), []).append(path)
        for shard, pages in enumerate(shards):  # a bundle is made again only when the bytes of one of its pages change
            if not pages:  # no incident page to index (a repository without incidents): no bundle, the page says so
                continue
            fingerprint = digest(
                __version__, self.config.language, str(count), *(f"{o.path}={content_of(o.fingerprint)}" for o in pages)
            )
            kept = [path for path in previous.get(fingerprint, ()) if in_bundle(path, shard)]
            if kept and all(self.held.holds(path) for path in kept):
                self.outputs += [Output(path=path, fingerprint=self.previous[path]) for path in kept]
            else:
                html = {o.path: o.data if o.data is not None else (self.out / o.path).read_bytes() for o in pages}
                jobs.append((bundle_path(shard), fingerprint, html))
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        futures = [(fp, pool.submit(search_index, html, language=self.config.language, bundle=path))
                   for path, fp, html in jobs]  # fmt: skip

        def wait() -> None:
            try:
                for fingerprint, future in futures:
                    for path, data in future.result().items():
                        self.add(path, fingerprint, data)
            finally:
                pool.shutdown()

        return wait

    def write(self, inputs: str) -> None:
        """Swap the new output in, or, when no file changed, only remember what this build read.

        Refuses two outputs that would be one file somewhere (``pm check`` reports their sources first).
        """
        clash = names.first_clash(output.path for output in self.outputs)
        if clash is not None:
            raise PmError(f"{clash[0]} and {clash[1]} would be one file on some systems: nothing was written")
        if all(o.data is None for o in self.outputs) and {o.path for o in self.outputs} == set(self.previous):
            remember_inputs(self.out, inputs, key=self.key, files={o.path: o.fingerprint for o in self.outputs})
        else:
            self.staging.place(self.outputs)
            self.staging.publish(inputs=inputs, key=self.key)

    def run(self, *, inputs: str, progress: Progress | None) -> list[str]:
        """Render, write and swap in the new output; return the warnings about the PDFs. A failure leaves nothing."""
        try:
            self.reports()
            self.index()
            warnings, boxes = self.pdfs(progress)
            self.write("" if boxes else inputs)  # a build with empty boxes is not remembered as done: see pdfs
        except OSError as exc:  # a temporary file of the search index or the PDFs: disk full, for instance
            raise write_error(exc, what=f"nothing was written; {display_path(self.out)} is unchanged") from None
        finally:
            self.staging.discard()
        return warnings

    def pdfs(self, progress: Progress | None) -> tuple[list[str], bool]:
        """Render the queued PDFs; return what their documents were refused and whether one shows empty boxes.

        A PDF with characters that no font has is not kept by the next build: once a font is installed, it is
        drawn again, and until then the warning is given again.
        """
        warnings, boxes = [], False
        places = Places(root=self.config.root, templates=tuple(template_folders(self.config)),
                        images=(self.config.path("incidents"),))  # fmt: skip
        sources = {names.report(i.id, "pdf"): self.corpus.paths.get(i.id) for i in self.corpus.incidents}
        results = render_pdfs([html for _, _, html in self.pdf_jobs], places=places, progress=progress)
        for (path, fingerprint, _), result in zip(self.pdf_jobs, results, strict=True):
            self.add(path, "" if result.missing else fingerprint, result.data)
            warnings += [f"{path}: refused {url}" for url in result.refused]
            if result.missing:
                boxes = True
                warnings.append(missing_glyphs(path, result.missing, source=sources.get(path)))
        return warnings, boxes


def _still_whole(out: Path, *, protected: list[Path], key: bytes) -> bool:
    """Clear what an interrupted build left, then tell whether every file of the last build is there."""
    with locked(out):
        check_target(out, protected=protected)
        recover(out)
    held = PreviousOutput(out)
    return all(held.holds(path) for path in read_manifest(out, key=key))


@collector_paused()
def build(
    config: Config,
    *,
    out: Path,
    formats: Iterable[Format] = FORMATS,
    force: bool = False,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    book: bool = False,
    audience: Audience = "internal",
    progress: Progress | None = None,
) -> BuildReport:
    """Validate, then render every incident's reports, the index and the site into *out*; nothing on errors."""
    started = time.perf_counter()
    clash = output_clash(config, out=out)
    if clash is not None:  # before anything is read from the output or cleaned next to it
        message = f"refusing to write into {display_path(out)}: it {clash}; choose another output folder"
        raise WrongValue(message, parameter="--out")  # the configured output was checked with the configuration
    formats = tuple(formats)
    templates = templates_digest(config)
    inputs = build_inputs(config, formats=formats, today=today, since=since, until=until, book=book,
                          templates=templates, audience=audience)  # fmt: skip
    protected = [config.root, config.path("incidents"), config.path("templates")]
    key = secret(config.root)  # seals the output's manifest: a manifest that came with the repository is not believed
    if not force and read_inputs(out, key=key) == inputs and _still_whole(out, protected=protected, key=key):
        count = len(discover(config.path("incidents"), root=config.root))
        files = len(read_manifest(out, key=key))
        return BuildReport(out=out, incidents=count, written=0, unchanged=files, warnings=(),
                           seconds=time.perf_counter() - started)  # fmt: skip
    corpus = load_corpus(config)
    if corpus.errors:
        raise ProblemsFound(list(corpus.problems), consequence="nothing was written")
    corpus = for_audience(corpus, audience=audience, labels=internal_labels(config))
    with locked(out), remembered(config, key=key):
        check_target(out, protected=protected)
        recover(out)
        job = _Build(config=config, corpus=corpus, out=out, formats=formats, today=today, since=since,
                     until=until, book_all=book, templates=templates + audience, key=key,
                     previous={} if force else read_manifest(out, key=key))  # fmt: skip
        warnings = job.run(inputs=inputs, progress=progress)
    written = tuple(o.path for o in job.outputs if o.data is not None)
    removed = len(set(job.previous) - {o.path for o in job.outputs})
    return BuildReport(out=out, incidents=len(corpus.incidents), written=len(written),
                       unchanged=len(job.outputs) - len(written), warnings=tuple(warnings),
                       seconds=time.perf_counter() - started, paths=written, removed=removed)  # fmt: skip


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


def _views(env: Environment, data: SiteData, site: Chrome, *, paths: Iterable[str], own: bool) -> TemplateContext:
    """The views across incidents that the templates of the files at *paths* read, made once for all of them.

    *own*: the templates are pm's own, so the incidents' records leave out what those never read.
    """
    wanted = variables_read(env, [name for path in paths for name in page_templates(path)])
    return site_values(data, site, wanted=wanted, own=own)


def _index_remembering(
    env: Environment, data: SiteData, site: Chrome, own: bool
) -> tuple[str, dict[str, str], set[str]]:
    """index.md, rendered in another process, with what the memo made and used for it (for this build's memo)."""
    values = _views(env, data, site, paths=[names.INDEX_MARKDOWN], own=own)
    return render_index_markdown(env, data, site, values=values), memo.fresh(), memo.used()


def _remembering(wait: Callable[[], tuple[str, dict[str, str], set[str]]]) -> Callable[[], str]:
    """The wait for a text rendered in another process, taking in what that process made and used of the memo."""

    def text() -> str:
        rendered, made, used = wait()
        memo.learn(made, used)
        return rendered

    return text


def _render_in_worker(number: int, fmt: Format) -> str:
    """Render one report in a forked worker, from the build it inherited."""
    assert _CURRENT is not None
    return _CURRENT.render(number, fmt)
