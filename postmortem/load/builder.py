"""Load stage helper: the parser's events turned into plain data, with positions, checked keys, tags and size."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.events import (
    AliasEvent,
    CollectionStartEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from postmortem.errors import Level, Problem
from postmortem.load.limits import MAX_DEPTH, MAX_NODES, MAX_TEXT, Rejected, too_deep, too_large, too_much_text
from postmortem.load.scalars import (
    COLLECTION_TAGS,
    MERGE,
    NotFinite,
    TagRefused,
    plain_scalar,
    plain_word,
    tag_message,
    tagged_scalar,
)
from postmortem.model.messages import Loc


@dataclass(slots=True)
class _Anchored:
    """A value given an anchor (``&name``), with the positions under it, for the aliases (``*name``) that repeat it."""

    value: Any = None
    size: int = 0
    text: int = 0  # characters of its keys and values
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    done: bool = False


def _where(event: Event) -> tuple[int, int]:
    """1-based line and column where an event starts."""
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


class Builder:
    """Turns the parser's events into plain data while recording positions and checking keys, tags and size."""

    def __init__(self, path: str, events: Iterator[Event]) -> None:
        self.path = path
        self.next = events.__next__
        self.data: Any = None
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.budget = MAX_NODES
        self.text = MAX_TEXT  # characters left for keys and values, aliases counted in full
        self.anchors: dict[str, _Anchored] = {}
        self.open = 0  # anchored collections being read: positions are also logged for them
        self.log: list[tuple[bool, Loc, tuple[int, int]]] = []  # (is a key, where in the data, line and column)

    def start(self) -> bool:
        """Read up to the first document; False when the stream holds none."""
        self.next()  # the stream's start
        return isinstance(self.next(), DocumentStartEvent)

    def finish(self) -> None:
        """After the document: the stream must end, one incident per file."""
        self.next()  # the document's end
        event = self.next()
        if isinstance(event, DocumentStartEvent):
            raise Rejected(
                *_where(event), "yaml-syntax", "invalid YAML: one incident per file; remove the extra '---' document"
            )

    def value(self, loc: Loc, event: Event | None = None) -> Any:
        """Read the value starting with *event* (or the next event), found at *loc*."""
        event = event or self.next()
        mark = event.start_mark  # _where(), inlined: this runs for every value of every file
        where = (mark.line + 1, mark.column + 1)
        self.budget -= 1
        if self.budget < 0:
            raise too_large(where)
        if len(loc) > MAX_DEPTH:
            raise too_deep(where)
        self.values[loc] = where
        if self.open:
            self.log.append((False, loc, where))
        if isinstance(event, ScalarEvent):
            result = self._scalar(event, where)
            self.text -= len(event.value)
            if self.text < 0:
                raise too_much_text(where)
            if event.anchor is not None:
                self.anchors[event.anchor] = _Anchored(value=result, size=1, text=len(event.value), done=True)
            return result
        if isinstance(event, AliasEvent):
            return self._alias(event, loc, where)
        assert isinstance(event, CollectionStartEvent)
        return self._collection(event, loc, where)

    def _collection(self, event: CollectionStartEvent, loc: Loc, where: tuple[int, int]) -> Any:
        """A mapping or a sequence, remembered when it carries an anchor."""
        if event.tag is not None and event.tag not in COLLECTION_TAGS:
            raise Rejected(*where, "yaml-tag", tag_message(event.tag))
        if event.anchor is None:
            if isinstance(event, MappingStartEvent):
                return self._mapping(loc)
            return self._sequence(loc, flow=_flow(event))
        anchored = self.anchors[event.anchor] = _Anchored()
        budget, text, start = self.budget, self.text, len(self.log)
        self.open += 1
        result = self._mapping(loc) if isinstance(event, MappingStartEvent) else self._sequence(loc)
        self.open -= 1
        self._remember(anchored, result, loc, logged=self.log[start:], size=budget - self.budget + 1)
        anchored.text = text - self.text
        if not self.open:
            self.log.clear()
        return result

    def _sequence(self, loc: Loc, *, flow: bool = False) -> list[Any]:
        """The items of a sequence, up to its end; in ``[…]``, a sentence a comma may have cut is reported."""
        items: list[Any] = []
        event = self.next()
        prose = flow and loc in PROSE_LISTS
        while type(event) is not SequenceEndEvent:
            if prose and items and isinstance(event, ScalarEvent) and _goes_on(items[-1], event):
                self._cut_item(loc, len(items), event)
            items.append(self.value((*loc, len(items)), event))
            event = self.next()
        return items

    def _mapping(self, loc: Loc) -> dict[str, Any]:
        """A mapping up to its end, reporting duplicate and non-text keys; plain keys and texts are read here."""
        result: dict[str, Any] = {}
        nested = len(loc) >= MAX_DEPTH
        last: str | None = None  # the key before, whose value a comma may have cut
        event = self.next()
        while type(event) is not MappingEndEvent:
            mark = event.start_mark  # _where(), inlined: this runs for every key of every file
            where = (mark.line + 1, mark.column + 1)
            if (
                type(event) is ScalarEvent
                and event.ctag is None
                and event.anchor is None
                and (not event.implicit[0] or (event.value != "<<" and plain_word(event.value)))
            ):
                key = event.value  # the usual key, text as it stands (a plain << merges): read here, for every key
                self.text -= len(key)
            else:
                key = self._key(event, where)
            key_end = event.end_mark.index
            if key is None:
                written = getattr(event, "value", None)
                event = self.next()
                if _cut_at_comma(event, key_end) and isinstance(written, str):
                    self.problems[-1] = self._cut(where, repr(written), last)  # not a key of another type: a cut
                self._skip(event)
            elif key in result:
                first = self.keys[(*loc, key)]
                self._report(where, "duplicate-key", f"duplicate key {key!r} (first given at line {first[0]})")
                self._skip(self.next())
            else:
                sub = (*loc, key)
                self.keys[sub] = where
                if self.open:
                    self.log.append((True, sub, where))
                event = self.next()
                if (
                    type(event) is ScalarEvent
                    and event.ctag is None
                    and event.anchor is None
                    and not nested
                    and (not event.implicit[0] or plain_word(event.value))
                ):  # text, read here rather than by value(): this runs for most values of every file
                    text = event.value
                    mark = event.start_mark
                    at = (mark.line + 1, mark.column + 1)
                    self.budget -= 1
                    if self.budget < 0:
                        raise too_large(at)
                    self.values[sub] = at
                    if self.open:
                        self.log.append((False, sub, at))
                    self.text -= len(text)
                    if self.text < 0:
                        raise too_much_text(at)
                    result[key] = text
                elif _cut_at_comma(event, key_end):
                    del self.keys[sub]
                    self.problems.append(self._cut(where, repr(key), last))
                else:
                    result[key] = self.value(sub, event)
                last = key
            event = self.next()
        return result

    def _cut_item(self, loc: Loc, index: int, event: ScalarEvent) -> None:
        """Warn of the item *index* of a list of sentences in ``[…]``, which looks like the end of the one before."""
        message = (
            f"{'.'.join(map(str, loc))} item {index + 1} {event.value!r} goes on in lower case: inside […] a comma "
            f"ends an item, so it may be the end of item {index}; put the whole text in quotes"
        )
        self._report(_where(event), "unquoted-comma", message, level=Level.WARNING)

    def _cut(self, where: tuple[int, int], shown: str, last: str | None) -> Problem:
        """The problem of a text that a comma cut from the value before it, inside ``{…}``: it reads as a key."""
        cut = f"the value of {last!r} stops before it" if last else "the value before it stops there"
        message = (
            f"{shown} has no ':' after it: inside {{…}} a comma ends a value, so {cut}; put that whole value in quotes"
        )
        return Problem(path=self.path, line=where[0], column=where[1], level=Level.ERROR, rule="unquoted-comma",
                       message=message)  # fmt: skip

    def _key(self, event: Event, where: tuple[int, int]) -> str | None:
        """A key that is not text as it stands (see :meth:`_mapping`): reported unless it is text, ``<<`` refused."""
        key: Any = None
        if isinstance(event, ScalarEvent):
            if (event.value == "<<" and _plain(event)) or event.tag == MERGE:
                raise Rejected(*where, "yaml-tag", "merge keys ('<<') are not supported in incident files")
            key, shown = self._scalar(event, where), event.value
            self.text -= len(event.value)
            if event.anchor is not None:
                self.anchors[event.anchor] = _Anchored(value=key, size=1, text=len(event.value), done=True)
        elif isinstance(event, AliasEvent):
            found = self._anchored(event, where)
            self.text -= found.text
            key = found.value if found.done else None
            shown = key if found.done and not isinstance(key, list | dict) else "a list or mapping"
        else:
            self._skip(event)
            shown = "a list or mapping"
        if isinstance(key, str):
            return key
        self._report(where, "wrong-type", f"keys must be text, got {shown!r}: quote the key")
        return None

    def _skip(self, event: Event) -> None:
        """Pass over a value that is not kept (a rejected key or a duplicate key's value)."""
        depth = 0
        while True:
            kind = type(event)
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                depth += 1
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                depth -= 1
            if depth == 0:
                return
            event = self.next()

    def _alias(self, event: AliasEvent, loc: Loc, where: tuple[int, int]) -> Any:
        """The value an alias repeats, counted in full against the size limit, with its positions under *loc*."""
        anchored = self._anchored(event, where)
        if not anchored.done:
            raise too_deep(where)
        self.budget -= anchored.size - 1
        self.text -= anchored.text
        if self.budget < 0:
            raise too_large(where)
        if self.text < 0:
            raise too_much_text(where)
        if len(loc) + max((len(sub) for sub in anchored.values), default=0) > MAX_DEPTH:
            raise too_deep(where)
        values = {(*loc, *sub): at for sub, at in anchored.values.items()}
        keys = {(*loc, *sub): at for sub, at in anchored.keys.items()}
        self.values.update(values)
        self.keys.update(keys)
        if self.open:  # an alias inside an anchored collection: its positions belong to that one too
            self.log += [(False, sub, at) for sub, at in values.items()] + [(True, sub, at) for sub, at in keys.items()]
        return copy.deepcopy(anchored.value)

    def _anchored(self, event: AliasEvent, where: tuple[int, int]) -> _Anchored:
        """What an alias refers to; an alias before its anchor is a YAML error."""
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            raise Rejected(*where, "yaml-syntax", f"invalid YAML: found undefined alias {event.anchor!r}")
        return anchored

    @staticmethod
    def _remember(
        anchored: _Anchored, value: Any, loc: Loc, *, logged: list[tuple[bool, Loc, tuple[int, int]]], size: int
    ) -> None:
        """Keep an anchored collection and the positions under it (*logged* while it was read, in time linear)."""
        depth = len(loc)
        anchored.values = {sub[depth:]: at for is_key, sub, at in logged if not is_key}
        anchored.keys = {sub[depth:]: at for is_key, sub, at in logged if is_key}
        anchored.value, anchored.size, anchored.done = value, size, True

    def _scalar(self, event: ScalarEvent, where: tuple[int, int]) -> Any:
        """A scalar under YAML 1.2 rules: ``13:42`` and ``yes`` stay text, dates stay text for our own parsers.

        A number no output can hold (``.nan``, ``.inf``, ``1e400``) is an error, and is read on as its text.
        """
        try:
            if event.tag is None:
                return plain_scalar(event.value) if event.implicit[0] else event.value
            return tagged_scalar(event.tag, event.value)
        except NotFinite as exc:
            self._report(where, "wrong-type", str(exc))
            return event.value
        except TagRefused as exc:
            raise Rejected(*where, exc.rule, str(exc)) from None

    def _report(self, where: tuple[int, int], rule: str, message: str, *, level: Level = Level.ERROR) -> None:
        """Record a problem and keep reading."""
        line, column = where
        self.problems.append(Problem(path=self.path, line=line, column=column, level=level, rule=rule, message=message))


PROSE_LISTS = frozenset({  # lists of sentences, where a comma inside […] cuts one in two
    ("contributing_factors",), ("lessons", "went_well"), ("lessons", "went_wrong"), ("lessons", "lucky"),
    ("lessons", "to_keep"),
})  # fmt: skip


def _flow(event: CollectionStartEvent) -> bool:
    """True for a collection written inside ``[…]`` or ``{…}``."""
    return bool(event.flow_style)


def _goes_on(before: Any, event: ScalarEvent) -> bool:
    """True when a plain item in lower case follows a text that starts a sentence: one sentence cut at a comma."""
    return isinstance(before, str) and before[:1].isupper() and _plain(event) and event.value[:1].islower()


def _cut_at_comma(event: Event, key_end: int) -> bool:
    """True when *event*, a key's value, is the empty one YAML gives a key with no ``:`` (``{a: b, c}``'s ``c``)."""
    return type(event) is ScalarEvent and not event.value and event.start_mark.index == key_end and _plain(event)


def _plain(event: ScalarEvent) -> bool:
    """True for a plain (unquoted, untagged) scalar."""
    return event.tag is None and bool(event.implicit[0])
