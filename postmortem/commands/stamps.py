"""Render command: the fingerprints of files' inputs and bytes, and what a build keeps of the previous output."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from postmortem import jsondata
from postmortem.commands.inputs import digest, encoded
from postmortem.model.head import Head, head_of
from postmortem.model.incident import Incident
from postmortem.render import memo
from postmortem.render.report import Corpus
from postmortem.validate.documents import MarkdownDocument
from postmortem.write.manifest import Output, PreviousOutput, content_of

REPORTS_SLOT = f"{memo.kind('report inputs')}:{hashlib.blake2b(b'report inputs', digest_size=8).hexdigest()}"


@dataclass(slots=True, kw_only=True)
class ReportInputs:
    """What each report of a build depends on: the incident, what it shows of the corpus, what pages share, today.

    What a report shows of the corpus is what :meth:`Corpus.around` gives it (the titles of the incidents it
    names, its risks, its runbooks): the fingerprint is that of the incident and of ``around(incident)``, with
    what every report shares made text once for the build rather than once a report. The incident is known by
    its *source*, the key of its file's content, when there is one: the model is made from that file, the
    configuration and pm alone, and the last two are in *shared*. *own*: the templates are pm's own, which show
    a runbook by its title and link alone (tests/test_shows.py), so its steps do not count.
    """

    links: Corpus
    shared: str
    today: dt.date
    own: bool
    risks: dict[str, str] = field(init=False)  # each risk of the register as the fingerprint counts it
    procedures: tuple[tuple[MarkdownDocument, str], ...] = field(init=False)  # each runbook, and as it counts
    applying: dict[tuple[str | None, tuple[str, ...], tuple[str, ...]], list[str]] = field(init=False)  # see _runbooks
    start: bytes = field(init=False)  # what every report's fingerprint starts with
    day: str = field(init=False)  # today, which counts for a report with an action due
    around: str = field(init=False)  # a digest of what reports show of the corpus but titles (see ``around``)
    known: dict[str, str] = field(init=False)  # by file key (see _key): the last build's fingerprints, same *around*
    now: dict[str, str] = field(init=False)  # by file key (see _key): this build's
    made: int = 0  # the fingerprints made anew (not known)

    def __post_init__(self) -> None:
        """Make what every report shares text once."""
        self.risks = {key: f"{key}={risk.model_dump_json()}" for key, risk in self.links.risks.items()}
        shown = [p.model_copy(update={"body": "", "path": ""}) if self.own else p for p in self.links.procedures]
        self.procedures = tuple((p, p_shown.model_dump_json()) for p, p_shown in zip(self.links.procedures, shown,
                                                                                    strict=True))  # fmt: skip
        self.applying = {}
        self.start = encoded(self.shared)
        self.day = self.today.isoformat()
        around = [self.shared, str(self.own), self.day, *self.risks.values()]
        self.around = digest(*around, *(text for _, text in self.procedures))
        self.known, self.now = _fingerprints(memo.latest(REPORTS_SLOT, self.around)), {}

    def of(self, incident: Incident | Head, *, source: str | None) -> str:
        """The fingerprint of the incident's reports: ``digest(shared, incident, *around.digest_parts(), day)``.

        It is a function of the incident's file (its key, *source*) and of all that reports show of the corpus:
        the last build's when both are the same. Its head is enough when it has a *source*.
        """
        if source is None:  # an incident without a file (none in a repository)
            return self.make(incident, source=None)
        key = self._key(incident, source)
        found = self.known.get(key)
        if found is None:
            found = self.make(incident, source=source)
            self.made += 1
        self.now[key] = found
        return found

    def _key(self, incident: Incident | Head, source: str) -> str:
        """What the last build's fingerprint of the incident is kept by: its file, and the titles its reports show.

        Those are the titles of the incidents it names as related: a title edit, a new or a deleted incident
        makes again the fingerprints of the incidents that name it, not of all (the others are the last build's).
        """
        if not incident.related:
            return source
        titles = self._titles(incident.related).encode("utf-8", "surrogatepass")
        return f"{source}:{hashlib.blake2b(titles, digest_size=8).hexdigest()}"

    def searched(self, incident: Incident | Head, *, source: str | None) -> str:
        """What the search entry of the incident's page is made of, with pm's own templates: incident, shared, day.

        Their pages leave what they show of other files (the titles of related incidents, the risks cited, the
        runbooks that apply) out of the entry, so that an edit of those files does not index the page again
        (tests/test_search_bundles.py shows it): the entry is made of what the incident's file says alone.
        """
        known, due = _known(incident, source=source)
        return digest(known, self.day if due else "", start=self.start)

    def remember(self) -> None:
        """Keep this build's fingerprints for the next build when they are not the last build's."""
        if self.made or len(self.now) != len(self.known):
            memo.keep_latest(REPORTS_SLOT, self.around, json.dumps(self.now, separators=(",", ":")))

    def make(self, incident: Incident | Head, *, source: str | None) -> str:
        """The fingerprint of the incident's reports, made from the incident and what it shows of the corpus."""
        known, due = _known(incident, source=source)
        related, cited = incident.related, incident.risks
        parts = [known, self._titles(related) if related else "[]"]
        if cited:
            risks = self.risks
            parts += [risks[key] for key in sorted({key for key in cited if key in risks})]
        parts += self._runbooks(incident)
        parts.append(self.day if due else "")
        return digest(*parts, start=self.start)

    def _titles(self, related: tuple[str, ...]) -> str:
        """The titles of the incidents *related* names, as the fingerprint counts them."""
        titles = self.links.titles
        return repr(sorted({i: titles[i] for i in related if i in titles}.items()))

    def _runbooks(self, incident: Incident | Head) -> list[str]:
        """The runbooks that apply to *incident*, as the fingerprint counts them (found once per severity and tags)."""
        matched = (incident.severity, incident.tags, incident.components)
        found = self.applying.get(matched)
        if found is None:
            found = self.applying[matched] = [text for p, text in self.procedures if p.applies_to(incident)]
        return found


def _known(incident: Incident | Head, *, source: str | None) -> tuple[str, bool]:
    """What reports' fingerprints know the incident by (its file's key, else its model), and if an action is due."""
    if isinstance(incident, Head):
        assert source, "an incident without a file is known by its model"
        return source, incident.due
    return source or incident.model_dump_json(), head_of(incident).due


def _fingerprints(text: str | None) -> dict[str, str]:
    """The fingerprints of reports kept by the last build, by file key (none when there are none, or not pm's)."""
    try:
        found = jsondata.loads(text) if text else {}
    except (ValueError, RecursionError):
        return {}
    if not isinstance(found, dict) or not all(isinstance(v, str) for v in found.values()):
        return {}
    return found


def stamped(fingerprint: str, data: bytes, *, content: str | None = None) -> str:
    """What the manifest says of a file: the fingerprint of its inputs, then that of its bytes (*content* if known)."""
    return f"{fingerprint}.{content_digest(data) if content is None else content}"


def content_digest(data: bytes) -> str:
    """The fingerprint of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def inputs_of(stamp: str) -> str:
    """The fingerprint of a file's inputs, from what the manifest says of it."""
    return stamp.partition(".")[0]


@dataclass(slots=True, kw_only=True)
class Ledger:
    """The files of a build in progress: those kept from the previous output, those rendered anew."""

    out: Path
    previous: dict[str, str]  # what the previous output's manifest says of each file
    outputs: list[Output] = field(default_factory=list)
    held: PreviousOutput = field(init=False)  # what the previous output still holds

    def __post_init__(self) -> None:
        """Look at what the previous output holds."""
        self.held = PreviousOutput(self.out)

    def keep(self, path: str, fingerprint: str) -> bool:
        """Reuse the previous build's file when its inputs are the same."""
        previous = self.previous.get(path)
        if previous is not None and inputs_of(previous) == fingerprint and self.held.holds(path):
            self.outputs.append(Output(path=path, fingerprint=previous))
            return True
        return False

    def add(self, path: str, fingerprint: str, text: str | bytes, *, content: str | None = None) -> None:
        """A newly rendered file: written only when its bytes differ from the previous build's file.

        *content*: the :func:`content_digest` of its bytes, when the process that rendered it made it already.
        """
        data = text.encode("utf-8") if isinstance(text, str) else text
        stamp = stamped(fingerprint, data, content=content)
        previous = self.previous.get(path)
        same = previous is not None and content_of(previous) == content_of(stamp) and self.held.holds(path)
        self.outputs.append(Output(path=path, fingerprint=stamp, data=None if same else data))
