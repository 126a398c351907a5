"""Render stage helper: pm's content policy, put first in every page that a project's templates wrote."""

from __future__ import annotations

import re

# The content policy of every page pm writes: scripts of the site only, no inline script, no form elsewhere.
CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'self'"
)
_DOCTYPE = re.compile(r"\A\ufeff?\s*<!doctype[^>]*>", re.IGNORECASE)
_HEAD = re.compile(r"\A\ufeff?\s*<!doctype html>\s*<html(?:\s[^<>]*)?>\s*<head(?:\s[^<>]*)?>", re.IGNORECASE)


def guarded_page(html: str) -> str:
    """A page a project's templates wrote, with pm's content policy before anything else it holds.

    Browsers enforce every policy a page gives, so one that the templates add cannot loosen pm's, and none of
    their scripts can run: inline ones are refused, and the site holds no script but pm's own. A page that
    opens as HTML should (doctype, ``<html>``, ``<head>``) gets the policy first in its head; any other
    gets it as its very first element.
    """
    policy = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    opening = _HEAD.match(html)
    if opening:
        return f"{opening.group(0)}\n{policy}{html[opening.end() :]}"
    rest = _DOCTYPE.sub("", html, count=1)
    return f"<!DOCTYPE html>\n{policy}\n{rest}"
