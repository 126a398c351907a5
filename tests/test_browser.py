"""The built example site in a real browser (Playwright driving Debian's Chromium): table, filters, search, links."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static server that does not log every request."""

    def log_message(self, *args: object) -> None:
        """Stay quiet."""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site, built once and served on 127.0.0.1 under a sub-path (/team/site/)."""
    from click.testing import CliRunner

    from postmortem.cli.main import main
    from tests.conftest import copy_example

    root = tmp_path_factory.mktemp("served")
    repo = root / "team"
    repo.mkdir()
    copy_example(repo)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        patch.setattr("postmortem.render.search.SHARD_SIZE", 3)  # four search bundles, merged by the browser
        result = CliRunner().invoke(main, ["render", "--format", "md,html"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(list((repo / "site" / "pagefind").glob("shard-*/pagefind-entry.json"))) == 3
    assert not list((repo / "site" / "pagefind").glob("shard-*/*.js"))  # the first bundle's script runs them all
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/team/site/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium from the system."""
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page that records console errors and uncaught exceptions."""
    context = browser.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.errors = []
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def _visible_rows(page: object) -> list[str]:
    """Ids of the incident rows shown."""
    return page.eval_on_selector_all(  # type: ignore[attr-defined, no-any-return]
        "#incident-table tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.id)"
    )


def test_table_lists_every_incident_and_filters_narrow_it(page: object, served: str) -> None:
    """All ten incidents are listed; choosing P3 leaves the four P3 ones; a year and words narrow further."""
    page.goto(served + "index.html")  # type: ignore[attr-defined]
    assert len(_visible_rows(page)) == 10
    page.select_option("select[name=severity]", "P3")  # type: ignore[attr-defined]
    assert sorted(_visible_rows(page)) == ["INC-002", "INC-003", "INC-009", "INC-010"]
    assert "4 incidents affichés sur 10" in page.inner_text(".shown")  # type: ignore[attr-defined]
    page.fill("input[name=words]", "gmad")  # type: ignore[attr-defined]
    assert _visible_rows(page) == ["INC-009"]
    page.select_option("select[name=severity]", "")  # type: ignore[attr-defined]
    page.fill("input[name=words]", "")  # type: ignore[attr-defined]
    page.select_option("select[name=theme]", "physique")  # type: ignore[attr-defined]
    assert sorted(_visible_rows(page)) == ["INC-006", "INC-007"]
    assert page.errors == []  # type: ignore[attr-defined]


def test_table_sorts(page: object, served: str) -> None:
    """Clicking a column header sorts by it, and again reverses the order."""
    page.goto(served + "index.html")  # type: ignore[attr-defined]
    page.click("th[data-sort=id] button")  # type: ignore[attr-defined]
    assert _visible_rows(page)[:2] == ["INC-001", "INC-002"]
    page.click("th[data-sort=id] button")  # type: ignore[attr-defined]
    assert _visible_rows(page)[:2] == ["INC-010", "INC-009"]
    page.click("th[data-sort=number] button")  # type: ignore[attr-defined]
    assert _visible_rows(page)[0] == "INC-009"  # 10 minutes, the shortest


def test_search_finds_an_incident_by_its_root_cause(page: object, served: str) -> None:
    """A word of INC-001's root cause finds it across the merged bundles; its link opens it (under a sub-path)."""
    page.goto(served + "search.html")  # type: ignore[attr-defined]
    page.fill("#search-input", "ELF")  # type: ignore[attr-defined]
    page.press("#search-input", "Enter")  # type: ignore[attr-defined]
    page.wait_for_selector("#search-results li a")  # type: ignore[attr-defined]
    links = page.eval_on_selector_all("#search-results a", "links => links.map(a => a.href)")  # type: ignore[attr-defined]
    assert links[0].endswith("/team/site/INC-001.html")
    page.click("#search-results li a")  # type: ignore[attr-defined]
    assert "MySQLOO ne charge pas" in page.title()  # type: ignore[attr-defined]
    assert page.errors == []  # type: ignore[attr-defined]


