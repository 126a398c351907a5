"""Corpus stage: each incident file read and checked once, from the cache when it knows the file, across the cores."""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from postmortem.config.model import Config
from postmortem.corpus.checked import Checked, decode, encode, taught
from postmortem.errors import PmError
from postmortem.load.cache import FileCache, Seals, save_models, shard_of, shard_of_path
from postmortem.load.fences import marks_internal
from postmortem.load.yaml import MAX_FILE_BYTES, Document, load
from postmortem.model.head import Head, head_of
from postmortem.model.incident import Incident
from postmortem.model.state import codec
from postmortem.read import read_file
from postmortem.validate.incident import read_incident, validate_incident
from postmortem.workers import start_worker

PARALLEL_THRESHOLD = 300
CROSS_FILE_FIELDS = ("id", "related", "risks")


def read_bytes(path: Path, *, root: Path) -> bytes | Document:
    """A file's bytes, or a document saying why it was refused (outside the repository, not a file, too large)."""
    raw = read_file(path, root=root, limit=MAX_FILE_BYTES)
    return raw if isinstance(raw, bytes) else Document(path=raw.path, problems=(raw,))


def check_files(shown: Sequence[tuple[Path, str]], *, config: Config, cache: FileCache) -> tuple[list[Checked], bool]:
    """Check every file the cache does not know, shard by shard, across the cores when there are many.

    *shown*: the files, each with its path as shown (:func:`display_paths`), in order.
    Only a file's stamp is looked at here: each other file is read, and looked up by its content, where it is
    checked (in a worker process when there are many), so that reading thousands of files is shared too.
    Also tells whether the models of the files checked now could be saved (a read-only cache cannot).
    """
    found = [_known(path, shown=name, cache=cache) for path, name in shown]
    saved = True
    places = {path: number for number, ((path, _), item) in enumerate(zip(shown, found, strict=True)) if item is None}
    fresh = [shown[number] for number in places.values()]
    for batch, notes, written in _check_shards(fresh, config=config, cache=cache):
        saved = saved and written
        for name, before, after, digest in notes:
            cache.files.note(name, before, after, digest)
        for path, item, remembered in batch:
            found[places[path]] = item
            if remembered:
                cache.keep(item.key, cache.get(item.key))
            elif item.key and (stored := encode(item)) is not None:
                cache.put(item.key, stored)
    return [item for item in found if item is not None], saved


def _known(path: Path, *, shown: str, cache: FileCache) -> Checked | None:
    """What the cache remembers of checking the file at *path* when its stamp says it is unchanged; else None."""
    digest = cache.files.found(str(path))  # found as the last load saw it, by this build's fingerprint
    if digest is None:
        try:
            info = os.lstat(path)  # a symbolic link is never known: it is read, and checked, every time
        except OSError:
            return None
        digest = cache.files.digest(str(path), info)
    stored = cache.get(digest + shown) if digest is not None else None
    remembered = decode(stored, path=shown, key=digest + shown) if stored is not None and digest else None
    if remembered is not None:
        cache.keep(remembered.key, stored)
    return remembered


_Note = tuple[str, os.stat_result, os.stat_result, str]  # a file read: its path, its status before and after, hash
_Batch = tuple[list[tuple[Path, Checked, bool]], list[_Note], bool]  # per file, whether the cache had it; saved


