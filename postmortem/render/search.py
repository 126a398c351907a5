"""Render stage: the site's full-text search index, built by Pagefind from the incident pages, as files in memory."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from postmortem.errors import PmError
from postmortem.model.names import SEARCH_BUNDLE

BUNDLE = SEARCH_BUNDLE
SHARD_SIZE = 100  # Pagefind indexes 100 pages in ~0.25 s, 250 in ~0.65 s: an edit re-indexes one bundle
UNUSED = (
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
)  # the site has its own UI
RUNTIME = (
    "pagefind.js",
    "pagefind-worker.js",
    "wasm.",
)  # the browser runs the first bundle's script and WebAssembly for every bundle merged into it


def shard_count(pages: int) -> int:
    """How many search bundles *pages* incident pages are split into (the browser merges them).

    A power of two, so that bundles hold SHARD_SIZE / 2 to SHARD_SIZE pages on average: every page changes
    bundle when the count changes, and so every bundle is made again, which happens a few times in a
    repository's life (at 100, 200, 400, 800… incidents) rather than with every hundredth new incident.
    """
    count = 1
    while pages > count * SHARD_SIZE:
        count *= 2
    return count


def shard_of(incident_id: str, count: int) -> int:
    """The bundle an incident's page belongs to: stable while the number of bundles stays the same."""
    return int(hashlib.blake2b(incident_id.encode(), digest_size=4).hexdigest(), 16) % count


def bundle_path(shard: int) -> str:
    """Where a bundle lives in the site: the first one at ``pagefind/``, the others in ``pagefind/shard-N/``."""
    return BUNDLE if shard == 0 else f"{BUNDLE}/shard-{shard}"


def in_bundle(path: str, shard: int) -> bool:
    """True when the site file *path* belongs to bundle *shard*."""
    prefix = bundle_path(shard) + "/"
    return path.startswith(prefix) and (shard != 0 or not path.startswith(f"{BUNDLE}/shard-"))


def _executable() -> Path | None:
    """Pagefind's binary, shipped by the ``pagefind-bin`` package; None when it is not installed."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        return None
    try:
        return Path(get_executable())
    except (FileNotFoundError, OSError):
        return None


def _own_settings() -> dict[str, str]:
    """The environment Pagefind runs in: this process's, without the variables that would set Pagefind's options.

    Pagefind also reads a ``pagefind.yml`` (``.yaml``, ``.toml``, ``.json``) in the folder it runs in, so it runs in
    an empty folder of pm's own: a file of the repository cannot make it log over a file (``logfile``), write the
    index elsewhere (``output_path``) or index something else.
    """
    return {name: value for name, value in os.environ.items() if not name.upper().startswith("PAGEFIND_")}


def search_index(pages: Mapping[str, bytes], *, language: str, bundle: str = BUNDLE) -> dict[str, bytes]:
    """Index *pages* (path → HTML) and return the files of the search bundle, by path under the site."""
    with Indexer() as indexer:
        return indexer.index(pages, language=language, bundle=bundle)


class Indexer:
    """Pagefind in its service mode, making search bundles one after another, in memory.

    It takes the pages and gives back each bundle's files through its pipes: no page nor bundle file is written to a
    folder and read back (creating a file is most of what writing one costs). One process makes all the bundles a
    thread is given. The pages go in the order of their paths, which gives each its number in the index: Pagefind's
    command line took them in the order the file system listed its folder, so the same pages made another index
    elsewhere. It runs in an empty folder of pm's own, without the ``PAGEFIND_*`` variables (see :func:`_own_settings`).
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._errors: list[bytes] = []  # what the service wrote to its error output, read by a thread of its own
        self._drain: threading.Thread | None = None
        self._number = 0  # of the last message sent

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def index(self, pages: Mapping[str, bytes], *, language: str, bundle: str = BUNDLE) -> dict[str, bytes]:
        """Index *pages* (path → HTML) and return the files of the search bundle, by path under the site."""
        paths = sorted(pages)
        made = self._ask([{"type": "NewIndex", "config": {"force_language": language}}])[0]
        if made.get("type") != "NewIndex" or not isinstance(made.get("index_id"), int):
            raise self._failed(made)
        number = made["index_id"]
        requests: list[dict[str, Any]] = [{"type": "AddFile", "index_id": number, "file_path": None, "url": f"/{path}",
                                           "file_contents": pages[path].decode("utf-8")} for path in paths]  # fmt: skip
        requests += [{"type": "GetFiles", "index_id": number}, {"type": "DeleteIndex", "index_id": number}]
        answers = self._ask(requests)
        for answer in answers:
            if answer.get("type") not in ("IndexedFile", "GetFiles", "DeleteIndex"):
                raise self._failed(answer)
        indexed = sum(answer.get("type") == "IndexedFile" for answer in answers)
        given = answers[-2].get("files")
        if indexed != len(paths) or not isinstance(given, list):
            raise self._failed({"message": f"it indexed {indexed} of {len(paths)} pages and gave no bundle"})
        return _bundle(given, bundle=bundle)

    def close(self) -> None:
        """End the service (it has answered, or will not) and remove its folder."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
            if self._drain is not None:
                self._drain.join()
            for stream in (process.stdin, process.stdout, process.stderr):
                _close(stream)
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None

    def _started(self) -> subprocess.Popen[bytes]:
        """The service, started on first use."""
        if self._process is None:
            binary = _executable()
            if binary is None:
                raise PmError("search index: Pagefind is not installed (pip install 'pagefind[bin]')")
            self._folder = tempfile.TemporaryDirectory(prefix="pm-search-")
            self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=self._folder.name,
                                             env=_own_settings())  # fmt: skip
            self._drain = threading.Thread(target=_drain, args=(self._process.stderr, self._errors), daemon=True)
            self._drain.start()
        return self._process

    def _ask(self, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The service's answers to *requests*, in order.

        A request or an answer is base64 of JSON, each followed by a comma. The requests are written from a thread
        while the answers are read here, so that neither side waits for the other to read; the service answers its
        requests in turn, so none comes after the last one's, and one it could not read has no answer (an empty one
        here). The service ends as soon as its input closes: it stays open until the service is closed.
        """
        process = self._started()
        first = self._number + 1
        self._number += len(requests)
        messages = [base64.b64encode(json.dumps({"message_id": number, "payload": payload},
                                                ensure_ascii=False).encode("utf-8")) + b","
                    for number, payload in enumerate(requests, first)]  # fmt: skip
        writer = threading.Thread(target=_send, args=(process.stdin, messages), daemon=True)
        writer.start()
        answers = None
        try:
            answers = _answers(process.stdout, first=first, last=self._number)
        finally:
            if answers is None:  # it ended: what it said is complete once it is gone
                self.close()
            writer.join()
        if answers is None:
            said = b"".join(self._errors).decode("utf-8", "replace").strip()
            raise self._failed({"message": said or f"it stopped (exit status {process.returncode})"})
        return answers

    def _failed(self, answer: dict[str, Any]) -> PmError:
        """The error for an answer that is not the one asked for."""
        said = str(answer.get("message") or answer or "no answer")
        return PmError(f"search index: Pagefind failed: {said[-500:]}")


