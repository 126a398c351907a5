"""Render stage helper: incident Markdown made safe, as HTML (escaped raw HTML, checked links) and as Markdown."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
HEADING_SHIFT = 2
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.*?)\1", re.DOTALL)
_RAW_TAG = re.compile(r"<(?=[A-Za-z/!?])(?![a-zA-Z][a-zA-Z0-9+.-]{1,31}:[^\s<>]*>)(?![^\s<>@]+@[^\s<>@]+>)")
_LINK_TARGET = re.compile(r"(\]\(\s*<?)((?:[^()\s>]|\([^()\s]*\))*)")
_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=\s|$)")
_LIST_ITEM = re.compile(r"^ {0,3}([-*+]|\d{1,9}[.)])\s")
_PLAIN_INLINE = re.compile(r"[\\`*_\[\]<>&!~\n\r]")  # what inline Markdown or escaping would change


def safe_url(url: str) -> bool:
    """True for links that cannot run code: http(s), mailto, and relative links."""
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", urllib.parse.unquote(html.unescape(url)))
    scheme = _SCHEME.match(cleaned)
    return scheme is None or scheme[1].lower() in SAFE_SCHEMES


def _render_image(_renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """Images become links: a report loads nothing from elsewhere."""
    token = tokens[index]
    src = str(token.attrGet("src") or "")
    alt = html.escape(token.content or src)
    return f'<a href="{html.escape(src)}" class="image-link">{alt}</a>'


def _shift_heading(_renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """Headings inside a field sit below the report's own: ``#`` becomes ``<h3>`` (pages keep their levels)."""
    token = tokens[index]
    level = min(int(token.tag[1]) + (HEADING_SHIFT if env.get("shift", True) else 0), 6)
    return f"<{'/' if token.nesting < 0 else ''}h{level}>" + ("\n" if token.nesting < 0 else "")


def _link_open(_renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any) -> str:
    """External links carry rel=noopener, and never pass the referrer."""
    token = tokens[index]
    href = str(token.attrGet("href") or "")
    rel = ' rel="nofollow noopener noreferrer"' if _SCHEME.match(href) else ""
    return f'<a href="{html.escape(href)}"{rel}>'


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """One CommonMark parser with tables and strikethrough; raw HTML is shown as text."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    parser.validateLink = safe_url  # type: ignore[method-assign]
    parser.add_render_rule("image", _render_image)
    parser.add_render_rule("heading_open", _shift_heading)
    parser.add_render_rule("heading_close", _shift_heading)
    parser.add_render_rule("link_open", _link_open)
    return parser


def link_label(url: str) -> str:
    """Short, descriptive text for a bare link: its last two path segments, or its host."""
    parts = urllib.parse.urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    return "/".join(segments[-2:]) or parts.netloc or url


def href(url: str | None) -> str:
    """A link target that is safe to put in ``href``: the URL itself, or ``#`` when it could run code."""
    return url if url and safe_url(url) else "#"


@lru_cache(maxsize=8192)
def to_html(text: str | None) -> Markup:
    """Block Markdown to safe HTML (the same text, such as a shared lesson, is rendered once)."""
    return Markup(_parser().render(text or ""))


def page_to_html(text: str | None) -> Markup:
    """A whole Markdown page to safe HTML, its headings kept at their level."""
    return Markup(_parser().render(text or "", {"shift": False}))


@lru_cache(maxsize=8192)
def to_inline_html(text: str | None) -> Markup:
    """One line of Markdown (a title, a table cell) to safe inline HTML."""
    text = text or ""
    if _PLAIN_INLINE.search(text) is None and text == text.strip():  # most cells: nothing for Markdown to do
        return Markup(text.replace('"', "&quot;"))
    return Markup(_parser().renderInline(text))


def _outside_code(line: str, change: Any) -> str:
    """Apply *change* to the parts of *line* that are not inside backtick code spans."""
    if "`" not in line:
        return str(change(line))
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(line):
        parts += [change(line[last : match.start()]), match.group(0)]
        last = match.end()
    return "".join([*parts, change(line[last:])])


def _neutralise(segment: str) -> str:
    """Escape raw HTML tags, turn images into links and replace unsafe link targets in Markdown text."""
    if "<" not in segment and "[" not in segment:  # no tag, image nor link: nothing to change
        return segment
    segment = _RAW_TAG.sub("&lt;", segment).replace("![", "[")
    return _LINK_TARGET.sub(lambda m: m.group(1) + (m.group(2) if safe_url(m.group(2)) else "#"), segment)


def to_markdown(text: str | None, shift: int = HEADING_SHIFT) -> str:
    """Block Markdown for a Markdown report: raw HTML escaped, unsafe links dropped, headings shifted, tabs expanded."""
    lines, fence = [], ""
    for line in (text or "").expandtabs(4).strip("\n").splitlines():
        opening = _FENCE.match(line)
        if fence:
            fence = "" if opening and opening.group(1).startswith(fence) else fence
            lines.append(line)
            continue
        if opening:
            fence = opening.group(1)[:3]
            lines.append(line)
            continue
        line = _HEADING.sub(lambda m: m.group(1) + "#" * min(len(m.group(2)) + shift, 6), line)
        previous = lines[-1] if lines else ""
        if _LIST_ITEM.match(line) and previous.strip() and not (_LIST_ITEM.match(previous) or previous[:1].isspace()):
            lines.append("")  # a list that interrupts a paragraph gets its blank line
        lines.append(_outside_code(line, _neutralise).rstrip())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def to_markdown_cell(text: str | None) -> str:
    """Markdown for one table cell: one line, pipes escaped."""
    one_line = " ".join((text or "").split())
    return _outside_code(one_line, _neutralise).replace("|", "\\|")


def table_row(cells: list[str]) -> str:
    """One Markdown table row from cells already made safe with :func:`to_markdown_cell`; empty cells stay compact."""
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def report_link(incident_id: str) -> str:
    """A Markdown link to an incident's Markdown report."""
    return f"[{incident_id}]({incident_id}.md)"


def indent(text: str, by: int = 2) -> str:
    """Indent every line but the first, for list items that span lines."""
    return text.replace("\n", "\n" + " " * by)


def to_plain(text: str | None) -> str:
    """One line of Markdown as plain text, for a page title or a PDF's metadata."""
    rendered = _parser().renderInline(" ".join((text or "").split()))
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))
