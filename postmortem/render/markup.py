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

from postmortem.render import commonmark

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
HEADING_SHIFT = 2
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_BLANKS = re.compile(r"[\x00-\x20\x7f]+")
_PLAIN_INLINE = re.compile(r"[\\`*_\[\]<>&!~\n\r]")  # what inline Markdown or escaping would change
_MARKUP = re.compile(r"[\\`*_\[\]<>&!~|\r\0]")  # what Markdown may read (or change) anywhere in a text
_LINE_START = re.compile(r"[#+=-]|\d{1,9}[.)]")  # what may start a block at the start of a line


def safe_url(url: str) -> bool:
    """True for links that cannot run code: http(s), mailto, and relative links.

    The scheme is read after each round of decoding (character references, percent-encoding, then spaces and
    control characters removed), as long as a round changes something: ``JaVa&#x09;Script%3A`` is refused.
    """
    for _ in range(8):
        scheme = _SCHEME.match(url)
        if scheme is not None and scheme[1].lower() not in SAFE_SCHEMES:
            return False
        decoded = _BLANKS.sub("", urllib.parse.unquote(html.unescape(url)))
        if decoded == url:
            return True
        url = decoded
    return False  # still changing: encoded too many times to be a real link


_AS_IS = commonmark.Options(shift=0, url_ok=safe_url)


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


MEMO = 65536  # texts converted, by function: all of a corpus of 1,000 incidents, for the pages that show them again
_SHARED_PARSES = 256  # texts parsed lately: an incident's two reports, rendered one after the other, parse each once


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """One CommonMark parser with tables and strikethrough; raw HTML is shown as text."""
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.enable(["table", "strikethrough"])
    parser.disable(["html_block", "html_inline"])  # they find nothing without the html option: not tried at all
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


@lru_cache(maxsize=_SHARED_PARSES)
def _blocks(text: str) -> list[Token]:
    """The tokens of a block text, parsed once for both reports of an incident (renderers only read them)."""
    return _parser().parse(text)


@lru_cache(maxsize=_SHARED_PARSES)
def _inline(text: str) -> list[Token]:
    """The tokens of one line of Markdown, parsed once for the cells, titles and plain texts that show it."""
    return _parser().parseInline(text)


def _rendered(tokens: list[Token]) -> str:
    """Tokens as HTML, with pm's rules (images as links, shifted headings, safe external links)."""
    parser = _parser()
    return str(parser.renderer.render(tokens, parser.options, {}))


def _plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of a block text that holds nothing for Markdown to read (words, lines, blank lines); else None.

    Such a text is paragraphs of its lines as written, whatever the dialect: no character that could be markup,
    no line that could start a block (heading, list, rule, setext underline, indented code), no hard break.
    """
    if _MARKUP.search(text) is not None:
        return None
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in [*text.split("\n"), ""]:
        if not line:
            if lines:
                paragraphs.append("\n".join(lines))
                lines = []
        elif line != line.strip() or _LINE_START.match(line):
            return None
        else:
            lines.append(line)
    return paragraphs


@lru_cache(maxsize=MEMO)
def to_html(text: str | None) -> Markup:
    """Block Markdown to safe HTML (the same text, such as a shared lesson, is rendered once)."""
    text = text or ""
    paragraphs = _plain_paragraphs(text)
    if paragraphs is not None:  # most texts: their paragraphs as they are
        return Markup("".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs).replace('"', "&quot;"))
    return Markup(_rendered(_blocks(text)))


def page_to_html(text: str | None) -> Markup:
    """A whole Markdown page to safe HTML, its headings kept at their level."""
    return Markup(_parser().render(text or "", {"shift": False}))


@lru_cache(maxsize=MEMO)
def to_inline_html(text: str | None) -> Markup:
    """One line of Markdown (a title, a table cell) to safe inline HTML."""
    text = text or ""
    if _PLAIN_INLINE.search(text) is None and text == text.strip():  # most cells: nothing for Markdown to do
        return Markup(text.replace('"', "&quot;"))
    return Markup(_rendered(_inline(text)))


@lru_cache(maxsize=MEMO)
def to_markdown(text: str | None, shift: int = HEADING_SHIFT) -> str:
    """Block Markdown for a Markdown report, written back from its syntax tree: raw HTML and unsafe links are text.

    Headings sit *shift* levels lower. Nothing of the text can end up as markup it was not parsed as.
    """
    text = text or ""
    paragraphs = _plain_paragraphs(text)
    if paragraphs is not None:  # most texts: their paragraphs as they are
        return "\n\n".join(paragraphs)
    options = commonmark.Options(shift=shift, url_ok=safe_url)
    return commonmark.to_markdown(_blocks(text), options=options)


@lru_cache(maxsize=MEMO)
def to_markdown_cell(text: str | None) -> str:
    """Markdown for one table cell or list entry: one line, pipes escaped."""
    line = " ".join((text or "").split())
    if _MARKUP.search(line) is None:  # most cells: nothing for Markdown to read, nothing to escape
        return line
    return commonmark.inline_to_markdown(_inline(line), options=_AS_IS, cell=True)


def safe_markdown(document: str) -> str:
    """A whole Markdown output (report, index) written back from its syntax tree, whatever the template wrote.

    Templates come from the repository: whatever they hold, the file pm writes has no raw HTML, no autolink or
    link to an unsafe scheme, no reference definition; the headings, lists and tables they meant are kept.
    """
    return commonmark.to_markdown(_parser().parse(document), options=_AS_IS) + "\n"


def table_row(cells: list[str]) -> str:
    """One Markdown table row from cells already made safe with :func:`to_markdown_cell`; empty cells stay compact."""
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def report_link(incident_id: str) -> str:
    """A Markdown link to an incident's Markdown report."""
    return f"[{incident_id}]({incident_id}.md)"


def indent(text: str, by: int = 2) -> str:
    """Indent every line but the first, for list items that span lines."""
    return text.replace("\n", "\n" + " " * by)


@lru_cache(maxsize=MEMO)
def to_plain(text: str | None) -> str:
    """One line of Markdown as plain text, for a page title or a PDF's metadata."""
    line = " ".join((text or "").split())
    if _MARKUP.search(line) is None:  # most titles: nothing for Markdown to read
        return line
    return html.unescape(re.sub(r"<[^>]+>", "", _rendered(_inline(line))))
