"""Render command: what index.md and the site's pages depend on, and their views across incidents."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from jinja2 import Environment

from postmortem.commands.inputs import digest
from postmortem.corpus.repository import Corpus
from postmortem.model import names
from postmortem.model.head import heads_of
from postmortem.model.incident import Incident
from postmortem.render import memo
from postmortem.render.chrome import Chrome
from postmortem.render.index_sections import index_parts
from postmortem.render.plain import TemplateContext
from postmortem.render.reads import variables_read
from postmortem.render.shows import EVERYTHING, HIDDEN, shows
from postmortem.render.site import page_templates, site_values
from postmortem.render.site_views import SiteData, newest_places

T = TypeVar("T")
SHOWN = "incidents shows"  # the memo's kind for what every page shows of a run of incidents, by their files
CORPUS_SLOT = f"{memo.kind('corpus shows')}:{hashlib.blake2b(b'corpus shows', digest_size=8).hexdigest()}"
# Incidents in a run at most: one, so that an edit makes the model of the incident it changed alone (a run's
# digests are made again from its models). Longer runs cut the entries read after an edit (64: 16 on average).
RUN_MOST = 1
SHOWN_GROUP = "incidents shows group"  # the memo's kind for the digests of a group of runs, by their keys
GROUP_MOST = 64  # runs in a group at most; a group ends after an incident whose id's hash starts with 0 (16 on average)


@dataclass(slots=True, kw_only=True)
class PageInputs:
    """The fingerprints of the pages across incidents, from the corpus and what every page shares (*shared*).

    What a page shows of the incidents is one digest for every page that hides the same fields (:data:`HIDDEN`),
    made from each incident's digest but those fields, in order. The incidents are taken in runs (of one, see
    :data:`RUN_MOST`; longer ones are cut where an incident's file's key starts with 0, so that a new or deleted
    incident changes one run, not those after it): each run's digests, one for each set of fields, are one memo
    entry by its files' keys; the runs are taken in groups (cut after an incident whose id's hash starts with 0,
    see :data:`GROUP_MOST`: an edit that leaves the ids and their order as they are leaves the groups as they are,
    so that what a page shows is digested alike whatever the edited file's key), whose digests are one entry by
    their runs' keys; and those of every group one slot by every file's key. A build whose incidents did not
    change reads only the slot; an edit of one incident's file digests that incident's run again, reads the other
    runs' entries of its group and every group's entry: some 400 entries at 5,000 incidents rather than 5,000.
    """

    corpus: Corpus
    shared: str
    today: dt.date
    own: bool  # the templates are pm's own: what each page shows is known
    across: dict[frozenset[str], str] = field(default_factory=dict, init=False)  # by the fields hidden, once made
    runs: list[tuple[int, int, str]] = field(default_factory=list, init=False)  # start, end, key: once made
    groups: list[tuple[int, int, str]] = field(default_factory=list, init=False)  # of runs: start, end, key
    bases: dict[str, str] = field(default_factory=dict, init=False)  # by path: what a page that names shows but titles

    def of(self, path: str) -> str:
        """The fingerprint of a page across incidents: what it shows (everything, with templates of the repository)."""
        seen = shows(path) if self.own else EVERYTHING
        corpus = self.corpus
        parts = [self.shared, self.today.isoformat(), path]
        if seen.newest:
            parts.append(self.newest(seen.newest))
        elif seen.hidden is not None:
            parts.append(self.incidents(seen.hidden))
        elif seen.count:
            parts.append(str(len(corpus.incidents)))
        parts += [risk.model_dump_json() for risk in corpus.risks] if seen.risks else []
        parts += [document.model_dump_json() for document in corpus.procedures] if seen.procedures else []
        parts += [document.model_dump_json() for document in corpus.pages] if seen.pages else []
        if seen.own:  # the runbook or free page this file is made of
            own = [d for d in corpus.procedures if names.procedure(d.slug) == path]
            parts += [d.model_dump_json() for d in own + [d for d in corpus.pages if names.page(d.slug) == path]]
        if not seen.named:
            return digest(*parts)
        base = self.bases[path] = digest(*parts)
        found = memo.latest(_named_slot(path), base)
        return self._titled(base, None if found is None else found.split("\n"))

    def naming(self, path: str, ids: list[str]) -> str:
        """The fingerprint of the page at *path* (one whose entry says it names), rendered naming the incidents *ids*.

        What it shows but titles (the base of :meth:`of`) decides which incidents it names: the next build that finds
        the same base reads them from the memo, and counts their titles alone. The memo keeps the latest.
        """
        base = self.bases[path]
        memo.keep_latest(_named_slot(path), base, "\n".join(ids))
        return self._titled(base, ids)

    def _titled(self, base: str, ids: list[str] | None) -> str:
        """A fingerprint of *base* and the titles of the incidents *ids* (of every incident, when they are unknown)."""
        heads = heads_of(self.corpus.incidents)
        if ids is None:
            return digest(base, "every title", *(head.title for head in heads))
        wanted = set(ids)
        return digest(base, "titles", *(f"{head.id}\0{head.title}" for head in heads if head.id in wanted))

    def newest(self, count: int) -> str:
        """A digest of the *count* newest incidents, whole (each by its file's key), and of the links they keep.

        An incident's model as a public audience sees it leaves out its links to incidents not published (see
        corpus/audience.py), and its head is then taken from that model: one of the newest changes, with its file,
        when an incident it names is left out or comes back, and so do the related incidents its head gives. A new
        or deleted incident that none of them names leaves the feed as it is.
        """
        incidents, sources = self.corpus.incidents, self.corpus.sources
        heads = heads_of(incidents)
        places = newest_places(heads, count=count)
        keys = [sources.get(heads[n].id) or _model_key(incidents[n]) for n in places]
        return digest(*keys, *(" ".join(heads[n].related) for n in places))

    @property
    def hidden_sets(self) -> tuple[frozenset[str], ...]:
        """The sets of fields the pages hide: pm's own pages' (see shows.py), else none (they show everything)."""
        return HIDDEN if self.own else (frozenset(),)

    def incidents(self, hidden: frozenset[str]) -> str:
        """A digest of every incident but the fields in *hidden*, in order."""
        if not self.across:
            self.across = self._across()
        found = self.across.get(hidden)
        if found is None:  # fields no page of pm's own hides together: each incident digested again
            found = self.across[hidden] = _joined([_projections(i, (hidden,)) for i in self.corpus.incidents])
        return found

    def _across(self) -> dict[frozenset[str], str]:
        """The digests across incidents for each of the sets of fields hidden: the slot's when no incident changed."""
        sets = self.hidden_sets
        self.runs = self._runs(sets)
        self.groups = self._groups()
        everything = hashlib.blake2b(" ".join(key for _, _, key in self.runs).encode(), digest_size=16).hexdigest()
        text = memo.recall_latest(CORPUS_SLOT, f"{self.named(sets)}.{everything}", lambda: self._columns(sets))
        found = text.split(" ")
        return dict(zip(sets, found if len(found) == len(sets) else self._columns(sets).split(" "), strict=True))

    def named(self, sets: tuple[frozenset[str], ...]) -> str:
        """A digest of what the incidents' digests depend on besides their files: pm, its configuration, *sets*."""
        return digest(self.shared, *("\x1f".join(sorted(hidden)) for hidden in sets))

    def _runs(self, sets: tuple[frozenset[str], ...]) -> list[tuple[int, int, str]]:
        """Where each run of incidents starts and ends, and a digest of its files' keys (of their models if none)."""
        sources, named = self.corpus.sources, self.named(sets)
        incidents = self.corpus.incidents
        heads = heads_of(incidents)  # a model is made only for an incident without a file
        keys = [sources.get(head.id) or _model_key(incidents[n]) for n, head in enumerate(heads)]
        return _cut(keys, most=RUN_MOST, named=named)

    def _groups(self) -> list[tuple[int, int, str]]:
        """Where each group of runs (one incident each) starts and ends, and a digest of its runs' keys."""
        marks = [hashlib.blake2b(head.id.encode("utf-8", "surrogateescape"), digest_size=4).hexdigest()
                 for head in heads_of(self.corpus.incidents)]  # fmt: skip
        return _cut([key for _, _, key in self.runs], most=GROUP_MOST, marks=marks)

    def _columns(self, sets: tuple[frozenset[str], ...]) -> str:
        """For each set of fields, the digest of every incident's digest but those fields, separated by spaces."""
        rows = _kept_rows(SHOWN_GROUP, self.groups, lambda start, end: self._group(start, end, sets), width=len(sets))
        return _columns_of(rows) if rows else _empty(sets)

    def _group(self, start: int, end: int, sets: tuple[frozenset[str], ...]) -> str:
        """For each set of fields, the digest of the digests of the runs *start* to *end* but those fields."""
        incidents = self.corpus.incidents

        def made(first: int, last: int) -> str:  # a run's digests, made anew from its incidents
            return _run(incidents[first:last], sets)

        return _columns_of(_kept_rows(SHOWN, self.runs[start:end], made, width=len(sets)))

    def keep_incidents(self) -> None:
        """Keep every run's and group's entry for the next build (one that makes every page keeps only what it used)."""
        if not self.runs:
            self.runs = self._runs(self.hidden_sets)
            self.groups = self._groups()
        memo.keep([f"{SHOWN}:{key}" for _, _, key in self.runs] + [f"{SHOWN_GROUP}:{key}" for _, _, key in self.groups])

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


