"""Model stage helper: time zones as write-ups give them: IANA names, offsets, ``UTC+8`` and abbreviations (``PST``)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Abbreviation:
    """A zone abbreviation: the fixed offset it names, and the region and season it belongs to."""

    offset: str
    region: str
    summer: bool


def _table(*rows: tuple[str, str, str, bool]) -> dict[str, Abbreviation]:
    """The abbreviations table from its rows."""
    return {name: Abbreviation(offset=offset, region=region, summer=summer) for name, offset, region, summer in rows}


# Abbreviations that name one offset wherever post-mortems are written. Left out on purpose because they
# name several (CST: US Central or China; IST: India, Ireland or Israel; BST: British Summer or Bangladesh;
# AST, ADT, CDT, SST): a team adds the one it means under [zones] in its configuration.
ABBREVIATIONS = _table(
    ("HST", "-10:00", "Pacific/Honolulu", False),
    ("AKST", "-09:00", "America/Anchorage", False),
    ("AKDT", "-08:00", "America/Anchorage", True),
    ("PST", "-08:00", "America/Los_Angeles", False),
    ("PDT", "-07:00", "America/Los_Angeles", True),
    ("MST", "-07:00", "America/Denver", False),
    ("MDT", "-06:00", "America/Denver", True),
    ("EST", "-05:00", "America/New_York", False),
    ("EDT", "-04:00", "America/New_York", True),
    ("WET", "+00:00", "Europe/Lisbon", False),
    ("WEST", "+01:00", "Europe/Lisbon", True),
    ("CET", "+01:00", "Europe/Paris", False),
    ("CEST", "+02:00", "Europe/Paris", True),
    ("EET", "+02:00", "Europe/Athens", False),
    ("EEST", "+03:00", "Europe/Athens", True),
    ("MSK", "+03:00", "Europe/Moscow", False),
    ("PKT", "+05:00", "Asia/Karachi", False),
    ("SGT", "+08:00", "Asia/Singapore", False),
    ("HKT", "+08:00", "Asia/Hong_Kong", False),
    ("AWST", "+08:00", "Australia/Perth", False),
    ("JST", "+09:00", "Asia/Tokyo", False),
    ("KST", "+09:00", "Asia/Seoul", False),
    ("ACST", "+09:30", "Australia/Adelaide", False),
    ("ACDT", "+10:30", "Australia/Adelaide", True),
    ("AEST", "+10:00", "Australia/Sydney", False),
    ("AEDT", "+11:00", "Australia/Sydney", True),
    ("NZST", "+12:00", "Pacific/Auckland", False),
    ("NZDT", "+13:00", "Pacific/Auckland", True),
)
# Names of a region's clock whatever the season, as US write-ups give them ("9:30 a.m. ET"): read as the time
# of that region on the day, summer or winter.
REGION_NAMES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}
UTC_NAMES = frozenset({"Z", "UTC", "GMT"})
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+\-−])\s*([0-9]{1,2})(?::?([0-9]{2}))?$", re.IGNORECASE)  # ASCII digits
_IANA = re.compile(r"^[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)+$")


def offset_text(name: str) -> str | None:
    """``+08:00`` for ``+08:00``, ``+0800``, ``+8``, ``UTC+8`` or ``GMT+08:00``; None when *name* is no offset."""
    match = _OFFSET.match(name.strip())
    if match is None or (len(match[2]) == 1 and not name.upper().startswith(("UTC", "GMT")) and match[3] is None):
        return None
    sign = "-" if match[1] in "-−" else "+"
    return f"{sign}{int(match[2]):02d}:{match[3] or '00'}"


@lru_cache(maxsize=256)
def zone(name: str) -> dt.tzinfo:
    """The zone of ``UTC``, an offset (``+02:00``, ``UTC+8``), a known abbreviation or an IANA name; or ValueError."""
    if name.upper() in UTC_NAMES:
        return dt.UTC
    if name in ABBREVIATIONS:
        name = ABBREVIATIONS[name].offset
    name = REGION_NAMES.get(name, name)
    offset = offset_text(name)
    if offset is not None:
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        delta = dt.timedelta(hours=hours, minutes=minutes)
        if minutes >= 60 or delta > dt.timedelta(hours=14):
            raise ValueError(f"offset {name!r} is out of range (at most ±14:00)")
        return dt.timezone(-delta if offset[0] == "-" else delta)
    try:
        if not _IANA.match(name):
            raise zoneinfo.ZoneInfoNotFoundError(name)
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Paris, UTC, an offset such as +02:00 "
            "or UTC+8, or an abbreviation pm knows (PST, CET, JST…; others can be added under [zones])"
        ) from None


def home_zone(name: str) -> str:
    """Check the zone of a repository or incident: a place or an offset, not an abbreviation that names a season."""
    known = ABBREVIATIONS.get(name.upper())
    if known is not None:
        raise ValueError(
            f"{name!r} names only part of the year: use the IANA name of the place, such as {known.region}"
        )
    zone(name)
    return name


def own_abbreviation(name: str) -> str:
    """Check an abbreviation of a configuration's own: a short upper-case name that pm does not know already."""
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", name):
        raise ValueError(f"zone abbreviation {name!r} must be 2 to 6 capital letters or digits, such as IST")
    if name in UTC_NAMES or name in ABBREVIATIONS:
        raise ValueError(f"zone abbreviation {name!r} is built in and cannot be given another meaning")
    return name


def wall_clock_problem(day: dt.date, time: dt.time, name: str) -> str | None:
    """Why a wall-clock time names no instant, or two, in zone *name* (a daylight-saving change); None when one."""
    where = zone(name)
    if isinstance(where, dt.timezone):  # a fixed offset (UTC, +02:00): its clocks never change
        return None
    naive = dt.datetime.combine(day, time)
    first, second = naive.replace(tzinfo=where, fold=0), naive.replace(tzinfo=where, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    read = first.astimezone(dt.UTC).astimezone(where)
    if read.replace(tzinfo=None) != naive:
        return (
            f"{naive:%Y-%m-%d %H:%M} does not exist in {name} (the clocks went forward): "
            f"read as {read:%H:%M} ({_utc(read.utcoffset())}); check the source's time or give its offset"
        )
    return (
        f"{naive:%Y-%m-%d %H:%M} happens twice in {name} (the clocks went back): read as the first, "
        f"{_utc(first.utcoffset())}; give its offset to choose"
    )


def season_mismatch(name: str, when: dt.datetime) -> str | None:
    """Why abbreviation *name* does not fit the daylight-saving state of its region at *when*; None when it does."""
    known = ABBREVIATIONS.get(name)
    if known is None:
        return None
    local = when.astimezone(zoneinfo.ZoneInfo(known.region))
    if bool(local.dst()) == known.summer:
        return None
    actual = next((n for n, a in ABBREVIATIONS.items() if a.region == known.region and a.summer != known.summer), None)
    return (
        f"{name} (UTC{known.offset}) is written for {when.astimezone(zone(name)):%Y-%m-%d}, when {known.region} was on "
        f"{actual or 'another offset'} ({_utc(local.utcoffset())}): the time is read as UTC{known.offset}, "
        "as written; check which one the source meant"
    )


def _utc(offset: dt.timedelta | None) -> str:
    """``UTC-07:00`` for an offset of minus seven hours."""
    minutes = int((offset or dt.timedelta()).total_seconds() // 60)
    sign, minutes = ("-", -minutes) if minutes < 0 else ("+", minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
