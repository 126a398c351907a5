"""Corpus stage: each incident file read and checked once, from the cache when it knows the file, across the cores."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from pathlib import Path
from typing import Any

from postmortem.config.model import Config
from postmortem.corpus.checked import Checked, decode, encode, taught
from postmortem.errors import PmError, display_path
from postmortem.load.cache import FileCache, save_models, shard_of
from postmortem.load.fences import marks_internal
from postmortem.load.trusted import Seal
from postmortem.load.yaml import MAX_FILE_BYTES, Document, load
from postmortem.model.incident import Incident
from postmortem.model.state import codec
from postmortem.read import read_file
from postmortem.validate.incident import read_incident, validate_incident
from postmortem.workers import start_worker

PARALLEL_THRESHOLD = 300
CROSS_FILE_FIELDS = ("id", "related", "risks")
_Fresh = tuple[str, bytes, str]  # a file to check: its shown path, its bytes, its key


def read_bytes(path: Path, *, root: Path) -> bytes | Document:
    """A file's bytes, or a document saying why it was refused (outside the repository, not a file, too large)."""
    raw = read_file(path, root=root, limit=MAX_FILE_BYTES)
    return raw if isinstance(raw, bytes) else Document(path=raw.path, problems=(raw,))


def check_files(paths: list[Path], *, config: Config, cache: FileCache) -> tuple[list[Checked], bool]:
    """Check every file the cache does not know, shard by shard, across the cores when there are many.

    Also tells whether the models of the files checked now could be saved (a read-only cache cannot).
    """
    found = {path: _known_or_fresh(path, config=config, cache=cache) for path in paths}
    results = _check_shards(list(found.values()), config=config, cache=cache)
    checked = {item.key: item for batch, _ in results for item in batch}
    for item in checked.values():
        stored = encode(item)
        if stored is not None:
            cache.put(item.key, stored)
    every = [checked[item[2]] if isinstance(item, tuple) else item for item in found.values()]
    return every, all(saved for _, saved in results)


def _known_or_fresh(path: Path, *, config: Config, cache: FileCache) -> Checked | _Fresh:
    """What the cache remembers of checking the file at *path*, a refused file, or the file to check."""
    shown = display_path(path)
    digest = _known_digest(path, cache)
    stored = cache.get(digest + shown) if digest is not None else None
    remembered = decode(stored, path=shown, key=digest + shown) if stored is not None and digest else None
    if remembered is not None:
        cache.keep(remembered.key, stored)
        return remembered
    raw = _read_noted(path, config=config, cache=cache)
    if isinstance(raw, Document):
        return Checked(path=raw.path, key="", doc=raw, problems=list(raw.problems))
    key = cache.key(raw) + shown
    stored = cache.get(key)
    remembered = decode(stored, path=shown, key=key) if stored is not None else None
    if remembered is not None:
        cache.keep(key, stored)
    return remembered or (shown, raw, key)


def _check_shards(
    found: list[Checked | _Fresh], *, config: Config, cache: FileCache
) -> list[tuple[list[Checked], bool]]:
    """Check the files to check of *found*, shard by shard, in forked workers when there are many."""
    shards: dict[int, list[_Fresh]] = {}
    for item in found:
        if isinstance(item, tuple):
            shards.setdefault(shard_of(item[2]), []).append(item)
    tasks = [(shard, files, cache.kept(shard), config, cache.folder, cache.seal) for shard, files in shards.items()]
    fresh = sum(len(files) for files in shards.values())
    workers = min(os.cpu_count() or 1, fresh // PARALLEL_THRESHOLD)
    if workers >= 2 and "fork" in multiprocessing.get_all_start_methods():
        Incident.model_rebuild()  # built once, here, rather than by each worker on its first file
        with multiprocessing.get_context("fork").Pool(workers, initializer=start_worker, initargs=(False,)) as pool:
            return pool.starmap(_check_shard, tasks, chunksize=1)  # collector paused: loading makes no garbage
    return [_check_shard(*task) for task in tasks]


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
                      lessons=taught(doc.data), marked=marked)  # fmt: skip
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


def incident_models(
    wanted: list[Checked], *, paths: list[Path], config: Config, cache: FileCache, saved: bool
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


def _slim(doc: Document) -> Document:
    """What the rules across files need of a document: its id, and where its id and references stand."""
    declared = doc.data.get("id") if isinstance(doc.data, dict) else None
    data = {"id": declared} if isinstance(declared, str) else None  # all that is read of it: the id it declares
    keep = {loc: where for loc, where in doc.values.items() if loc and loc[0] in CROSS_FILE_FIELDS}
    keys = {loc: where for loc, where in doc.keys.items() if loc and loc[0] in CROSS_FILE_FIELDS}
    return Document(path=doc.path, data=data, values=keep, keys=keys)  # its problems are the file's, kept apart
