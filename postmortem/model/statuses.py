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


def status_word(word: str) -> str:
    """A status word as it is compared: lower case, one space between words, straight apostrophes."""
    text = word.replace("\u2019", "'").replace("_", " ").replace("-", " ").casefold()
    return re.sub(r"\s+", " ", text).strip()


def action_status(word: str, *, words: Mapping[str, ActionStatus] | None = None) -> ActionStatus | None:
    """The status *word* means, by pm's own names, the team's *words* (folded keys) or the defaults; None if unknown."""
    folded = status_word(word)
    for status in ACTION_STATUSES:
        if folded == status_word(status):
            return status
    found = (words or {}).get(folded) or STATUS_WORDS.get(folded)
    return found if found in ACTION_STATUSES else None
