"""Model stage helper: JSON Schema patterns that accept exactly the text pm's own readers accept.

Editors check a file with the schema as it is typed, and ``pm check`` with these readers: both must agree.
Patterns are written for both regular expression dialects that read them (Python's, JavaScript's): only
literal characters of the Basic Multilingual Plane, ``[0-9]`` for digits, explicit classes for blanks and
for the letters that Python's case-insensitive matching and case folding take as equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from postmortem.model.durations import APPROXIMATE_WORDS
from postmortem.model.worded import NUMBER_WORDS, SCALE_WORDS, SCALED_NUMBER, SPAN_WORDS

_PLANE = 0x10000  # every blank and every letter that folds to a Latin one lies in the first plane


@cache
def blank() -> str:
    """What ``str.strip`` and a regular expression's blank class take as blank (29 characters), as a class body."""
    codes = [code for code in range(_PLANE) if chr(code).isspace()]
    runs: list[list[int]] = []
    for code in codes:
        if runs and runs[-1][-1] == code - 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    return "".join(
        _escaped(chr(run[0]))
        + ("-" + _escaped(chr(run[-1])) if len(run) > 2 else _escaped(chr(run[-1])) * (len(run) - 1))
        for run in runs
    )


def _escaped(char: str) -> str:
    """A character written so that both dialects read it as itself inside a class."""
    return "\\" + char if char in "\\]^-[" else char


def literal(char: str) -> str:
    """A character written so that both dialects read it as itself outside a class.

    Only syntax characters are escaped: JavaScript's Unicode mode refuses an escaped ``#``, ``&`` or blank,
    which Python's ``re.escape`` writes.
    """
    return "\\" + char if char in "^$\\.*+?()[]{}|/" else char


@cache
def _folds() -> dict[str, tuple[str, ...]]:
    """Every text a character of the first plane case-folds to (other than itself), with those characters."""
    found: dict[str, list[str]] = {}
    for code in range(_PLANE):
        char = chr(code)
        folded = char.casefold()
        if folded != char:
            found.setdefault(folded, []).append(char)
    return {key: tuple(value) for key, value in found.items()}


def letter(char: str) -> str:
    """A class of every character that Python's case-insensitive matching (``re.I``) takes as *char*."""
    lower = char.lower()
    candidates = {lower, char.upper(), *_folds().get(lower, ()), *_folds().get(char.upper().casefold(), ())}
    candidates |= {c for c in _special() if re.fullmatch(re.escape(char), c, re.IGNORECASE)}
    same = sorted(c for c in candidates if re.fullmatch(re.escape(char), c, re.IGNORECASE))
    return "[" + "".join(_escaped(c) for c in same) + "]" if len(same) > 1 else literal(char)


@cache
def _special() -> tuple[str, ...]:
    """Characters beyond ASCII whose cases or folding hold an ASCII letter (ı, İ, ſ, K…): re.I may match them."""
    return tuple(chr(code) for code in range(128, _PLANE) if _ascii_letter(chr(code)))


def _ascii_letter(char: str) -> bool:
    """True when a case or the folding of *char* holds an ASCII letter."""
    return any(c.isascii() and c.isalpha() for c in char.lower() + char.upper() + char.casefold())


def ignoring_case(text: str) -> str:
    """*text* as a pattern matched as Python's ``re.IGNORECASE`` matches it."""
    return "".join(letter(char) if char.isalpha() else literal(char) for char in text)


def folded_word(word: str) -> str:
    """A pattern of every text whose ``casefold`` is *word* (ligatures and ß too): how status words compare."""
    return _folded_from(word, 0)


def _folded_from(word: str, start: int) -> str:
    """The pattern of the rest of *word* from *start*, as a chain of alternatives."""
    if start == len(word):
        return ""
    choices = []
    for folded, sources in _folds().items():
        if len(folded) > 1 and word.startswith(folded, start):
            rest = _folded_from(word, start + len(folded))
            choices.append("[" + "".join(_escaped(c) for c in sources) + "]" + rest)
    char = word[start]
    same = [char, *_folds().get(char, ())]
    head = "[" + "".join(_escaped(c) for c in same) + "]" if len(same) > 1 else literal(char)
    choices.insert(0, head + _folded_from(word, start + 1))
    return choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")"


def status_words(words: Iterable[str]) -> str:
    """A pattern of every writing of *words* (folded as ``status_word`` folds them): case, ``-``/``_``, blanks."""
    sep = f"[{blank()}_\\-]"
    alternatives = []
    for word in sorted(set(words)):
        parts = [folded_word(part).replace("'", "['\u2019]") for part in word.split(" ")]
        alternatives.append(f"{sep}+".join(parts))
    return f"^{sep}*(?:{'|'.join(alternatives)}){sep}*$"


