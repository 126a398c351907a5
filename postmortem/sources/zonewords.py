"""Sources stage helper: the zone a timeline's heading, table header or note says its times are in, as write-ups say it.

``Timeline (all times UTC)``, ``## Timeline (PST)``, ``| Time (PDT) |``, ``(UTC+05:30)``, ``All times are Pacific
Time``, ``heure de Paris : Europe/Paris``. An abbreviation names its region (``PDT``: America/Los_Angeles), whose
clocks the times then follow, as their writer's did: an incident's zone is a place or an offset, never a season.
A zone written right after a clock time (``(04:09 UTC)``) is that time's own, not the timeline's. The
configuration's own abbreviations (``[zones]``) are read as its checks read them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from postmortem.model.zones import ABBREVIATIONS, REGION_NAMES, home_zone, offset_text

_REGION_WORDS = {"pacific": "PT", "mountain": "MT", "central": "CT", "eastern": "ET"}  # as in "Pacific Time"
_CLOCK = re.compile(r"\d{1,2}[:h.]\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?$")  # a time a zone word may belong to
_WORD = re.compile(r"[^\s()\[\],;]+")


def named_zone(text: str, *, zones: Mapping[str, str]) -> tuple[str, str] | None:
    """The zone *text* names for a timeline's times, and the words that name it; None when it names none.

    *zones*: the configuration's own abbreviations (``IST``: ``+05:30``), read first.
    """
    words = [(found.group().strip(".:"), found.start()) for found in _WORD.finditer(text)]
    for number, (word, start) in enumerate(words):
        if _CLOCK.search(text[max(0, start - 24) : start].rstrip()):  # the words just before, not all
            continue  # "04:09 UTC": the zone of that time alone
        zone = zones.get(word) if word in zones else _zone(word)
        if zone is None and word.lower() in _REGION_WORDS and number + 1 < len(words):
            following = words[number + 1][0].lower()
            if following in ("time", "standard", "daylight"):
                return REGION_NAMES[_REGION_WORDS[word.lower()]], f"{word} {words[number + 1][0]}"
        if zone is not None:
            return zone, word
    return None


def _zone(word: str) -> str | None:
    """The place or offset *word* names: UTC, an offset, an abbreviation's region, a US zone's letters, a place."""
    if word in ("UTC", "GMT"):
        return word
    if word[:1] in "+-−" or word.upper().startswith(("UTC", "GMT")):
        return offset_text(word)
    if word.isupper() and word in ABBREVIATIONS:
        return ABBREVIATIONS[word].region
    if word in REGION_NAMES:
        return REGION_NAMES[word]
    if "/" in word and word[:1].isupper():
        try:
            return home_zone(word)
        except ValueError:
            return None
    return None
