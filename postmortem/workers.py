"""Processes: pool workers that end with their parent, and the garbage collector paused during heavy stages.

Forked workers inherit both ends of the pool's task pipe, so when the parent is killed (``kill -9``, a CI
job cancelled) they never see the pipe close and would wait forever. A daemon thread in each worker
checks once a second that the parent is still there, and ends the worker when it is not.
"""

from __future__ import annotations

import contextlib
import gc
import os
import threading
import time
from collections.abc import Iterator

CHECK_EVERY = 1.0


def _watch(parent: int) -> None:
    """End this worker as soon as its parent is gone (it is then adopted: the parent id changes)."""
    while os.getppid() == parent:
        time.sleep(CHECK_EVERY)
    os._exit(1)


def start_worker() -> None:
    """Pool initializer: the garbage collector as usual (the parent may have paused it), and watch the parent."""
    gc.enable()
    threading.Thread(target=_watch, args=(os.getppid(),), daemon=True, name="pm-parent-watch").start()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a corpus is loaded or a build runs; the collector is back afterwards.

    Loading thousands of incidents creates millions of objects and almost no garbage; Python's collector
    would scan them again and again (half the time of loading 5,000 cached incidents). Reference counting
    still frees everything as usual; only the search for reference cycles waits for the end of the stage.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
