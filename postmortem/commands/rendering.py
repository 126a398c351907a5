"""Render command: load the corpus and render what changed into the output, swapped in whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from postmortem.commands.job import BuildJob
from postmortem.commands.pdfs import Progress
from postmortem.commands.remember import remembered
from postmortem.commands.stamps import Ledger
from postmortem.config.model import Config
from postmortem.corpus.audience import Audience, for_audience
from postmortem.corpus.repository import Corpus, load_corpus
from postmortem.errors import ProblemsFound
from postmortem.load.trusted import FileStats
from postmortem.render.bounded import start_build_clock
from postmortem.render.report import Format, internal_labels
from postmortem.write.lock import locked
from postmortem.write.manifest import read_manifest
from postmortem.write.staging import check_target, recover


@dataclass(frozen=True, slots=True, kw_only=True)
class Render:
    """A build that renders: what to render, from what, into which output (see ``build`` for each field)."""

    config: Config
    out: Path
    formats: tuple[Format, ...]
    force: bool
    today: dt.date
    since: dt.date | None
    until: dt.date | None
    book: bool
    audience: Audience
    inputs: str  # the fingerprint of everything the build reads
    templates: str  # the fingerprint of the template files
    key: bytes  # seals the output's manifest and the memo
    protected: list[Path]  # what the output may not be nor hold
    found: list[Path]  # the incident files, as the build found them for its fingerprint
    seen: FileStats | None = None  # their stamps, as the fingerprint found them (see ``FileStats.seen``)

    def run(self, *, progress: Progress | None) -> tuple[int, Ledger, list[str]]:
        """Render and swap in the new output; the number of incidents, the files, the warnings about the PDFs."""
        start_build_clock()  # the time the build's templates may take in all starts now
        corpus = self.corpus()
        with locked(self.out), remembered(self.config, key=self.key):
            check_target(self.out, protected=self.protected)
            recover(self.out)
            files = Ledger(out=self.out, previous={} if self.force else read_manifest(self.out, key=self.key))
            job = BuildJob(config=self.config, corpus=corpus, files=files, formats=self.formats, today=self.today,
                           since=self.since, until=self.until, book_all=self.book,
                           templates=self.templates + self.audience, key=self.key)  # fmt: skip
            warnings = job.run(inputs=self.inputs, progress=progress)
        return len(corpus.incidents), files, warnings

    def corpus(self) -> Corpus:
        """The repository's corpus as the audience sees it; refused whole when a file has errors."""
        corpus = load_corpus(self.config, found=self.found, seen=self.seen)
        if corpus.errors:
            raise ProblemsFound(list(corpus.problems), consequence="nothing was written")
        return for_audience(corpus, audience=self.audience, labels=internal_labels(self.config))