def test_every_internal_link_resolves_without_console_errors(page: object, served: str) -> None:
    """Every page reachable from the home page loads without errors, and every link and anchor on it exists."""
    seen: set[str] = set()
    queue = [served + "index.html"]
    anchors: list[tuple[str, str, str]] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        if not url.endswith(".html"):  # Markdown and PDF files: fetched, not opened
            assert page.request.get(url).ok, url  # type: ignore[attr-defined]
            continue
        response = page.goto(url)  # type: ignore[attr-defined]
        assert response is not None, url
        assert response.ok, url
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):  # type: ignore[attr-defined]
            target, fragment = urldefrag(urljoin(url, href))
            if urlsplit(target).netloc != urlsplit(served).netloc:
                continue
            queue.append(target)
            if fragment:
                anchors.append((url, target, fragment))
    assert page.errors == []  # type: ignore[attr-defined]
    assert len([u for u in seen if u.endswith(".html")]) >= 20
    for origin, target, fragment in anchors:
        page.goto(target)  # type: ignore[attr-defined]
        assert page.locator(f"[id='{fragment}']").count() == 1, f"{origin} -> {target}#{fragment}"  # type: ignore[attr-defined]


def test_pages_read_on_a_phone(browser: object, served: str) -> None:
    """On a phone-sized screen the home page does not scroll sideways (the wide table scrolls in its box)."""
    context = browser.new_context(viewport={"width": 390, "height": 800})  # type: ignore[attr-defined]
    tab = context.new_page()
    for name in ("index.html", "INC-004.html", "metrics.html"):
        tab.goto(served + name)
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
    context.close()


