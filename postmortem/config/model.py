"""Configuration: the settings of one incident repository as a frozen model, with their defaults and checks."""

from __future__ import annotations

from pathlib import Path, PurePath, PureWindowsPath
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from postmortem.config.paths import inside
from postmortem.model.durations import Duration, parse_duration
from postmortem.model.fieldtypes import Slug
from postmortem.model.statuses import ACTION_STATUSES, ActionStatus, status_word
from postmortem.model.zones import home_zone, own_abbreviation

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


# Each abbreviation of the team's, and the real zone it names, checked on its own: a mistake points at its entry.
ZoneName = Annotated[str, AfterValidator(own_abbreviation)]
ZoneTarget = Annotated[str, AfterValidator(home_zone)]


def _own_word(word: str) -> str:
    """A status word of the team's is not one of pm's own statuses, compared as incident files are read."""
    if status_word(word) in {status_word(status) for status in ACTION_STATUSES}:
        raise ValueError(f"{status_word(word)!r} is a status of pm already: it cannot mean another")
    return word


StatusWord = Annotated[str, AfterValidator(_own_word)]

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
    zones: dict[ZoneName, ZoneTarget] = Field(
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
    action_statuses: dict[StatusWord, ActionStatus] = Field(
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
        "(`pm check` reports an id that no incident gives, or that the list names twice).",
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

    @field_validator("action_statuses")
    @classmethod
    def _fold_status_words(cls, value: dict[str, ActionStatus]) -> dict[str, ActionStatus]:
        """Words are compared as incident files are read: case, dashes and apostrophes folded."""
        return {status_word(word): status for word, status in value.items()}

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
