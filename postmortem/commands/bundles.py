"""Render command: the site's search bundles, made again in the background when their incident pages change."""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Callable, Sequence

from postmortem import __version__
from postmortem.commands.inputs import digest
from postmortem.commands.stamps import Ledger, content_of, inputs_of
from postmortem.model import names
from postmortem.render.search import BUNDLE, bundle_path, in_bundle, search_index, shard_count, shard_of
from postmortem.write.manifest import Output

_Job = tuple[str, str, dict[str, bytes]]  # the bundle's path, its fingerprint, the HTML of its pages


def start_search(files: Ledger, *, ids: Sequence[str], language: str) -> Callable[[bool], None]:
    """Start indexing, in the background, the search bundles whose incident pages changed; return the wait.

    *ids*: those of the build's incidents.

    ``wait(True)`` adds the bundles' files to the build; ``wait(False)``, when the build failed, lets go of them.
    """
    count = shard_count(len(ids))
    jobs = _bundles_to_make(files, shards=_shards(files, ids=ids, count=count), language=language)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
    futures = [(fp, pool.submit(search_index, html, language=language, bundle=path))
               for path, fp, html in jobs]  # fmt: skip

    def wait(keep: bool) -> None:
        try:
            for fingerprint, future in futures if keep else ():
                for path, data in future.result().items():
                    files.add(path, fingerprint, data)
        finally:
            pool.shutdown(cancel_futures=True)

    return wait


def _shards(files: Ledger, *, ids: Sequence[str], count: int) -> list[list[Output]]:
    """The incident pages of this build, by the bundle that indexes them."""
    shards: list[list[Output]] = [[] for _ in range(count)]
    reports = {names.report(id_, "html"): id_ for id_ in ids}
    for output in sorted((o for o in files.outputs if o.path in reports), key=lambda o: o.path):
        shards[shard_of(reports[output.path], count)].append(output)
    return shards


def _bundles_to_make(files: Ledger, *, shards: list[list[Output]], language: str) -> list[_Job]:
    """Keep the bundles whose pages' bytes are the same; return those to make again."""
    jobs = []
    previous: dict[str, list[str]] = {}  # the last build's bundle files by fingerprint: a bundle's files share one
    for path, value in files.previous.items():
        if path.startswith(f"{BUNDLE}/"):  # not the reports and pages, most of the files
            previous.setdefault(inputs_of(value), []).append(path)
    for shard, pages in enumerate(shards):  # a bundle is made again only when the bytes of one of its pages change
        if not pages:  # no incident page to index (a repository without incidents): no bundle, the page says so
            continue
        fingerprint = digest(
            __version__, language, str(len(shards)), *(f"{o.path}={content_of(o.fingerprint)}" for o in pages)
        )
        kept = [path for path in previous.get(fingerprint, ()) if in_bundle(path, shard)]
        if kept and all(files.held.holds(path) for path in kept):
            files.outputs += [Output(path=path, fingerprint=files.previous[path]) for path in kept]
        else:
            html = {o.path: o.data if o.data is not None else (files.out / o.path).read_bytes() for o in pages}
            jobs.append((bundle_path(shard), fingerprint, html))
    return jobs
