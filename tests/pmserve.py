"""A `pm serve` process for tests: started in a repository, its URL read from its output, stopped with Ctrl+C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _interruptible() -> None:
    """In the child, before pm starts: Ctrl+C interrupts it, as in a terminal.

    A process started in the background by a shell ignores SIGINT, and so do its children: the tests, run so,
    would find a server that Ctrl+C does not stop (Python keeps a signal ignored that it was started ignoring).
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class PmServe:
    """`pm serve --port 0` running in *repo*, with what it printed so far."""

    def __init__(self, repo: Path, *args: str, env: dict[str, str] | None = None) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        command = [sys.executable, "-m", "postmortem", "serve", "--port", "0", *args]
        self.process = subprocess.Popen(command, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, preexec_fn=_interruptible)  # fmt: skip
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True).start()
        found = self.wait_for(lambda: re.search(r"on (http://127\.0\.0\.1:\d+/)", "".join(self.stdout)), timeout=60)
        self.url: str = found.group(1)

    @staticmethod
    def _collect(stream: Any, lines: list[str]) -> None:
        """Keep every line the process prints."""
        for line in stream:
            lines.append(line)

    def wait_for(self, condition: Callable[[], Any], *, timeout: float = 20) -> Any:
        """Poll *condition* until it is true; fail with the process's output after *timeout* seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = condition()
            if value:
                return value
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"timed out; stdout: {''.join(self.stdout)!r} stderr: {''.join(self.stderr)!r}")

    def get(self, path: str) -> str:
        """The body of a page of the served site."""
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return str(response.read().decode("utf-8"))

    def status(self) -> dict[str, Any]:
        """What the reload script reads: build number and problems."""
        return dict(json.loads(self.get("__pm/status")))

    def stop(self) -> int:
        """Interrupt as Ctrl+C does; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=20)
