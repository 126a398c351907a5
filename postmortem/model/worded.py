"""Model stage helper: amounts partly in words, as write-ups give them (``two hours``, ``1.5 million``), in figures."""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "onze": 11, "douze": 12,
}  # fmt: skip
SPAN_WORDS = ("weeks?", "days?", "hours?", "minutes?", "semaines?", "jours?", "heures?")
_SPAN = "(?:" + "|".join(SPAN_WORDS) + ")"
_WORD = "(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_HALF_HOUR = re.compile(r"(?<!\S)(?:half an hour|une demi-heure)\b", re.IGNORECASE)
_AND_A_HALF = re.compile(rf"\b([0-9]+|{_WORD})\s+({_SPAN})\s+(?:and a half|et demie?)\b", re.IGNORECASE)
_IN_WORDS = re.compile(rf"\b({_WORD})\s+(?={_SPAN}\b)", re.IGNORECASE)
_JOINED = re.compile(r"(?<=[^\W\d_])\s*(?:,|\s(?:and|et)\s)\s*(?=[0-9])", re.IGNORECASE)  # "4 hours and 25 minutes"
BOUND_WORDS = ("more than", "over", "at least", "up to", "at most", "under", "less than", "plus de", "moins de",
               "au moins", "jusqu'à", "au plus")  # fmt: skip
_BOUND = re.compile("(?:" + "|".join(map(re.escape, BOUND_WORDS)) + r")\s", re.IGNORECASE)


def duration_in_figures(text: str) -> str:
    """*text* with its numbers in words written in figures: ``an hour and a half`` is ``1.5 hours``.

    ``two hours``, ``an hour``, ``half an hour``, ``4 hours and 25 minutes`` (the ``and`` dropped); French too.
    """
    text = _AND_A_HALF.sub(lambda found: f"{_figure(found[1])}.5 {found[2]}", text)
    text = _HALF_HOUR.sub("30 minutes", text)
    text = _IN_WORDS.sub(lambda found: f"{_figure(found[1])} ", text)
    return _JOINED.sub(" ", text)


def bound(text: str) -> str | None:
    """The word of *text* that makes it a bound rather than an amount (``more than 6 hours``), or None."""
    found = _BOUND.match(text.strip())
    return found.group(0).strip() if found else None


def _figure(word: str) -> str:
    """A number written in figures or in words, in figures."""
    return word if word.isdigit() else str(NUMBER_WORDS[word.lower()])


_SCALES = {"k": 10**3, "thousand": 10**3, "mille": 10**3, "m": 10**6, "mn": 10**6, "million": 10**6,
           "millions": 10**6, "b": 10**9, "bn": 10**9, "billion": 10**9, "billions": 10**9, "milliard": 10**9,
           "milliards": 10**9}  # fmt: skip
SCALE_WORDS = tuple(sorted(_SCALES, key=len, reverse=True))
# 1.5 or 1,5 (decimals); not 1,500 or 1.500, a thousand and a half in one language and one and a half in another
SCALED_NUMBER = r"[0-9]+(?:[.,](?:[0-9]{1,2}|[0-9]{4,}))?"
_AMBIGUOUS = re.compile(r"(?P<number>[0-9]{1,3}[.,][0-9]{3})\s*(?P<scale>" + "|".join(SCALE_WORDS) + r")\Z", re.I)
_SCALED = re.compile(rf"(?P<number>{SCALED_NUMBER})\s*(?P<scale>" + "|".join(SCALE_WORDS) + r")\Z", re.IGNORECASE)


def scaled_count(text: str) -> int | None:
    """The count ``1.5 million``, ``300k``, ``2,5 millions`` or ``3bn`` says, or None for another text."""
    if found := _AMBIGUOUS.match(text.strip()):
        raise ValueError(f"{found['number']!r} before {found['scale']!r} reads as a decimal in one language and as "
                         "thousands in another: write 1.5 million, or 1500 million")  # fmt: skip
    found = _SCALED.match(text.strip())
    if found is None:
        return None
    return round(float(found["number"].replace(",", ".")) * _SCALES[found["scale"].lower()])
