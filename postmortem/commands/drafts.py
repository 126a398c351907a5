"""Import command helper: a draft's data written as an incident file, with comments for what the author must add."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from postmortem.config.model import Config
from postmortem.render.templating import one_line, yaml_string
from postmortem.sources.assemble import Draft
from postmortem.validate.drafts import IMPORTED

Loc = tuple[str | int, ...]
_PLAIN = frozenset({"status", "date", "severity"})  # values that are plain words: written without quotes
_WHY = {
    "title": "not found in the source: write a one-line title",
    "date": "not found in the source: the day the incident started, YYYY-MM-DD",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Written:
    """A draft's text, and the value each of its lines starts (for problems found in it)."""

    text: str
    lines: dict[int, Loc]


def draft_text(draft: Draft, *, incident_id: str, origin: str, config: Config, blocks: bool = True) -> Written:
    """The incident file of a draft; Markdown texts as literal blocks when *blocks* (and they read back the same)."""
    out = _Out(blocks=blocks)
    out.raw(f"# Post-mortem {one_line(incident_id)}, imported by `pm import` from {one_line(origin)}.")
    out.raw("# Review it, then run `pm check`: it says what is still missing. Text of the source that has no field")
    out.raw('# of its own is kept as written in `notes`, shown as the report\'s "Other notes" section.')
    out.raw("")
    out.value(("id",), incident_id, 0)
    out.value((IMPORTED,), origin, 0)
    for name in ("title", "status", "date", "severity"):
        if name in draft.data:
            out.value((name,), draft.data[name], 0)
        else:
            out.raw(f"{name}:   # {_WHY.get(name) or _levels(config)}", loc=(name,))
    for name, value in draft.data.items():
        if name not in ("title", "status", "date", "severity"):
            out.value((name,), value, 0)
    return Written(text="\n".join(out.lines) + "\n", lines=out.where)


def _levels(config: Config) -> str:
    """The comment on a severity the source does not give: the levels to choose from."""
    levels = ", ".join(f"{level.id} ({level.name})" for level in config.severities)
    return one_line(f"not found in the source: one of {levels}")


class _Out:
    """Lines of YAML being written, and the value each starts."""

    def __init__(self, *, blocks: bool) -> None:
        self.lines: list[str] = []
        self.where: dict[int, Loc] = {}
        self.blocks = blocks

    def raw(self, line: str, *, loc: Loc | None = None) -> None:
        """One line as given."""
        self.lines.append(line)
        if loc is not None:
            self.where[len(self.lines)] = loc

    def value(self, loc: Loc, value: Any, indent: int, *, first: str | None = None) -> None:
        """``key: value`` at *indent* (*first* replaces the indent of the first line, for a list item's first key)."""
        pad = " " * indent
        head = f"{first if first is not None else pad}{loc[-1]}:"
        if isinstance(value, dict):
            self.raw(head, loc=loc)
            for key, inner in value.items():
                self.value((*loc, key), inner, indent + 2)
        elif isinstance(value, list):
            self.raw(f"{head} []" if not value else head, loc=loc)
            for index, item in enumerate(value):
                self.item((*loc, index), item, indent + 2)
        else:
            self.scalar(head, loc, value, indent)

    def item(self, loc: Loc, item: Any, indent: int) -> None:
        """One item of a list: a mapping's keys under its dash, or a scalar after it."""
        pad = " " * indent
        if isinstance(item, dict):
            for position, (key, inner) in enumerate(item.items()):
                self.value((*loc, key), inner, indent + 2, first=f"{pad}- " if position == 0 else None)
            return
        self.scalar(f"{pad}-", loc, item, indent)

    def scalar(self, head: str, loc: Loc, value: Any, indent: int) -> None:
        """A scalar after *head*: a word, a boolean, a literal block of Markdown, or a quoted string."""
        if isinstance(value, bool):
            self.raw(f"{head} {'true' if value else 'false'}", loc=loc)
        elif loc[-1] in _PLAIN and len(loc) == 1 and str(value).replace("-", "").isalnum():
            self.raw(f"{head} {value}", loc=loc)
        elif self.blocks and isinstance(value, str) and "\n" in value and _block_safe(value):
            self.raw(f"{head} |-", loc=loc)
            for line in value.split("\n"):
                self.raw(f"{' ' * (indent + 2)}{line}" if line else "")
        else:
            self.raw(f"{head} {yaml_string(value)}", loc=loc)


def _block_safe(text: str) -> bool:
    """True when a literal block holds *text* as it is: printable lines, the first not starting with a space."""
    if text[:1] in (" ", "\t") or text != text.strip("\n"):
        return False
    return "\r" not in text and "\\u" not in yaml_string(text)  # no character that needs escaping
