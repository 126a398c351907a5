"""Every page of the example site as readers see it: phone and desktop, light and dark (Playwright, Chromium).

The properties a reader notices first: nothing runs off the screen or hides behind a sideways scroll that
says nothing, no text too small to read on a phone, and text that stands out from its background in both
colour schemes. Charts draw their own text (SVG) and are judged by the charts' tests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_browser import CHROMIUM, browser, served, sync_api  # noqa: F401  (fixtures)

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

VIEWS = {
    "phone-light": {"viewport": {"width": 390, "height": 844}, "color_scheme": "light", "is_mobile": True},
    "phone-dark": {"viewport": {"width": 390, "height": 844}, "color_scheme": "dark", "is_mobile": True},
    "desktop-light": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "desktop-dark": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
}
SMALLEST_PX = 11  # on a phone: the size below which text needs a zoom to be read

MEASURE = (Path(__file__).parent / "measure_layout.js").read_text(encoding="utf-8")


def _pages(tab: Any, site: str) -> list[str]:
    """The HTML pages of the example site: those the home page links to (site pages, free pages, reports), the 404."""
    tab.goto(site + "index.html")
    links = tab.eval_on_selector_all("a[href$='.html']", "links => links.map(a => a.getAttribute('href'))")
    names = {link for link in links if "/" not in link and ":" not in link}
    names |= {"procedures.html", "404.html"}
    tab.goto(site + "procedures.html")
    names |= set(tab.eval_on_selector_all("a[href^='procedure-']", "links => links.map(a => a.getAttribute('href'))"))
    return sorted(names)


@pytest.fixture(scope="module", params=list(VIEWS))
def view(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, Any]]:  # noqa: F811
    """One of the four views, as a browser tab."""
    context = browser.new_context(**VIEWS[request.param])
    tab = context.new_page()
    yield request.param, tab
    context.close()


def test_every_page_reads_in_every_view(view: tuple[str, Any], served: str) -> None:  # noqa: F811
    """Nothing runs off the screen or scrolls sideways unseen, no tiny text on a phone, enough contrast in both schemes.

    On a phone a box may scroll sideways only when it is a table-scroll or chart box, whose edges shadow what is
    beyond them (a chart keeps the width at which its text is legible), and tables of records do not scroll at all:
    they become cards. A desktop has room for every table and chart.
    """
    name, tab = view
    phone = name.startswith("phone")
    problems: dict[str, list[str]] = {}
    scrolling: set[str] = set()
    measured = 0
    pages = _pages(tab, served)
    assert len(pages) >= 20
    for page in pages:
        response = tab.goto(served + page)
        assert response is not None, page
        assert response.ok, page
        found = tab.evaluate(MEASURE, SMALLEST_PX if phone else 0)
        measured += len(found.pop("sizes"))
        scrolls = [box for box in found.pop("scrolls") if "chart-box" not in box]  # charts keep a legible width
        if scrolls and phone:
            scrolling.add(page)
        elif scrolls:
            found["scroll"] += scrolls  # a desktop has room for every table
        for kind, items in found.items():
            problems.update({f"{page} {kind}": items} if items else {})
    assert measured > 1000  # the pages were measured, text and all
    assert problems == {}, name
    assert scrolling <= {"metrics.html"}  # its table of timings is wide by design: it scrolls in its box, shadowed


def test_tables_become_labelled_cards_on_a_phone(browser: Any, served: str) -> None:  # noqa: F811
    """On a phone each action is a card that names each value (type, owner, due, status); on a desktop a table row."""
    for width, cards in ((390, True), (1280, False)):
        context = browser.new_context(viewport={"width": width, "height": 844})
        tab = context.new_page()
        tab.goto(served + "INC-001.html")
        labels = tab.eval_on_selector_all(
            "table.actions tbody td[data-label]",
            "cells => cells.map(c => getComputedStyle(c, '::before').content)",
        )
        displays = tab.eval_on_selector_all("table.actions tbody tr", "rs => rs.map(r => getComputedStyle(r).display)")
        context.close()
        assert displays, width
        assert set(displays) == ({"grid"} if cards else {"table-row"}), width
        if cards:
            assert labels[:4] == ['"Type"', '"Responsable"', '"Échéance"', '"Statut"']
        else:
            assert set(labels) == {"none"}


def test_timeline_on_a_phone_keeps_every_column(browser: Any, served: str) -> None:  # noqa: F811
    """On a phone the timeline shows each time beside its milestone and event, none cut: the milestones stay."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    tab = context.new_page()
    tab.goto(served + "INC-001.html")
    milestones = tab.eval_on_selector_all(
        ".timeline td.milestones",
        "cs => cs.filter(c => c.textContent.trim()).map(c => [c.textContent.trim(), c.getBoundingClientRect().right])",
    )
    context.close()
    assert [text for text, _ in milestones] == ["Début", "Détection", "Prise en charge", "Atténuation", "Résolution"]
    assert all(right <= 390 for _, right in milestones)


