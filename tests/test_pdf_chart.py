"""The PDF's timeline chart: the site's SVG, byte for byte, given to WeasyPrint as an image named by its title."""

from __future__ import annotations

import base64
import datetime as dt
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.model.incident import Placed
from postmortem.model.parts import TimelineEntry
from postmortem.render.charts import MAX_IMAGE, ChartText, timeline_svg
from postmortem.render.i18n import Formatter
from postmortem.render.pdf import MAX_DATA_URL
from tests.conftest import CASES, Run

ENTRIES = {
    name: TimelineEntry.model_validate({"at": at, "text": "x", "milestone": milestone})
    for name, at, milestone in [
        ("plain", "2025-01-01 10:00", []),
        ("approximate", "2025-01-01 ~10:00", []),
        ("started", "2025-01-01 10:00", ["started"]),
        ("detected", "2025-01-01 10:00", ["detected", "acknowledged"]),
        ("resolved", "2025-01-01 ~10:00", ["resolved"]),
    ]
}
NAMES = {name: f"<{name}> & co" for name in ("started", "detected", "acknowledged", "mitigated", "resolved")}
DATA_URL = "data:image/svg+xml;base64,"


@settings(max_examples=60, deadline=None)
@given(events=st.lists(st.tuples(st.sampled_from(sorted(ENTRIES)), st.integers(0, 60 * 24 * 30),
                                 st.one_of(st.none(), st.integers(1, 600))), max_size=20),
       title=st.sampled_from(["Timeline chart", "<b>Chronologie</b> & \"co\""]))  # fmt: skip
def test_printed_chart_is_the_inline_svg_as_an_image(events: list[tuple[str, int, int | None]], title: str) -> None:
    """Whatever the timeline, the PDF's chart is one image whose data is the page's SVG and whose text is its title."""
    origin = dt.datetime(2025, 3, 30, tzinfo=dt.UTC)
    placed = tuple(
        Placed(index=i, entry=ENTRIES[kind], day=None, when=origin + dt.timedelta(minutes=offset),
               until=None if length is None else origin + dt.timedelta(minutes=offset + length))
        for i, (kind, offset, length) in enumerate(sorted(events, key=lambda e: e[1]))
    )  # fmt: skip
    fmt = Formatter(language="en", timezone="Europe/Paris")
    text = ChartText(title=title, description="from 10:00 to 11:00", milestones=NAMES)
    inline = str(timeline_svg(placed, fmt=fmt, text=text))
    printed = str(timeline_svg(placed, fmt=fmt, text=text, printed=True))
    if not inline:
        assert not printed
        return
    tags = _tags(printed)
    assert [tag for tag, _ in tags] == ["div", "img"]
    assert tags[0][1] == {"class": "chart-box"}
    image = tags[1][1]
    assert image["alt"] == title
    assert image["class"] == "chart-svg timeline-chart"
    src = image["src"] or ""
    assert src.startswith(DATA_URL)
    svg = base64.b64decode(src.removeprefix(DATA_URL), validate=True).decode()
    match = re.search(r"<svg .*</svg>", inline, re.DOTALL)
    assert match is not None
    assert svg == match.group(0)  # the same drawing: marks, labels and their escapes
    ElementTree.fromstring(svg)


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """The start tags of *html* and their attributes, as an HTML parser reads them."""
    found: list[tuple[str, dict[str, str | None]]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Tags().feed(html)
    return found


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils is not installed")
def test_pdf_chart_stays_a_tagged_figure_with_text(run: Run, tmp_path: Path) -> None:
    """In the PDF the chart is still a figure of the tag tree, its labels drawn as text, beside the timeline table."""
    (tmp_path / "incidents").mkdir()
    shutil.copy(CASES / "real-world" / "fastly-2021-06-08-global-outage.yaml", tmp_path / "incidents")
    assert run("render", "--format", "pdf").exit_code == 0
    pdf = tmp_path / "site" / "FASTLY-2021-06-08.pdf"
    tags = subprocess.run(["pdfinfo", "-struct", pdf], capture_output=True, text=True, check=True).stdout
    assert tags.count("Figure") == 1
    assert "Table" in tags
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True, check=True).stdout
    table_and_chart = text.split("Timeline", 1)[1]
    assert table_and_chart.count("Resolved") >= 2  # the chart's flag and the table's milestone


def test_printed_chart_too_long_for_an_address_stays_inline() -> None:
    """A chart whose address would pass what the PDF renderer loads stays inline, drawn rather than refused."""
    origin = dt.datetime(2025, 3, 30, tzinfo=dt.UTC)
    placed = tuple(
        Placed(index=i, entry=ENTRIES["plain"], day=None, when=origin + dt.timedelta(seconds=i), until=None)
        for i in range(30_000)
    )
    fmt = Formatter(language="en", timezone="UTC")
    text = ChartText(title="Timeline chart", description="", milestones=NAMES)
    inline = timeline_svg(placed, fmt=fmt, text=text)
    assert len(inline) > MAX_DATA_URL  # as an address, it would be refused
    assert timeline_svg(placed, fmt=fmt, text=text, printed=True) == inline
    assert MAX_IMAGE <= MAX_DATA_URL
