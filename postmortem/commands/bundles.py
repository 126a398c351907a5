"""Render command: the site's search bundles, made again in the background when their incident pages change."""

from __future__ import annotations

import collections
import concurrent.futures
import os
import threading
from collections.abc import Callable, Mapping, Sequence

from postmortem import __version__
from postmortem.commands.inputs import digest
from postmortem.commands.stamps import Ledger, inputs_of
from postmortem.model import names
from postmortem.render.search import BUNDLE, Indexer, bundle_path, in_bundle, shard_count, shard_of
from postmortem.write.manifest import Output, content_of

_Job = tuple[str, str, dict[str, bytes]]  # the bundle's path, its fingerprint, the HTML of its pages
_Made = tuple[int, str, dict[str, bytes]]  # the bundle's place among the jobs, its fingerprint, its files


def start_search(files: Ledger, *, ids: Sequence[str], language: str,
                 searched: Mapping[str, str]) -> Callable[[bool], None]:  # fmt: skip
    """Start indexing, in the background, the search bundles whose incident pages changed; return the wait.

    *ids*: those of the build's incidents. *searched*: what the search entry of an incident page is made of, by
    its path, when that is known without reading the page (see ``ReportInputs.searched``); the bytes of the other
    pages stand for theirs. One thread a core takes the bundles to make one after another, each with one Pagefind
    process for all of its bundles.

    ``wait(True)`` adds the bundles' files to the build; ``wait(False)``, when the build failed, lets go of them.
    """
    count = shard_count(len(ids))
    shards = _shards(files, ids=ids, count=count)
    jobs = _bundles_to_make(files, shards=shards, language=language, searched=searched)
    queue = collections.deque(enumerate(jobs))
    stop = threading.Event()
    workers = min(os.cpu_count() or 1, len(jobs))
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(workers, 1))
    futures = [pool.submit(_make_bundles, queue, language=language, stop=stop) for _ in range(workers)]

    def wait(keep: bool) -> None:
        try:
            made = sorted(made for future in futures if keep for made in future.result())
            for _, fingerprint, bundle in made:  # in the order of the bundles, whichever thread made them
                for path, data in bundle.items():
                    files.add(path, fingerprint, data)
        finally:
            stop.set()
            pool.shutdown(cancel_futures=True)

    return wait


def _make_bundles(queue: collections.deque[tuple[int, _Job]], *, language: str, stop: threading.Event) -> list[_Made]:
    """Make bundles taken from *queue* until it is empty or the build stops; return them."""
    made: list[_Made] = []
    with Indexer() as indexer:  # started with the first bundle
        while not stop.is_set():
            try:
                number, (path, fingerprint, html) = queue.popleft()
            except IndexError:
                break
            made.append((number, fingerprint, indexer.index(html, language=language, bundle=path)))
    return made


def _shards(files: Ledger, *, ids: Sequence[str], count: int) -> list[list[Output]]:
    """The incident pages of this build, by the bundle that indexes them."""
    shards: list[list[Output]] = [[] for _ in range(count)]
    reports = {names.report(id_, "html"): id_ for id_ in ids}
    for output in sorted((o for o in files.outputs if o.path in reports), key=lambda o: o.path):
        shards[shard_of(reports[output.path], count)].append(output)
    return shards


def _bundles_to_make(files: Ledger, *, shards: list[list[Output]], language: str,
                     searched: Mapping[str, str]) -> list[_Job]:  # fmt: skip
    """Keep the bundles whose pages' search entries are the same; return those to make again."""
    jobs = []
    previous: dict[str, list[str]] = {}  # the last build's bundle files by fingerprint: a bundle's files share one
    for path, value in files.previous.items():
        if path.startswith(f"{BUNDLE}/"):  # not the reports and pages, most of the files
            previous.setdefault(inputs_of(value), []).append(path)
    for shard, pages in enumerate(shards):  # a bundle is made again only when the entry of one of its pages changes
        if not pages:  # no incident page to index (a repository without incidents): no bundle, the page says so
            continue
        entries = (_entry(o, searched=searched) for o in pages)
        fingerprint = digest(__version__, language, str(len(shards)), *entries)
        kept = [path for path in previous.get(fingerprint, ()) if in_bundle(path, shard)]
        if kept and all(files.held.holds(path) for path in kept):
            files.outputs += [Output(path=path, fingerprint=files.previous[path]) for path in kept]
        else:
            html = {o.path: o.data if o.data is not None else (files.out / o.path).read_bytes() for o in pages}
            jobs.append((bundle_path(shard), fingerprint, html))
    return jobs


def _entry(page: Output, *, searched: Mapping[str, str]) -> str:
    """What the search entry of an incident page is made of, as a bundle's fingerprint counts it."""
    found = searched.get(page.path)
    return f"{page.path}~{found}" if found is not None else f"{page.path}={content_of(page.fingerprint)}"
