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

from jinja2 import Environment
from markupsafe import Markup

from postmortem.render import memo
from postmortem.render.plain import TemplateContext, TemplateFunction, plain
from postmortem.render.reads import sources_digest

SEEN = ("config", "site", "page", "language", "t", "s", "fmt", "today", "version", "formats")  # what a piece sees


def fragments(env: Environment, context: TemplateContext) -> TemplateFunction:
    """The ``fragment(name, **values)`` function offered to the templates of one page rendered with *context*."""
    seen = {name: context[name] for name in SEEN if name in context}
    shown = repr([(name, seen[name]) for name in sorted(seen) if name != "fmt"])  # fmt: made from the config
    base = hashlib.blake2b(shown.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def fragment(name: str, **values: Any) -> str:
        given = plain(values)
        source = sources_digest(env, name)

        def render() -> str:
            return env.get_template(name).render({**seen, **given})

        if source is None:  # a template it uses is named only when it runs: it could show anything
            text = render()
        else:
            key = repr((base, name, source, sorted(given.items())))
            digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
            text = memo.recall(f"{memo.kind('fragment ' + name)}:{digest}", render)  # kept by kind of row
        return Markup(text) if name.endswith((".html.j2", ".svg.j2", ".xml.j2")) else text

    return TemplateFunction(fragment)
