"""Model stage helper: days written in words (``June 2, 2019``, ``2 juin 2019``) or with slashes (``2017/01/31``)."""

from __future__ import annotations

import re

from unidecode import unidecode

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}  # fmt: skip
_WEEKDAY = (
    r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+"
)
_MONTH = r"[^\W\d_]{3,9}"
_END = r"(?=$|[\s,T~])"
_MONTH_FIRST = re.compile(
    rf"(?:{_WEEKDAY})?(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<year>\d{{4}}){_END}",
    re.IGNORECASE,
)
_DAY_FIRST = re.compile(
    rf"(?:{_WEEKDAY})?(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}}){_END}",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"(?P<month>{_MONTH})\.?\s+(?P<year>\d{{4}}){_END}", re.IGNORECASE)
_SLASHED = re.compile(rf"(?P<year>\d{{4}})/(?P<month>\d{{1,2}})/(?P<day>\d{{1,2}}){_END}")
_YEARLESS = re.compile(rf"(?:{_WEEKDAY})?(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b", re.I)
_COMMA = re.compile(r",?\s*(?=~?\d)")  # "June 2nd, 2019, 11:45 PM": the time after the day ("at": see moments)


def iso_day(text: str) -> tuple[str, str] | None:
    """The day, or month, that starts *text* written as ISO does (``2019-06-02``, ``2019-06``), and the rest.

    None when *text* does not start with one written in words or with slashes; ValueError for a month and a day
    without their year (``Mar 8 06:03``), which pm cannot place.
    """
    for pattern in (_MONTH_FIRST, _DAY_FIRST, _SLASHED):
        if (found := pattern.match(text)) and (month := _month(found["month"])):
            return f"{found['year']}-{month:02d}-{int(found['day']):02d}", after_day(text[found.end() :])
    if (found := _MONTH_YEAR.match(text)) and (month := _month(found["month"])):
        return f"{found['year']}-{month:02d}", after_day(text[found.end() :])
    if (found := _YEARLESS.match(text)) and _month(found["month"]):
        raise ValueError(f"{found.group(0)!r} has no year: write it after the day ({found.group(0)}, 2024) or write "
                         "the date as YYYY-MM-DD")  # fmt: skip
    return None


def after_day(rest: str) -> str:
    """What follows a day, without the comma that leads to its time (``, 11:45`` is `` 11:45``)."""
    found = _COMMA.match(rest)
    return " " + rest[found.end() :] if found and found.end() else rest


def _month(name: str) -> int | None:
    """The number of a month named in English or French (in full or shortened), or None."""
    if name.isdigit():
        return int(name)
    return MONTHS.get(unidecode(name).lower())