def _check_shards(fresh: list[tuple[Path, str]], *, config: Config, cache: FileCache) -> list[_Batch]:
    """Read and check the files of *fresh* (path, as shown), by shard of shown path; in forked workers if many."""
    shards: dict[int, list[tuple[Path, str]]] = {}
    for path, shown in fresh:
        shards.setdefault(shard_of_path(shown), []).append((path, shown))
    largest = sorted(shards.items(), key=lambda item: -len(item[1]))  # so that no worker ends alone on a large one
    tasks = [(shard, files, cache.kept(shard), cache.shards[shard], config, cache.folder, cache.seals)
             for shard, files in largest]  # fmt: skip
    workers = min(os.cpu_count() or 1, len(fresh) // PARALLEL_THRESHOLD)
    if workers >= 2 and "fork" in multiprocessing.get_all_start_methods():
        Incident.model_rebuild()  # built once, here, rather than by each worker on its first file
        import postmortem.load.events  # noqa: F401 - the YAML parser too, once: this process reads the risk register

        with multiprocessing.get_context("fork").Pool(workers, initializer=start_worker, initargs=(False,)) as pool:
            return pool.starmap(_check_shard, tasks, chunksize=1)  # collector paused: loading makes no garbage
    return [_check_shard(*task) for task in tasks]


_Saving = tuple[bytes | None, bytes | None]  # what the cache keeps of a model: its state and its head, when it can


def _checked(
    shown: str, raw: bytes, *, key: str, entries: dict[str, Any], config: Config
) -> tuple[Checked, bool, _Saving | None]:
    """What checking a file found, whether the shard remembered it, and its model's state and head when made now."""
    stored = entries.get(key)
    remembered = decode(stored, path=shown, key=key) if stored is not None else None
    if remembered is not None:
        return remembered, True, None
    checked, incident = _validate(shown, raw, key, config)
    return checked, False, (_state(incident), _head(incident)) if incident is not None else None


def _add(saving: _Saving, *, key: str, states: dict[str, bytes], heads: dict[str, bytes]) -> None:
    """Add a model's state and head to those to save, under *key*."""
    state, head = saving
    if state is not None:
        states[key] = state
    if head is not None:
        heads[key] = head


def _check_shard(
    shard: int,
    files: list[tuple[Path, str]],
    keep: frozenset[str],
    entries: dict[str, Any],
    config: Config,
    folder: Path | None,
    seals: Seals | None,
) -> _Batch:
    """Read and check the files of one cache shard (also in a worker process); save their models' states, sealed.

    A file whose content the shard's *entries* remember is not checked again. The state of a model is what
    validation made (see ``model/state.py``): read back under pm's seal, it is the model again without validating
    the file again.
    """
    results: list[tuple[Path, Checked, bool]] = []
    notes: list[_Note] = []
    states: dict[str, bytes] = {}
    heads: dict[str, bytes] = {}
    kept = set(keep)
    for path, shown in files:
        raw, stats = _read_noted(path, root=config.root)
        if isinstance(raw, Document):
            results.append((path, Checked(path=raw.path, key="", doc=raw, problems=list(raw.problems)), False))
            continue
        digest = FileCache.key(raw)
        key = digest + shown
        if stats is not None:
            notes.append((str(path), *stats, digest))
        checked, known, saving = _checked(shown, raw, key=key, entries=entries, config=config)
        results.append((path, checked, known))
        if known:
            kept.add(key)
        elif saving is not None:
            _add(saving, key=key, states=states, heads=heads)
    if not any(not remembered and item.key for _, item, remembered in results):
        return results, notes, True  # every file was remembered (or refused): the shard's states stay as they are
    return results, notes, save_models(folder, shard, states=states, heads=heads, keep=kept, seals=seals)


def _read_noted(path: Path, *, root: Path) -> tuple[bytes | Document, tuple[os.stat_result, os.stat_result] | None]:
    """A file's bytes (see :func:`read_bytes`), and its status before and after reading, for the cache to note."""
    try:
        before = os.lstat(path)
    except OSError:
        before = None
    raw = read_bytes(path, root=root)
    if isinstance(raw, Document) or before is None:
        return raw, None
    try:
        return raw, (before, os.lstat(path))
    except OSError:
        return raw, None


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


def _head(incident: Incident) -> bytes | None:
    """The head of a model as the cache keeps it; None for one JSON cannot hold (a lone surrogate)."""
    try:
        return codec(Head).dump(head_of(incident))
    except ValueError:
        return None


def _restore_head(state: bytes) -> Head | None:
    """The head a sealed entry holds; None when it is not one."""
    try:
        made = codec(Head).load(state)
    except ValueError:
        return None
    return made if isinstance(made, Head) else None


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


Made = tuple[Head, Callable[[], Incident]]  # an incident's head, and what makes its model when it is first used


def incident_models(
    wanted: list[Checked], *, shown: Sequence[tuple[Path, str]], config: Config, cache: FileCache, saved: bool
) -> list[Made]:
    """The head of each of the *wanted* files, and what makes its model from the cache (else from the file again).

    A head the cache lacks (not saved, damaged) is taken from the model, made now; the shard's heads are then
    written anew, not read in vain at every run. Without a saved cache, every model is made from its file now.
    """
    heads = cache.heads([item.key for item in wanted], decode=_restore_head) if saved else {}
    maker = _Maker(cache=cache, config=config, saved=saved, paths={name: path for path, name in shown},
                   keys={item.key: item.path for item in wanted})  # fmt: skip
    made: list[Made] = []
    repaired: dict[int, dict[str, bytes]] = {}
    for item in wanted:
        head = heads.get(item.key)
        if head is None:
            incident = maker.make(item.path, item.key)
            head = head_of(incident)
            made.append((head, functools.partial(_same, incident)))
            if saved and (state := _head(incident)) is not None:
                repaired.setdefault(shard_of(item.key), {})[item.key] = state
        else:
            made.append((head, functools.partial(maker.make, item.path, item.key)))
    for shard, fresh in repaired.items():
        save_models(cache.folder, shard, states={}, heads=fresh, keep=cache.kept(shard), seals=cache.seals)
    return made


def _same(incident: Incident) -> Incident:
    """*incident* (a model made already)."""
    return incident


@dataclass(frozen=True, slots=True, kw_only=True)
class _Maker:
    """Makes the model of a wanted file from its sealed state, else from the file again (and keeps its state)."""

    cache: FileCache
    config: Config
    saved: bool  # the cache's models were saved: a state it lacks is damaged, and written anew
    paths: dict[str, Path]  # the files by path as shown
    keys: dict[str, str]  # the wanted files, as shown, by key
    repaired: set[int] = field(default_factory=set)  # the shards whose missing states were made again

    def make(self, shown: str, key: str) -> Incident:
        """The model of the file *shown*, whose content has *key*."""
        found = self.cache.model(key, decode=_restore) if self.saved else None
        if found is not None:
            return found
        shard = shard_of(key)
        if self.saved and shard not in self.repaired:
            self.repaired.add(shard)
            self._repair(shard)
        return self.cache.made[key] if key in self.cache.made else self._validated(shown, key)

    def _repair(self, shard: int) -> None:
        """Make again, from their files, the models of *shard* whose states it lacks; save the states, once.

        A damaged shard is written anew, not read in vain at every run.
        """
        states = self.cache.states.get(shard, {})
        missing = [(key, shown) for key, shown in self.keys.items()
                   if shard_of(key) == shard and key not in states and key not in self.cache.made]  # fmt: skip
        fresh: dict[str, bytes] = {}
        for key, shown in missing:
            incident = self.cache.made[key] = self._validated(shown, key)
            if (state := _state(incident)) is not None:
                fresh[key] = state
        if fresh:
            save_models(self.cache.folder, shard, states=fresh, heads={}, keep=self.cache.kept(shard),
                        seals=self.cache.seals)  # fmt: skip

    def _validated(self, shown: str, key: str) -> Incident:
        """The model of the file *shown*, validated from the file again."""
        raw = read_bytes(self.paths[shown], root=self.config.root)
        doc = load(shown, raw) if isinstance(raw, bytes) and self.cache.key(raw) + shown == key else None
        incident = validate_incident(doc, config=self.config)[0] if doc is not None else None
        if doc is None or incident is None:  # pragma: no cover - the file changed since it was checked
            raise PmError(f"{shown} changed while it was read: run pm again")
        return incident


def _slim(doc: Document) -> Document:
    """What the rules across files need of a document: its id, and where its id and references stand."""
    declared = doc.data.get("id") if isinstance(doc.data, dict) else None
    data = {"id": declared} if isinstance(declared, str) else None  # all that is read of it: the id it declares
    keep = {loc: where for loc, where in doc.values.items() if loc and loc[0] in CROSS_FILE_FIELDS}
    keys = {loc: where for loc, where in doc.keys.items() if loc and loc[0] in CROSS_FILE_FIELDS}
    return Document(path=doc.path, data=data, values=keep, keys=keys)  # its problems are the file's, kept apart
