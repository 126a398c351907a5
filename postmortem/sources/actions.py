"""Sources stage helper: action items written as a table, a check list or a list, as pm's actions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from postmortem.model.amounts import parse_due
from postmortem.model.statuses import ActionStatus, action_status
from postmortem.sources.blocks import Block, Item, inline_tokens
from postmortem.sources.parts import LINE_LIMIT, NOTES, Part
from postmortem.sources.vocabulary import fold

_COLUMNS = {
    "what": (
        "action",
        "action item",
        "actions",
        "item",
        "what",
        "task",
        "tache",
        "description",
        "titre",
        "title",
        "quoi",
        "mesure",
        "todo",
    ),
    "owner": (
        "owner",
        "owners",
        "responsable",
        "porteur",
        "assignee",
        "assigned to",
        "who",
        "qui",
        "proprietaire",
        "assigne a",
        "assigne",
    ),
    "due": ("due", "due date", "echeance", "deadline", "date limite", "pour le", "target date", "date cible", "eta"),
    "status": ("status", "statut", "etat", "state", "done", "fait"),
    "link": ("link", "lien", "ticket", "bug", "issue", "url", "jira", "tracker", "tracking bug", "suivi"),
    "kind": ("type", "kind", "category", "categorie", "nature"),
}
_KINDS = {"prevent": "prevent", "prevention": "prevent", "preventive": "prevent", "preventif": "prevent",
          "preventive action": "prevent", "reliability": "prevent", "fiabilite": "prevent",
          "mitigate": "mitigate", "mitigation": "mitigate", "response": "mitigate", "attenuation": "mitigate",
          "detect": "detect", "detection": "detect", "monitoring": "detect", "surveillance": "detect",
          "repair": "repair", "reparation": "repair", "fix": "repair", "correctif": "repair", "correction": "repair",
          "investigate": "investigate", "investigation": "investigate", "enquete": "investigate",
          "process": "process", "processus": "process", "documentation": "process", "procedure": "process"}  # fmt: skip
# A full stop after a word ends a sentence; not after an initial (J. Smith) nor a title (Dr. Smith)
_SENTENCE_END = re.compile(r"(?<=[^\W_]{2})(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bSt)(?<!\bJr)(?<!\bSr)\.\s")
_SENTENCE = re.compile(r"(?:^|(?<=\.)\s+)(?P<label>[^.:]{1,24}):")  # a label opening an item or a sentence in it
_FIELD_OF = {fold(name): key for key, names in _COLUMNS.items() for name in names}
_ITEM_LABELS = {"owner": "owner", "responsable": "owner", "porteur": "owner", "assignee": "owner", "due": "due",
                "echeance": "due", "deadline": "due", "pour le": "due", "status": "status", "statut": "status",
                "ticket": "link", "bug": "link", "link": "link", "lien": "link"}  # fmt: skip


def action_parts(block: Block, *, label: str, words: Mapping[str, ActionStatus]) -> list[Part]:
    """The actions of a block; the notes for what is not one."""
    if block.kind == "list":
        return [_from_item(item, label=label, words=words) for item in block.items]
    if block.kind == "table":
        return _from_table(block, label=label, words=words)
    return [Part(field=NOTES, value=block.text, source=block.text, line=block.start + 1, label=label)]


def _from_item(item: Item, *, label: str, words: Mapping[str, ActionStatus]) -> Part:
    """A list item as an action: its whole text is what; owner, due date, status and link are read from it too."""
    what = " ".join(item.text.split("\n")).strip()
    if not what or len(what) > LINE_LIMIT:
        return Part(field=NOTES, value=item.source, source=item.source, line=item.start + 1, label=label)
    action: dict[str, Any] = {"what": what}
    if item.checked is not None:
        action["status"] = "done" if item.checked else "open"
    for key, value in _labelled(what).items():
        _fill(action, key, value, words=words, header=key)
    url = _first_link(what)
    if url and "link" not in action:
        action["link"] = url
    return Part(field="actions", value=_owned(action), source=item.source, line=item.start + 1, label=label)


def _labelled(text: str) -> dict[str, str]:
    """``owner: Alice``, ``échéance : 2024-06-30`` written in an item, between commas, semicolons or brackets.

    A label may also open a sentence (``Fix A. Owner: Compute team. Status: done``): its value ends with its
    sentence, without the full stop (``Owner: J. Smith. Tracked in JIRA-12.`` is owned by ``J. Smith``).
    """
    found: dict[str, str] = {}
    for piece in text.replace("(", ";").replace(")", ";").replace("—", ";").replace(",", ";").split(";"):
        starts = [m.start("label") for m in _SENTENCE.finditer(piece) if fold(m.group("label")) in _ITEM_LABELS]
        for start, end in zip(starts, [*starts[1:], len(piece)], strict=False):  # each up to the next
            name, _, value = piece[start:end].partition(":")
            value = _SENTENCE_END.split(value, maxsplit=1)[0]  # "Owner: Compute team. Tracked in JIRA-12."
            key, value = _ITEM_LABELS[fold(name)], value.strip().strip("*_`").strip().removesuffix(".").rstrip()
            if value and key not in found:
                found[key] = value
    return found


def _first_link(text: str) -> str | None:
    """The target of the first link written in *text*."""
    for token in inline_tokens(text):
        if token.type == "link_open":
            href = token.attrGet("href")
            return str(href) if href else None
    return None


def _from_table(block: Block, *, label: str, words: Mapping[str, ActionStatus]) -> list[Part]:
    """A table of actions: columns named loosely; cells no field takes follow what, named by their column."""
    header, *rows = block.rows
    keys = [_FIELD_OF.get(fold(name)) for name in header]
    if "what" not in keys:
        keys[keys.index(None) if None in keys else 0] = "what"
    lines = block.text.split("\n")
    parts = []
    for row, line in zip(rows, block.row_lines[1:], strict=False):
        source = lines[line - block.start] if 0 <= line - block.start < len(lines) else ""
        action: dict[str, Any] = {}
        extra = []
        for name, key, cell in zip(header, keys, row, strict=False):
            if cell and (key is None or not _fill(action, key, cell, words=words, header=name)):
                extra.append(f"{name}: {cell}")
        what = " — ".join([action.pop("what", ""), *extra]).strip(" —")
        if not what or len(what) > LINE_LIMIT:
            parts.append(Part(field=NOTES, value=source, source=source, line=line + 1, label=label))
            continue
        action = {"what": what, **action}
        parts.append(Part(field="actions", value=_owned(action), source=source, line=line + 1, label=label))
    return parts


def _fill(action: dict[str, Any], key: str, cell: str, *, words: Mapping[str, ActionStatus], header: str) -> bool:
    """Put a cell in the action's field when it reads as one; False when it does not (it then follows what)."""
    if key == "what":
        action["what"] = cell
        return True
    if key == "owner":
        action["owner"] = cell
        return len(cell) <= LINE_LIMIT
    if key == "due":
        try:
            parse_due(cell)
        except ValueError:
            return False
        action["due"] = cell
        return True
    if key == "status":
        word = action_status(cell, words=words)  # the whole cell: Done, In progress, or a word such as Planned
        status = word or _box_status(cell)
        if status is not None:  # a word other than pm's own name is kept as written: pm reads it, nothing is lost
            action["status"] = cell.strip() if word and fold(cell) != fold(word) else status
        return status is not None
    if key == "link":
        url = _first_link(cell) or (cell if cell.startswith(("http://", "https://")) and " " not in cell else None)
        if url:
            action["link"] = url
        return url == cell
    kind = _KINDS.get(fold(cell))
    if kind:
        action["kind"] = kind
    return kind is not None and fold(cell) == kind


def _box_status(cell: str) -> ActionStatus | None:
    """A check mark in a status cell: ✅, ✓, [x], yes or oui is done; ❌, [ ], no or non is open."""
    folded = cell.strip().lower()
    if folded in ("✅", "✓", "✔", "[x]", "x", "yes", "oui", "y", "done ✅"):
        return "done"
    if folded in ("❌", "✗", "[ ]", "no", "non", "n", "⬜"):
        return "open"
    return None


def _owned(action: dict[str, Any]) -> dict[str, Any]:
    """An action whose source names no owner says so (``unassigned: true``), as the format asks."""
    if not action.get("owner"):
        action.pop("owner", None)
        action["unassigned"] = True
    return action
