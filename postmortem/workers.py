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
from typing import Any, Generic, TypeVar

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


class Forked(Generic[T]):
    """A call started in a forked process: its result, waited for, or the process ended unheard (``cancel``)."""

    def __init__(self, func: Callable[..., T], args: tuple[Any, ...]) -> None:
        global _PENDING
        self._call: Callable[[], T] | None = None
        self._pool: Any = None
        self._result: Any = None
        if "fork" not in multiprocessing.get_all_start_methods():  # run here when the result is asked for
            self._call = lambda: func(*args)
            return
        _PENDING = (func, args)
        try:
            self._pool = multiprocessing.get_context("fork").Pool(1, initializer=start_worker, initargs=(False,))
        finally:
            _PENDING = None
        self._result = self._pool.apply_async(_run_pending)

    def __call__(self) -> T:
        """Wait for the result (an exception raised there is raised here); the process is gone afterwards."""
        if self._call is not None:
            return self._call()
        try:
            return self._result.get()  # type: ignore[no-any-return]
        finally:
            self.cancel()

    def cancel(self) -> None:
        """End the process, done or not (a build that failed does not wait for what it would not use)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()
            pool.join()


def in_forked_process(func: Callable[..., T], *args: Any) -> Forked[T]:
    """Start ``func(*args)`` in a forked process (arguments are inherited, not copied) and return its wait.

    Without fork (Windows, macOS' default), the call runs in this process when its result is asked for.
    """
    return Forked(func, args)
