"""Sources stage helper: a timeline written as a table, a list or paragraphs, as entries with pm's own times."""

from __future__ import annotations

import re
from collections.abc import Mapping

from postmortem.model.moments import UNKNOWN_WORDS, parse_moment
from postmortem.sources.blocks import Block, inline_tokens
from postmortem.sources.parts import LINE_LIMIT, NOTES, Part
from postmortem.sources.values import after_separator
from postmortem.sources.vocabulary import fold

Zones = Mapping[str, str]  # the configuration's own zone abbreviations (``IST``: ``+05:30``)
NO_ZONES: Zones = {}
MAX_TIME_WORDS = 5  # "2024-03-01 9:37 AM PST" is four words; a time is never longer
_BRACKETS = "[]()`*_"
_BARE_HOUR = re.compile(r"~?\s*\d{1,2}\s?[Hh]")
SEPARATORS = ":—–-|,"
_AT_COLUMNS = frozenset({"time", "heure", "when", "quand", "horodatage", "timestamp", "at", "time utc", "heure utc",
                         "date time", "datetime", "date et heure", "date heure", "moment"})  # fmt: skip
# A time column with its zone, or any word, in brackets: "Time (PDT)", "Heure (Paris)", "Time (local)", "Time [UTC]"
_QUALIFIED_AT = re.compile(r"\s*(?:time|heure|when|quand|timestamp|horodatage)\s*[(\[][^()\[\]]*[)\]]\s*", re.I)
_DAY_COLUMNS = frozenset({"date", "day", "jour"})
_TEXT_COLUMNS = frozenset({"event", "events", "evenement", "evenements", "description", "what", "what happened",
                           "quoi", "action", "details", "detail", "message", "activity", "activite", "note", "notes",
                           "fait", "faits", "entry", "summary", "resume"})  # fmt: skip


def entry_parts(block: Block, *, label: str, zones: Zones = NO_ZONES) -> list[Part]:
    """The timeline entries of a block, and the notes for what has no time (*zones*: the configuration's own)."""
    if block.kind == "list":
        return [_entry(item.text, source=item.source, line=item.start + 1, label=label, zones=zones)
                for item in block.items]  # fmt: skip
    if block.kind == "paragraph":
        return _paragraph(block, label=label, zones=zones)
    if block.kind == "table":
        return _table(block, label=label, zones=zones)
    if block.kind == "heading":
        return [_entry(block.inline, source=block.text, line=block.start + 1, label=label, zones=zones,
                       days_only=True)]  # fmt: skip
    return [Part(field=NOTES, value=block.text, source=block.text, line=block.start + 1, label=label)]


def split_time(text: str, *, zones: Zones = NO_ZONES) -> tuple[str, str] | None:
    """The time that starts *text* (``**14:05**``, ``14:05 UTC:``, ``[2024-03-01 14:05]``), and the rest; or None."""
    marked = _marked_time(text, zones=zones)
    if marked is not None:
        return marked
    words = text.split(" ")
    for count in range(min(MAX_TIME_WORDS, len(words)), 0, -1):
        written = " ".join(words[:count]).strip()
        candidate = written.rstrip(":—–-,|").strip().strip("[]()")
        if _is_time(candidate, zones=zones) and not _bare_hours(candidate, written=written, rest=words[count:]):
            return candidate, after_separator(" ".join(words[count:]))
    return None


def _bare_hours(candidate: str, *, written: str, rest: list[str]) -> bool:
    """True for a bare French hour (``2h``) that no separator follows: ``2h later`` is a duration, not 02:00."""
    if not _BARE_HOUR.fullmatch(candidate):
        return False
    separated = written != candidate or (bool(rest) and rest[0][:1] in SEPARATORS)
    return not separated


def _is_time(text: str, *, zones: Zones) -> bool:
    """True when pm reads *text* as a time, a day, a month or a year (not a word meaning unknown)."""
    if text.strip().lower() in UNKNOWN_WORDS or not any(char.isdigit() for char in text):
        return False
    try:
        parse_moment(text, zones=zones)
    except ValueError:
        return False
    return True


