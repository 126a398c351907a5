"""Configuration: finds ``pm.toml`` or ``[tool.pm]`` by walking up, reads it, and reports its mistakes located."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from postmortem.config.model import PLACES, Config
from postmortem.config.paths import output_clash
from postmortem.config.places import Places, places
from postmortem.errors import Level, PmError, Problem, ProblemsFound, display_path, printable
from postmortem.model.messages import Loc, describe
from postmortem.read import read_text

CONFIG_FILE = "pm.toml"


def settings(root: Path, **values: Any) -> Config:
    """The configuration of a repository without a configuration file; a setting it refuses is a located problem."""
    try:
        return Config(root=root, **values)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            found = describe(error, root=Config)
            where = next((str(part) for part in found.loc if isinstance(part, str)), "")
            shown = root / str(Config.model_fields[where].default) if where in PLACES else root
            problems.append(_problem(shown, 1, 1, found.message, rule=found.rule))
        raise ProblemsFound(problems) from None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """Walk up from *start* to the first ``pm.toml`` or ``pyproject.toml`` with a ``[tool.pm]`` table."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate, _read_toml(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("pm")
            if isinstance(table, dict):
                return pyproject, table
    return None


def require_repository(config: Config) -> Config:
    """*config*, when it is an incident repository's: a configuration file was found, or an incidents folder is here.

    Anywhere else a command would report on, or render, nothing at all; it stops and says why instead.
    """
    if config.source is not None or config.path("incidents").is_dir():
        return config
    raise PmError(
        f"{printable(str(config.root))} is not an incident repository: no {CONFIG_FILE} (nor a pyproject.toml with "
        f"[tool.pm]) here or in a folder above, and no {config.incidents!r} folder; run pm inside an incident "
        "repository, or start one with `pm init`"
    )


def load_config(start: Path | None = None) -> Config:
    """Find and read the configuration for *start* (default: the current folder), or return defaults."""
    start = (start or Path.cwd()).resolve()
    found = find_config(start)
    if found is None:
        return settings(start)
    path, table = found
    try:
        config = Config.model_validate({**table, "root": path.parent, "source": path})
    except ValidationError as exc:
        where = config_places(path)
        problems = [_config_problem(path, error, where) for error in _without_echoes(exc.errors())]
        raise ProblemsFound(sorted(problems, key=lambda problem: problem.sort_key)) from None
    clash = output_clash(config, out=config.path("output"))
    if clash is not None:
        message = f"the output folder {config.output!r} {clash}: give the output a folder of its own"
        raise ProblemsFound([_problem(path, *config_places(path).where(("output",)), message, rule="config")])
    return config


def config_places(path: Path) -> Places:
    """Where each setting of the configuration file *path* stands: pm.toml, or ``[tool.pm]`` of a pyproject.toml."""
    text = read_text(path, root=path.parent)
    found = places(text) if isinstance(text, str) else Places(keys={}, values={})
    return found if path.name == CONFIG_FILE else found.within(("tool", "pm"))


def setting_problem(config: Config, loc: Loc, *, rule: str, message: str, level: Level = Level.ERROR) -> Problem:
    """A problem with the setting at *loc* (``("lessons", 2)``) of *config*, at its place in the configuration file.

    For the checks that need more than the configuration to be made (the incidents it names).
    """
    path = config.source or config.root / CONFIG_FILE
    line, column = config_places(path).where(loc) if config.source is not None else (1, 1)
    return Problem(path=display_path(path), line=line, column=column, level=level, rule=rule, message=message)


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file, turning syntax errors into a located problem."""
    text = read_text(path, root=path.parent)
    if isinstance(text, Problem):
        raise ProblemsFound([text])
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ProblemsFound([_problem(path, 1, 1, "invalid TOML: nested too deep")]) from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (int(where[1]), int(where[2])) if where else (1, 1)
        message = re.sub(r"\s*\(at .*\)$", "", str(exc))
        raise ProblemsFound([_problem(path, line, column, f"invalid TOML: {message}")]) from None


def _without_echoes(errors: list[Any]) -> list[Any]:
    """The errors less a list's "too short" that only echoes the errors of its items (each of them refused)."""
    within = [tuple(error["loc"]) for error in errors]
    return [error for error in errors if not (error["type"] == "too_short" and _holds(tuple(error["loc"]), within))]


def _holds(loc: tuple[Any, ...], others: list[tuple[Any, ...]]) -> bool:
    """Whether another error lies inside the value at *loc*."""
    return any(len(other) > len(loc) and other[: len(loc)] == loc for other in others)


def _config_problem(path: Path, error: Any, found: Places) -> Problem:
    """Turn one pydantic error on the config into a problem at the key or value it is about."""
    loc = tuple(error["loc"])
    about_key = bool(loc) and loc[-1] == "[key]"  # the key of a table's entry (``[zones]``), not its value
    if about_key:
        error = {**error, "loc": loc[:-1]}
    described = describe(error, root=Config)
    line, column = found.where(described.loc, key=described.key or about_key)
    return _problem(path, line, column, described.message, rule=described.rule)


def _problem(path: Path, line: int, column: int, message: str, *, rule: str = "config") -> Problem:
    """A config error as a problem."""
    return Problem(path=display_path(path), line=line, column=column, level=Level.ERROR, rule=rule, message=message)