XSS = [
    "<script>window.pwned = 1</script>",
    "<ScRiPt>window.pwned = 1</sCrIpT>",
    '<img src=x onerror="window.pwned = 1">',
    "<svg/onload=window.pwned=1>",
    "<svg><animate onbegin=window.pwned=1 attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.pwned=1>",
    '<iframe srcdoc="<script>parent.pwned=1</script>"></iframe>',
    "&lt;img src=x onerror=window.pwned=1&gt;",
    "[click](javascript:window.pwned=1)",
    "[click](JaVaScRiPt:window.pwned=1)",
    "[click](jav&#x61;script:window.pwned=1)",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](vbscript:msgbox(1))",
    "![x](javascript:window.pwned=1)",
    '<a href="javascript:window.pwned=1">x</a>',
    "<details open ontoggle=window.pwned=1>",
    "`<script>window.pwned=1</script>`",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site built from incidents whose every field carries script-injection payloads, served on 127.0.0.1."""
    import json

    repo = tmp_path_factory.mktemp("hostile")
    (repo / "incidents").mkdir()
    for index, payload in enumerate(XSS):
        incident = {
            "id": f"X-{index}", "title": payload, "status": "draft", "date": "2024-01-01", "severity": "P2",
            "tags": [payload], "components": [payload], "authors": [payload], "summary": payload,
            "root_cause": payload, "resolution": payload, "contributing_factors": [payload],
            "timeline": [{"at": "10:00", "text": payload, "milestone": "started"},
                         {"at": "10:05", "text": payload, "milestone": "detected"}],
            "actions": [{"what": payload, "owner": payload, "link": "javascript:window.pwned=1"}],
            "lessons": {"to_keep": [payload], "went_well": [payload]},
            "references": [{"title": payload, "url": "javascript:window.pwned=1"}],
            "responders": [{"name": payload, "role": payload}],
        }  # fmt: skip
        (repo / "incidents" / f"x{index}.yaml").write_text(json.dumps(incident), encoding="utf-8")
    (repo / "pages").mkdir()
    (repo / "pages" / "evil.md").write_text(f"---\ntitle: Evil page\n---\n{chr(10).join(XSS)}\n", encoding="utf-8")
    yield from _rendered_and_served(repo)


def _rendered_and_served(repo: Path) -> Iterator[str]:
    """Render *repo* with pm, serve its site on 127.0.0.1 while the caller needs it, and give its address."""
    from click.testing import CliRunner

    from postmortem.cli.main import main

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        result = CliRunner().invoke(main, ["render", "--format", "md,html"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    handler = functools.partial(_Quiet, directory=str(repo / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_no_payload_runs_in_the_browser(page: object, hostile_site: str) -> None:
    """Every page of the hostile site loads, shows the payloads as text, and none of them runs."""
    dialogs: list[str] = []

    def refuse(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)  # type: ignore[attr-defined]
    names = ["index", "lessons", "actions", "metrics", "risks", "procedures", "page-evil", "404"]
    names += [f"X-{index}" for index in range(len(XSS))]
    for name in names:
        page.goto(f"{hostile_site}{name}.html")  # type: ignore[attr-defined]
        for link in page.query_selector_all("a[href]"):  # type: ignore[attr-defined]
            href = (link.get_attribute("href") or "").strip().lower()
            assert not href.startswith(("javascript:", "data:", "vbscript:")), (name, href)
        assert page.evaluate("typeof window.pwned") == "undefined", name  # type: ignore[attr-defined]
    page.goto(hostile_site + "search.html?q=" + XSS[2])  # type: ignore[attr-defined]
    page.wait_for_timeout(500)  # type: ignore[attr-defined]
    assert page.evaluate("typeof window.pwned") == "undefined"  # type: ignore[attr-defined]
    assert dialogs == []
    assert page.errors == []  # type: ignore[attr-defined]
    assert "window.pwned = 1" in page.goto(hostile_site + "X-0.html").text()  # type: ignore[attr-defined]


def test_search_looks_in_every_bundle(page: object, served: str) -> None:
    """A word that several incidents share finds all of them, whichever bundle holds their page.

    The bundles merged into the first one use its script and WebAssembly: theirs are not in the site, and not asked for.
    """
    answers: list[tuple[int, str]] = []
    page.on("response", lambda answer: answers.append((answer.status, answer.url.removeprefix(served))))  # type: ignore[attr-defined]
    page.goto(served + "search.html?q=docker")  # type: ignore[attr-defined]
    page.wait_for_selector("#search-results li a")  # type: ignore[attr-defined]
    links = page.eval_on_selector_all("#search-results a", "links => links.map(a => a.href.split('/').pop())")  # type: ignore[attr-defined]
    assert {"INC-002.html", "INC-003.html", "INC-004.html", "INC-010.html"} <= set(links)
    assert page.errors == []  # type: ignore[attr-defined]
    search = [(status, path) for status, path in answers if path.startswith("pagefind/")]
    assert all(status == 200 for status, _ in search), search
    assert {path.split("?")[0] for _, path in search if path.startswith("pagefind/shard-")} >= {
        f"pagefind/shard-{shard}/pagefind-entry.json" for shard in (1, 2, 3)
    }  # every bundle merged
    runtime = sorted(path for _, path in search if path.endswith((".js", ".pagefind")))
    assert runtime == ["pagefind/pagefind-worker.js", "pagefind/pagefind.js", "pagefind/wasm.fr.pagefind"], runtime


def test_pm_serve_reloads_the_page_and_shows_problems(page: object, tmp_path: Path) -> None:
    """In Chromium, a saved edit reloads the open page; a mistake shows a banner; fixing it removes the banner."""
    from tests.conftest import CASES
    from tests.pmserve import PmServe

    repo = tmp_path / "repo"
    shutil.copytree(CASES / "audience", repo)
    incident = repo / "incidents" / "2024-06-01-queue-stuck.yaml"
    text = incident.read_text(encoding="utf-8")
    serving = PmServe(repo)
    try:
        page.goto(serving.url + "INC-001.html")  # type: ignore[attr-defined]
        page.wait_for_timeout(1500)  # type: ignore[attr-defined]
        incident.write_text(text.replace("The lag alert fired.", "The lag alert fired, live."), encoding="utf-8")
        page.wait_for_selector("text=The lag alert fired, live.", timeout=15000)  # type: ignore[attr-defined]
        incident.write_text(text.replace("status: final", "status: finall"), encoding="utf-8")
        banner = page.wait_for_selector("#pm-serve-banner", timeout=15000)  # type: ignore[attr-defined]
        assert "unknown value 'finall'" in banner.inner_text()
        assert "The lag alert fired, live." in page.inner_text("main")  # type: ignore[attr-defined]
        incident.write_text(text, encoding="utf-8")
        page.wait_for_selector("#pm-serve-banner", state="detached", timeout=15000)  # type: ignore[attr-defined]
        page.wait_for_selector("text=The lag alert fired.", timeout=15000)  # type: ignore[attr-defined]
        assert page.errors == []  # type: ignore[attr-defined]
    finally:
        serving.stop()


@pytest.fixture(scope="module")
def hostile_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site whose project templates write scripts and a permissive content policy of their own, served."""
    repo = tmp_path_factory.mktemp("templates")
    (repo / "incidents").mkdir()
    (repo / "incidents" / "a.yaml").write_text(
        "id: INC-1\ntitle: T\nstatus: draft\ndate: 2024-01-01\nsummary: S\n", encoding="utf-8"
    )
    script = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    policy = '<meta http-equiv="Content-Security-Policy" content="script-src \'unsafe-inline\' *">'
    (repo / "templates" / "site").mkdir(parents=True)
    (repo / "templates" / "report.html.j2").write_text(
        f"<!doctype html><html><head>{policy}{script}</head><body>{{{{ incident.title }}}}{script}</body></html>\n",
        encoding="utf-8",
    )
    (repo / "templates" / "site" / "layout.html.j2").write_text(
        f'{script}{{% extends "builtin/site/layout.html.j2" %}}{{% block content %}}{script}{{% endblock %}}\n',
        encoding="utf-8",
    )
    yield from _rendered_and_served(repo)


