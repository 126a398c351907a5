"""Render stage helper: what the pages across incidents take of each incident, kept between builds by its file.

Reading an incident's timeline is most of what the metrics cost, and making its model most of what its lessons and
actions cost; after an edit, every other incident's are what the last build read. They are kept in the build's
memo (sealed, see :mod:`postmortem.render.memo`) as JSON, under a key the build gives each incident: a digest of its
file's content and of all else its model depends on. An entry that is not what its kind writes is not believed:
it is read again from the incident.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from postmortem.corpus import facts
from postmortem.corpus.facts import Taken, TakenOf
from postmortem.corpus.figures import Figures, decoded, encoded, figures_of
from postmortem.model.head import Head
from postmortem.model.incident import Incident
from postmortem.render import memo


def kept_figures(keys: Mapping[str, str]) -> TakenOf[Figures]:
    """The metrics' figures of each incident, kept under its key in *keys* (by id); read from its model without."""
    return _kept(keys, kind="figures", read=figures_of, encode=encoded, decode=decoded)


def kept_lessons(keys: Mapping[str, str]) -> TakenOf[tuple[facts.LessonFact, ...]]:
    """The lessons of each incident, kept like the figures (see :func:`kept_figures`)."""
    return _kept(keys, kind="lessons", read=facts.lesson_facts, encode=facts.encoded_lessons,
                 decode=facts.decoded_lessons)  # fmt: skip


def kept_actions(keys: Mapping[str, str]) -> TakenOf[tuple[facts.ActionFact, ...]]:
    """What the ledger takes of each incident's actions, kept like the figures (see :func:`kept_figures`)."""
    return _kept(keys, kind="actions", read=facts.action_facts, encode=facts.encoded_actions,
                 decode=facts.decoded_actions)  # fmt: skip


def _kept(
    keys: Mapping[str, str],
    *,
    kind: str,
    read: Callable[[Incident], Taken],
    encode: Callable[[Taken], str],
    decode: Callable[[str], Taken | None],
) -> TakenOf[Taken]:
    """What *read* takes of each incident, kept in the memo as *kind* under its key in *keys*, written by *encode*."""

    def taken(head: Head, model: Callable[[], Incident]) -> Taken:
        key = keys.get(head.id)
        if key is None:
            return read(model())
        made: list[Taken] = []

        def make() -> str:
            made.append(read(model()))
            return encode(made[0])

        text = memo.recall(f"{kind}:{key}", make)
        if made:
            return made[0]
        found = decode(text)
        return read(model()) if found is None else found

    return taken
