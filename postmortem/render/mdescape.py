"""Render stage helper: text for Markdown, escaped where CommonMark or GitHub could read it as markup."""

from __future__ import annotations

import re

ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,47};)")
_ALWAYS = {"`": "\\`", "*": "\\*", "[": "\\[", "]": "\\]", "|": "\\|", "\n": "&#10;", "\r": "&#13;"}
_BLOCK_START = re.compile(
    r"#{1,6}(?:[ \t]|$)"  # ATX heading
    r"|[-+*](?:[ \t]|$)"  # bullet list item
    r"|>"  # block quote
    r"|=+[ \t]*$"  # setext underline
    r"|([-*_])(?:[ \t]*\1){2,}[ \t]*$"  # thematic break, setext underline
    r"|~~~"  # tilde fence
)
_ORDERED = re.compile(r"\d{1,9}(?=[.)](?:[ \t]|$))")
_SPECIAL = re.compile(r"[`*\[\]|\n\r\\<_~!&]")  # the characters that :func:`escape` may change
_LAST_WORD = re.compile(r"\S+$")
_LINK_START = re.compile(r"(?i)www\.|:(?=//)")


def escape(text: str, *, before: str, after: str) -> str:
    """Text that reads back as itself between *before* and *after* (the characters written around it)."""
    if _SPECIAL.search(text) is None:
        return text

    def one(found: re.Match[str]) -> str:
        index, char = found.start(), found.group()
        if char == "&":
            return "\\&" if ENTITY.match(text, index) else char
        prev = text[index - 1] if index else before
        nxt = text[index + 1] if index + 1 < len(text) else after
        return _escaped(char, prev=prev, nxt=nxt)

    return _SPECIAL.sub(one, text)


def _escaped(char: str, *, prev: str, nxt: str) -> str:
    """One character of text, escaped when it could be read as markup where it stands."""
    if char in _ALWAYS:
        return _ALWAYS[char]
    if char == "\\":
        return char if nxt.isalnum() else "\\\\"  # before anything else it could escape or break a line
    if char == "<":
        return "&lt;" if nxt not in ("", " ", "\t") else char  # not "\\<": older Markdown reads that as HTML
    if char == "_":
        inert = (prev.isalnum() and nxt.isalnum()) or (prev in (" ", "\t") and nxt in (" ", "\t"))
        return char if inert else "\\_"
    if char == "~":
        return "\\~" if "~" in (prev, nxt) else char
    if char == "!":
        return "\\!" if nxt == "[" else char
    return char


def code_span(content: str) -> str:
    """A code span holding *content* literally: its backtick run longer than any inside, padded when needed."""
    longest = max((len(run) for run in re.findall("`+", content)), default=0)
    ticks = "`" * (longest + 1)
    pad = content[:1] == "`" or content[-1:] == "`" or (content[:1] == content[-1:] == " " and content.strip() != "")
    return f"{ticks} {content} {ticks}" if pad else f"{ticks}{content}{ticks}"


def paragraph_lines(text: str) -> str:
    """Paragraph lines with whatever would start a block at their beginning escaped, and their edges kept."""
    return "\n".join(_line_start(edges(line)) for line in text.split("\n"))


def _line_start(line: str) -> str:
    """*line* with its first character escaped when it would start a heading, list, quote, fence or rule."""
    if _BLOCK_START.match(line):
        return "\\" + line
    ordered = _ORDERED.match(line)
    return f"{ordered.group(0)}\\{line[ordered.end() :]}" if ordered else line


def edges(line: str) -> str:
    """Spaces and tabs at either end of a line as character references: they would be dropped or mean code."""
    stripped = line.strip(" \t")
    if stripped == line:
        return line
    codes = {" ": "&#32;", "\t": "&#9;"}
    if not stripped:
        return "".join(codes[c] for c in line)
    left = len(line) - len(line.lstrip(" \t"))
    right = len(line.rstrip(" \t"))
    return "".join(codes[c] for c in line[:left]) + stripped + "".join(codes[c] for c in line[right:])


def unlinked(text: str) -> str:
    """*text* with a bare web address in its last word kept from being a link on GitHub.

    GitHub's extended autolinks run from ``www.`` or ``://`` to the next space or ``<``: across the markup written
    after the text, they would swallow a code span's opening and show its content (say ``<img>``) as raw HTML.
    """
    word = _LAST_WORD.search(text)
    if word is None or not _LINK_START.search(word.group()):
        return text
    return text[: word.start()] + _LINK_START.sub(
        lambda found: found.group().replace(".", "&#46;").replace(":", "&#58;"), word.group()
    )


def reference(edge: str, *, inner: str, markup: str) -> str:
    """*edge*, a character of text next to emphasis markup, as a character reference if it would unmake the markup.

    A letter does against ``_``, and against ``*`` or ``~`` that stand next to punctuation on the inner side.
    """
    stops = edge.isalnum() and (markup[0] == "_" or not (inner.isalnum() or inner.isspace()))
    return f"&#{ord(edge)};" if stops else edge
