"""Render stage helper: labels of the built-in templates, and dates, times and durations in the report's language."""

from __future__ import annotations

import datetime as dt
import re
import string
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal
from babel.units import format_unit

from postmortem import plurals
from postmortem.errors import Level, PmError, Problem, ProblemsFound, display_path
from postmortem.model.amounts import Due, Quantity, parse_quantity
from postmortem.model.durations import Duration, parse_duration, written_parts
from postmortem.model.incident import Placed, Span
from postmortem.model.zones import zone
from postmortem.read import read_text
from postmortem.render.plain import TemplateFunction

_MILLIONS = re.compile(r"\d\s*m$", re.IGNORECASE)
_UNITS = (("duration-day", 1440), ("duration-hour", 60), ("duration-minute", 1))


def load_labels(language: str, *, folders: list[Path], root: Path) -> dict[str, Any]:
    """The labels for *language*: the built-in ones (the last folder's), with a project's override laid over them.

    The override is the first ``i18n/<language>.toml`` of the other folders, read the guarded way inside *root*.
    """
    return _labels(language, tuple(folders), root, _stamps(language, folders))


def _stamps(language: str, folders: list[Path]) -> tuple[tuple[int, int], ...]:
    """When and how big each candidate labels file is: an edited file is read again (pm serve runs for hours)."""
    stamps = []
    for path in _candidates(language, tuple(folders)):
        try:
            found = path.stat()
        except OSError:
            stamps.append((0, -1))
        else:
            stamps.append((found.st_mtime_ns, found.st_size))
    return tuple(stamps)


@lru_cache(maxsize=16)
def _candidates(language: str, folders: tuple[Path, ...]) -> tuple[Path, ...]:
    """The labels file of *language* in each folder (each report looks them up: paths are made once)."""
    return tuple(folder / "i18n" / f"{language}.toml" for folder in folders)


@lru_cache(maxsize=16)
def _labels(
    language: str, folders: tuple[Path, ...], root: Path, _stamps: tuple[tuple[int, int], ...]
) -> dict[str, Any]:
    """Read the labels once as long as their files do not change (templates cannot change them: read-only)."""
    *projects, builtin = folders
    path = builtin / "i18n" / f"{language}.toml"
    if not path.is_file():
        raise PmError(f"no labels for language {language!r} (looked for i18n/{language}.toml in the templates)")
    labels = _read_labels(path, root=builtin)
    for folder in projects:
        path = folder / "i18n" / f"{language}.toml"
        if path.exists() or path.is_symlink():
            override = _read_labels(path, root=root)
            problems = check_labels(override, labels, path=display_path(path), where=_key_lines(path, root=root))
            if problems:
                raise ProblemsFound(problems, consequence=f"the labels in {display_path(path)} cannot be used")
            return _merged(labels, override)
    return labels


def _read_labels(path: Path, *, root: Path) -> dict[str, Any]:
    """A labels file's table, or the located problem that stops the build."""
    text = read_text(path, root=root)
    if isinstance(text, Problem):
        raise ProblemsFound([text])
    try:
        return tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(where[1]), int(where[2])) if where else (1, 1)
        reason = re.sub(r"\s*\(at .*\)$", "", str(exc)) if isinstance(exc, tomllib.TOMLDecodeError) else ""
        message = f"invalid TOML: {reason or 'nested too deep'}"
        raise ProblemsFound([_problem(display_path(path), message, line=line, column=column)]) from None


def check_labels(
    override: dict[str, Any], builtin: dict[str, Any], *, path: str, where: dict[str, int], prefix: str = ""
) -> list[Problem]:
    """What makes an override of the built-in labels unusable, located: a table given as text, or the reverse.

    A text label may use only the placeholders of the built-in one (``{name}``: no attribute, index or format); a
    plural form (``results_few``) those of its general form.
    """
    problems = []
    for key, value in override.items():
        name, expected = prefix + key, builtin.get(key, _general_form(key, builtin))
        line = where.get(key, 1)
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                problems.append(_problem(path, f"label {name!r} must be a table of labels, as in the built-in file",
                                         line=line))  # fmt: skip
            else:
                problems += check_labels(value, expected, path=path, where=where, prefix=f"{name}.")
        elif isinstance(expected, str):
            message = _text_label_problem(value, expected)
            if message:
                problems.append(_problem(path, f"label {name!r}: {message}", line=line))
    return problems


