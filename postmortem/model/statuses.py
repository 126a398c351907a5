"""Model stage: the words real write-ups use for an action's status, and the status each one means."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal, get_args

ActionStatus = Literal["open", "in-progress", "blocked", "done", "cancelled"]
ACTION_STATUSES: tuple[ActionStatus, ...] = get_args(ActionStatus)
CLOSED_ACTION_STATUSES = frozenset({"done", "cancelled"})

STATUS_WORDS: dict[str, ActionStatus] = {  # the words of write-ups in English and French, as `status_word` folds them
    "planned": "open", "not started": "open", "new": "open", "pending": "open",
    "ongoing": "in-progress", "started": "in-progress", "wip": "in-progress",
    "on hold": "blocked",
    "completed": "done", "complete": "done", "closed": "done", "fixed": "done", "resolved": "done",
    "implemented": "done", "shipped": "done", "deployed": "done",
    "won't do": "cancelled", "wont do": "cancelled", "won't fix": "cancelled", "wontfix": "cancelled",
    "canceled": "cancelled", "dropped": "cancelled", "abandoned": "cancelled", "rejected": "cancelled",
    "prévue": "open", "prévu": "open", "planifiée": "open", "planifié": "open", "à faire": "open",
    "ouverte": "open", "ouvert": "open", "en cours": "in-progress", "bloquée": "blocked", "bloqué": "blocked",
    "faite": "done", "fait": "done", "terminée": "done", "terminé": "done", "réalisée": "done", "réalisé": "done",
    "annulée": "cancelled", "annulé": "cancelled", "abandonnée": "cancelled", "abandonné": "cancelled",
}  # fmt: skip


COMMON_WORDS = ("planned", "ongoing", "completed", "won't do")  # offered by editors, beside pm's own statuses


_BLANKS = re.compile(r"\s+")


def status_word(word: str) -> str:
    """A status word as it is compared: lower case, one space between words, straight apostrophes."""
    text = word.replace("\u2019", "'").replace("_", " ").replace("-", " ").casefold()
    return _BLANKS.sub(" ", text).strip()


_OWN_WORDS: dict[str, ActionStatus] = {status_word(status): status for status in ACTION_STATUSES}


def action_status(word: str, *, words: Mapping[str, ActionStatus] | None = None) -> ActionStatus | None:
    """The status *word* means, by pm's own names, the team's *words* (folded keys) or the defaults; None if unknown."""
    if word in ACTION_STATUSES:  # pm's own name as it is written (most actions): nothing to fold
        return word
    folded = status_word(word)
    found = _OWN_WORDS.get(folded) or (words or {}).get(folded) or STATUS_WORDS.get(folded)
    return found if found in ACTION_STATUSES else None
