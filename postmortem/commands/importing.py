"""Import command core: write-ups of other tools (Markdown, tables of incidents, other generators) as new drafts.

Each source is read as untrusted text (size-limited, never through a link out of the folder given), each incident
found becomes a draft incident file that checks as valid; what the source gives no field for is kept in ``notes``.
Nothing is written when any file would overwrite another, or when a source cannot be read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from postmortem.commands.drafts import Written, draft_text
from postmortem.commands.placements import left_out_lines, placement_lines
from postmortem.commands.scaffold import next_id, slugify, write_incidents
from postmortem.config.model import Config
from postmortem.errors import Level, PmError, Problem, ProblemsFound, display_path
from postmortem.load.yaml import load
from postmortem.read import read_text, walk_files
from postmortem.sources.assemble import Defaults, Draft, assemble
from postmortem.sources.parts import MAX_SOURCE_BYTES, Found, Part
from postmortem.sources.reader import SourceFormat, read_source
from postmortem.sources.values import Values
from postmortem.validate.drafts import IMPORTED
from postmortem.validate.incident import validate_incident

SOURCE_SUFFIXES = (".md", ".markdown", ".txt", ".yaml", ".yml")
MAX_SOURCES = 1000
MAX_ROUNDS = 8  # each round moves at least one value that does not check to the notes


@dataclass(frozen=True, slots=True, kw_only=True)
class Planned:
    """One draft to write: where, its id, its text, and where each part of its source went."""

    origin: str
    path: Path
    incident_id: str
    text: str
    placements: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    """The drafts planned (and written, unless a dry run), and the text of the sources that is no incident's."""

    planned: tuple[Planned, ...]
    left_out: tuple[str, ...]
    written: tuple[Path, ...]


def import_sources(config: Config, *, paths: Sequence[Path], chosen: SourceFormat | None, severity: str | None,
                   status: str, dry_run: bool) -> ImportReport:  # fmt: skip
    """Read every source, plan one draft per incident found, and write them all (or none)."""
    if severity is not None and severity not in config.levels:
        raise PmError(f"unknown severity {severity!r}; levels: {', '.join(config.levels)}")
    values = Values(levels=tuple(config.levels), zones=dict(config.zones))
    defaults = Defaults(severity=severity, status=status, language=config.language)
    found, left_out = _read_all(paths, config=config, chosen=chosen, values=values)
    planned = _plan(found, config=config, defaults=defaults, values=values)
    written = () if dry_run else tuple(
        write_incidents(config, {item.path: item.text for item in planned}, hint="move it aside to import again")
    )  # fmt: skip
    return ImportReport(planned=tuple(planned), left_out=tuple(left_out), written=written)


def _sources(paths: Sequence[Path]) -> list[tuple[Path, Path]]:
    """Each source file with the folder it must stay in: a folder given is walked (links out of it refused)."""
    found: list[tuple[Path, Path]] = []
    for path in paths:
        if path.is_dir():
            found += [(Path(name), path) for name in sorted(walk_files(path, root=path, suffixes=SOURCE_SUFFIXES))]
        elif path.exists() or path.is_symlink():
            found.append((path, Path(os.path.abspath(path)).parent))  # noqa: PTH100 - lexical: the link is not followed
        else:
            raise PmError(f"no such file or folder: {display_path(path)}")
    if len(found) > MAX_SOURCES:
        raise PmError(f"{len(found)} files to import: at most {MAX_SOURCES} at once")
    return found


def _read_all(paths: Sequence[Path], *, config: Config, chosen: SourceFormat | None,
              values: Values) -> tuple[list[Found], list[str]]:  # fmt: skip
    """The incidents of every source, and what no incident holds; every unreadable source reported at once."""
    found: list[Found] = []
    left_out: list[str] = []
    problems: list[Problem] = []
    for path, root in _sources(paths):
        text = read_text(path, root=root, limit=MAX_SOURCE_BYTES)
        if isinstance(text, Problem):
            problems.append(text)
            continue
        origin = display_path(path)
        try:
            read = read_source(text, origin=origin, suffix=path.suffix, chosen=chosen, values=values,
                               words=config.action_statuses)  # fmt: skip
        except PmError as exc:
            problems.append(Problem(path=origin, line=1, column=1, level=Level.ERROR, rule="import", message=str(exc)))
            continue
        found += read.found
        left_out += left_out_lines(origin, read.left_out)
    if problems:
        raise ProblemsFound(problems, consequence="nothing was imported")
    return found, left_out


