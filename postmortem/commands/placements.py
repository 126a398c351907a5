"""Import command helper: where each part of a source went, as lines to print (inert when printed)."""

from __future__ import annotations

from collections.abc import Sequence

from postmortem.render.templating import one_line
from postmortem.sources.assemble import Draft
from postmortem.sources.parts import NOTES, Part

MAX_LABEL = 60


def placement_lines(parts: Sequence[Part], *, draft: Draft) -> list[str]:
    """One line per run of parts that went to the same field from the same place: ``line 12 "Timeline": timeline``."""
    runs: list[tuple[int, int, str, str, int]] = []  # first line, last line, label, field, count
    told = [f"{part.field}: {part.value}, told by the words of the source" for part in parts
            if not part.source and draft.data.get(part.field) == part.value]  # fmt: skip
    for part in parts:
        if not part.source:
            continue
        field = part.field
        counted = 0 if part.value is None else 1
        if runs and runs[-1][2] == part.label and runs[-1][3] == field:
            first, _, label, _, count = runs[-1]
            runs[-1] = (first, part.line, label, field, count + counted)
        else:
            runs.append((part.line, part.line, part.label, field, counted))
    lines = [_line(*run) for run in runs] + told
    lines += [f"{name}: not found in the source, left for the author" for name in draft.missing]
    return lines


def _line(first: int, last: int, label: str, field: str, count: int) -> str:
    """One run of parts, said plainly."""
    where = f"line {first}" if first == last else f"lines {first}-{last}"
    named = f' "{_short(label)}"' if label else ""
    what = "other notes" if field == NOTES else field
    many = f" ({count} items)" if count > 1 and field not in (NOTES,) else ""
    return f"{where}{named}: {what}{many}"


def _short(label: str) -> str:
    """A label on one line, cut when long."""
    text = one_line(label).strip()
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def left_out_lines(origin: str, parts: Sequence[Part]) -> list[str]:
    """What of a source no incident holds (the page around a table of incidents), as ranges of lines."""
    ranges: list[tuple[int, int]] = []
    for part in parts:
        last = part.line + part.source.count("\n")
        if ranges and part.line <= ranges[-1][1] + 2:  # only blank lines between them
            ranges[-1] = (ranges[-1][0], last)
        else:
            ranges.append((part.line, last))
    if not ranges:
        return []
    shown = ", ".join(f"{first}-{last}" if first != last else str(first) for first, last in ranges)
    return [f"{origin}: lines {shown}: not part of any incident of its table, not imported"]
