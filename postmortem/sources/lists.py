"""Sources stage helper: the responders and references of a write-up, read from the items of their sections."""

from __future__ import annotations

from typing import Any

from postmortem.sources.blocks import inline_tokens
from postmortem.sources.parts import LINE_LIMIT

_SCHEMES = ("https://", "http://")
_REFERENCE_KINDS = {"dashboard": "dashboard", "grafana": "dashboard", "status": "status-page", "slack": "chat",
                    "chat": "chat", "ticket": "ticket", "jira": "ticket", "issue": "ticket", "runbook": "document",
                    "doc": "document"}  # fmt: skip


def responder(text: str) -> dict[str, Any] | None:
    """``Incident commander: Lena Vogt``, ``Lena Vogt (scribe)`` or ``Lena Vogt — scribe`` as a responder.

    The keys come in the order the source writes them, so that the draft reads like its source.
    """
    text = " ".join(text.split())
    role, colon, name = text.partition(":")
    if not colon:
        name, role = _split_role(text)
    name, role = name.strip(" *_"), role.strip(" *_")
    if not name or len(name) > LINE_LIMIT or len(role) > LINE_LIMIT:
        return None
    if not role:
        return {"name": name}
    return {"role": role, "name": name} if colon else {"name": name, "role": role}


def _split_role(text: str) -> tuple[str, str]:
    """A name and the role written after it, in brackets or after a dash."""
    if text.endswith(")") and "(" in text:
        name, _, role = text[:-1].rpartition("(")
        return name, role
    for dash in (" — ", " – ", " - "):
        if dash in text:
            name, _, role = text.partition(dash)
            return name, role
    return text, ""


def reference(text: str) -> dict[str, Any] | None:
    """An item with a link (or a bare address) as a reference: the item's text is its title, the link its url."""
    url = next(
        (str(t.attrGet("href")) for t in inline_tokens(text) if t.type == "link_open" and t.attrGet("href")), None
    )
    url = url or next((word.strip("<>()[],.;") for word in text.split() if word.strip("<(").startswith(_SCHEMES)), None)
    if url is None:
        return None
    title = " ".join(text.split())
    folded = title.lower()
    kind = next((kind for word, kind in _REFERENCE_KINDS.items() if word in folded), "other")
    return {"title": title, "url": url, "kind": kind}
