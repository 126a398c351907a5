"""Corpus stage: every incident of a repository and its risk register, with the rules across files."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from postmortem.config import Config
from postmortem.corpus.checked import Checked, decode, encode
from postmortem.errors import Level, NearNames, PmError, Problem, WrongValue, display_path, tally
from postmortem.load.cache import FileCache, file_stats, save_models, shard_of
from postmortem.load.fences import marks_internal
from postmortem.load.trusted import FileStats, Seal
from postmortem.load.yaml import MAX_FILE_BYTES, Document, load
from postmortem.model.incident import Incident
from postmortem.model.names import Source, name_problems
from postmortem.model.state import codec
from postmortem.read import outside, read_file, refused, walk_files
from postmortem.validate.documents import MarkdownDocument, PageMeta, ProcedureMeta, load_documents, markdown_files
from postmortem.validate.incident import read_incident, validate_incident
from postmortem.validate.risks import Risk, validate_register
from postmortem.workers import collector_paused, start_worker

INCIDENT_SUFFIXES = (".yaml", ".yml")


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


def discover(folder: Path, *, root: Path | None = None) -> list[Path]:
    """Incident files under *folder*, sorted, skipping hidden files and folders and never leaving *root*."""
    found = list(walk_files(folder, root=root or folder, suffixes=INCIDENT_SUFFIXES))
    return [Path(path) for path in sorted(found, key=lambda path: path.split(os.sep))]  # noqa: PTH206 - sorted as Paths sort


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


def read_bytes(path: Path, *, root: Path) -> bytes | Document:
    """A file's bytes, or a document saying why it was refused (outside the repository, not a file, too large)."""
    raw = read_file(path, root=root, limit=MAX_FILE_BYTES)
    return raw if isinstance(raw, bytes) else Document(path=raw.path, problems=(raw,))


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


def load_corpus(config: Config, *, extra: Iterable[Path] = (), models: bool = True) -> Corpus:
    """Load, validate and cross-check every incident of the repository (plus *extra* files) and the risk register.

    Without *models*, only problems are wanted (``pm check``): the incident models are not read back.
    """
    register = config.path("risks").absolute()
    paths = sorted({*discover(config.path("incidents"), root=config.root), *(p.absolute() for p in extra)} - {register})
    with collector_paused():  # the models too: thousands of objects, no garbage
        cache = FileCache(config.root, **_cache_settings(config))
        checked, saved = _check_files(paths, config, cache)
        cache.save()
        risks, risk_problems = _register(config)
        cross = list(_cross_file(checked, {risk.id for risk in risks} if not risk_problems else None))
        cross += _name_problems(checked, config)
        refused = {p.path for p in cross if p.level is Level.ERROR}
        wanted = [item for item in checked if item.valid and item.path not in refused]
        incidents = _models(wanted, paths, config, cache, saved=saved) if models else []
    procedures, procedure_problems = load_documents(config.path("runbooks"), kind=ProcedureMeta, config=config)
    pages, page_problems = load_documents(config.path("pages"), kind=PageMeta, config=config)
    problems = [p for item in checked for p in item.problems] + risk_problems + cross
    problems += procedure_problems + page_problems + folder_problems(config, "incidents", "runbooks", "pages")
    return Corpus(
        config=config,
        incidents=tuple(sorted(incidents, key=lambda incident: (incident.date, incident.id))),
        risks=risks,
        problems=tuple(sorted(problems, key=lambda p: p.sort_key)),
        files=tuple(display_path(path) for path in paths),
        procedures=procedures,
        pages=pages,
        marked=frozenset(item.declared_id or "" for item in wanted if item.marked),
        sources={item.declared_id or "": item.key for item in wanted},
        paths={item.declared_id or "": item.path for item in wanted},
    )


def _cache_settings(config: Config) -> dict[str, str]:
    """What the cache of checked files depends on: pm's configuration, and the shape of the models it keeps."""
    return {"context": config.model_dump_json(), "shape": codec(Incident).shape}


def seen_files(config: Config) -> FileStats:
    """The stamps and hashes of the incident files as the last load saw them: unchanged ones need no reading."""
    return file_stats(config.root, **_cache_settings(config))


PARALLEL_THRESHOLD = 300
_Fresh = tuple[str, bytes, str]  # a file to check: its shown path, its bytes, its key