def _general_form(key: str, builtin: dict[str, Any]) -> str | None:
    """The built-in general form of a plural form a project adds (``results`` for ``results_few``), if any."""
    name, _, tag = key.rpartition("_")
    general = builtin.get(name)
    return general if tag in plurals.CATEGORIES and isinstance(general, str) else None


def _text_label_problem(value: Any, expected: str) -> str:
    """Why *value* cannot replace the built-in text label *expected*; empty when it can."""
    if not isinstance(value, str):
        return "must be text"
    allowed = {field for _, field, _, _ in string.Formatter().parse(expected) if field}
    try:
        fields = [(field, spec, conversion) for _, field, spec, conversion in string.Formatter().parse(value)]
    except ValueError as exc:
        return f"{exc}: write a brace as {{{{ or }}}}"
    for field, spec, conversion in fields:
        if field is not None and field not in allowed:
            shown = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
            return f"placeholder {{{field}}} is not one of this label's ({shown})"
        if spec or conversion:
            return f"placeholder {{{field}}} takes no format or conversion: write it {{{field}}}"
    return ""


def _merged(labels: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """The built-in labels with the override's laid over them, table by table."""
    result = dict(labels)
    for key, value in override.items():
        both = isinstance(value, dict) and isinstance(labels.get(key), dict)
        result[key] = _merged(labels[key], value) if both else value
    return result


def _key_lines(path: Path, *, root: Path) -> dict[str, int]:
    """Best-effort line of each key or table name of a TOML file (tomllib keeps no positions)."""
    text = read_text(path, root=root)
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines() if isinstance(text, str) else [], start=1):
        match = re.match(r"\s*\[*\s*([A-Za-z0-9_-]+)", line)
        if match:
            found.setdefault(match[1], number)
    return found


def _problem(path: str, message: str, *, line: int = 1, column: int = 1) -> Problem:
    """A problem in a labels file."""
    return Problem(path=path, line=line, column=column, level=Level.ERROR, rule="labels", message=message)


