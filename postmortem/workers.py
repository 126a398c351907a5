"""Worker processes: every pool pm starts uses this initializer, so that no worker outlives its parent.

Forked workers inherit both ends of the pool's task pipe, so when the parent is killed (``kill -9``, a CI
job cancelled) they never see the pipe close and would wait forever. A daemon thread in each worker
checks once a second that the parent is still there, and ends the worker when it is not.
"""

from __future__ import annotations

import os
import threading
import time

CHECK_EVERY = 1.0


def _watch(parent: int) -> None:
    """End this worker as soon as its parent is gone (it is then adopted: the parent id changes)."""
    while os.getppid() == parent:
        time.sleep(CHECK_EVERY)
    os._exit(1)


def start_worker() -> None:
    """Pool initializer: watch the parent from a daemon thread."""
    threading.Thread(target=_watch, args=(os.getppid(),), daemon=True, name="pm-parent-watch").start()
