"""Corpus stage: what the lessons and the action ledger take of one incident, made from it alone, written as JSON.

A new or deleted incident changes the lessons and the ledger, which list every incident's; a build keeps what they
take of each incident by its file's content (see :mod:`postmortem.render.kept`), so that only the new incident's
model is made. Like the metrics' figures, nothing here depends on the day: an action keeps its standing (see
:func:`standing`), which each build compares with its own day.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable
from typing import Any, Literal, NamedTuple, TypeVar

from postmortem import jsondata
from postmortem.model.head import Head
from postmortem.model.incident import Incident
from postmortem.model.parts import Action
from postmortem.model.statuses import ACTION_STATUSES, CLOSED_ACTION_STATUSES

LESSON_KINDS = ("to_keep", "went_wrong", "went_well", "lucky")

Taken = TypeVar("Taken")
TakenOf = Callable[[Head, Callable[[], Incident]], Taken]  # what is taken of an incident, from its head and model maker

STANDINGS = frozenset({"done", "cancelled", "open"})  # an action's standing on any day; else the day it is due


def action_state(standing: str, *, today: str) -> str:
    """Where an action of *standing* stands on the day *today* (ISO): done, cancelled, open or overdue.

    *standing* is ``done``, ``cancelled`` or ``open`` whatever the day, or else the last day the action is on
    time (ISO, which orders as the days do).
    """
    if standing in STANDINGS:
        return standing
    return "overdue" if standing < today else "open"


class LessonFact(NamedTuple):
    """One lesson of an incident: its kind, text, id (lessons to keep may have one) and themes."""

    kind: str
    text: str
    id: str | None
    themes: tuple[str, ...]  # its own tags, else its incident's
    words: str  # its words, as lessons are compared (see :func:`lesson_words`)


_NOT_WORDS = re.compile(r"\W+")


def lesson_words(text: str) -> str:
    """A lesson's words, without case, emphasis or punctuation: two incidents that write them teach one lesson."""
    return _NOT_WORDS.sub(" ", text).strip().lower()


class ActionFact(NamedTuple):
    """What the ledger orders and counts one action by."""

    status: str
    last: dt.date | None  # the last day of its due date, if it has one
    owner: str  # empty: no one
    standing: str  # done, cancelled, open, or the last day it is on time (see :func:`standing`)


def standing(action: Action) -> str:
    """Where *action* stands whatever the day: done, cancelled, open, or the last day it is on time (ISO).

    It is overdue once its due date has passed on the day its status was last known (see ``Action.overdue``).
    """
    if action.status in CLOSED_ACTION_STATUSES:
        return action.status
    if action.due is None or (action.as_of is not None and not action.due.last < action.as_of):
        return "open"  # no due date, or on time on the day its status was last known, which caps every later day
    return action.due.last.isoformat()


def lesson_facts(incident: Incident) -> tuple[LessonFact, ...]:
    """Each lesson of *incident*, those to keep first; a lesson without tags takes the incident's."""
    found = [LessonFact("to_keep", lesson.text, lesson.id, lesson.tags or incident.tags, lesson_words(lesson.text))
             for lesson in incident.lessons.to_keep]  # fmt: skip
    for kind in LESSON_KINDS[1:]:
        found += [LessonFact(kind, text, None, incident.tags, lesson_words(text))
                  for text in getattr(incident.lessons, kind)]  # fmt: skip
    return tuple(found)


def action_fact(action: Action) -> ActionFact:
    """What the ledger takes of *action*."""
    return ActionFact(action.status, action.due.last if action.due else None, action.owner or "", standing(action))


def action_facts(incident: Incident) -> tuple[ActionFact, ...]:
    """What the ledger takes of each action of *incident*, in order."""
    return tuple(action_fact(action) for action in incident.actions)


def encoded_lessons(facts: tuple[LessonFact, ...]) -> str:
    """*facts* as JSON text (their words too: every build compares every incident's lessons by them)."""
    return json.dumps([[f.kind, f.text, f.id, f.themes, f.words] for f in facts], separators=(",", ":"))


def decoded_lessons(text: str) -> tuple[LessonFact, ...] | None:
    """The lessons written by :func:`encoded_lessons` in *text*, or None when *text* is not such lessons."""
    try:
        return tuple(_lesson(*row) for row in _rows(text))
    except (ValueError, TypeError, RecursionError):
        return None


def encoded_actions(facts: tuple[ActionFact, ...]) -> str:
    """*facts* as JSON text."""
    rows = [[f.status, f.last.isoformat() if f.last else None, f.owner, f.standing] for f in facts]
    return json.dumps(rows, separators=(",", ":"))


def decoded_actions(text: str) -> tuple[ActionFact, ...] | None:
    """The actions written by :func:`encoded_actions` in *text*, or None when *text* is not such actions."""
    try:
        return tuple(_action(*row) for row in _rows(text))
    except (ValueError, TypeError, RecursionError):
        return None


def _rows(text: str) -> list[list[Any]]:
    """The rows of a JSON list of lists in *text*; ValueError or TypeError when it is not one."""
    rows = jsondata.loads(text)
    if type(rows) is not list or not all(type(row) is list for row in rows):
        raise TypeError("not a list of rows")
    return rows


def _action(status: Any, last: Any, owner: Any, standing: Any) -> ActionFact:
    """One action as :func:`encoded_actions` writes it; ValueError or TypeError when it is not one."""
    due = None if last is None else day_of(last) if type(last) is str else False
    if status not in ACTION_STATUSES or type(owner) is not str or due is False:
        raise ValueError("not an action")
    if standing not in ((status,) if status in CLOSED_ACTION_STATUSES else ("open", last)):  # as ``standing`` says
        raise ValueError("not an action")
    return ActionFact(status, due, owner, standing)


def _lesson(kind: Any, text: Any, id_: Any, themes: Any, words: Any) -> LessonFact:
    """One lesson as :func:`encoded_lessons` writes it; ValueError or TypeError when it is not one."""
    if kind not in LESSON_KINDS or type(text) is not str:
        raise ValueError("not a lesson")
    if id_ is not None and (kind != "to_keep" or type(id_) is not str or not id_):  # only a lesson to keep has one
        raise ValueError("not a lesson")
    if type(themes) is not list or not all(type(theme) is str for theme in themes) or type(words) is not str:
        raise ValueError("not a lesson")
    return LessonFact(kind, text, id_, tuple(themes), words)


def is_day(text: str) -> bool:
    """Whether *text* is a day written as ISO (``2025-03-31``)."""
    return day_of(text) is not False


@functools.lru_cache(maxsize=4096)
def day_of(text: str) -> dt.date | Literal[False]:
    """The day *text* writes as ISO (``2025-03-31``), or False when it is not one written so.

    Every build reads back tens of thousands of due dates at thousands of incidents, most of them the same days:
    each is read once.
    """
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return False
    return day if day.isoformat() == text else False
