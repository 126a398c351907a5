"""Configuration: finds ``pm.toml`` or ``[tool.pm]`` by walking up, and gives defaults when there is none."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path, PurePath, PureWindowsPath
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema

from postmortem.errors import Level, PmError, Problem, ProblemsFound, display_path, printable
from postmortem.model.durations import Duration, parse_duration
from postmortem.model.fieldtypes import Slug
from postmortem.model.messages import describe
from postmortem.model.names import fold
from postmortem.model.statuses import ACTION_STATUSES, ActionStatus, status_word
from postmortem.model.zones import abbreviations, home_zone
from postmortem.read import read_text

CONFIG_FILE = "pm.toml"
MAX_LEVELS = 50  # more levels than any team uses; each unknown severity is compared with every level
LANGUAGES = ("en", "fr")
PLACES = ("incidents", "output", "templates", "risks", "runbooks", "pages", "schema_file")


class SeverityLevel(BaseModel):
    """One severity level of the team, such as P1 Critical with a 15-minute response target."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", description="Short name used in incident files, e.g. P1.")
    name: str = Field(description="Human name, e.g. Critical.")
    description: str = Field(default="", description="What incidents of this level look like.")
    response: Annotated[str | None, Field(description="Target response time, e.g. 15min; omit for planned work.")] = (
        None
    )
    postmortem: bool = Field(
        default=False, description="A final write-up at this level needs the full post-mortem sections."
    )

    @field_validator("response")
    @classmethod
    def _check_response(cls, value: str | None) -> str | None:
        """Reject response targets that are not durations."""
        if value is not None:
            parse_duration(value)
        return value

    @property
    def target(self) -> Duration | None:
        """The response target as a duration, or None for planned work."""
        return parse_duration(self.response) if self.response else None


DEFAULT_SEVERITIES = (
    SeverityLevel(
        id="P1", name="Critical", description="Service unreachable, data loss.", response="15min", postmortem=True
    ),
    SeverityLevel(id="P2", name="Major", description="A key feature is broken.", response="1h", postmortem=True),
    SeverityLevel(id="P3", name="Minor", description="Cosmetic bug, degraded performance.", response="24h"),
    SeverityLevel(id="P4", name="Improvement", description="Suggestion, optimisation.", response=None),
)
DEFAULT_SEVERITIES_FR = (  # the same levels for a team that writes in French
    SeverityLevel(
        id="P1", name="Critique", description="Service inaccessible, perte de données.", response="15min",
        postmortem=True,
    ),
    SeverityLevel(id="P2", name="Majeur", description="Fonctionnalité clé cassée.", response="1h", postmortem=True),
    SeverityLevel(id="P3", name="Mineur", description="Bug cosmétique, performance dégradée.", response="24h"),
    SeverityLevel(id="P4", name="Amélioration", description="Suggestion, optimisation.", response=None),
)  # fmt: skip


