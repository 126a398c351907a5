"""Property-based tests of pm import's Markdown reading: no write-up crashes it, and none loses a line."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from postmortem.cli.main import main
from postmortem.model.statuses import STATUS_WORDS
from postmortem.sources.parts import Part
from postmortem.sources.table import read_table
from postmortem.sources.values import Values, letters
from postmortem.sources.writeup import writeup_parts
from tests.test_import import pieces, strings

VALUES = Values(levels=("P1", "P2", "P3", "P4"))
HEADINGS = ["Summary", "Résumé", "Timeline", "Chronologie (UTC)", "Root cause", "Cause racine", "Action items",
            "Actions correctives", "What went well", "Lessons learned", "Impact", "Appendix", "Day 2", "2024-03-01",
            "Detection", "Where we got lucky", "Déclencheur", ""]  # fmt: skip
TIMES = ["14:05", "**14:05**", "14:05 UTC:", "2:05 PM", "~14:30", "2024-03-01 09:00", "[14:05]", "`14:05`",
         "14:02–14:07", "9:37 AM PST", "14h05", "25:99", "2024", "unknown", "?"]  # fmt: skip
LABELS = ["**Date:**", "Date :", "**Severity:**", "Gravité :", "**Authors:**", "**Summary:**", "Owner:", "**Impact**:"]
WORDS = st.text(alphabet=st.sampled_from("abcdé XY 0123456789:-—|*_`[]()#>~\t.,/!&<\\"), max_size=30)


def _line() -> st.SearchStrategy[str]:
    """One line of a post-mortem: a heading, a labelled value, a timed entry, a list item, a table row, text."""
    heading = st.tuples(st.integers(1, 4), st.sampled_from(HEADINGS), WORDS).map(
        lambda t: f"{'#' * t[0]} {t[1]}{t[2] if t[2].startswith(' (') else ''}"
    )
    timed = st.tuples(st.sampled_from(["", "- ", "* ", "1. "]), st.sampled_from(TIMES),
                      st.sampled_from([" ", " — ", ": ", " - "]), WORDS).map("".join)  # fmt: skip
    labelled = st.tuples(st.sampled_from(LABELS), st.sampled_from([" ", ""]), WORDS).map("".join)
    item = st.tuples(st.sampled_from(["- [ ] ", "- [x] ", "- ", "  - ", "> "]), WORDS).map("".join)
    row = st.lists(WORDS, min_size=1, max_size=4).map(lambda cells: "| " + " | ".join(cells) + " |")
    fixed = st.sampled_from(["", "", "---", "| --- | --- |", "```", "[ref]: https://example.com/x", "Title", "==="])
    return st.one_of(heading, timed, labelled, item, row, fixed, WORDS)


DOCUMENTS = st.lists(_line(), max_size=25).map("\n".join)


def _held(parts: list[Part], *, once: bool) -> str:
    """The letters of every label and value of *parts*, in order; *once*: a label said once for the parts it names."""
    texts, before = [], None
    for part in parts:
        texts += [part.label] if part.label != before or not once else []
        before = part.label
        texts += strings(part.value)
    return letters("".join(texts))


def _lost(text: str, parts: list[Part]) -> list[str]:
    """The texts of *text* no part holds."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "source.md"
        source.write_text(text, encoding="utf-8")
        found = pieces(source)
    held = (_held(parts, once=True), _held(parts, once=False))
    return [piece for _, piece in found if all(letters(piece) not in text for text in held)]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_reading_a_writeup_never_crashes_nor_loses_a_line(text: str) -> None:
    """Whatever the headings, labels, times, lists and tables, every line's text is held by a part."""
    parts = writeup_parts(text, values=VALUES, words=STATUS_WORDS)
    assert _lost(text, parts) == []
    assert all(part.line >= 1 for part in parts)


@settings(max_examples=200, deadline=None)
@given(DOCUMENTS)
def test_reading_tables_of_incidents_never_crashes(text: str) -> None:
    """A document read as a table of incidents gives rows with a title column, or nothing; never an exception."""
    table = "| # | Incident | Gravité | Cause racine |\n|---|---|---|---|\n| 1 | Disque plein | P2 | Purge |\n"
    read = read_table(table + text, origin="t", values=VALUES)
    assert read is not None
    assert read.found[0].parts[1].value == "Disque plein"
    assert all(found.origin.startswith("t, row ") for found in read.found)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DOCUMENTS)
def test_every_import_checks_as_a_draft(text: str) -> None:
    """Through the command: any write-up becomes a draft that pm check accepts, or a plain error; no traceback."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        assert runner.invoke(main, ["init", "-q"], catch_exceptions=False).exit_code == 0
        Path("source.md").write_text(text, encoding="utf-8")
        result = runner.invoke(main, ["import", "source.md"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        check = runner.invoke(main, ["check"], catch_exceptions=False)
        assert check.exit_code == 0, check.output
        drafts = [p for p in Path("incidents").iterdir() if "checkout-database" not in p.name]
        assert all(YAML(typ="safe").load(p.read_text(encoding="utf-8"))["status"] == "draft" for p in drafts)