def test_sort_buttons_show_above_the_cards_on_a_phone(browser: Any, served: str) -> None:  # noqa: F811
    """On a phone the incident table's sort buttons stay within reach, above the cards, and still sort."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    tab = context.new_page()
    tab.goto(served + "index.html")
    tab.tap("th[data-sort=id] button")
    first = tab.eval_on_selector_all("#incident-table tbody tr", "rows => rows.filter(r => !r.hidden)[0].dataset.id")
    context.close()
    assert first == "INC-001"


def _contrast_pairs() -> Iterator[tuple[str, str, str]]:
    """Each colour variable of the stylesheet that text is drawn in, with the backgrounds it is drawn on, per scheme."""
    from tests.conftest import ROOT

    css = (ROOT / "templates" / "report.css.j2").read_text(encoding="utf-8")
    before, after = css.split("@media (prefers-color-scheme: dark)", 1)
    light = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", before))
    dark = {**light, **dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", after.split("}")[0]))}
    for scheme, colours in (("light", light), ("dark", dark)):
        for text in ("fg", "muted", "accent", "good", "bad", "warn", "sev-1", "sev-2", "sev-3", "sev-4"):
            for background in ("bg", "panel", "bad-soft", "mark"):
                yield scheme, colours[text], colours[background]


def _luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2)."""
    values = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_text_colour_reads_on_every_background() -> None:
    """Each text colour of the palette reaches 4.5:1 on each background, in the light and the dark scheme."""
    weak = []
    for scheme, text, background in _contrast_pairs():
        high, low = sorted([_luminance(text), _luminance(background)], reverse=True)
        if (high + 0.05) / (low + 0.05) < 4.5:
            weak.append((scheme, text, background))
    assert weak == []


def test_the_404_page_keeps_its_styles_and_links_at_any_depth(browser: Any, tmp_path: Path) -> None:  # noqa: F811
    """Served by pm serve for a missing page deep in the site, the 404 page is styled and its links lead home."""
    import shutil

    from tests.conftest import CASES
    from tests.pmserve import PmServe

    repo = tmp_path / "repo"
    shutil.copytree(CASES / "audience", repo)  # its site_url ends in /postmortems/
    serving = PmServe(repo)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    failed: list[str] = []
    tab.on(
        "response",
        lambda r: failed.append(r.url) if r.status >= 400 and r.request.resource_type != "document" else None,
    )
    try:
        for path in ("missing.html", "postmortems/a/b/c/missing.html", "x/y/"):
            response = tab.goto(serving.url + path)
            assert response is not None
            assert response.status == 404, path
            assert tab.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "flex", path
            home = tab.get_attribute(".site-title a", "href")
            assert tab.request.get(serving.url.rstrip("/") + home).ok, path
        tab.click("main a")
        assert tab.title().startswith("Incidents")
        assert failed == []
    finally:
        context.close()
        serving.stop()