def test_scripts_of_project_templates_do_not_run(page: object, hostile_templates: str) -> None:
    """A project's templates may shape pages, but pm's content policy comes first and their scripts never run."""
    for name in ("INC-1", "index", "lessons"):
        text = page.goto(f"{hostile_templates}{name}.html").text()  # type: ignore[attr-defined]
        policy = text.index('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'')
        assert policy < text.lower().index("<script"), name
        if "'unsafe-inline'" in text:
            assert policy < text.index("'unsafe-inline'"), name
        assert page.evaluate("typeof window.pwned") == "undefined", name  # type: ignore[attr-defined]


_CHART_TEXT = """() => {
  const lum = c => { const m = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]; };
  const ground = lum(getComputedStyle(document.body).backgroundColor);
  return [...document.querySelectorAll('svg text')].filter(t => t.getBoundingClientRect().width > 0).map(t => {
    const s = getComputedStyle(t), fill = lum(s.fill);
    return { text: t.textContent, px: parseFloat(s.fontSize) * t.getScreenCTM().a,
             contrast: (Math.max(fill, ground) + 0.05) / (Math.min(fill, ground) + 0.05) };
  });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_text_is_legible_on_a_phone_in_both_schemes(browser: object, served: str, scheme: str) -> None:
    """At 390 px, chart labels (metrics page, a report's timeline) are >= 11 px and >= 4.5:1 in either scheme.

    The page itself never scrolls sideways: a chart scrolls in its own focusable, named box, and the tables of
    figures beside the charts reflow into labelled values.
    """
    context = browser.new_context(viewport={"width": 390, "height": 800}, color_scheme=scheme, is_mobile=True)  # type: ignore[attr-defined]
    tab = context.new_page()
    for name in ("metrics.html", "INC-004.html"):
        tab.goto(served + name)
        texts = tab.evaluate(_CHART_TEXT)
        assert len(texts) >= (40 if name == "metrics.html" else 8), name
        small = [t for t in texts if t["px"] < 11]
        assert not small, (name, small[:3])
        faint = [t for t in texts if t["contrast"] < 4.5]
        assert not faint, (name, scheme, faint[:3])
        assert tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        boxes = tab.eval_on_selector_all(
            ".chart-box", "bs => bs.map(b => [b.tabIndex, b.getAttribute('aria-labelledby')])"
        )
        assert boxes, name
        assert all(index == 0 and label for index, label in boxes), name
        wide = tab.eval_on_selector_all(
            ".chart-table", "ts => ts.filter(t => t.scrollWidth > t.clientWidth + 1).length"
        )
        assert wide == 0, f"{name}: a table of figures must reflow on a phone, not scroll"
    context.close()
