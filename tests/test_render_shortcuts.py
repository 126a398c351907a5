"""Shortcuts of rendering give what the long way gives: plain texts skip the parser, an incident is copied once."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.config.files import load_config
from postmortem.corpus.repository import load_corpus
from postmortem.model.incident import Incident
from postmortem.render import commonmark
from postmortem.render.markup import (
    HEADING_SHIFT,
    _parser,
    _plain_paragraphs,
    safe_url,
    to_html,
    to_markdown,
    to_markdown_cell,
    to_plain,
)
from postmortem.render.report import Corpus, Format, context

CHARACTERS = [*"ab c\"'\\`*_[]<>&!~|\n\n\n\r\t\0\x0b\x0c:/.()#-+=%@é\u00a0\u2028\u3000 19", "http://", "www."]
WORDS = ["Load", "rose", "on", "the", "primary", "Load", "rose", "on", "1", "2.", "3)", "10.5", "edge-cdn"]
WORDS += ["#", "-", "+", "="]
WORDS += ["é", '"a"', "it's", "www.example.com", "http://x.org", "a:b", "1\u00a0000", "&", "*", "`"]
SPACE = ["", "", "", "", "", "", " ", "  ", "\t", "\u00a0"]


def _lines() -> st.SearchStrategy[str]:
    """Lines of words that mostly hold no markup, with what could start a block or pad an edge now and then."""
    words = st.lists(st.sampled_from(WORDS), min_size=0, max_size=5).map(" ".join)
    edge = st.sampled_from(SPACE)
    return st.builds(lambda left, text, right: left + text + right, edge, words, edge)


def _paragraph() -> st.SearchStrategy[str]:
    """A paragraph of plain words on one line or more."""
    words = st.sampled_from([*WORDS[:8], "é", '"a"', "it's", "1\u00a0000", "10.5", "3", "a-b", "c#", "x=y"])
    return st.lists(st.lists(words, min_size=1, max_size=6).map(" ".join), min_size=1, max_size=3).map("\n".join)


TEXTS = st.one_of(
    st.lists(st.sampled_from(CHARACTERS), max_size=40).map("".join),
    st.lists(_lines(), max_size=6).map("\n".join),
    st.lists(_paragraph(), max_size=3).map("\n\n".join),
)


def _clear() -> None:
    """Forget what earlier examples converted, so that each one takes the path its text leads to."""
    for function in (to_html, to_markdown, to_markdown_cell, to_plain):
        function.cache_clear()


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_plain_blocks_give_what_the_parser_gives(text: str) -> None:
    """A report's block text (summary, root cause, lessons) as HTML and as Markdown, with or without the parser."""
    _clear()
    assert str(to_html(text)) == _parser().render(text)
    options = commonmark.Options(shift=HEADING_SHIFT, url_ok=safe_url)
    assert to_markdown(text) == commonmark.to_markdown(_parser().parse(text), options=options)


@settings(max_examples=600, deadline=None)
@given(TEXTS)
def test_plain_lines_give_what_the_parser_gives(text: str) -> None:
    """A table cell in Markdown and a title as plain text, with or without the parser."""
    _clear()
    line = " ".join(text.split())
    options = commonmark.Options(shift=0, url_ok=safe_url)
    cell = commonmark.inline_to_markdown(_parser().parseInline(line), options=options, cell=True)
    assert to_markdown_cell(text) == cell
    assert to_plain(text) == html.unescape(re.sub(r"<[^>]+>", "", _parser().renderInline(line)))


def test_plain_texts_are_most_texts() -> None:
    """Texts of words, lines and paragraphs take the shortcut; a list, a heading, markup or a padded line do not."""
    text = "Load rose.\nIt fell.\n\nThen 3 of 5 retried, at 10.5 % (see edge-cdn).\n"
    assert _plain_paragraphs(text) == ["Load rose.\nIt fell.", "Then 3 of 5 retried, at 10.5 % (see edge-cdn)."]
    assert to_html(text) == "<p>Load rose.\nIt fell.</p>\n<p>Then 3 of 5 retried, at 10.5 % (see edge-cdn).</p>\n"
    assert to_markdown(text) == "Load rose.\nIt fell.\n\nThen 3 of 5 retried, at 10.5 % (see edge-cdn)."
    for text in ["Load.\n- It fell.", "1. Load", "# Load", "Load\n===", "Load **rose**", "    code", "A  \nB"]:
        assert _plain_paragraphs(text) is None, text


def test_the_reports_of_an_incident_copy_it_once(example_repo: Path) -> None:
    """The HTML report uses the copies the Markdown one made of the same incident; another incident is copied anew."""
    config = load_config(example_repo)
    first, second = load_corpus(config).incidents[:2]
    links = Corpus(titles={}, risks={})
    today = dt.date(2025, 6, 1)

    def values(incident: Incident, fmt_name: Format) -> dict[str, Any]:
        return dict(context(incident, config=config, corpus=links, fmt_name=fmt_name, today=today))

    markdown, page = values(first, "md"), values(first, "html")
    assert page["incident"] is markdown["incident"]
    assert page["rows"] == markdown["rows"]
    assert page["facts"] == markdown["facts"]
    assert page["rows"]
    assert page["chart"] != markdown["chart"]  # what differs by format is made for each
    assert values(second, "md")["incident"]["id"] == second.id
    again = values(first, "html")
    assert again["incident"] is not markdown["incident"]
    assert again["incident"] == markdown["incident"]
    assert again["rows"] == markdown["rows"]
    later = dict(context(first, config=config, corpus=links, fmt_name="md", today=dt.date(2025, 6, 2)))
    assert later["incident"] is not again["incident"]
