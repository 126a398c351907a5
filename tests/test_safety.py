"""Untrusted incident text cannot inject script into reports, and PDF rendering fetches nothing it should not."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from postmortem.render.markup import safe_url, to_html, to_markdown
from tests.conftest import Run
from tests.test_hostile_markdown import findings

PAYLOADS = [
    "<script>window.pwned = 1</script>",
    '<img src=x onerror="window.pwned = 1">',
    "<svg onload=alert(1)>",
    "<math><mtext><script>alert(1)</script></mtext></math>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x61;script:alert(1))",
    "[click](java%73cript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click]( javascript:alert(1))",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=https://example.com></iframe>",
    "<style>body{display:none}</style>",
]


class _Audit(HTMLParser):
    """Collects what could run code in a page: script tags, event handlers, dangerous URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "math"):
            self.findings.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"{tag} {name}")
            is_icon = tag == "link" and value == "data:,"  # the empty favicon every page declares
            if name in ("href", "src", "action", "xlink:href") and value and not safe_url(value) and not is_icon:
                self.findings.append(f"{tag} {name}={value}")


def _audit(page: str) -> list[str]:
    """What in *page* could run code."""
    audit = _Audit()
    audit.feed(page)
    return audit.findings


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_payload_is_neutralised(payload: str) -> None:
    """Each payload, as Markdown, gives HTML with nothing that runs and Markdown with no raw HTML or bad link."""
    assert _audit(str(to_html(payload))) == []
    markdown = to_markdown(payload)
    assert "<script" not in markdown.lower()
    assert "<a " not in markdown.lower()
    assert findings(markdown) == []  # what three CommonMark renderers make of it: no raw HTML, no javascript: link


def test_payloads_everywhere_in_a_report(run: Run, tmp_path: Path) -> None:
    """Payloads in the title, tags, owners, links, timeline and prose never reach the HTML as code."""
    (tmp_path / "incidents").mkdir()
    script = "<script>alert(1)</script>"
    incident = {
        "id": "INC-001",
        "title": f"{script} [x](javascript:alert(1))",
        "status": "draft",
        "date": "2024-01-01",
        "tags": ["<img src=x onerror=alert(1)>"],
        "authors": ["<svg onload=alert(1)>"],
        "summary": "\n\n".join(PAYLOADS),
        "contributing_factors": PAYLOADS,
        "timeline": [{"at": f"10:{index:02d}", "text": payload} for index, payload in enumerate(PAYLOADS)],
        "actions": [{"what": "<img src=x onerror=alert(1)>", "owner": script, "link": "javascript:alert(1)"}],
        "references": [{"title": "<b onmouseover=alert(1)>x</b>", "url": "javascript:alert(1)"}],
        "lessons": {"to_keep": PAYLOADS},
    }
    (tmp_path / "incidents" / "x.yaml").write_text(json.dumps(incident), encoding="utf-8")
    result = run("render", "--format", "md,html")
    assert result.exit_code == 0, result.output + result.stderr
    page = (tmp_path / "site" / "INC-001.html").read_text(encoding="utf-8")
    assert _audit(page) == []
    markdown = (tmp_path / "site" / "INC-001.md").read_text(encoding="utf-8")
    assert findings(markdown) == []
    assert "<script" not in markdown.lower()


class _Counter(http.server.BaseHTTPRequestHandler):
    """A local server that counts the requests it gets."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture
def local_server() -> Iterator[str]:
    """The address of a server on 127.0.0.1 that records any request."""
    _Counter.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_pdf_fetches_nothing_outside_the_project(run: Run, tmp_path: Path, local_server: str) -> None:
    """Images, stylesheets, @import and url() that point at the network or outside files are refused and named."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(
        "id: INC-001\ntitle: Fetch test\nstatus: draft\ndate: 2024-01-01\n", encoding="utf-8"
    )
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', "utf-8"
    )
    (tmp_path / "templates" / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}{% block head %}'
        f'<link rel="stylesheet" href="{local_server}/style.css">'
        f'<style>@import url("{local_server}/import.css"); body {{ background: url("file:///etc/passwd"); }}</style>'
        "{% endblock %}{% block facts %}"
        f'<img src="{local_server}/http.png" alt="a"><img src="https://example.invalid/x.png" alt="b">'
        '<img src="file:///etc/passwd" alt="c"><img src="../../../../etc/hostname" alt="d">'
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{local_server}/svg.png" width="4" height="4"/></svg>'
        '<img src="templates/logo.svg" alt="an asset of the templates">'
        "{% endblock %}",
        encoding="utf-8",
    )
    result = run("render", "--format", "pdf")
    assert result.exit_code == 0, result.output + result.stderr
    assert (tmp_path / "site" / "INC-001.pdf").read_bytes().startswith(b"%PDF")
    assert _Counter.hits == []
    refused = result.stderr
    for url in (f"{local_server}/style.css", f"{local_server}/import.css", f"{local_server}/http.png",
                "https://example.invalid/x.png", "file:///etc/passwd", "file:///etc/hostname"):  # fmt: skip
        assert f"refused {url}" in refused, url
    assert "logo.svg" not in refused
