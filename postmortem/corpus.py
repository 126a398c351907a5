"""Corpus stage: every incident of a repository and its risk register, with the rules across files."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from postmortem.cache import FileCache
from postmortem.config import Config
from postmortem.documents import MarkdownDocument, PageMeta, ProcedureMeta, load_documents
from postmortem.errors import Level, PmError, Problem, did_you_mean, display_path
from postmortem.load import MAX_FILE_BYTES, Document, load
from postmortem.model import Incident
from postmortem.risks import Risk, validate_register
from postmortem.validate import validate_incident
from postmortem.workers import collector_paused, start_worker

INCIDENT_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True, kw_only=True)
class Checked:
    """One incident file after loading and validation."""

    path: str
    doc: Document
    incident: Incident | None
    problems: list[Problem] = field(default_factory=list)
    marked: bool = False  # the file mentions 'internal': an audience may need to change the incident

    @property
    def declared_id(self) -> str | None:
        """The id the file gives, even when the file has other errors."""
        data = self.doc.data
        value = data.get("id") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Corpus:
    """The valid incidents of a repository (sorted by date, then id), its risks, and every problem found."""

    config: Config
    incidents: tuple[Incident, ...]
    risks: tuple[Risk, ...]
    problems: tuple[Problem, ...]
    files: tuple[str, ...]
    procedures: tuple[MarkdownDocument, ...] = ()
    pages: tuple[MarkdownDocument, ...] = ()
    marked: frozenset[str] = frozenset()  # ids of incidents whose file mentions 'internal'

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(p.level is Level.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        """How many problems are warnings."""
        return sum(p.level is Level.WARNING for p in self.problems)


def discover(folder: Path) -> list[Path]:
    """Incident files under *folder*, sorted, skipping hidden files and folders."""
    if not folder.is_dir():
        return []
    found = [
        path
        for path in folder.rglob("*")
        if path.suffix in INCIDENT_SUFFIXES and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    ]
    return sorted(found)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line, folders expanded; a missing path is a user mistake."""
    result: list[Path] = []
    for path in paths:
        if path.is_dir():
            result.extend(discover(path))
        elif path.exists() or path.is_symlink():
            result.append(path)
        else:
            raise PmError(f"no such file or folder: {path}")
    return result


def read_bytes(path: Path, *, root: Path) -> bytes | Document:
    """A file's bytes, or a document saying why it was refused (outside the repository, not a file, too large)."""
    shown = display_path(path)
    try:
        real = path.resolve(strict=True)
        if path.is_symlink() and not real.is_relative_to(root.resolve()):
            return _refused(shown, "outside", f"symbolic link to {real}, outside the repository: refusing to read it")
        if not real.is_file():
            return _refused(shown, "not-a-file", "not a regular file")
        with real.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return _refused(shown, "unreadable", f"cannot read file: {exc.strerror or exc}")
    if len(raw) > MAX_FILE_BYTES:
        return _refused(shown, "too-large", f"file is larger than {MAX_FILE_BYTES:,} bytes, the limit for one file")
    return raw


def read_document(path: Path, *, root: Path) -> Document:
    """Read and load one YAML file, refusing files outside the repository and oversized files."""
    raw = read_bytes(path, root=root)
    return raw if isinstance(raw, Document) else load(display_path(path), raw)


def _refused(path: str, rule: str, message: str) -> Document:
    """A document that could not be read at all."""
    return Document(
        path=path, problems=(Problem(path=path, line=1, column=1, level=Level.ERROR, rule=rule, message=message),)
    )


def load_corpus(config: Config, *, extra: Iterable[Path] = ()) -> Corpus:
    """Load, validate and cross-check every incident of the repository (plus *extra* files) and the risk register."""
    register = config.path("risks").absolute()
    paths = sorted({*discover(config.path("incidents")), *(p.absolute() for p in extra)} - {register})
    with collector_paused():
        cache = FileCache(config.root, context=config.model_dump_json())
        checked = _check_files(paths, config, cache)
        cache.save()
    risks, risk_problems = _register(config)
    procedures, procedure_problems = load_documents(config.path("runbooks"), kind=ProcedureMeta, config=config)
    pages, page_problems = load_documents(config.path("pages"), kind=PageMeta, config=config)
    cross = list(_cross_file(checked, {risk.id for risk in risks} if not risk_problems else None))
    problems = [p for item in checked for p in item.problems] + risk_problems + cross
    problems += procedure_problems + page_problems
    incidents = sorted(
        (item.incident for item in checked if item.incident and not _has_error(item.path, cross)),
        key=lambda incident: (incident.date, incident.id),
    )
    return Corpus(
        config=config,
        incidents=tuple(incidents),
        risks=risks,
        problems=tuple(sorted(problems, key=lambda p: p.sort_key)),
        files=tuple(display_path(path) for path in paths),
        procedures=procedures,
        pages=pages,
        marked=frozenset(item.incident.id for item in checked if item.incident and item.marked),
    )


