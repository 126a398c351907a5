"""Render stage helper: a ceiling on the memory of a process that runs a repository's own templates.

What one operation of a template makes is bounded where Python would make it in one step (``render/bounds.py``),
and what a template writes and how long it runs are bounded too; but a template can make gigabytes in many ways
(a filter that splits a long text into a list of its words, a call that unpacks a long list): rather than each
way found, the process that renders a repository's templates, and the workers it forks, get a ceiling on the
memory they may take, past which an allocation fails and the build stops with a clear error.
"""

from __future__ import annotations

import contextlib
import os

MEMORY_ENV = "PM_MEMORY_MIB"
DEFAULT_MIB = 4096  # a cold build of 5,000 incidents takes under 1 GiB with pm's templates
LEAST_MIB = 256


def memory_mib() -> int:
    """The memory a build running a repository's templates may take, in MiB: PM_MEMORY_MIB, 4096 by default."""
    try:
        return max(LEAST_MIB, int(os.environ.get(MEMORY_ENV, DEFAULT_MIB)))
    except ValueError:
        return DEFAULT_MIB


def limit_memory() -> None:
    """Keep this process, and what it forks or starts, within :func:`memory_mib` of data (on POSIX systems).

    The limit of the process's data (its heap and private mappings: what Python allocates) is lowered, never
    raised: a lower limit set by whoever started pm holds.
    """
    try:
        import resource
    except ImportError:  # Windows: no such limit
        return
    wanted = memory_mib() * 2**20
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or soft > wanted:
        with contextlib.suppress(ValueError, OSError):  # not allowed here: the other bounds still hold
            resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))


def out_of_memory(what: str) -> str:
    """The message of an allocation refused under the ceiling, for *what* (a template, the build)."""
    return f"{what} needed more memory than a build may take ({memory_mib()} MiB; PM_MEMORY_MIB sets it)"