def _named_slot(path: str) -> str:
    """The memo's slot for the incidents the page at *path* names (see ``PageInputs.naming``)."""
    return f"{memo.kind('named')}:{hashlib.blake2b(path.encode(), digest_size=8).hexdigest()}"


def _projections(incident: Incident, sets: tuple[frozenset[str], ...]) -> str:
    """The digests of the incident but the fields of each of *sets*, in their order, separated by spaces."""
    return " ".join(
        hashlib.blake2b(incident.model_dump_json(exclude=set(hidden)).encode("utf-8"), digest_size=16).hexdigest()
        for hidden in sets
    )


def _run(incidents: Sequence[Incident], sets: tuple[frozenset[str], ...]) -> str:
    """For each of *sets*, the digest of the digests of *incidents* but its fields, separated by spaces."""
    return _columns_of([_projections(incident, sets).split(" ") for incident in incidents])


def _kept_rows(
    kind: str, parts: list[tuple[int, int, str]], make: Callable[[int, int], str], *, width: int
) -> list[list[str]]:
    """The digests of each of *parts* (start, end, key), kept as *kind* by its key, else ``make(start, end)``.

    A kept entry that does not hold *width* digests is not what pm makes: it is made again.
    """
    kept = memo.recall_each(kind, [key for _, _, key in parts], lambda n: make(parts[n][0], parts[n][1]))
    rows = [text.split(" ") for text in kept]
    for number, row in enumerate(rows):
        if len(row) != width:
            rows[number] = make(parts[number][0], parts[number][1]).split(" ")
    return rows