@dataclass(frozen=True, slots=True)
class Formatter:
    """Dates, times and durations written for one language and one time zone."""

    language: str
    timezone: str

    def date(self, value: dt.date, style: str = "long") -> str:
        """A date such as ``15 février 2025`` or ``Feb 15, 2025``."""
        return _date(value, style, self.language)

    def day(self, value: dt.date) -> str:
        """A day without its year, such as ``15 févr.`` or ``Feb 15``, for chart ticks."""
        return _skeleton(value, "MMMd", self.language)

    def duration(self, value: Duration | Span | int | None, *, approximate: bool = False) -> str:
        """A duration such as ``1 h 30 min``; ``~`` marks an approximate one; empty when unknown."""
        if value is None:
            return ""
        minutes = value if isinstance(value, int) else value.minutes
        approximate = approximate or bool(getattr(value, "approximate", False))
        return ("~" if approximate else "") + _duration(minutes, self.language)

    def written(self, value: Duration) -> str:
        """A duration in the units its author wrote, in the language: ``24h`` is ``24 h``, ``1d`` is ``1 j``."""
        try:
            parts = written_parts(value.text)
        except ValueError:  # a duration pm made, not one that was written
            return self.duration(value)
        units = {"d": "duration-day", "h": "duration-hour", "m": "duration-minute"}
        shown = " ".join(_unit(number, units[unit], self.language) for number, unit in parts)
        return ("~" if value.approximate else "") + shown

    def target(self, value: Duration | None, *, planned: str) -> str:
        """A response target as the configuration writes it (``< 24 h``), or *planned* when there is none."""
        return planned if value is None else f"<\u00a0{self.written(value)}"

    def clock(self, placed: Placed) -> str:
        """The time of an entry in the report's zone (``14:02–14:07`` for a range), ``~`` when approximate."""
        return self.span_clock(placed.when, placed.until, approximate=placed.entry.at.approximate)

    def span_clock(self, when: dt.datetime | None, until: dt.datetime | None, *, approximate: bool) -> str:
        """``14:02``, ``~14:02``, ``14:02–14:07`` or ``13:37 – Oct 31 16:45`` in the report's zone."""
        if when is None:
            return ""
        local = when.astimezone(zone(self.timezone))
        shown = ("~" if approximate else "") + local.strftime("%H:%M")
        if until is None:
            return shown
        end = until.astimezone(zone(self.timezone))
        if end.date() == local.date():
            return f"{shown}–{end:%H:%M}"
        return f"{shown} – {self.day(end.date())} {end:%H:%M}"

    def number(self, value: float) -> str:
        """A number as the language writes it: ``80,000`` or ``80 000`` (as Python writes it when Babel cannot)."""
        return _number(value, self.language)

    def plural(self, labels: Mapping[str, Any], name: str, count: float, **values: object) -> str:
        """Label *name* of *labels* in the form *count* takes (``1 résultat``, ``2 résultats``), its fields filled.

        ``{count}`` is *count*; numbers among *values* are written in the language too.
        """
        key = plurals.label_key(labels, name, count, language=self.language)
        shown = {"count": count, **values}
        return str(labels[key]).format(**{k: self._shown(v) for k, v in shown.items()})

    def _shown(self, value: object) -> object:
        """A number as the language writes it, anything else as it is."""
        return self.number(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    def quantity(self, value: Quantity) -> str:
        """A count as written, in the language: ``1,800``, ``~50,000,000``, ``800–1,000``."""
        shown = (
            self.number(value.low) if value.low == value.high else f"{self.number(value.low)}–{self.number(value.high)}"
        )
        return ("~" if value.approximate else "") + shown

    def due(self, value: Due) -> str:
        """A due date as precise as written: ``Mar 31, 2022``, ``March 2022``, ``Q1 2022`` or ``2022``."""
        if value.period == "day":
            return self.date(value.first, "medium")
        if value.period == "month":
            return _skeleton(value.first, "yMMMM", self.language)
        if value.period == "quarter":
            return _date(value.first, "QQQ y", self.language)
        return str(value.first.year)

    def figure(self, value: str | float) -> str:
        """An impact figure: numbers in the language, durations (``70min``) as durations, other text as written."""
        if not isinstance(value, str):
            return self.number(value)
        try:
            if not _MILLIONS.search(value):  # "5m" is more often five million than five minutes
                return self.duration(parse_duration(value))
        except ValueError:
            pass
        try:
            return self.quantity(parse_quantity(value))
        except ValueError:
            return value

    def written_day(self, placed: Placed, day: dt.date) -> str:
        """The day of an entry for a table: ``Apr 12, 2022``, ``April 2022`` or ``2022``; ``~`` when approximate."""
        at = placed.entry.at
        if at.period == "month" and at.date:
            shown = _skeleton(at.date, "yMMMM", self.language)
        elif at.period == "year" and at.date:
            shown = str(at.date.year)
        else:
            shown = self.date(day, "medium")
        if at.end is not None and at.end.date is not None and at.time is None:  # a range of days
            shown += " – " + self.date(at.end.date, "medium")
        return ("~" if at.approximate_day else "") + shown

    def local_day(self, placed: Placed) -> dt.date | None:
        """The day of a timeline entry in the report's zone."""
        if placed.when is not None:
            return placed.when.astimezone(zone(self.timezone)).date()
        return placed.day


def template_formatter(fmt: Formatter) -> dict[str, Any]:
    """What templates see of *fmt*: its language and zone, and functions that take the plain values templates hold."""

    def duration(value: Mapping[str, Any] | int | float | None, approximate: bool = False) -> str:
        """``fmt.duration(incident.time_to_detect)`` or ``fmt.duration(90)``."""
        if isinstance(value, Mapping):
            return fmt.duration(int(value["minutes"]), approximate=approximate or bool(value.get("approximate")))
        return fmt.duration(None if value is None else int(value), approximate=approximate)

    def clock(placed: Mapping[str, Any]) -> str:
        """``fmt.clock(placed)``: the time of a timeline entry in the zone, ``~`` when approximate."""
        return fmt.span_clock(placed["when"], placed.get("until"), approximate=placed["entry"]["at"]["approximate"])

    def due(value: Mapping[str, Any]) -> str:
        """``fmt.due(action.due)``: a due date as precise as written."""
        return fmt.due(Due(first=value["first"], last=value["last"], period=value["period"], text=value["text"]))

    def quantity(value: Mapping[str, Any] | int) -> str:
        """``fmt.quantity(incident.impact.users_affected)``: a count, approximate or a range as written."""
        if isinstance(value, int):
            return fmt.number(value)
        return fmt.quantity(
            Quantity(low=value["low"], high=value["high"], approximate=value["approximate"], text=value["text"])
        )

    def local_day(placed: Mapping[str, Any]) -> dt.date | None:
        """``fmt.local_day(placed)``: the day of a timeline entry in the zone."""
        when: dt.datetime | None = placed["when"]
        day: dt.date | None = placed["day"]
        return when.astimezone(zone(fmt.timezone)).date() if when is not None else day

    def target(value: Mapping[str, Any] | None, planned: str) -> str:
        """``fmt.target(level.target, t.planned)``: a response target as configured (``< 24 h``), else *planned*."""
        if value is None:
            return planned
        written = Duration(minutes=int(value["minutes"]), text=str(value["text"]), approximate=value["approximate"])
        return fmt.target(written, planned=planned)

    def plural_forms(labels: Mapping[str, Any], name: str) -> dict[str, str]:
        """``fmt.plural_forms(s, "results")``: every form of a label, by plural category, for the site's script."""
        return plurals.forms(labels, name, language=fmt.language)

    def plural_rules() -> list[Any]:
        """``fmt.plural_rules()``: the language's plural rules as data, for the site's script."""
        return plurals.rules_data(fmt.language)

    functions: dict[str, Callable[..., Any]] = {
        "date": fmt.date,
        "day": fmt.day,
        "duration": duration,
        "clock": clock,
        "local_day": local_day,
        "due": due,
        "quantity": quantity,
        "number": fmt.number,
        "figure": fmt.figure,
        "plural": fmt.plural,
        "target": target,
        "plural_forms": plural_forms,
        "plural_rules": plural_rules,
    }
    return {"language": fmt.language, "timezone": fmt.timezone} | {
        name: TemplateFunction(function) for name, function in functions.items()
    }


@lru_cache(maxsize=4096)
def _date(value: dt.date, style: str, language: str) -> str:
    """Babel's date, remembered: a site shows the same dates many times."""
    return str(format_date(value, format=style, locale=language))


@lru_cache(maxsize=4096, typed=True)  # typed: 1 and 1.0 are remembered apart
def _number(value: float, language: str) -> str:
    """Babel's number, remembered: each report writes its counts and figures."""
    try:
        return str(format_decimal(value, locale=language))
    except ArithmeticError:  # beyond the precision of Babel's decimals, such as 1e300
        return str(value)


@lru_cache(maxsize=4096)
def _skeleton(value: dt.date, skeleton: str, language: str) -> str:
    """Babel's date in the form *skeleton* takes in the language (``MMMd``: ``Feb 15``), remembered."""
    return str(format_skeleton(skeleton, value, locale=language))


@lru_cache(maxsize=256)
def _unit(number: float, unit: str, language: str) -> str:
    """One number with its unit in Babel's short form (``24 h``, ``1,5 h``)."""
    return str(format_unit(int(number) if number.is_integer() else number, unit, length="short", locale=language))


@lru_cache(maxsize=4096)
def _duration(minutes: int, language: str) -> str:
    """Days, hours and minutes in Babel's short units, remembered."""
    sign, minutes = ("-", -minutes) if minutes < 0 else ("", minutes)
    parts = []
    for unit, size in _UNITS:
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(format_unit(count, unit, length="short", locale=language))
    return sign + (" ".join(parts) or format_unit(0, "duration-minute", length="short", locale=language))
