"""Render stage: the style sheets of the PDFs of one build, parsed once per process rather than once per PDF."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_KEPT = 16  # style sheets kept by a process: one per report language and one for the book, in practice


@dataclass(frozen=True, slots=True, kw_only=True)
class Sheets:
    """A document's own style sheets, parsed, with the fonts their ``@font-face`` rules added.

    *refused* are the addresses refused while parsing them (``@import``, ``@font-face``): each PDF that uses
    the sheets names them again, as if it had parsed them itself.
    """

    stylesheets: tuple[Any, ...]
    font_config: Any
    color_profiles: dict[str, Any]
    refused: tuple[str, ...]


_KEPT: dict[tuple[object, str, tuple[str, ...]], Sheets] = {}


def forget() -> None:
    """Drop the kept style sheets (at the end of a build: a project's fonts or imports may change before the next)."""
    _KEPT.clear()


def take_styles(page: Any) -> tuple[str, ...] | None:
    """Empty the ``<style>`` elements of *page* (a parsed WeasyPrint HTML) and return their text, in order.

    None, and *page* untouched, when the document has other style sheets (``<link>``, a ``media`` or a ``type``
    attribute) or defines counter styles: then WeasyPrint parses it all as usual, so that the order and origin
    of every rule stay exactly as written.
    """
    from weasyprint.html import get_child_text

    found = [element for element in page.etree_element.iter() if element.tag in ("style", "link")]
    plain = all(element.tag == "style" and not element.keys() for element in found)
    texts = tuple(get_child_text(element) for element in found)
    if not found or not plain or any("@counter-style" in text.lower() for text in texts):
        return None
    for element in found:
        element.text = ""
    return texts


def parsed(texts: tuple[str, ...], *, base: str, scope: object, fetcher: Callable[[], tuple[Any, list[str]]]) -> Sheets:
    """The style sheets of *texts*, parsed once for this process and *scope* (what the fetcher may load).

    *fetcher* gives a new URL fetcher and the list where it notes its refusals.

    They are given to WeasyPrint as the user's style sheets: with no other sheet in the document than the
    browser's defaults, they win over those as the document's own would, in the same order.
    """
    key = (scope, base, texts)
    kept = _KEPT.get(key)
    if kept is None:
        kept = _parse(texts, base=base, fetcher=fetcher)
        if len(_KEPT) >= MAX_KEPT:
            _KEPT.pop(next(iter(_KEPT)))
        _KEPT[key] = kept
    return kept


def _parse(texts: tuple[str, ...], *, base: str, fetcher: Callable[[], tuple[Any, list[str]]]) -> Sheets:
    """Parse *texts* as WeasyPrint parses a document's ``<style>`` elements, with fonts of their own."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    url_fetcher, refused = fetcher()
    font_config, color_profiles = FontConfiguration(), dict[str, Any]()
    stylesheets = tuple(
        CSS(
            string=text,
            base_url=base,
            url_fetcher=url_fetcher,
            media_type="print",
            font_config=font_config,
            color_profiles=color_profiles,
        )
        for text in texts
    )
    return Sheets(stylesheets=stylesheets, font_config=font_config, color_profiles=color_profiles,
                  refused=tuple(refused))  # fmt: skip
