"""Render stage helper: the labels of the built-in templates, with a project's own laid over them once checked."""

from __future__ import annotations

import re
import string
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from postmortem import plurals
from postmortem.config.places import Places, places
from postmortem.errors import Level, PmError, Problem, ProblemsFound, display_path
from postmortem.read import read_text


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
            problems = check_labels(override, labels, path=display_path(path), where=_places(path, root=root))
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
    override: dict[str, Any], builtin: dict[str, Any], *, path: str, where: Places, within: tuple[str, ...] = ()
) -> list[Problem]:
    """What makes an override of the built-in labels unusable, located: a table given as text, or the reverse.

    A text label may use only the placeholders of the built-in one (``{name}``: no attribute, index or format); a
    plural form (``results_few``) those of its general form.
    """
    problems = []
    for key, value in override.items():
        name, expected = ".".join((*within, key)), builtin.get(key, _general_form(key, builtin))
        line, column = where.where((*within, key))
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                problems.append(_problem(path, f"label {name!r} must be a table of labels, as in the built-in file",
                                         line=line, column=column))  # fmt: skip
            else:
                problems += check_labels(value, expected, path=path, where=where, within=(*within, key))
        elif isinstance(expected, str):
            message = _text_label_problem(value, expected)
            if message:
                problems.append(_problem(path, f"label {name!r}: {message}", line=line, column=column))
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


def _places(path: Path, *, root: Path) -> Places:
    """Where each label of a TOML file stands (tomllib keeps no positions)."""
    text = read_text(path, root=root)
    return places(text) if isinstance(text, str) else Places(keys={}, values={})


def _problem(path: str, message: str, *, line: int = 1, column: int = 1) -> Problem:
    """A problem in a labels file."""
    return Problem(path=path, line=line, column=column, level=Level.ERROR, rule="labels", message=message)
