"""A small client of yaml-language-server's stdio protocol (LSP): open a YAML file, ask for completions."""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

NODE_FOLDER = Path(__file__).resolve().parent / ".node"  # as .ci/run installs it (yaml-language-server@2.0.0)
SERVER = NODE_FOLDER / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
WAIT = 60.0  # seconds for one answer: a bound on a hung server, never an assertion on speed


def available() -> str | None:
    """Why the server cannot run here (no node, no package), or None when it can."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not SERVER.is_file():
        return f"yaml-language-server is not in {NODE_FOLDER} (npm install --prefix tests/.node yaml-language-server)"
    return None


def _read_messages(stream: IO[bytes], inbox: queue.Queue[dict[str, Any] | None]) -> None:
    """Read Content-Length framed messages until the stream closes."""
    while True:
        headers: dict[str, str] = {}
        while (line := stream.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("ascii").partition(":")
            headers[name.strip().lower()] = value.strip()
        if not headers:
            inbox.put(None)
            return
        inbox.put(json.loads(stream.read(int(headers["content-length"]))))


SETTINGS: dict[str, Any] = {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}


class YamlLanguageServer:
    """yaml-language-server run over stdio; answers the requests it sends (configuration, registrations)."""

    def __init__(self, *, root: Path) -> None:
        self._process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        assert self._process.stdout is not None
        threading.Thread(target=_read_messages, args=(self._process.stdout, self._inbox), daemon=True).start()
        self._next = 0
        self.notices: list[dict[str, Any]] = []  # what the server said on its own: diagnostics, log messages
        capabilities = {"textDocument": {"completion": {"completionItem": {"snippetSupport": True}}},
                        "workspace": {"configuration": True}}  # fmt: skip
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": capabilities})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": SETTINGS}})

    def _send(self, message: dict[str, Any]) -> None:
        """Write one framed message."""
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self._process.stdin is not None
        self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self._process.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        """Send a notification."""
        self._send({"method": method, "params": params})

    def request(self, method: str, params: dict[str, Any]) -> Any:
        """Send a request and return its result, answering the server's own requests meanwhile."""
        self._next += 1
        ident = self._next
        self._send({"id": ident, "method": method, "params": params})
        message = self._until(lambda message: message.get("id") == ident and "method" not in message)
        if "error" in message:
            raise RuntimeError(str(message["error"]))
        return message.get("result")

    def _until(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """Read messages until one is *wanted*; keep notifications, answer the server's requests."""
        while True:
            message = self._inbox.get(timeout=WAIT)
            if message is None:
                raise RuntimeError("yaml-language-server stopped")
            if wanted(message):
                return message
            if "id" not in message:
                self.notices.append(message)
            elif "method" in message:  # a request of the server's own
                items = message.get("params", {}).get("items", [])
                answer = [SETTINGS for _ in items] if message["method"] == "workspace/configuration" else None
                self._send({"id": message["id"], "result": answer})

    def diagnostics(self, path: Path) -> list[dict[str, Any]]:
        """The problems the server reports for an open file once it has checked it against the schema."""
        uri = path.as_uri()

        def published(message: dict[str, Any]) -> bool:
            return message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri

        found = next((message for message in self.notices if published(message)), None)
        if found is not None:
            self.notices.remove(found)
        else:
            found = self._until(published)
        return list(found["params"]["diagnostics"])

    def open(self, path: Path) -> None:
        """Tell the server a file is open, with its text as on disk."""
        document = {"uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": path.read_text("utf-8")}
        self.notify("textDocument/didOpen", {"textDocument": document})

    def completions(self, path: Path, *, line: int, character: int) -> list[dict[str, Any]]:
        """The completion items offered at a 0-based position of an open file."""
        found = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": path.as_uri()}, "position": {"line": line, "character": character}},
        )
        return list(found["items"] if isinstance(found, dict) else found or [])

    def close(self) -> None:
        """Shut the server down."""
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self._process.wait(timeout=WAIT)
        except (RuntimeError, queue.Empty, subprocess.TimeoutExpired, BrokenPipeError):
            self._process.kill()
            self._process.wait()
