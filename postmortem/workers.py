"""Processes: pool workers that end with their parent, and the garbage collector paused during heavy stages.

Forked workers inherit both ends of the pool's task pipe, so when the parent is killed (``kill -9``, a CI
job cancelled) they never see the pipe close and would wait forever. A daemon thread in each worker
checks once a second that the parent is still there, and ends the worker when it is not.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
_PENDING: tuple[Callable[..., Any], tuple[Any, ...]] | None = None  # what a forked helper runs, inherited by fork

CHECK_EVERY = 1.0
_FORKED_FROM = 0  # the process that forked this one, noted in it just before the fork


def _note_parent() -> None:
    """Before a fork, in the parent: note who the child's parent is (it may die before the child looks)."""
    global _FORKED_FROM
    _FORKED_FROM = os.getpid()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_note_parent)


def _watch(parent: int) -> None:
    """End this worker as soon as its parent is gone (it is then adopted: the parent id changes)."""
    while os.getppid() == parent:
        time.sleep(CHECK_EVERY)
    os._exit(1)


def start_worker(collect: bool = True) -> None:
    """Pool initializer: watch the parent; turn the garbage collector back on (the parent may have paused it).

    What the worker inherited is frozen first: the collector then only scans what the worker itself creates,
    not the parent's whole corpus again and again (which also copied the pages it touched).
    """
    if collect:
        gc.freeze()
        gc.enable()
    parent = _FORKED_FROM or os.getppid()  # not os.getppid() alone: a parent killed already has been replaced
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="pm-parent-watch").start()


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


def _run_pending() -> Any:
    """In the forked helper: run the call it inherited."""
    assert _PENDING is not None
    func, args = _PENDING
    return func(*args)


def in_forked_process(func: Callable[..., T], *args: Any) -> Callable[[], T]:
    """Start ``func(*args)`` in a forked process (arguments are inherited, not copied) and return its wait.

    Without fork (Windows, macOS' default), the call runs in this process when its result is asked for.
    """
    global _PENDING
    if "fork" not in multiprocessing.get_all_start_methods():
        return lambda: func(*args)
    _PENDING = (func, args)
    try:
        pool = multiprocessing.get_context("fork").Pool(1, initializer=start_worker, initargs=(False,))
    finally:
        _PENDING = None
    result = pool.apply_async(_run_pending)

    def wait() -> T:
        try:
            return result.get()  # type: ignore[no-any-return]
        finally:
            pool.terminate()
            pool.join()

    return wait