def _marked_time(text: str, *, zones: Zones) -> tuple[str, str] | None:
    """A time in bold, emphasis or code at the start: ``**14:05** text`` (the tokens say where it ends)."""
    tokens = inline_tokens(text)
    if len(tokens) < 3 or tokens[0].type not in ("strong_open", "em_open"):  # open, text, close
        if tokens and tokens[0].type == "code_inline" and _is_time(tokens[0].content.strip().strip(_BRACKETS),
                                                                    zones=zones):  # fmt: skip
            written = f"{tokens[0].markup}{tokens[0].content}{tokens[0].markup}"
            if text.startswith(written):
                return tokens[0].content.strip().strip(_BRACKETS), after_separator(text[len(written) :])
        return None
    inner, close = tokens[1], tokens[2]
    if inner.type != "text" or close.type not in ("strong_close", "em_close"):
        return None
    candidate = inner.content.strip().rstrip(":—–-,").strip().strip("[]()")
    written = f"{tokens[0].markup}{inner.content}{close.markup}"
    if not (_is_time(candidate, zones=zones) and text.startswith(written)):
        return None
    return candidate, after_separator(text[len(written) :])


def _entry(text: str, *, source: str, line: int, label: str, zones: Zones, days_only: bool = False) -> Part:
    """One entry from a text that starts with its time; the notes when it has none, or is too long."""
    found = split_time(text, zones=zones)
    if found is None or (days_only and found[1] and ":" in found[0]):
        return Part(field=NOTES, value=source, source=source, line=line, label=label)
    at, rest = found
    rest = " ".join(rest.split("\n")).strip() or (at if days_only or _day_alone(at, zones=zones) else "")
    if not rest or len(rest) > LINE_LIMIT:
        return Part(field=NOTES, value=source, source=source, line=line, label=label)
    return Part(field="timeline", value={"at": at, "text": rest}, source=source, line=line, label=label)


def _day_alone(at: str, *, zones: Zones) -> bool:
    """Whether *at* is a day alone (``**January 4, 2021**`` on its line): an entry giving its day to those after."""
    moment = parse_moment(at, zones=zones)
    return moment.time is None and moment.date is not None and moment.period == "day"


def _paragraph(block: Block, *, label: str, zones: Zones) -> list[Part]:
    """A paragraph: each line that starts with a time starts an entry; the lines after it continue its text."""
    lines = block.text.split("\n")
    groups: list[tuple[int, list[str]]] = []
    for offset, line in enumerate(lines):
        if split_time(line.strip(), zones=zones) is not None or not groups:
            groups.append((block.start + offset, [line]))
        else:
            groups[-1][1].append(line)
    parts = []
    for start, group in groups:
        source = "\n".join(group)
        text = "\n".join(line.strip() for line in group)
        parts.append(_entry(text, source=source, line=start + 1, label=label, zones=zones))
    return parts


def _table(block: Block, *, label: str, zones: Zones) -> list[Part]:
    """A table of events: the time (and day) columns make the time, the event column the text, others follow it."""
    header, *rows = block.rows
    names = [fold(cell) for cell in header]
    at_columns = [i for i, (name, cell) in enumerate(zip(names, header, strict=True))
                  if name in _AT_COLUMNS or _QUALIFIED_AT.fullmatch(cell)]  # fmt: skip
    day_columns = [i for i, name in enumerate(names) if name in _DAY_COLUMNS and i not in at_columns]
    text_columns = [i for i, name in enumerate(names) if name in _TEXT_COLUMNS]
    if not at_columns and not day_columns:
        at_columns = [0]
    timed = [*day_columns[:1], *at_columns[:1]]
    main = text_columns[0] if text_columns else next((i for i in range(len(header)) if i not in timed), None)
    parts = []
    for row, line in zip(rows, block.row_lines[1:], strict=False):
        source = block.text.split("\n")[line - block.start] if 0 <= line - block.start < block.end - block.start else ""
        parts.append(_row(row, header, timed=timed, main=main, source=source, line=line + 1, label=label,
                          zones=zones))  # fmt: skip
    return parts


def _row(row: tuple[str, ...], header: tuple[str, ...], *, timed: list[int], main: int | None, source: str, line: int,
         label: str, zones: Zones) -> Part:  # fmt: skip
    """One row of a table of events as an entry; its other cells follow the text, named by their column."""
    at = " ".join(row[i] for i in timed if i < len(row) and row[i]).strip().strip(_BRACKETS)
    text = row[main] if main is not None and main < len(row) else ""
    others = [f"{header[i]}: {cell}" for i, cell in enumerate(row) if cell and i not in timed and i != main
              and i < len(header)]  # fmt: skip
    text = " — ".join([text, *others]) if text else " — ".join(others)
    if not _is_time(at, zones=zones) or not text or len(text) > LINE_LIMIT:
        return Part(field=NOTES, value=source, source=source, line=line, label=label)
    return Part(field="timeline", value={"at": at, "text": text}, source=source, line=line, label=label)
