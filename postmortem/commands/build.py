"""Render command core: corpus → reports (PDFs in a process pool, only what changed) → write."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from postmortem.commands.inputs import build_inputs, templates_digest
from postmortem.commands.job import BuildJob
from postmortem.commands.pdfs import Progress
from postmortem.commands.remember import remembered
from postmortem.commands.stamps import Ledger
from postmortem.config import Config, output_clash
from postmortem.corpus.audience import Audience, for_audience
from postmortem.corpus.repository import Corpus as LoadedCorpus
from postmortem.corpus.repository import discover, load_corpus
from postmortem.errors import ProblemsFound, WrongValue, display_path, plural
from postmortem.load.cache import secret
from postmortem.render.report import Format, internal_labels
from postmortem.workers import collector_paused
from postmortem.write.lock import locked
from postmortem.write.manifest import PreviousOutput, read_inputs, read_manifest
from postmortem.write.staging import check_target, recover

FORMATS: tuple[Format, ...] = ("md", "html", "pdf")


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
    _refuse_clash(config, out=out)
    formats = tuple(formats)
    templates = templates_digest(config)
    incidents = discover(config.path("incidents"), root=config.root)
    inputs = build_inputs(config, incidents=incidents, formats=formats, today=today, since=since, until=until,
                          book=book, templates=templates, audience=audience)  # fmt: skip
    protected = [config.root, config.path("incidents"), config.path("templates")]
    key = secret(config.root)  # seals the output's manifest: a manifest that came with the repository is not believed
    if not force and read_inputs(out, key=key) == inputs:
        kept = _still_whole(out, protected=protected, key=key)
        if kept is not None:
            return BuildReport(out=out, incidents=len(incidents), written=0, unchanged=kept, warnings=(),
                               seconds=time.perf_counter() - started)  # fmt: skip
    corpus = _audience_corpus(config, audience=audience)
    with locked(out), remembered(config, key=key):
        check_target(out, protected=protected)
        recover(out)
        files = Ledger(out=out, previous={} if force else read_manifest(out, key=key))
        job = BuildJob(config=config, corpus=corpus, files=files, formats=formats, today=today, since=since,
                     until=until, book_all=book, templates=templates + audience, key=key)  # fmt: skip
        warnings = job.run(inputs=inputs, progress=progress)
    return _done(files, incidents=len(corpus.incidents), warnings=warnings, started=started)


def _refuse_clash(config: Config, *, out: Path) -> None:
    """Refuse an output folder that is or holds what the repository is made of."""
    clash = output_clash(config, out=out)
    if clash is not None:  # before anything is read from the output or cleaned next to it
        message = f"refusing to write into {display_path(out)}: it {clash}; choose another output folder"
        raise WrongValue(message, parameter="--out")  # the configured output was checked with the configuration


def _still_whole(out: Path, *, protected: list[Path], key: bytes) -> int | None:
    """Clear what an interrupted build left, then count the files of the last build: None when one is missing."""
    with locked(out):
        check_target(out, protected=protected)
        recover(out)
    held = PreviousOutput(out)
    files = read_manifest(out, key=key)
    return len(files) if all(held.holds(path) for path in files) else None


def _audience_corpus(config: Config, *, audience: Audience) -> LoadedCorpus:
    """The repository's corpus as *audience* sees it; refused whole when a file has errors."""
    corpus = load_corpus(config)
    if corpus.errors:
        raise ProblemsFound(list(corpus.problems), consequence="nothing was written")
    return for_audience(corpus, audience=audience, labels=internal_labels(config))


def _done(files: Ledger, *, incidents: int, warnings: list[str], started: float) -> BuildReport:
    """The report of a build that rendered *files*."""
    written = tuple(o.path for o in files.outputs if o.data is not None)
    removed = len(set(files.previous) - {o.path for o in files.outputs})
    return BuildReport(out=files.out, incidents=incidents, written=len(written),
                       unchanged=len(files.outputs) - len(written), warnings=tuple(warnings),
                       seconds=time.perf_counter() - started, paths=written, removed=removed)  # fmt: skip