def _columns_of(rows: list[list[str]]) -> str:
    """The digest of each column of *rows* (digests, one a set of fields), separated by spaces."""
    return " ".join(_joined(list(column)) for column in zip(*rows, strict=True))


def _cut(keys: list[str], *, most: int, named: str = "", marks: list[str] | None = None) -> list[tuple[int, int, str]]:
    """*keys* cut in parts of *most* at most: start, end and a digest of each.

    A part ends where a key starts with 0, or its mark (one for each key) when *marks* are given: so cut, the parts
    after a key added or removed are the same as before.
    """
    parts, start = [], 0
    for end, mark in enumerate(keys if marks is None else marks, start=1):
        if mark.startswith("0") or end - start == most or end == len(keys):
            text = "\0".join([named, *keys[start:end]]).encode("utf-8", "surrogateescape")
            parts.append((start, end, hashlib.blake2b(text, digest_size=16).hexdigest()))
            start = end
    return parts


def _empty(sets: tuple[frozenset[str], ...]) -> str:
    """What :meth:`PageInputs._columns` gives for no incident."""
    return " ".join([_joined([])] * len(sets))


def _model_key(incident: Incident) -> str:
    """What counts for an incident without a file (none in a repository): its model."""
    return hashlib.blake2b(incident.model_dump_json().encode("utf-8"), digest_size=16).hexdigest()


def _joined(digests: list[str]) -> str:
    """One digest of *digests*, in order."""
    return hashlib.blake2b("\n".join(digests).encode(), digest_size=16).hexdigest()


def views(env: Environment, data: SiteData, site: Chrome, *, paths: Iterable[str], own: bool) -> TemplateContext:
    """The views across incidents that the templates of the files at *paths* read, made once for all of them.

    *own*: the templates are pm's own, so the incidents' records leave out what those never read.
    """
    wanted = variables_read(env, [name for path in paths for name in page_templates(path)])
    return site_values(data, site, wanted=wanted, own=own)


Remembering = tuple[T, dict[str, str], set[str], dict[str, dict[str, str]]]  # a result, and see ``memo.learn``


def index_remembering(
    env: Environment,
    data: SiteData,
    site: Chrome,
    keys: Callable[[str], str],
    values: TemplateContext | None,
    skip: frozenset[str] = frozenset(),
) -> Remembering[dict[str, str]]:
    """index.md's parts, rendered in another process, with what the memo made, used and read for them.

    *values*: the views made for the site's pages, which pm's own sections of index.md use (see ``index_markdown``).
    *skip*: the sections rendered by yet another process (see commands/apart.py).
    """
    parts = index_parts(env, data, site, keys=keys, values=values, skip=skip)
    return remembered(parts)


def remembered(result: T) -> Remembering[T]:
    """*result*, made in a forked process, with what that process made, used and read of the memo for it."""
    made = memo.fresh()
    return result, made, memo.used(), memo.read_for(made)


def remembering(wait: Callable[[], Remembering[T]]) -> Callable[[], T]:
    """The wait for a result made in another process, taking in what that process made, used and read of the memo."""

    def result() -> T:
        found, made, used, shards = wait()
        memo.learn(made, used, shards)
        return found

    return result