def _bundle(given: list[Any], *, bundle: str) -> dict[str, bytes]:
    """The files of a bundle Pagefind gave, by path under the site, without those the site does not use."""
    unused = UNUSED if bundle == BUNDLE else UNUSED + RUNTIME
    files = {}
    for file in given:
        name = str(file["path"])
        if not _plain(name):
            raise PmError(f"search index: Pagefind gave a file named {name!r}, not a path in its bundle")
        if not name.rpartition("/")[2].startswith(unused):
            files[f"{bundle}/{name}"] = base64.b64decode(file["content"], validate=True)
    return dict(sorted(files.items()))


def _plain(name: str) -> bool:
    """Whether *name* is a relative path of plain parts: no root, no ``..``, nothing empty, no backslash."""
    return all(part not in ("", ".", "..") and "\\" not in part for part in name.split("/"))


def _close(stream: IO[bytes] | None) -> None:
    """Close one of the service's pipes (its input may hold bytes a service that ended early did not read)."""
    try:
        if stream is not None:
            stream.close()
    except OSError:
        pass


def _drain(stream: IO[bytes] | None, into: list[bytes]) -> None:
    """Read *stream* to its end into *into* (the service's error output, which would fill its pipe unread)."""
    if stream is not None:
        into.append(stream.read())


def _send(stream: IO[bytes] | None, messages: list[bytes]) -> None:
    """Write *messages* to *stream*, leaving it open."""
    if stream is None:
        return
    try:
        for message in messages:
            stream.write(message)
        stream.flush()
    except OSError:  # the service ended early: reading its answers says so
        pass


def _answers(stream: IO[bytes] | None, *, first: int, last: int) -> list[dict[str, Any]] | None:
    """The answers to messages *first* to *last*, read from *stream* up to the last one's; None when it ends before."""
    answers: dict[int, dict[str, Any]] = {}
    pending: list[bytes] = []
    while last not in answers and stream is not None:
        chunk = stream.read1(1 << 20)  # type: ignore[attr-defined]
        if not chunk:
            return None
        *whole, rest = chunk.split(b",")
        for part in whole:
            pending.append(part)
            answer = json.loads(base64.b64decode(b"".join(pending)))
            pending = []
            answers[int(answer.get("message_id") or 0)] = answer.get("payload") or {}
        pending.append(rest)
    if last not in answers:
        return None
    return [answers.get(number, {}) for number in range(first, last + 1)]
