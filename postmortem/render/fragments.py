"""Render stage helper: pieces of a page (a row of a table) rendered once, and remembered by all they can show.

A page across incidents is mostly rows, and after an edit nearly all of them are the same. A template writes
``{{ fragment("site/incident-row.html.j2", row=row) }}``: the piece's template sees only what every page sees
(labels, formatter, configuration, the page's name, the day) and the values it is given, so its text is known by
a digest of those, of its template's source and of the templates it imports; pm remembers it in the memo of
conversions (sealed, see :mod:`postmortem.render.memo`), and renders it again only when one of them changes.
"""

from __future__ import annotations

import hashlib
from typing import Any

from jinja2 import Environment, meta
from markupsafe import Markup

from postmortem.render import memo
from postmortem.render.plain import TemplateContext, TemplateFunction, plain

SEEN = ("config", "site", "page", "language", "t", "s", "fmt", "today", "version", "formats")  # what a piece sees


def fragments(env: Environment, context: TemplateContext) -> TemplateFunction:
    """The ``fragment(name, **values)`` function offered to the templates of one page rendered with *context*."""
    seen = {name: context[name] for name in SEEN if name in context}
    shown = repr([(name, seen[name]) for name in sorted(seen) if name != "fmt"])  # fmt: made from the config
    base = hashlib.blake2b(shown.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def fragment(name: str, **values: Any) -> str:
        given = plain(values)
        source = _sources(env, name)

        def render() -> str:
            return env.get_template(name).render({**seen, **given})

        if source is None:  # a template it uses is named only when it runs: it could show anything
            text = render()
        else:
            key = repr((base, name, source, sorted(given.items())))
            digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
            text = memo.recall(f"fragment:{digest}", render)
        return Markup(text) if name.endswith((".html.j2", ".svg.j2", ".xml.j2")) else text

    return TemplateFunction(fragment)


def _sources(env: Environment, name: str) -> str | None:
    """A digest of the source of template *name* and of those it extends, includes or imports (once per env).

    None when one of them is named by a value, known only when the template runs.
    """
    known: dict[str, str | None] = env.__dict__.setdefault("_pm_fragment_sources", {})
    if name not in known:
        assert env.loader is not None
        texts: list[str] = []
        todo, done = [name], set()
        dynamic = False
        while todo and not dynamic:
            current = todo.pop()
            if current in done:
                continue
            done.add(current)
            source = env.loader.get_source(env, current)[0]
            texts.append(f"{current}\0{source}")
            for referenced in meta.find_referenced_templates(env.parse(source)):
                dynamic = dynamic or referenced is None
                todo += [referenced] if referenced is not None else []
        joined = "\0".join(texts).encode("utf-8", "surrogatepass")
        known[name] = None if dynamic else hashlib.blake2b(joined).hexdigest()
    return known[name]
