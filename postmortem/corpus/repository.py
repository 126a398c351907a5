"""Corpus stage: every incident of a repository and its risk register, with the rules across files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from postmortem.config.model import Config
from postmortem.corpus.across import cross_file, name_clashes, unknown_lessons
from postmortem.corpus.checking import check_files, incident_models, read_bytes
from postmortem.corpus.files import cache_context, discover
from postmortem.errors import Level, Problem, WrongValue, display_path, display_paths, tally
from postmortem.load.cache import DIGEST_CHARS, FileCache
from postmortem.load.trusted import FileStats
from postmortem.load.yaml import Document, load
from postmortem.model.head import Head, Incidents
from postmortem.model.incident import Incident
from postmortem.model.state import codec
from postmortem.read import outside, refused
from postmortem.validate.documents import MarkdownDocument, PageMeta, ProcedureMeta, load_documents
from postmortem.validate.risks import Risk, validate_register
from postmortem.workers import collector_paused


@dataclass(frozen=True, slots=True, kw_only=True)
class Corpus:
    """The valid incidents of a repository (sorted by date, then id), its risks, and every problem found.

    Each incident's model is made when it is first used (see :class:`Incidents`): a build after an edit reads the
    heads of most, the models of few.
    """

    config: Config
    incidents: Incidents
    risks: tuple[Risk, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    procedures: tuple[MarkdownDocument, ...] = ()
    pages: tuple[MarkdownDocument, ...] = ()
    marked: frozenset[str] = frozenset()  # ids of incidents that mark something internal
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)  # id -> key of its file's content
    paths: Mapping[str, str] = field(default_factory=dict, compare=False)  # id -> its file, as shown

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return tally(self.problems, Level.ERROR)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return tally(self.problems, Level.WARNING)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line, folders expanded; a missing path is a user mistake."""
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            result.extend(discover(path))
        elif path.exists() or path.is_symlink():
            result.append(path)
        else:
            raise WrongValue(f"no such file or folder: {display_path(path)}", parameter="paths")
    return result


def read_document(path: Path, *, root: Path) -> Document:
    """Read and load one YAML file, refusing files outside the repository and oversized files."""
    raw = read_bytes(path, root=root)
    return raw if isinstance(raw, Document) else load(display_path(path), raw)


def folder_problems(config: Config, *names: Literal["incidents", "runbooks", "pages"]) -> list[Problem]:
    """A configured folder that is a symbolic link out of the repository is not walked, and said so."""
    problems = []
    for name in names:
        target = outside(config.path(name), root=config.root)
        if target is not None:
            message = f"symbolic link to {display_path(target)}, outside the repository: refusing to read it"
            problems.append(refused(display_path(config.path(name)), "outside", message))
    return problems


def load_corpus(
    config: Config,
    *,
    extra: Iterable[Path] = (),
    models: bool = True,
    found: Sequence[Path] | None = None,
    seen: FileStats | None = None,
) -> Corpus:
    """Load, validate and cross-check every incident of the repository (plus *extra* files) and the risk register.

    Without *models*, only problems are wanted (``pm check``): the incident models are not read back. *found*: the
    incident files, when the caller found them already (a build fingerprints them first: it then loads those), and
    *seen* the stamps it found them with: a file found as it was is not looked at again.
    """
    register = config.path("risks").absolute()
    files = discover(config.path("incidents"), root=config.root) if found is None else found
    named = str(register)
    paths = [path for path in files if str(path) != named]  # found sorted, once each; their text is made once
    if extra:
        paths = sorted({*paths, *(p.absolute() for p in extra)} - {register}, key=lambda path: path.parts)
    with collector_paused():  # the models too: thousands of objects, no garbage
        cache = FileCache(
            config.root, context=cache_context(config), shape=codec(Incident).shape, heads=codec(Head).shape, files=seen
        )
        shown = list(zip(paths, display_paths(paths), strict=True))
        checked, saved = check_files(shown, config=config, cache=cache)
        cache.save()
        risks, risk_problems = _register(config)
        cross = list(cross_file(checked, {risk.id for risk in risks} if not risk_problems else None))
        cross += name_clashes(checked, config) + unknown_lessons(checked, config)
        refused = {p.path for p in cross if p.level is Level.ERROR}
        wanted = [item for item in checked if item.valid and item.path not in refused]
        made = incident_models(wanted, shown=shown, config=config, cache=cache, saved=saved) if models else []
        made.sort(key=lambda item: (item[0].date, item[0].id))  # by their heads: no model is made to sort them
    procedures, procedure_problems = load_documents(config.path("runbooks"), kind=ProcedureMeta, config=config)
    pages, page_problems = load_documents(config.path("pages"), kind=PageMeta, config=config)
    problems = [p for item in checked for p in item.problems] + risk_problems + cross
    problems += procedure_problems + page_problems + folder_problems(config, "incidents", "runbooks", "pages")
    return Corpus(
        config=config,
        incidents=Incidents(made),
        risks=risks,
        problems=tuple(sorted(problems, key=lambda p: p.sort_key)),
        files=tuple(name for _, name in shown),
        procedures=procedures,
        pages=pages,
        marked=frozenset(item.declared_id or "" for item in wanted if item.marked),
        sources={item.declared_id or "": item.key[:DIGEST_CHARS] for item in wanted},  # the content, not the name
        paths={item.declared_id or "": item.path for item in wanted},
    )


def _register(config: Config) -> tuple[tuple[Risk, ...], list[Problem]]:
    """The risk register, or nothing when the repository has none."""
    path = config.path("risks")
    if not path.exists():
        return (), []
    doc = read_document(path, root=config.root)
    return validate_register(doc, config=config)
