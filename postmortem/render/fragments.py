"""Render stage helper: pieces of a page (a row of a table) rendered once, and remembered by all they can show.

A page across incidents is mostly rows, and after an edit nearly all of them are the same. A template writes
``{{ fragment("site/incident-row.html.j2", row=row) }}``: the piece's template sees only what every page sees
(labels, formatter, configuration, the page's name, the day) and the values it is given, so its text is known by
a digest of those, of its template's source and of the templates it imports; pm remembers it in the memo of
conversions (sealed, see :mod:`postmortem.render.memo`), and renders it again only when one of them changes.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, Template
from markupsafe import Markup

from postmortem.render import memo
from postmortem.render.bounded import collected_pieces, written_piece
from postmortem.render.plain import Keyed, TemplateContext, TemplateFunction, is_copy, made, plain
from postmortem.render.reads import sources_digest
from postmortem.render.records import Record

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
        given = _made_plain(values)
        if found.digest is None:  # a template it uses is named only when it runs: it could show anything
            return rendered(name, found, given)
        digest = found.digest.copy()
        digest.update(repr(sorted(_known(given))).encode("utf-8", "surrogatepass"))
        return memo.recall(f"{found.kind}:{digest.hexdigest()}", lambda: rendered(name, found, given))  # by kind

    def rendered(name: str, found: _Piece, given: dict[str, Any]) -> str:
        """The text of one row of the piece *found*, made now from its plain values *given*."""
        shown = {key: made(value) if type(value) is Keyed else value for key, value in given.items()}
        return written_piece(found.template, {**seen, **shown}, name=name)

    def fragment(name: str, **values: Any) -> str:
        found = piece(name)
        text = written(name, found, values)
        return Markup(text) if found.markup else text

    def each(name: str, rows: Iterable[Any], paths: Mapping[str, str], **values: Any) -> str:
        found = piece(name)
        steps = [(value, path.split(".") if path else []) for value, path in paths.items()]
        texts = _rows(env, found, rows, steps, values, render=lambda given: rendered(name, found, _made_plain(given)),
                      slow=lambda given: written(name, found, given))  # fmt: skip
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


CHUNK = 512  # rows whose digests are made before their texts are looked up: a page's bound is checked between


def _rows(
    env: Environment,
    found: _Piece,
    rows: Iterable[Any],
    steps: list[tuple[str, list[str]]],
    values: dict[str, Any],
    *,
    render: Callable[[dict[str, Any]], str],
    slow: Callable[[dict[str, Any]], str],
) -> Iterator[str]:
    """The texts of *rows* of the piece *found*, each remembered by a digest of the values it is given.

    A row is given *values* and its own values at the paths of *steps*. What *slow* (``written``) gives each row,
    at a fraction of its cost: the values every row shares are digested once, each row's own as one tuple, and
    the memo is asked for many rows at a time; *render* makes a row the memo does not hold. A row holding a value
    that is not plain as it is goes the slow way (which makes it so), with a digest of another form; so do all
    rows when a shared value is such, or when the piece cannot be known.
    """
    own = [value for value, _ in steps]
    shared = {name: value for name, value in values.items() if name not in own}
    read = _reader(env, [parts for _, parts in steps])
    if found.digest is None or not all(_shown_as_is(value) for value in values.values()):
        yield from (slow(_given(shared, own, read(row))) for row in rows)
        return
    start = found.digest.copy()
    start.update(repr(("rows", sorted(_known(shared)), own)).encode("utf-8", "surrogatepass"))
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(read(row))
        if len(chunk) == CHUNK:
            yield from _chunk_texts(found, chunk, start, own, shared, render, slow)
            chunk = []
    yield from _chunk_texts(found, chunk, start, own, shared, render, slow)


def _chunk_texts(
    found: _Piece,
    chunk: list[tuple[Any, ...]],
    start: Any,
    own: list[str],
    shared: dict[str, Any],
    render: Callable[[dict[str, Any]], str],
    slow: Callable[[dict[str, Any]], str],
) -> list[str]:
    """The texts of the rows whose own values are *chunk* (see :func:`_rows`), from the memo when it holds them.

    *render* makes the text of a row the memo does not hold; *slow* gives that of a row with a value that is not
    shown as it is (``written``, which makes its values plain first).
    """
    texts: list[str] = [""] * len(chunk)
    digests: list[str] = []
    places: list[int] = []
    for number, got in enumerate(chunk):
        if all(type(value) in _SHOWN or _shown_as_is(value) for value in got):
            digest = start.copy()
            known = [("keyed", str(value)) if type(value) is Keyed else value for value in got]
            digest.update(repr(known).encode("utf-8", "surrogatepass"))
            digests.append(digest.hexdigest())
            places.append(number)
        else:
            texts[number] = slow(_given(shared, own, got))
    kept = memo.recall_each(found.kind, digests, lambda place: render(_given(shared, own, chunk[places[place]])))
    for place, text in zip(places, kept, strict=True):
        texts[place] = text
    return texts


def _given(shared: dict[str, Any], own: list[str], got: tuple[Any, ...]) -> dict[str, Any]:
    """The values a row's piece is given: those all rows share, and its own (*got*, named by *own*)."""
    return {**shared, **dict(zip(own, got, strict=True))}


_SHOWN = frozenset({str, Keyed, bool, int, type(None)})  # a row's values shown as they are, told by type alone


def _shown_as_is(value: Any) -> bool:
    """Whether a template is shown *value* itself: text, a number, a record, a tuple of text or numbers (no generator).

    Such a value is its own plain copy, or a record whose copy a template reads alike and which writes (``repr``)
    the same: its text is known by what it writes.
    """
    kind = type(value)
    if kind is tuple:
        return all(type(item) in _SHOWN for item in value)
    return is_copy(value) or isinstance(value, Record)


def _made_plain(values: dict[str, Any]) -> dict[str, Any]:
    """*values* as a piece's template sees them: plain (see :mod:`postmortem.render.plain`)."""
    return values if all(is_copy(value) for value in values.values()) else plain(values)


def _reader(env: Environment, paths: list[list[str]]) -> Callable[[Any], tuple[Any, ...]]:
    """What reads a row's values at *paths* as :func:`_at` does, each at once where the row is a record.

    A record's value is the sandbox's lookup of a name it holds (see ``PmSandbox.getattr``): a row of tens of
    thousands reads its values in one call then, and goes further down a path only past its first name.
    """
    if not paths or not all(paths):  # a path "" (the row itself): read the way any row is
        return lambda row: tuple([_at(env, row, parts) for parts in paths])
    firsts = operator.itemgetter(*[parts[0] for parts in paths])
    deeper = [(number, parts[1:]) for number, parts in enumerate(paths) if len(parts) > 1]
    names = {parts[0] for parts in paths}

    def read(row: Any) -> tuple[Any, ...]:
        if not isinstance(row, Record) or not names <= row.keys():
            return tuple([_at(env, row, parts) for parts in paths])
        found = firsts(row)
        got = list(found) if len(paths) > 1 else [found]
        for number, rest in deeper:
            got[number] = _at(env, got[number], rest)
        return tuple(got)

    return read


def _at(env: Environment, row: Any, parts: list[str]) -> Any:
    """What a template reads at ``row.part.part…`` (the sandbox's lookup), or the row itself for no part."""
    for part in parts:
        row = env.getattr(row, part)
    return row


def _known(given: dict[str, Any]) -> list[tuple[str, Any]]:
    """What a piece is remembered by of its values: each value, or the key of one handed by its key (not made)."""
    return [(name, ("keyed", str(value)) if type(value) is Keyed else value) for name, value in given.items()]
