"""Serve command helper: what ``pm serve`` keeps between builds, so that an edit costs what it changes.

A server builds again after every save. It keeps in memory, never on disk as code, what the last build knew: its
files' fingerprints (the output's manifest, which only pm serve reads), the memo's shards, the compiled templates.
It does not first fingerprint all a build reads, as ``pm render`` does to stop at once when nothing changed: the
watcher wakes it for changes only, and a save that changes nothing costs a build that writes nothing.

When an edit changes incident pages but not which incidents there are, the page comes first: the output is
swapped in with the last build's search bundles (a whole output too: the same pages, an older text), the browser
reloads, and the bundles made again follow in a second swap (see :meth:`Live.search`).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment

from postmortem.commands.build import BuildReport
from postmortem.commands.bundles import start_search
from postmortem.commands.inputs import templates_digest
from postmortem.commands.job import BuildJob
from postmortem.commands.remember import memo_folder
from postmortem.commands.stamps import Ledger
from postmortem.config.model import Config
from postmortem.corpus.audience import Audience, for_audience
from postmortem.corpus.repository import Corpus, load_corpus
from postmortem.errors import Problem, ProblemsFound, display_path
from postmortem.load.homes import secret
from postmortem.load.sealed import Shelf
from postmortem.load.trusted import stamp
from postmortem.model.names import SEARCH_BUNDLE
from postmortem.read import read_file
from postmortem.render import memo
from postmortem.render.report import Format, internal_labels
from postmortem.workers import collector_paused
from postmortem.write.files import write_error
from postmortem.write.lock import locked
from postmortem.write.manifest import Output, remember_inputs
from postmortem.write.staging import Staging, remove_replaced

BUNDLES = f"{SEARCH_BUNDLE}/"


def in_search_bundle(path: str) -> bool:
    """True for a file of the site's search bundles."""
    return path.startswith(BUNDLES)


@dataclass(slots=True)
class KnownFiles:
    """Files as last read, by path: read again only when their stamp (size, times, identity) is another."""

    seen: dict[str, tuple[tuple[int, ...], bytes]] = field(default_factory=dict)

    def __call__(self, path: Path, *, root: Path) -> bytes | Problem:
        """The bytes of the regular file at *path* (as :func:`read_file` reads it), from memory when unchanged.

        A symbolic link is read every time (its target may change, not its stamp), and so is a file changed in
        the last seconds (another edit within its clock's tick would leave its stamp as it is).
        """
        try:
            known = stamp(os.lstat(path))
        except OSError:
            known = None
        seen = self.seen.get(str(path))
        if known is not None and seen is not None and seen[0] == known:
            return seen[1]
        raw = read_file(path, root=root)
        if known is not None and isinstance(raw, bytes):
            self.seen[str(path)] = (known, raw)
        return raw


class LiveJob(BuildJob):
    """A build that, when *later* is set, keeps the last search bundles in its output and leaves them for later."""

    later = False  # the incident pages are the same ones as the last build's: their bundles may follow
    deferred = False  # this build's output holds the last build's bundles, to be made again in a second swap

    def pages(self) -> bool:
        """index.md and the site's pages, keeping the last search bundles as they are when they may follow."""
        kept = [Output(path=path, fingerprint=value) for path, value in self.files.previous.items()
                if in_search_bundle(path)]  # fmt: skip
        if not (self.later and kept and all(self.files.held.holds(output.path) for output in kept)):
            return BuildJob.pages(self)
        self.index()
        self.files.outputs += kept
        self.deferred = True
        return False

    def write(self, inputs: str) -> None:
        """Swap the output in; files that are all files of the last output cannot be one file somewhere (checked)."""
        outputs, previous = self.files.outputs, self.files.previous
        paths = {output.path for output in outputs}
        if not paths <= previous.keys():
            BuildJob.write(self, inputs)
        elif paths == previous.keys() and all(output.data is None for output in outputs):
            remember_inputs(self.files.out, inputs, key=self.key, files={o.path: o.fingerprint for o in outputs})
        else:
            self.staging.place(outputs)
            self.staging.publish(inputs=inputs, key=self.key)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Search:
    """The search bundles a build left for a second swap: the incidents to index, in which language, the seal."""

    ids: tuple[str, ...]
    language: str
    key: bytes
    searched: dict[str, str]  # what each page's search entry is made of, when the build knew (BuildJob.searched)


