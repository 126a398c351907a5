"""Corpus stage: audiences, one source, two publications; the public one leaves out everything marked internal.

What can be marked: a whole incident (``internal: true``), some of its fields (``internal: [responders,
impact.users_affected]``), an item of a list (timeline entry, action, responder, reference, figure, lesson:
``internal: true``), a runbook or page (``internal: true`` in its front matter), and a block of any Markdown
field or page, fenced by ``::: internal`` and ``:::``. The public build works on the public copy of the
corpus made here, before any rendering, so nothing downstream (reports, site, search index, feed, PDFs,
exports) ever sees what was left out. The internal build shows internal blocks as labelled quotes.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Collection, Mapping
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from postmortem.corpus.repository import Corpus
from postmortem.load.fences import labelled_text, public_text
from postmortem.model.head import Head
from postmortem.model.incident import Incident
from postmortem.validate.documents import MarkdownDocument

Audience = Literal["internal", "public"]
AUDIENCES: tuple[Audience, ...] = ("internal", "public")
M = TypeVar("M", bound=BaseModel)

_COMPUTED = ("placed", "milestones")  # cached properties: computed again from the copy, never carried over


def _copy(model: M, updates: dict[str, Any]) -> M:
    """A copy of a frozen model with *updates*, without the values computed from the original."""
    if not updates:
        return model
    copy = model.model_copy(update=updates)
    for name in _COMPUTED:
        copy.__dict__.pop(name, None)
    return copy


def _clean(model: M, *, public: bool, label: str, hidden: Collection[str] = ()) -> M:
    """*model* (and what it holds) for one audience: internal fields, items and blocks left out or labelled.

    Every text is looked at, not only the fields documented as Markdown: templates render many as Markdown.
    """
    updates: dict[str, Any] = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        if public and name in hidden:
            updates[name] = info.get_default(call_default_factory=True)
        elif isinstance(value, BaseModel):
            inner = {field.split(".", 1)[1] for field in hidden if field.startswith(f"{name}.")}
            updates[name] = _clean(value, public=public, label=label, hidden=inner)
        elif isinstance(value, tuple):
            kept = [item for item in value if not (public and getattr(item, "internal", False))]
            cleaned = [_item(item, public=public, label=label) for item in kept]
            updates[name] = tuple(item for item in cleaned if item is not None)
        elif isinstance(value, str):
            text = _text(value, public=public, label=label)
            updates[name] = "" if text is None and info.is_required() else text
    changed = {name: value for name, value in updates.items() if value is not getattr(model, name)}
    return _copy(model, {name: value for name, value in changed.items() if value != getattr(model, name)})


def _item(item: Any, *, public: bool, label: str) -> Any:
    """One item of a list for one audience; None when nothing of it is left."""
    if isinstance(item, BaseModel):
        return _clean(item, public=public, label=label)
    return _text(item, public=public, label=label) if isinstance(item, str) else item


def _text(text: str, *, public: bool, label: str) -> str | None:
    """A text for one audience: its internal blocks left out or labelled; None when nothing of it is left."""
    if ":::" not in text:
        return text
    return public_text(text) if public else labelled_text(text, label)


def _incident(incident: Incident, *, public: bool, label: str, known: Collection[str]) -> Incident:
    """One incident for one audience; in public, related incidents that are not published are dropped."""
    hidden = incident.internal if isinstance(incident.internal, tuple) else ()
    if public and any(entry.internal for entry in incident.timeline):
        incident = _pinned(incident)
    cleaned = _clean(incident, public=public, label=label, hidden=hidden)
    if public and any(related not in known for related in cleaned.related):
        cleaned = _copy(cleaned, {"related": tuple(r for r in cleaned.related if r in known)})
    return cleaned


def _pinned(incident: Incident) -> Incident:
    """*incident* with every time that gives no date pinned to the day it has in the full timeline.

    A time without a date continues the day of the entry before it: once an internal entry is left out, the
    entry before may be another one, on another day, and the public timings would change in silence.
    """
    entries = []
    for placed in incident.placed:
        at = placed.entry.at
        if at.time is not None and at.date is None and placed.day is not None:
            entries.append(placed.entry.model_copy(update={"at": dataclasses.replace(at, date=placed.day)}))
        else:
            entries.append(placed.entry)
    return _copy(incident, {"timeline": tuple(entries)})


def _document(document: MarkdownDocument, *, public: bool, label: str) -> MarkdownDocument:
    """A page or runbook body for one audience."""
    body = (public_text(document.body) if public else labelled_text(document.body, label)) or ""
    return _copy(document, {"body": body} if body != document.body else {})


def for_audience(corpus: Corpus, *, audience: Audience, labels: Mapping[str, str]) -> Corpus:
    """The corpus as *audience* sees it; *labels* name internal blocks per language (``{"en": "Internal"}``).

    Only the incidents it changes are made (when used): the heads tell which those are.
    """
    public = audience == "public"
    heads = corpus.incidents.heads
    kept = [number for number, head in enumerate(heads) if not (public and head.hidden)]
    known = {heads[number].id for number in kept}
    dropped = len(known) < len(heads)
    default = labels.get(corpus.config.language, "Internal")

    def view(head: Head) -> Callable[[Incident], Incident] | None:
        if head.id in corpus.marked:
            label = labels.get(head.language, default)
            return functools.partial(_incident, public=public, label=label, known=known)
        if dropped and any(related not in known for related in head.related):
            return functools.partial(_unlinked, known=known)
        return None  # it marks nothing internal: the same for every audience

    return dataclasses.replace(
        corpus,
        incidents=corpus.incidents.chosen((number, view(heads[number])) for number in kept),
        procedures=tuple(
            _document(d, public=public, label=default) for d in corpus.procedures if not (public and d.internal)
        ),
        pages=tuple(_document(d, public=public, label=default) for d in corpus.pages if not (public and d.internal)),
        risks=tuple(_clean(risk, public=public, label=default) for risk in corpus.risks),
    )


def _unlinked(incident: Incident, *, known: Collection[str]) -> Incident:
    """*incident* without the related incidents not in *known* (not published)."""
    return _copy(incident, {"related": tuple(r for r in incident.related if r in known)})