class Config(BaseModel):
    """Settings of one incident repository; every path is relative to ``root``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    root: SkipJsonSchema[Path] = Field(default_factory=Path.cwd, exclude=True)
    source: SkipJsonSchema[Path | None] = Field(default=None, exclude=True)
    title: str = Field(default="Post-mortems", description="Site and report title.")
    language: Literal["en", "fr"] = Field(default="en", description="Language of labels, dates and durations.")
    timezone: str = Field(default="UTC", description="Zone of timeline times that do not give one.")
    zones: dict[str, str] = Field(
        default_factory=dict,
        description='Zone abbreviations of your own, each to an offset or IANA zone: `{ IST = "+05:30" }`.',
    )
    incidents: str = Field(validate_default=True, default="incidents", description="Folder of incident files.")
    output: str = Field(
        validate_default=True,
        default="site",
        description="Folder that `pm render` writes and replaces whole: not the repository, nor a folder pm reads.",
    )
    templates: str = Field(validate_default=True, default="templates", description="Folder of template overrides.")
    risks: str = Field(validate_default=True, default="risks.yaml", description="Risk register file.")
    runbooks: str = Field(
        validate_default=True,
        default="runbooks",
        description="Folder of response procedures (Markdown with front matter).",
    )
    pages: str = Field(
        validate_default=True,
        default="pages",
        description="Folder of free Markdown pages that join the site's navigation.",
    )
    schema_file: str = Field(
        validate_default=True,
        default="incident.schema.json",
        description="JSON Schema of incident files, for editors (`pm schema --write`).",
    )
    site_url: str = Field(
        default="",
        description="Public address of the site (http or https): absolute links in the feed, a sitemap.xml and "
        "robots.txt for search engines, and the path the 404 page links from (`/` when it has none).",
    )
    id_prefix: str = Field(default="INC-", description="Prefix of the ids that `pm new` hands out.")
    action_statuses: dict[str, ActionStatus] = Field(
        default_factory=dict,
        description='Status words of your own, each to a status of pm: `{ parked = "blocked", merged = "done" }`; '
        "common English and French words (planned, ongoing, completed, won't do, en cours…) are known already.",
    )
    table_order: Literal["newest", "oldest", "id"] = Field(
        default="newest",
        description="Order of the incident table and the book's reports: `newest` first, `oldest` first, or by `id` "
        "(numbers in ids compared as numbers: INC-2 before INC-10), as a team that numbers its incidents lists them.",
    )
    lessons: tuple[Slug, ...] = Field(
        default=(),
        description="The team's own list of lessons: ids of lessons (`lessons.to_keep[].id` in incident files), in "
        "its order; shown numbered before the lessons by theme, in index.md, on the lessons page and in the book "
        "(an id no incident gives is left out).",
    )
    severities: tuple[SeverityLevel, ...] = Field(
        default=DEFAULT_SEVERITIES,
        min_length=1,
        max_length=MAX_LEVELS,
        description="The team's severity levels, in order: P1 to P4 by default (in French when the language is fr).",
    )

    @model_validator(mode="before")
    @classmethod
    def _levels_in_language(cls, data: Any) -> Any:
        """Without levels of its own, a French-speaking repository gets the default levels named in French."""
        if isinstance(data, dict) and "severities" not in data and data.get("language") == "fr":
            return {**data, "severities": DEFAULT_SEVERITIES_FR}
        return data

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        """Reject time zones that do not exist, and abbreviations that name only a season."""
        return home_zone(value)

    @field_validator("site_url")
    @classmethod
    def _check_site_url(cls, value: str) -> str:
        """An address the feed and the sitemap can point readers and crawlers to: absolute, http or https."""
        if not value:
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or " " in value:
            raise ValueError(
                f"{value!r} is not the address of a site: give one such as https://example.org/postmortems/"
            )
        return value

    @field_validator("zones")
    @classmethod
    def _check_zones(cls, value: dict[str, str]) -> dict[str, str]:
        """Each abbreviation of the team's names a real zone."""
        return abbreviations(value)

    @field_validator("action_statuses")
    @classmethod
    def _fold_status_words(cls, value: dict[str, ActionStatus]) -> dict[str, ActionStatus]:
        """Words are compared as incident files are read: case, dashes and apostrophes folded."""
        folded = {status_word(word): status for word, status in value.items()}
        taken = [word for word in folded if word in {status_word(s) for s in ACTION_STATUSES}]
        if taken:
            raise ValueError(f"{taken[0]!r} is a status of pm already: it cannot mean another")
        return folded

    @field_validator("incidents", "templates", "risks", "runbooks", "pages", "schema_file")
    @classmethod
    def _inside(cls, value: str) -> str:
        """Files and folders pm reads are inside the repository: a relative path that never climbs out of it."""
        if Path(value).is_absolute() or PureWindowsPath(value).is_absolute() or ".." in PurePath(value).parts:
            raise ValueError(f"{value!r} leads outside the repository: give a path inside it, such as 'incidents'")
        return value

    @field_validator(*PLACES)
    @classmethod
    def _inside_repository(cls, value: str, info: ValidationInfo) -> str:
        """A file or folder pm reads or writes lies inside the repository: no ``..``, no link leading out."""
        root = info.data.get("root")
        if not isinstance(root, Path):
            return value
        real = inside(root, value)
        hidden = [part for part in real.relative_to(root.resolve()).parts if part.startswith(".")]
        if info.field_name == "templates" and hidden:
            raise ValueError(f"{value!r} leads to the hidden folder {hidden[0]}: templates cannot come from there")
        return value

    @field_validator("severities")
    @classmethod
    def _unique_levels(cls, value: tuple[SeverityLevel, ...]) -> tuple[SeverityLevel, ...]:
        """Reject two levels with the same id."""
        ids = [level.id for level in value]
        if len(set(ids)) != len(ids):
            raise ValueError(f"severity ids must be unique, got {', '.join(ids)}")
        return value

    def path(
        self, name: Literal["incidents", "output", "templates", "risks", "runbooks", "pages", "schema_file"]
    ) -> Path:
        """Absolute path of a configured file or folder."""
        return self.root / str(getattr(self, name))

    @property
    def levels(self) -> dict[str, SeverityLevel]:
        """Severity levels by id, in the configured order."""
        return {level.id: level for level in self.severities}


