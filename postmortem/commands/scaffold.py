"""Init and new command cores: a new incident repository, and a new incident file from a template."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from unidecode import unidecode

from postmortem.commands.schema import MODELINE, modeline, schema_text
from postmortem.commands.workflow import ci_files
from postmortem.config.files import CONFIG_FILE, find_config, load_config, settings
from postmortem.config.model import Config
from postmortem.config.paths import git_top
from postmortem.corpus.files import discover
from postmortem.corpus.repository import read_document
from postmortem.errors import Level, PmError, WrongValue, did_you_mean, display_path
from postmortem.load.yaml import load
from postmortem.model.zones import zone
from postmortem.render.templating import render_template
from postmortem.validate.incident import validate_incident
from postmortem.write.authored import create_files

SLUG_LENGTH = 60
TITLE_LENGTH = 200  # as the incident model allows
INIT_FILES = {
    CONFIG_FILE: "init/pm.toml.j2",
    "risks.yaml": "init/risks.yaml.j2",
    ".gitignore": "init/gitignore.j2",
    "incidents/2024-05-14-checkout-database-connections-exhausted.yaml": "init/incident.yaml.j2",
}


def slugify(title: str) -> str:
    """An ASCII file-name slug for a title in any language: ``Caisse téléportée`` gives ``caisse-teleportee``."""
    slug = re.sub(r"[^a-z0-9]+", "-", unidecode(title).lower()).strip("-")
    return slug[:SLUG_LENGTH].rstrip("-") or "incident"


def init_repository(
    folder: Path, *, language: str, timezone: str, ci: str | None = None, install: str | None = None
) -> list[Path]:
    """Create a new incident repository in *folder*, or only add a CI workflow (*ci*) to an existing one.

    The workflow goes to the top of the git repository holding *folder*; *install* is what it installs.
    """
    try:
        zone(timezone)
    except ValueError as exc:
        raise WrongValue(str(exc), parameter="--timezone") from None
    found = find_config(folder.resolve())
    existing = found[0] if found is not None and found[0].parent == folder.resolve() else None
    if existing and ci is None:
        raise PmError(f"{existing.name} already configures pm: this folder is already an incident repository")
    root = git_top(folder) if ci else folder
    if existing and ci is not None:
        return create_files(ci_files(load_config(folder.resolve()), folder, ci, install=install), root=root)
    config = settings(folder, language=language, timezone=timezone)  # as pm.toml will say: the schema follows it
    context = {"language": language, "timezone": timezone, "config": config}
    files = {folder / name: render_template(config, template, context) for name, template in INIT_FILES.items()}
    files |= ci_files(config, folder, ci, install=install) if ci else {}
    files = {path: _with_modeline(config, path, text) if path.suffix == ".yaml" and path.parent.name == "incidents"
             else text for path, text in files.items()}  # fmt: skip
    files[config.path("schema_file")] = schema_text(config)
    written = create_files(files, root=root)
    (folder / config.templates).mkdir(parents=True, exist_ok=True)
    return written


def _with_modeline(config: Config, path: Path, text: str) -> str:
    """*text* with the line that points YAML-language-server editors at the schema, unless it has one."""
    return text if text.startswith(MODELINE) else f"{modeline(config, incident=path)}\n{text}"


def next_id(config: Config) -> str:
    """The next free ``<prefix><number>`` id, one above the highest number in use."""
    pattern = re.compile(rf"^{re.escape(config.id_prefix)}(\d+)$")
    numbers = [0]
    for path in discover(config.path("incidents"), root=config.root):
        data = read_document(path, root=config.root).data
        match = pattern.match(str(data.get("id", ""))) if isinstance(data, dict) else None
        if match:
            numbers.append(int(match[1]))
    return f"{config.id_prefix}{max(numbers) + 1:03d}"


def new_incident(
    config: Config, *, title: str, severity: str | None, now: dt.datetime, day: dt.date | None = None
) -> list[Path]:
    """Write ``incidents/<date>-<slug>.yaml`` (and the schema when missing); never overwrite an existing file.

    The incident happened on *day* (today by default); the post-mortem is opened *now*. The template's ``time``
    is the clock time only when the incident is today's: no clock time of today is put on another day.
    """
    title = _one_line(title)
    if severity is not None and severity not in config.levels:
        hint = did_you_mean(severity, config.levels)
        raise WrongValue(f"unknown severity {severity!r}{hint}; levels: {', '.join(config.levels)}",
                         parameter="--severity")  # fmt: skip
    day = day or now.date()
    path = config.path("incidents") / f"{day.isoformat()}-{slugify(title)}.yaml"
    incident_id = next_id(config)
    context = {"id": incident_id, "title": title, "severity": severity, "date": day.isoformat(),
               "time": now.strftime("%H:%M") if day == now.date() else "",
               "opened": now.strftime("%Y-%m-%d %H:%M"), "config": config}  # fmt: skip
    text = _with_modeline(config, path, render_template(config, "new.yaml.j2", context))
    _holds(text, path=path, config=config, expected={"id": incident_id, "title": title})
    return write_incidents(config, {path: text}, hint="give the new incident another title")


def write_incidents(config: Config, files: dict[Path, str], *, hint: str) -> list[Path]:
    """Create new incident files (and the schema when missing), all or none; never over an existing file.

    Each file gets the line that points editors at the schema. *hint* says how to avoid a file that exists.
    """
    for path in files:
        if path.exists() or path.is_symlink():
            raise PmError(f"{display_path(path)} already exists: edit it, or {hint}; nothing was written")
    made = {path: _with_modeline(config, path, text) for path, text in files.items()}
    if not config.path("schema_file").exists() and not config.path("schema_file").is_symlink():
        made[config.path("schema_file")] = schema_text(config)
    return create_files(made, root=config.root)


def _one_line(title: str) -> str:
    """The title as given, without surrounding spaces: one line of text, or a clear refusal."""
    title = title.strip()
    if not title:
        raise WrongValue("the title must not be empty", parameter="title")
    odd = next((c for c in title if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")), None)
    if odd is not None:
        what = "bytes that are not UTF-8" if unicodedata.category(odd) == "Cs" else f"{odd!r}"
        raise WrongValue(f"the title must be one line of text: it holds {what}", parameter="title")
    if len(title) > TITLE_LENGTH:
        raise WrongValue(f"the title must be at most {TITLE_LENGTH} characters, not {len(title)}", parameter="title")
    return title


def _holds(text: str, *, path: Path, config: Config, expected: dict[str, str]) -> None:
    """Refuse a new file that does not read back as a valid draft with exactly the id and title given.

    Whatever the template (the built-in one or the repository's own) did with the text, no key can slip in.
    """
    document = load(display_path(path), text.encode("utf-8"))
    errors = [p for p in validate_incident(document, config=config)[1] if p.level is Level.ERROR]
    data = document.data if isinstance(document.data, dict) else {}
    wrong = [key for key, value in expected.items() if data.get(key) != value]
    if errors or wrong:
        found = str(errors[0]) if errors else f"{wrong[0]} does not read back as given"
        raise PmError(f"the template new.yaml.j2 does not make a valid incident file ({found}); nothing was written")
