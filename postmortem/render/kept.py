"""Render stage helper: what the metrics take of each incident, kept between builds by the incident file's content.

Reading an incident's timeline is most of what the metrics cost; after an edit, every other incident's figures are
what the last build read. They are kept in the build's memo (sealed, see :mod:`postmortem.render.memo`) as JSON,
under a key the build gives each incident: a digest of its file's content and of all else its model depends on.
An entry that is not such figures is not believed: the figures are read again from the incident.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from postmortem.corpus.figures import Figures, FiguresOf, decoded, encoded, figures_of
from postmortem.model.head import Head
from postmortem.model.incident import Incident
from postmortem.render import memo


def kept_figures(keys: Mapping[str, str]) -> FiguresOf:
    """The figures of each incident, kept under its key in *keys* (by id); read from its model when it has none."""

    def figures(head: Head, model: Callable[[], Incident]) -> Figures:
        key = keys.get(head.id)
        if key is None:
            return figures_of(model())
        made: list[Figures] = []

        def make() -> str:
            made.append(figures_of(model()))
            return encoded(made[0])

        text = memo.recall(f"figures:{key}", make)
        if made:
            return made[0]
        found = decoded(text)
        return figures_of(model()) if found is None else found

    return figures