PARALLEL_THRESHOLD = 300


def _check_files(paths: list[Path], config: Config, cache: FileCache) -> list[Checked]:
    """Check every file; files the cache does not know are checked across the cores when there are many."""
    found: dict[Path, Checked | bytes] = {}
    for path in paths:
        raw = read_bytes(path, root=config.root)
        if isinstance(raw, Document):
            found[path] = Checked(path=raw.path, doc=raw, incident=None, problems=list(raw.problems))
            continue
        remembered = cache.get(cache.key(raw) + display_path(path))
        found[path] = remembered if isinstance(remembered, Checked) else raw
    fresh = [(path, raw) for path, raw in found.items() if isinstance(raw, bytes)]
    workers = min(os.cpu_count() or 1, len(fresh) // PARALLEL_THRESHOLD)
    if workers >= 2 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers, initializer=start_worker) as pool:
            results = pool.starmap(_validate, [(display_path(p), raw, config) for p, raw in fresh], chunksize=32)
    else:
        results = [_validate(display_path(p), raw, config) for p, raw in fresh]
    for (path, raw), checked in zip(fresh, results, strict=True):
        found[path] = checked
        cache.put(cache.key(raw) + checked.path, checked)
    return [item for item in found.values() if isinstance(item, Checked)]


def _validate(shown: str, raw: bytes, config: Config) -> Checked:
    """Load and validate one file's bytes (also in a worker process); keep of the document what later rules need."""
    doc = load(shown, raw)
    incident, problems = validate_incident(doc, config=config)
    marked = b"internal" in raw.lower()
    return Checked(path=doc.path, doc=_slim(doc), incident=incident, problems=problems, marked=marked)


CROSS_FILE_FIELDS = ("id", "related", "risks")


def _slim(doc: Document) -> Document:
    """What the rules across files need of a document: its id, and where its id and references stand."""
    data = {k: v for k, v in doc.data.items() if k in CROSS_FILE_FIELDS} if isinstance(doc.data, dict) else None
    keep = {loc: where for loc, where in doc.values.items() if loc and loc[0] in CROSS_FILE_FIELDS}
    keys = {loc: where for loc, where in doc.keys.items() if loc and loc[0] in CROSS_FILE_FIELDS}
    return Document(path=doc.path, data=data, values=keep, keys=keys, problems=doc.problems)


def _register(config: Config) -> tuple[tuple[Risk, ...], list[Problem]]:
    """The risk register, or nothing when the repository has none."""
    path = config.path("risks")
    if not path.exists():
        return (), []
    doc = read_document(path, root=config.root)
    return validate_register(doc, config=config)


def _has_error(path: str, problems: list[Problem]) -> bool:
    """True when *problems* hold an error for *path*."""
    return any(p.path == path and p.level is Level.ERROR for p in problems)


def _cross_file(checked: list[Checked], risk_ids: set[str] | None) -> Iterator[Problem]:
    """Duplicate ids, and related incidents or risks that do not exist."""
    first: dict[str, Checked] = {}
    for item in checked:
        declared = item.declared_id
        if declared is None:
            continue
        if declared in first:
            other = first[declared]
            line = other.doc.where(("id",))[0]
            yield item.doc.problem(
                ("id",), "duplicate-id", f"duplicate id {declared!r}: also used in {other.path}:{line}"
            )
        else:
            first[declared] = item
    for item in checked:
        if item.incident is None:
            continue
        yield from _references(item, "related", set(first), "related incident")
        if risk_ids is not None:
            yield from _references(item, "risks", risk_ids, "risk")


def _references(item: Checked, name: Literal["related", "risks"], known: set[str], what: str) -> Iterator[Problem]:
    """Each id listed under *name* must exist (and an incident is not related to itself)."""
    assert item.incident is not None
    rule = "unknown-related" if name == "related" else "unknown-risk"
    for index, value in enumerate(getattr(item.incident, name)):
        if name == "related" and value == item.incident.id:
            yield item.doc.problem((name, index), rule, "an incident cannot be related to itself")
        elif value not in known:
            hint = did_you_mean(value, known, cutoff=0.85)
            yield item.doc.problem((name, index), rule, f"{what} {value!r} does not exist{hint}")
