"""Render stage helper: pieces of a page (a row of a table) rendered once, and remembered by all they can show.

A page across incidents is mostly rows, and after an edit nearly all of them are the same. A template writes
``{{ fragment("site/incident-row.html.j2", row=row) }}``: the piece's template sees only what every page sees
(labels, formatter, configuration, the page's name, the day) and the values it is given, so its text is known by
a digest of those, of its template's source and of the templates it imports; pm remembers it in the memo of
conversions (sealed, see :mod:`postmortem.render.memo`), and renders it again only when one of them changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, Template
from markupsafe import Markup

from postmortem.render import memo
from postmortem.render.bounded import collected_pieces, written_piece
from postmortem.render.plain import Keyed, TemplateContext, TemplateFunction, is_copy, made, plain
from postmortem.render.reads import sources_digest

SEEN = ("config", "site", "page", "language", "t", "s", "fmt", "today", "version", "formats")  # what a piece sees
_MARKUP = (".html.j2", ".svg.j2", ".xml.j2")  # the pieces whose text is markup, not to be escaped again


@dataclass(frozen=True, slots=True)
class _Piece:
    """What a page knows of one piece's template, found at its first row: the rows after it ask for nothing more."""

    template: Template
    digest: hashlib.blake2b | None  # a hash of all its rows show but their values (None: cannot be known)
    kind: str  # the memo's kind of its entries
    markup: bool


def fragments(env: Environment, context: TemplateContext) -> dict[str, TemplateFunction]:
    """The functions offered to the templates of one page rendered with *context*, by name.

    ``fragment(name, **values)``: the piece *name* with *values*. ``fragments(name, rows, paths, **values)``: the
    piece for each of *rows*, joined, with *values* and, for each name of *paths*, what the row holds at its path
    (``{"incident": "incident.id"}``; ``""``, the row itself): the same text as one ``fragment`` a row, without a
    call from the template and a lookup in its loop for each.
    """
    seen = {name: context[name] for name in SEEN if name in context}
    shown = repr([(name, seen[name]) for name in sorted(seen) if name != "fmt"])  # fmt: made from the config
    base = hashlib.blake2b(shown.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    pieces: dict[str, _Piece] = {}

    def piece(name: str) -> _Piece:
        """The template of *name* and the digest its rows start from, looked up once per page."""
        found = pieces.get(name)
        if found is None:
            found = pieces[name] = _piece(env, name, base=base)
        return found

    def written(name: str, found: _Piece, values: dict[str, Any]) -> str:
        """The text of one row of the piece *found*, from the memo when it holds it."""
        given = values if all(is_copy(value) for value in values.values()) else plain(values)

        def render() -> str:
            shown = {key: made(value) if type(value) is Keyed else value for key, value in given.items()}
            return written_piece(found.template, {**seen, **shown}, name=name)

        if found.digest is None:  # a template it uses is named only when it runs: it could show anything
            return render()
        digest = found.digest.copy()
        digest.update(repr(sorted(_known(given))).encode("utf-8", "surrogatepass"))
        return memo.recall(f"{found.kind}:{digest.hexdigest()}", render)  # kept by kind of row

    def fragment(name: str, **values: Any) -> str:
        found = piece(name)
        text = written(name, found, values)
        return Markup(text) if found.markup else text

    def each(name: str, rows: Iterable[Any], paths: Mapping[str, str], **values: Any) -> str:
        found = piece(name)
        steps = [(value, path.split(".") if path else []) for value, path in paths.items()]
        texts = (written(name, found, {**values, **{value: _at(env, row, parts) for value, parts in steps}})
                 for row in rows)  # fmt: skip
        text = collected_pieces(texts, name=name)
        return Markup(text) if found.markup else text

    return {"fragment": TemplateFunction(fragment), "fragments": TemplateFunction(each)}


def _piece(env: Environment, name: str, *, base: str) -> _Piece:
    """The template of the piece *name*, and the digest its rows start from (*base*: what every piece sees)."""
    source = sources_digest(env, name)
    digest = None
    if source is not None:
        digest = hashlib.blake2b(repr((base, name, source)).encode("utf-8", "surrogatepass"), digest_size=16)
    return _Piece(env.get_template(name), digest, memo.kind("fragment " + name), name.endswith(_MARKUP))


def _at(env: Environment, row: Any, parts: list[str]) -> Any:
    """What a template reads at ``row.part.part…`` (the sandbox's lookup), or the row itself for no part."""
    for part in parts:
        row = env.getattr(row, part)
    return row


def _known(given: dict[str, Any]) -> list[tuple[str, Any]]:
    """What a piece is remembered by of its values: each value, or the key of one handed by its key (not made)."""
    return [(name, ("keyed", str(value)) if type(value) is Keyed else value) for name, value in given.items()]