def _check_files(paths: list[Path], config: Config, cache: FileCache) -> tuple[list[Checked], bool]:
    """Check every file the cache does not know, shard by shard, across the cores when there are many.

    Also tells whether the models of the files checked now could be saved (a read-only cache cannot).
    """
    found: dict[Path, Checked | _Fresh] = {}
    for path in paths:
        shown = display_path(path)
        digest = _known_digest(path, cache)
        stored = cache.get(digest + shown) if digest is not None else None
        remembered = decode(stored, path=shown, key=digest + shown) if stored is not None and digest else None
        if remembered is not None:
            cache.keep(remembered.key, stored)
            found[path] = remembered
            continue
        raw = _read_noted(path, config=config, cache=cache)
        if isinstance(raw, Document):
            found[path] = Checked(path=raw.path, key="", doc=raw, problems=list(raw.problems))
            continue
        key = cache.key(raw) + shown
        stored = cache.get(key)
        remembered = decode(stored, path=shown, key=key) if stored is not None else None
        if remembered is not None:
            cache.keep(key, stored)
        found[path] = remembered or (shown, raw, key)
    shards: dict[int, list[_Fresh]] = {}
    for item in found.values():
        if isinstance(item, tuple):
            shards.setdefault(shard_of(item[2]), []).append(item)
    tasks = [(shard, files, cache.kept(shard), config, cache.folder, cache.seal) for shard, files in shards.items()]
    fresh = sum(len(files) for files in shards.values())
    workers = min(os.cpu_count() or 1, fresh // PARALLEL_THRESHOLD)
    if workers >= 2 and "fork" in multiprocessing.get_all_start_methods():
        Incident.model_rebuild()  # built once, here, rather than by each worker on its first file
        with multiprocessing.get_context("fork").Pool(workers, initializer=start_worker, initargs=(False,)) as pool:
            results = pool.starmap(_check_shard, tasks, chunksize=1)  # collector paused: loading makes no garbage
    else:
        results = [_check_shard(*task) for task in tasks]
    checked = {item.key: item for batch, _ in results for item in batch}
    for item in checked.values():
        stored = encode(item)
        if stored is not None:
            cache.put(item.key, stored)
    every = [checked[item[2]] if isinstance(item, tuple) else item for item in found.values()]
    return every, all(saved for _, saved in results)


def _known_digest(path: Path, cache: FileCache) -> str | None:
    """The hash of a file's bytes when the cache saw the file as it is (same size, times, identity); else None."""
    try:
        info = os.lstat(path)  # a symbolic link is never known: it is read, and checked, every time
    except OSError:
        return None
    return cache.files.digest(str(path), info)


def _read_noted(path: Path, *, config: Config, cache: FileCache) -> bytes | Document:
    """A file's bytes (see :func:`read_bytes`); the cache notes how the file looked, to skip it next time."""
    try:
        before = os.lstat(path)
    except OSError:
        before = None
    raw = read_bytes(path, root=config.root)
    if isinstance(raw, bytes) and before is not None:
        with contextlib.suppress(OSError):
            cache.files.note(str(path), before, os.lstat(path), cache.key(raw))
    return raw


def _check_shard(
    shard: int, files: list[_Fresh], keep: frozenset[str], config: Config, folder: Path | None, seal: Seal | None
) -> tuple[list[Checked], bool]:
    """Check the files of one cache shard (also in a worker process) and save their models' states into it, sealed.

    The state of a model is what validation made (see ``model/state.py``): read back under pm's seal, it is the
    model again without validating the file again.
    """
    results: list[Checked] = []
    states: dict[str, bytes] = {}
    for shown, raw, key in files:
        checked, incident = _validate(shown, raw, key, config)
        results.append(checked)
        state = _state(incident) if incident is not None else None
        if state is not None:
            states[key] = state
    return results, save_models(folder, shard, fresh=states, keep=keep, seal=seal)


def _validate(shown: str, raw: bytes, key: str, config: Config) -> tuple[Checked, Incident | None]:
    """Load and validate one file's bytes; keep of the document what later rules need, and the model when valid."""
    doc = load(shown, raw)
    reading = read_incident(doc, config=config)
    marked = reading.incident is not None and marks_internal(reading.incident)
    checked = Checked(path=doc.path, key=key, doc=_slim(doc), problems=reading.problems,
                      valid=reading.incident is not None, related=reading.related, risks=reading.risks,
                      marked=marked)  # fmt: skip
    return checked, reading.incident


def _state(incident: Incident) -> bytes | None:
    """The state of a model as the cache keeps it; None for one JSON would not give back as it is."""
    if not _plain(incident.extensions):  # keys that are not text
        return None
    try:
        return codec(Incident).dump(incident)
    except ValueError:  # text JSON cannot hold (a lone surrogate)
        return None


def _restore(state: bytes) -> Incident | None:
    """The model a sealed state holds; None when it is not one (of another version of pm, say)."""
    try:
        made = codec(Incident).load(state)
    except ValueError:
        return None
    return made if isinstance(made, Incident) else None


def _plain(value: Any) -> bool:
    """True when JSON gives *value* back as it is: text keys only (YAML allows others), nothing but JSON's types."""
    kind = type(value)
    if kind is dict:
        return all(type(key) is str and _plain(item) for key, item in value.items())
    if kind is list:
        return all(_plain(item) for item in value)
    return kind in (str, int, float, bool) or value is None


def _models(
    wanted: list[Checked], paths: list[Path], config: Config, cache: FileCache, *, saved: bool
) -> list[Incident]:
    """The incident models of *wanted* files from the cache; any it lacks (not saved, damaged) are made again."""
    found = cache.models([item.key for item in wanted], decode=_restore) if saved else {}
    missing = [item for item in wanted if item.key not in found]
    by_path = {display_path(path): path for path in paths} if missing else {}
    repaired: dict[int, dict[str, bytes]] = {}
    for item in missing:
        raw = read_bytes(by_path[item.path], root=config.root)
        doc = load(item.path, raw) if isinstance(raw, bytes) and cache.key(raw) + item.path == item.key else None
        incident = validate_incident(doc, config=config)[0] if doc is not None else None
        if doc is None or incident is None:  # pragma: no cover - the file changed since it was checked
            raise PmError(f"{item.path} changed while it was read: run pm again")
        found[item.key] = incident
        state = _state(incident) if saved else None
        if state is not None:
            repaired.setdefault(shard_of(item.key), {})[item.key] = state
    for shard, fresh in repaired.items():  # a damaged shard is written anew, not read in vain at every run
        save_models(cache.folder, shard, fresh=fresh, keep=cache.kept(shard), seal=cache.seal)
    return [found[item.key] for item in wanted]


CROSS_FILE_FIELDS = ("id", "related", "risks")


def _slim(doc: Document) -> Document:
    """What the rules across files need of a document: its id, and where its id and references stand."""
    declared = doc.data.get("id") if isinstance(doc.data, dict) else None
    data = {"id": declared} if isinstance(declared, str) else None  # all that is read of it: the id it declares
    keep = {loc: where for loc, where in doc.values.items() if loc and loc[0] in CROSS_FILE_FIELDS}
    keys = {loc: where for loc, where in doc.keys.items() if loc and loc[0] in CROSS_FILE_FIELDS}
    return Document(path=doc.path, data=data, values=keep, keys=keys)  # its problems are the file's, kept apart


def _register(config: Config) -> tuple[tuple[Risk, ...], list[Problem]]:
    """The risk register, or nothing when the repository has none."""
    path = config.path("risks")
    if not path.exists():
        return (), []
    doc = read_document(path, root=config.root)
    return validate_register(doc, config=config)


def _cross_file(checked: list[Checked], risk_ids: set[str] | None) -> Iterator[Problem]:
    """Duplicate ids, and related incidents or risks that do not exist; linear in the number of files."""
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
    incidents = _Known(first)
    risks = _Known(risk_ids or ())
    for item in checked:  # an incident with errors too: what it names is checked in the same run
        yield from _references(item, "related", incidents, "related incident")
        if risk_ids is not None:
            yield from _references(item, "risks", risks, "risk")


class _Known:
    """The ids a reference may name; close ones are suggested for an unknown one, in work bounded per reference."""

    def __init__(self, ids: Iterable[str]) -> None:
        self.ids = frozenset(ids)
        self._near: NearNames | None = None

    def hint(self, value: str) -> str:
        """A ``did you mean`` hint for an unknown id (the index of ids is made at the first one)."""
        if self._near is None:
            self._near = NearNames(sorted(self.ids), cutoff=0.85)
        return self._near.hint(value)


def _references(item: Checked, name: Literal["related", "risks"], known: _Known, what: str) -> Iterator[Problem]:
    """Each id listed under *name* must exist (and an incident is not related to itself)."""
    rule = "unknown-related" if name == "related" else "unknown-risk"
    for index, value in enumerate(getattr(item, name)):
        if name == "related" and value == item.declared_id:
            yield item.doc.problem((name, index), rule, "an incident cannot be related to itself")
        elif value not in known.ids:
            yield item.doc.problem((name, index), rule, f"{what} {value!r} does not exist{known.hint(value)}")


def _name_problems(checked: list[Checked], config: Config) -> list[Problem]:
    """Incidents, pages and procedures whose output files would overwrite one another or a file pm makes.

    Pages and procedures come first, so that a clash with an incident is reported on the incident.
    """
    pages = [
        Source.page(path.stem, path=display_path(path))
        for path in markdown_files(config.path("pages"), root=config.root)
    ]
    runbooks = markdown_files(config.path("runbooks"), root=config.root)
    sources = pages + [Source.procedure(path.stem, path=display_path(path)) for path in runbooks]
    seen = set()
    for item in checked:
        declared = item.declared_id
        if declared is not None and declared not in seen:  # the same id twice is a duplicate-id already
            seen.add(declared)
            line, column = item.doc.where(("id",))
            sources.append(Source.incident(declared, path=item.path, line=line, column=column))
    return list(name_problems(sources))