YEAR_1970 = "(?:19[7-9][0-9]|[2-9][0-9]{3})"
ANY_YEAR = "(?!0000)[0-9]{4}"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"


def calendar_day(year: str) -> str:
    """A real day ``YYYY-MM-DD`` of a year matching *year* (29 February in leap years only)."""
    return f"(?:{year}-{_MONTH_DAY}|(?={year}-)(?:{_LEAP_YEAR})-02-29)"


def stripped(body: str) -> str:
    """*body* alone in the text, blanks allowed around it (readers strip them)."""
    return f"^[{blank()}]*{body}[{blank()}]*$"


def date_pattern() -> str:
    """An incident's date or an action's ``as_of``: a real day, from 1970 (``parse_date``)."""
    return stripped(calendar_day(YEAR_1970))


def due_pattern() -> str:
    """A due date: a day, a month, a quarter or a year (``parse_due``)."""
    quarter = letter("q") + "[1-4]"
    return stripped(f"(?:{calendar_day(ANY_YEAR)}|{ANY_YEAR}-(?:{quarter}|0[1-9]|1[0-2])|{ANY_YEAR})")


def approximately() -> str:
    """What says a value is approximate before it: ``~``, ``≈`` or a word such as ``about`` (``tilde``)."""
    space = f"[{blank()}]"
    words = "|".join(ignoring_case(word) for word in APPROXIMATE_WORDS)
    return f"(?:[~\u2248\u00b1]{space}*|(?:{words}){space}+)"


def quantity_pattern() -> str:
    """A count as text: ``1800``, ``1,800``, ``~50000000``, ``800-1000``, ``1.5 million`` (``parse_quantity``)."""
    number = "(?:[0-9]{1,3}(?:[,_\u00a0\u202f ][0-9]{3})+|[0-9]+)"
    space = f"[{blank()}]*"
    scales = "|".join(ignoring_case(word) for word in SCALE_WORDS)
    scaled = f"(?:{SCALED_NUMBER}){space}(?:{scales})"
    return stripped(f"{approximately()}?(?:{scaled}|{number}(?:{space}[\\-\u2013\u2014]{space}{number})?)")


_UNITS = ("weeks?", "wks?", "w", "semaines?", "days?", "jours?", "d", "j", "hours?", "hrs?", "heures?", "h", "minutes?",
          "mins?", "mn", "m")  # fmt: skip
_HOURS = ("hours?", "heures?", "h")


def _units(names: Iterable[str]) -> str:
    """Duration units, matched ignoring case as ``parse_duration`` does."""
    plural = letter("s") + "?"
    written = (ignoring_case(name.removesuffix("s?")) + (plural if name.endswith("s?") else "") for name in names)
    return "(?:" + "|".join(written) + ")"


def duration_pattern() -> str:
    """A duration: ``2h``, ``1h30``, ``1d 4h``, ``~2h``, ``two hours``, ISO ``PT1H30M`` (``parse_duration``)."""
    space = f"[{blank()}]*"
    number = "(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:[.,][0-9]+)?)"  # 1,440 (thousands), 1,5 or 1.5 (decimals)
    units, hours, spans = _units(_UNITS), _units(_HOURS), _units(SPAN_WORDS)
    gap = f"[{blank()}]+"
    words = "(?:" + "|".join(ignoring_case(word) for word in sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
    half = f"(?:{gap}(?:{ignoring_case('and a half')}|{ignoring_case('et demi')}{letter('e')}?))?"  # 2 hours and a half
    halves = f"{ignoring_case('half an hour')}|{ignoring_case('une demi-heure')}"
    in_words = f"(?:[0-9]+|{words}){gap}"  # two hours, 2 hours: a unit in full after it
    part = f"(?:{in_words}{spans}{half}|{number}{space}{units}|{halves}){space}"
    hour = f"(?:{number}{space}{hours}|{in_words}{_units(('hours?', 'heures?'))}){space}"  # before bare minutes
    joined = f"(?:(?:,|{ignoring_case('and')}{gap}|{ignoring_case('et')}{gap}){space})?"  # 4 hours and 25 minutes
    minutes = "0*[0-5]?[0-9](?:[.,][0-9]+)?"  # a bare number after hours, under 60
    written = f"(?:{part}(?:{joined}{part})*|(?:{part}{joined})*{hour}{joined}{minutes})"
    p, t, d, h, m = (letter(char) for char in "PTDHM")
    iso = f"{p}(?:[0-9]+{d}(?:{t}(?:[0-9]+{h})?(?:[0-9]+{m})?)?|{t}(?:[0-9]+{h}(?:[0-9]+{m})?|[0-9]+{m}))"
    return stripped(f"{approximately()}?(?:{iso}|{written})")