@dataclass(slots=True, kw_only=True)
class Live:
    """The output folder of a server, and what its last build knew."""

    out: Path
    formats: tuple[Format, ...]
    audience: Audience
    files: dict[str, str] = field(default_factory=dict)  # the output's manifest: fingerprints by path
    ids: tuple[str, ...] | None = None  # the incidents of the last build, in order
    shelves: dict[str, Mapping[str, str]] = field(default_factory=dict)  # the memo's shards as last kept
    env: tuple[str, Environment] | None = None  # the compiled templates, and what they were compiled from
    templates: KnownFiles = field(default_factory=KnownFiles)  # the template files as last read
    pending: _Search | None = None
    replaced: list[Path] = field(default_factory=list)  # outputs swapped out, to remove once the browser is answered
    sweeping: list[threading.Thread] = field(default_factory=list)  # removing outputs swapped out, meanwhile
    unsaved: list[Callable[[], None]] = field(default_factory=list)  # what to keep in the cache folder, later

    @collector_paused()
    def build(self, config: Config, *, today: dt.date) -> BuildReport:
        """Build what changed since the last build; its search bundles may be left for :meth:`search`."""
        started = time.perf_counter()
        self._sweep()
        self._save()
        templates = templates_digest(config, read=self.templates)
        corpus = _corpus(config, audience=self.audience)
        key = secret(config.root)
        with locked(self.out), self._remembered(config, key=key):  # no build of another process leaves anything here
            files = Ledger(out=self.out, previous=self.files)
            job = LiveJob(config=config, corpus=corpus, files=files, formats=self.formats, today=today,
                          templates=templates + self.audience, key=key)  # fmt: skip
            job.env = self._environment(config, job.env, templates=templates)
            job.staging = Staging(self.out, replaced=self.replaced)
            job.later = self.ids == (ids := tuple(head.id for head in corpus.incidents.heads))
            warnings = job.run(inputs="", progress=None)  # the manifest's record of what was read: unused here
        self.files, self.ids = {output.path: output.fingerprint for output in files.outputs}, ids
        self.pending = None
        if job.deferred:
            self.pending = _Search(ids=ids, language=config.language, key=key, searched=job.searched)
        return _report(self.out, files=files, incidents=len(corpus.incidents), warnings=warnings, started=started)

    @collector_paused()
    def search(self) -> BuildReport | None:
        """Make again the search bundles the last build left, and swap them in; None when none were left.

        Meanwhile, and after, the outputs swapped out are removed in the background.
        """
        self._sweep()
        pending, self.pending = self.pending, None
        if pending is None:
            self._save()
            return None
        started = time.perf_counter()
        with locked(self.out):
            files = Ledger(out=self.out, previous=self.files)
            files.outputs = [Output(path=path, fingerprint=stamp) for path, stamp in self.files.items()
                             if not in_search_bundle(path)]  # fmt: skip
            staging = Staging(self.out, replaced=self.replaced)
            try:
                start_search(files, ids=pending.ids, language=pending.language, searched=pending.searched)(True)
                written = any(output.data is not None for output in files.outputs)
                if written or {output.path for output in files.outputs} != self.files.keys():
                    staging.place(files.outputs)
                    staging.publish(inputs="", key=pending.key)
            except OSError as exc:  # a temporary file of the search index: disk full, for instance
                raise write_error(exc, what=f"{display_path(self.out)} is unchanged") from None
            finally:
                staging.discard()
        self.files = {output.path: output.fingerprint for output in files.outputs}
        self._sweep()
        self._save()  # after Pagefind, whose time the browser had to load the page
        return _report(self.out, files=files, incidents=len(pending.ids), warnings=[], started=started)

    def _sweep(self) -> None:
        """Start removing the outputs swapped out, in the background (a build may run meanwhile: they are not its)."""
        folders, self.replaced[:] = list(self.replaced), []  # the list the stagings put them in stays the same
        if folders:
            thread = threading.Thread(target=remove_replaced, args=(folders,), daemon=True)
            thread.start()
            self.sweeping = [*(other for other in self.sweeping if other.is_alive()), thread]

    def settle(self) -> None:
        """Finish what was left for after the answer: remove the outputs swapped out, keep what the memo gained."""
        for thread in self.sweeping:
            thread.join()
        self.sweeping.clear()
        remove_replaced(self.replaced)
        self.replaced.clear()
        self._save()

    def _save(self) -> None:
        """Keep in the cache folder what the last build added to the memo."""
        while self.unsaved:
            self.unsaved.pop(0)()

    def _environment(self, config: Config, made: Environment, *, templates: str) -> Environment:
        """The templates compiled by an earlier build when they and the configuration are the same, else *made*."""
        source = f"{templates}\0{config.model_dump_json()}"
        if self.env is None or self.env[0] != source:
            self.env = (source, made)
        return self.env[1]

    @contextmanager
    def _remembered(self, config: Config, *, key: bytes) -> Iterator[None]:
        """The memo seeded from the shards kept in memory (read once from the cache folder), kept after a build.

        What a build adds is written to the cache folder later, for the builds of other processes.
        """
        shelf = Shelf(memo_folder(config), key=key)
        asked: set[str] = set()

        def read(name: str) -> Mapping[str, str]:
            asked.add(name)
            found = self.shelves.get(name)
            if found is None:
                found = self.shelves[name] = shelf.read(name)
            return found

        memo.seed(read)
        try:
            yield
            if memo.changed():
                kept, whole = memo.kept(), memo.whole()
                self.unsaved.append(lambda: shelf.write(kept, every=whole))  # once the browser is answered
                if whole:  # what it did not keep of the shards it asked for is removed: they are known empty
                    self.shelves.clear()
                    self.shelves.update({name: {} for name in asked})
                self.shelves.update(kept)
        finally:
            memo.forget()


def _corpus(config: Config, *, audience: Audience) -> Corpus:
    """The repository's corpus as the audience sees it; refused whole when a file has errors."""
    corpus = load_corpus(config)
    if corpus.errors:
        raise ProblemsFound(list(corpus.problems), consequence="nothing was written")
    return for_audience(corpus, audience=audience, labels=internal_labels(config))


def _report(out: Path, *, files: Ledger, incidents: int, warnings: list[str], started: float) -> BuildReport:
    """What a build did, from its files."""
    written = tuple(o.path for o in files.outputs if o.data is not None)
    removed = len(set(files.previous) - {o.path for o in files.outputs})
    return BuildReport(out=out, incidents=incidents, written=len(written), unchanged=len(files.outputs) - len(written),
                       warnings=tuple(warnings), seconds=time.perf_counter() - started, paths=written,
                       removed=removed)  # fmt: skip
