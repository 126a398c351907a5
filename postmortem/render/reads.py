"""Render stage helper: what a template reads and which templates it uses, from its syntax tree, never by running it.

Parsing a template costs more than rendering a row of it, and a build asks of the same templates every time, so
what is found is remembered (in the build's memo, by a digest of the template's source).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from jinja2 import Environment, TemplateError, meta, nodes

from postmortem.render import memo
from postmortem.render.bounded import template_error, too_deep


@dataclass(frozen=True, slots=True)
class Facts:
    """What one template's source says: its digest, the names it reads, the templates it uses by name."""

    digest: str
    names: frozenset[str]
    uses: tuple[str, ...]
    dynamic: bool  # it uses a template named by a value, known only when it runs


def facts(env: Environment, name: str) -> Facts:
    """The facts of template *name* as *env* finds it (a repository's own, or pm's); looked up once per *env*."""
    known: dict[str, Facts] = env.__dict__.setdefault("_pm_facts", {})
    if name not in known:
        try:
            known[name] = _facts(env, name)
        except TemplateError as exc:  # a template refused or that does not parse: the render would say the same
            raise template_error(exc, name) from None
        except RecursionError:  # nested past what Jinja's parser, or a walk of its tree, can follow
            raise too_deep(name) from None
    return known[name]


def _facts(env: Environment, name: str) -> Facts:
    """The facts of template *name*, from the memo or its source."""
    assert env.loader is not None
    source, filename, _current = env.loader.get_source(env, name)
    digest = hashlib.blake2b(f"{name}\0{source}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def parse() -> str:
        tree = env.parse(source, name, filename)
        names = {node.name for node in tree.find_all(nodes.Name)}  # every name: what it reads, and its own
        uses = list(meta.find_referenced_templates(tree))
        return json.dumps({"names": sorted(names), "uses": [u for u in uses if u is not None],
                           "dynamic": None in uses})  # fmt: skip

    known = _decoded(memo.recall(f"reads:{digest}", parse), digest)
    if known is None:  # not what this function keeps: found again from the source
        known = _decoded(parse(), digest)
        assert known is not None
    return known


def _decoded(text: str, digest: str) -> Facts | None:
    """The facts written as JSON in *text*, or None when *text* is not such facts."""
    try:
        found = json.loads(text)
        names, uses, dynamic = found["names"], found["uses"], found["dynamic"]
    except (ValueError, KeyError, TypeError):
        return None
    if not (isinstance(names, list) and isinstance(uses, list) and isinstance(dynamic, bool)):
        return None
    return Facts(digest=digest, names=frozenset(map(str, names)), uses=tuple(map(str, uses)), dynamic=dynamic)


def closure(env: Environment, templates: Iterable[str]) -> list[Facts] | None:
    """The facts of *templates* and of every template they use; None when one uses a template named by a value."""
    found: list[Facts] = []
    seen: set[str] = set()
    todo = list(templates)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        known = facts(env, name)
        if known.dynamic:
            return None
        found.append(known)
        todo += known.uses
    return found


def variables_read(env: Environment, templates: Iterable[str]) -> set[str] | None:
    """The variables *templates* can read (and maybe more: names they set too); None: any variable at all."""
    found = closure(env, templates)
    return None if found is None else {name for known in found for name in known.names} - env.globals.keys()


def sources_digest(env: Environment, name: str) -> str | None:
    """A digest of the source of template *name* and of those it uses; None when it uses one named by a value."""
    digests: dict[str, str | None] = env.__dict__.setdefault("_pm_sources", {})
    if name not in digests:
        found = closure(env, [name])
        joined = "\0".join(sorted(known.digest for known in found)) if found is not None else None
        digests[name] = hashlib.blake2b(joined.encode()).hexdigest() if joined is not None else None
    return digests[name]
