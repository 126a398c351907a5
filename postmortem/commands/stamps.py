"""Render command: the fingerprints of files' inputs and bytes, and what a build keeps of the previous output."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from postmortem.commands.inputs import digest
from postmortem.model.head import Head, head_of
from postmortem.model.incident import Incident
from postmortem.render.report import Corpus
from postmortem.write.manifest import Output, PreviousOutput


def report_inputs(
    incident: Incident | Head, *, source: str | None, shared: str, around: Corpus, today: dt.date, own: bool
) -> str:
    """What a report depends on: the incident, what it shows of the corpus, what pages share, today when due.

    *around* is what the report shows of the other incidents, the risks and the runbooks. The incident is known
    by *source*, the key of its file's content, when there is one: the model is made from that file, the
    configuration and pm alone, and the last two are in *shared*. *own*: the templates are pm's own, which show
    a runbook by its title and link alone (tests/test_shows.py), so its steps do not count. Its head is enough
    when it has a *source*.
    """
    if isinstance(incident, Head):
        assert source, "an incident without a file is known by its model"
        known, open_due = source, incident.due
    else:
        known, open_due = source or incident.model_dump_json(), head_of(incident).due
    if own:
        shown = tuple(p.model_copy(update={"body": "", "path": ""}) for p in around.procedures)
        around = dataclasses.replace(around, procedures=shown)
    return digest(shared, known, *around.digest_parts(),
                  today.isoformat() if open_due else "")  # fmt: skip


def stamped(fingerprint: str, data: bytes, *, content: str | None = None) -> str:
    """What the manifest says of a file: the fingerprint of its inputs, then that of its bytes (*content* if known)."""
    return f"{fingerprint}.{content_digest(data) if content is None else content}"


def content_digest(data: bytes) -> str:
    """The fingerprint of a file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def inputs_of(stamp: str) -> str:
    """The fingerprint of a file's inputs, from what the manifest says of it."""
    return stamp.partition(".")[0]


def content_of(stamp: str) -> str:
    """The fingerprint of a file's bytes, from what the manifest says of it (empty when unknown)."""
    return stamp.partition(".")[2]


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