def inside(root: Path, value: str) -> Path:
    """The real path of *value* (relative to *root*, or absolute) inside *root*; ValueError saying why it is not."""
    if "\0" in value:
        raise ValueError("a path cannot hold a NUL character")
    if ".." in PurePath(value).parts:
        raise ValueError(f"{value!r} goes up with '..': give a path inside the repository")
    path = root / value
    top = root.resolve()
    if path.is_absolute() and not (path.is_relative_to(root) or path.is_relative_to(top)):
        raise ValueError(f"{value!r} is outside the repository ({top}): give a path inside it")
    try:
        real = path.resolve()
    except (OSError, RuntimeError):
        raise ValueError(f"{value!r} is a loop of symbolic links") from None
    if not real.is_relative_to(top):
        raise ValueError(
            f"{value!r} leads through a symbolic link to {real}, outside the repository: pm does not follow it"
        )
    return real


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


def source_root(root: Path) -> Path:
    """The folder that paths for machines start from: the top of the git work tree that holds *root*, else *root*.

    The top is the nearest folder up from *root* with a ``.git`` entry (a folder, or the file of a worktree or
    submodule); no git command is run.
    """
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return root


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
        raise ProblemsFound([_config_problem(path, error) for error in exc.errors()]) from None
    clash = output_clash(config, out=config.path("output"))
    if clash is not None:
        message = f"the output folder {config.output!r} {clash}: give the output a folder of its own"
        raise ProblemsFound([_problem(path, _find_key_line(path, "output"), 1, message, rule="config")])
    return config


INPUTS: dict[Literal["incidents", "templates", "runbooks", "pages", "risks", "schema_file"], str] = {
    "incidents": "incidents folder",
    "templates": "templates folder",
    "runbooks": "runbooks folder",
    "pages": "pages folder",
    "risks": "risk register",
    "schema_file": "schema file",
}
KEPT = (".git", ".pm-cache")  # what pm reads or keeps in the repository besides the configured files and folders


def output_clash(config: Config, *, out: Path) -> str | None:
    """Why *out* cannot be the output folder (``"is the runbooks folder 'runbooks'"``), or None.

    A render replaces its output whole, so the output must not be or hold the repository, nor be, hold or
    be inside a file or folder pm reads (incidents, templates, runbooks, pages, the risk register, the
    schema, ``.git``, the cache); paths are compared after symbolic links are followed, as macOS and Windows
    compare names (case ignored).
    """
    try:
        target = _parts(out, strict=True)
    except (OSError, RuntimeError):  # a loop of symbolic links
        return "cannot be reached: its symbolic links make a loop"
    root = _parts(config.root)
    if root[: len(target)] == target:
        return "is or holds the repository"
    if target[: len(root)] != root:  # outside the repository, as pm serve's temporary folder
        return None
    named = [(f"the {what} {str(getattr(config, name))!r}", config.path(name)) for name, what in INPUTS.items()]
    named += [(f"the folder {name}", config.root / name) for name in KEPT]
    for what, path in named:
        other = _parts(path)
        if other[: len(target)] == target:
            return f"{'is' if other == target else 'holds'} {what}"
        if target[: len(other)] == other and other != root:  # a folder that is the repository may hold the output
            return f"is inside {what}"
    return None


def _parts(path: Path, *, strict: bool = False) -> list[str]:
    """The parts of *path* with symbolic links followed, each as lenient file systems compare names.

    Not *strict*: a path whose links make a loop is taken as written.
    """
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        if strict:
            raise
        resolved = Path(os.path.abspath(path))  # noqa: PTH100 - as written, without following links
    return [fold(part) for part in resolved.parts]


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


def _config_problem(path: Path, error: Any) -> Problem:
    """Turn one pydantic error on the config into a problem pointing at the key's line when it can be found."""
    found = describe(error, root=Config)
    key = next((str(part) for part in reversed(found.loc) if isinstance(part, str)), "")
    return _problem(path, _find_key_line(path, key), 1, found.message, rule=found.rule)


def _find_key_line(path: Path, key: str) -> int:
    """Best-effort line of ``key =`` in a TOML file (tomllib keeps no positions)."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    text = read_text(path, root=path.parent)
    for number, line in enumerate(text.splitlines() if isinstance(text, str) else [], start=1):
        if pattern.match(line):
            return number
    return 1


def _problem(path: Path, line: int, column: int, message: str, *, rule: str = "config") -> Problem:
    """A config error as a problem."""
    return Problem(path=display_path(path), line=line, column=column, level=Level.ERROR, rule=rule, message=message)
