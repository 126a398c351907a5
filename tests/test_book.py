"""The book (postmortems.pdf) and the reports' PDFs: nothing beyond the page, and everything the site holds."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from postmortem.cli.main import main
from tests.conftest import CASES, Run, copy_example

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")

MARGIN = 1.8 / 2.54 * 72  # the pages' left and right margins (1.8 cm), in points
SLACK = 0.5  # rounding of the positions pdftotext gives


def _words(pdf: Path) -> list[tuple[int, float, float, float, str]]:
    """Every word of *pdf* as (page, its width, left edge, right edge, text), from pdftotext's boxes."""
    found = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True)
    xhtml = re.sub(r"<!DOCTYPE[^>]*>", "", found.stdout).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    words = []
    for number, page in enumerate(ET.fromstring(xhtml).iter("page"), 1):
        width = float(page.get("width", "0"))
        for word in page.iter("word"):
            words.append((number, width, float(word.get("xMin", "0")), float(word.get("xMax", "0")), word.text or ""))
    return words


def _beyond_margins(pdf: Path) -> list[str]:
    """The words of *pdf* that pass its pages' left or right margin, each said with its page."""
    return [
        f"{pdf.name} page {page}: {text!r} at {left:.0f}–{right:.0f} pt of {width:.0f}"
        for page, width, left, right, text in _words(pdf)
        if left < MARGIN - SLACK or right > width - MARGIN + SLACK
    ]


def _text(pdf: Path, *, first: int = 1) -> str:
    """The text of *pdf* from page *first* on, without white space, in the order drawn (a table cell after cell)."""
    done = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", "-f", str(first), pdf, "-"], capture_output=True, text=True
    )
    return "".join(done.stdout.split())


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example repository's book, with every report's PDF and the site: built once for the tests that read it."""
    repo = tmp_path_factory.mktemp("example")
    copy_example(repo)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        patch.setenv("PM_CACHE_DIR", str(tmp_path_factory.mktemp("pm-cache")))
        result = CliRunner().invoke(main, ["render", "--book", "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output + result.stderr
    return repo / "site"


def test_example_book_stays_inside_the_margins(book: Path) -> None:
    """Every word of every page of the book, and of each report's PDF, lies between the page's margins."""
    pdfs = sorted(book.glob("*.pdf"))
    assert len(pdfs) == 11
    words = _words(book / "postmortems.pdf")
    assert len({page for page, *_ in words}) > 30  # every page was read, not an empty document
    assert [problem for pdf in pdfs for problem in _beyond_margins(pdf)] == []


def test_the_metrics_table_is_whole_in_the_book(book: Path) -> None:
    """The metrics' widest table keeps its last columns: the target and the share of targets met are in the text."""
    text = _text(book / "postmortems.pdf")
    assert "Ciblerespectée" in text
    assert "83%(5/6)" in text
    assert "100%(4/4)" in text


def test_book_holds_the_pages_and_the_procedures_steps(book: Path) -> None:
    """The free pages' text and each procedure's steps are in the book, not only their titles."""
    text = _text(book / "postmortems.pdf", first=3)
    steps = ["$ docker compose down && docker compose up -d", "$ git revert HEAD", "Commit + push vers GitHub"]
    for words in ["Définir les procédures de détection, diagnostic et résolution des incidents",
                  "Chaos engineering : tests de résilience", *steps]:  # fmt: skip
        assert "".join(words.split()) in text


LONG_WORD = "x" * 150  # no break opportunity anywhere
LONG_URL = "https://status.example.com/" + "/".join(["incidents", "2021", "a" * 60, "b" * 60]) + "?ref=" + "c" * 40
LONG_CODE = "`" + "_".join(["very_long_identifier"] * 8) + "`"


def _with_long_strings(source: Path, target: Path) -> None:
    """A copy of a real-world case where the fields shown in tables and lists hold long unbroken strings."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False  # block style: no flow mapping for the URLs to break
    yaml.allow_unicode = True
    data = yaml.load(source.read_text(encoding="utf-8"))
    data["id"] = data["id"] + "-long"
    data["title"] = f"Primary database removed {LONG_WORD[:120]}"  # titles stop at 200 characters
    data["root_cause"] = f"{LONG_CODE} {LONG_WORD} {data['root_cause']}"
    data["resolution"] = f"See <{LONG_URL}> and {LONG_CODE}."
    data["summary"] = f"{data['summary']}\n\n    {LONG_WORD}\n\n```\n{LONG_CODE * 3}\n```\n"
    data["actions"][0]["what"] = f"{LONG_CODE} {LONG_WORD}"
    data["timeline"][1]["text"] = f"{LONG_WORD} {LONG_URL}"
    data["lessons"]["went_wrong"].append(f"{LONG_WORD} {LONG_CODE}")
    data["tags"].append("t" * 90)
    written = io.StringIO()
    yaml.dump(data, written)
    target.write_text(written.getvalue(), encoding="utf-8")


def test_real_world_book_with_long_strings_stays_inside_the_margins(run: Run, tmp_path: Path) -> None:
    """Real-world write-ups, one of them full of long words, URLs and code, never push text past the margins."""
    (tmp_path / "incidents").mkdir()
    for case in sorted((CASES / "real-world").glob("*.yaml")):
        shutil.copy(case, tmp_path / "incidents" / case.name)
    _with_long_strings(CASES / "real-world" / "gitlab-2017-01-31-database-deletion.yaml",
                       tmp_path / "incidents" / "long.yaml")  # fmt: skip
    (tmp_path / "pm.toml").write_text('title = "Public post-mortems"\n', encoding="utf-8")
    result = run("render", "--book", "--format", "pdf", "--quiet")
    assert result.exit_code == 0, result.output + result.stderr
    pdfs = sorted((tmp_path / "site").glob("*.pdf"))
    assert len(pdfs) == 4
    assert LONG_WORD in _text(tmp_path / "site" / "postmortems.pdf")  # wrapped across lines, but all there
    assert [problem for pdf in pdfs for problem in _beyond_margins(pdf)] == []