def _plan(found: list[Found], *, config: Config, defaults: Defaults, values: Values) -> list[Planned]:
    """A draft for each incident found: a fresh id, a free file name, a text that checks."""
    first = int(re.sub(r"\D", "", next_id(config)[len(config.id_prefix) :]) or 1)
    planned: list[Planned] = []
    taken: set[Path] = set()
    for offset, incident in enumerate(found):
        incident_id = f"{config.id_prefix}{first + offset:03d}"
        parts, draft, written = _checked(incident, incident_id=incident_id, config=config, defaults=defaults,
                                         values=values)  # fmt: skip
        path = _free(_file_name(config, draft, incident), taken)
        taken.add(path)
        lines = placement_lines(parts, draft=draft)
        planned.append(Planned(origin=incident.origin, path=path, incident_id=incident_id, text=written.text,
                               placements=tuple(lines)))  # fmt: skip
    return planned


def _checked(incident: Found, *, incident_id: str, config: Config, defaults: Defaults,
             values: Values) -> tuple[list[Part], Draft, Written]:  # fmt: skip
    """The draft of an incident, its values that do not check moved to the notes until it checks as valid."""
    parts = list(incident.parts)
    for _ in range(MAX_ROUNDS):
        draft = assemble(parts, defaults=defaults, values=values)
        written = _written(draft, incident_id=incident_id, origin=incident.origin, config=config)
        errors = _errors(written, config=config)
        if not errors:
            return parts, draft, written
        culprits = {index for error in errors for index in _culprits(error, written, draft)}
        if not culprits:
            break
        parts = [part.as_note() if index in culprits else part for index, part in enumerate(parts)]
    raise PmError(f"{incident.origin}: the draft does not check ({_errors(written, config=config)[0]}); nothing "
                  "was written")  # fmt: skip


def _written(draft: Draft, *, incident_id: str, origin: str, config: Config) -> Written:
    """The draft's text, Markdown as literal blocks unless they would not read back the same."""
    written = draft_text(draft, incident_id=incident_id, origin=origin, config=config)
    data = load("draft", written.text.encode("utf-8")).data
    expected = {"id": incident_id, IMPORTED: origin, **dict.fromkeys(draft.missing), **draft.data}
    if data != expected:
        written = draft_text(draft, incident_id=incident_id, origin=origin, config=config, blocks=False)
    return written


def _errors(written: Written, *, config: Config) -> list[Problem]:
    """The errors pm check finds in a draft's text."""
    document = load("the draft", written.text.encode("utf-8"))
    return [p for p in validate_incident(document, config=config)[1] if p.level is Level.ERROR]


def _culprits(error: Problem, written: Written, draft: Draft) -> tuple[int, ...]:
    """The parts behind the value an error points at (the nearest value written at or above its line)."""
    lines = [line for line in written.lines if line <= error.line]
    if not lines:
        return ()
    loc = written.lines[max(lines)]
    for size in range(len(loc), 0, -1):
        if loc[:size] in draft.origins:
            return draft.origins[loc[:size]]
    return ()


def _file_name(config: Config, draft: Draft, incident: Found) -> Path:
    """``incidents/<date>-<slug>.yaml``; ``undated`` and the source's name stand in for what is missing."""
    day = str(draft.data.get("date") or "undated")
    title = str(draft.data.get("title") or Path(incident.origin.split(",")[0]).stem)
    return config.path("incidents") / f"{day}-{slugify(title)}.yaml"


def _free(path: Path, taken: set[Path]) -> Path:
    """*path*, or the same name with a number when another draft of this import takes it."""
    number, candidate = 2, path
    while candidate in taken:
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
