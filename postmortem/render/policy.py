"""Render stage helper: pm's content policy, put first in every page that a project's templates wrote."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

# The content policy of every page pm writes: scripts of the site only, no inline script, no form elsewhere.
CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'self'"
)
_DOCTYPE = re.compile(r"\A\ufeff?\s*<!doctype[^>]*>", re.IGNORECASE)
# The start of a script element (the tag name ends at a blank, a slash or >), and pm's own script tag, as pm's layout
# writes it: the site's script, from a path of the site (no scheme, query nor fragment: no other file).
_SCRIPT = re.compile(r"<script(?=[\s/>]|\Z)", re.IGNORECASE)
_OWN_SCRIPT = re.compile(r'<script src="[^"?#:\\<>\s]*assets/site\.js" defer>')
INERT_TYPE = "text/plain"  # a script element of another type is a block of data: no browser runs it
# The opening a page should have (doctype, ``<html>``, ``<head>``), read as a browser's tokenizer reads tags: blanks are
# HTML's five, an attribute value ends at its closing quote (a ``>`` inside it ends no tag) or, unquoted, at a blank.
# Anything this does not match as a whole (a comment, a quote or ``<`` in a name, a value left open) gets the
# policy before all of the page instead: what a browser makes of it then does not matter.
_BLANK = "[\t\n\f\r ]"
# The page's encoding, written first (within the bytes a browser scans for it, _PRESCAN): a later <meta charset> of
# the templates (ISO-2022-JP, whose escape sequences would turn pm's policy into other characters) is then ignored.
CHARSET = '<meta charset="utf-8">'
_PRESCAN = 512
_OWN_CHARSET = re.compile(rf'{_BLANK}*<meta charset="utf-8">', re.IGNORECASE)
_SRCDOC = re.compile(rf"srcdoc{_BLANK}*=", re.IGNORECASE)
_ATTRIBUTES = (
    rf"""(?:{_BLANK}+[^\t\n\f\r />"'<=]+(?:{_BLANK}*={_BLANK}*(?:"[^"]*"|'[^']*'|[^\t\n\f\r "'=<>`]+))?)*{_BLANK}*"""
)
_HEAD = re.compile(
    rf"\A\ufeff?{_BLANK}*<!doctype html>{_BLANK}*<html{_ATTRIBUTES}>{_BLANK}*<head{_ATTRIBUTES}>", re.IGNORECASE
)


def guarded_page(html: str) -> str:
    """A page a project's templates wrote, with pm's content policy before anything else it holds.

    Browsers enforce every policy a page gives, so one that the templates add cannot loosen pm's, and none of
    their scripts can run: inline ones are refused, and the site holds no script but pm's own. A page that
    opens as HTML should (doctype, ``<html>``, ``<head>``) gets the policy first in its head; any other
    gets it as its very first element.

    The policy lets a page run any script of the site's own address, and the templates write other files of the
    site (the stylesheet, the feed): so every script element they write, but pm's own script tag, is made inert.
    """
    policy = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    html = _inert_scripts(html)
    opening = _HEAD.match(html)
    if opening and len(opening.group(0).encode("utf-8", "surrogatepass")) <= _PRESCAN:
        rest = html[opening.end() :]
        charset = _OWN_CHARSET.match(rest)  # pm's layouts write it first: kept first, not written twice
        if charset:
            return f"{opening.group(0)}{charset.group(0)}\n{policy}{rest[charset.end() :]}"
        return f"{opening.group(0)}\n{CHARSET}\n{policy}{rest}"
    rest = _DOCTYPE.sub("", html, count=1)
    return f"<!DOCTYPE html>\n{CHARSET}\n{policy}\n{rest}"


def page_problem(html: str) -> str | None:
    """What in a page a repository's template wrote would escape pm's policy; None when it holds nothing of the kind.

    An iframe's ``srcdoc`` is a page within the page, written with entities (``&lt;script src=…&gt;``): its script
    elements cannot be made inert as the page's are, and the policy lets them load any file of the site, which the
    templates write (a style sheet that is also valid JavaScript).
    """
    if _SRCDOC.search(html):
        return "it writes an iframe's srcdoc, a page within the page whose scripts pm cannot make inert"
    return None


def _inert_scripts(html: str) -> str:
    """*html* with every script element but pm's own given ``type="text/plain"`` first (the first of a name wins)."""

    def inert(found: re.Match[str]) -> str:
        if _OWN_SCRIPT.match(html, found.start()):
            return found.group(0)
        return f'{found.group(0)} type="{INERT_TYPE}"'

    return _SCRIPT.sub(inert, html)


# Namespaces whose elements a browser runs or renders as a page when it opens an XML file (no policy can come first).
_PAGE_NAMESPACES = ("http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML",
                    "http://www.w3.org/1999/XSL/Transform")  # fmt: skip
_TYPE = re.compile(r"""\btype\s*=\s*(["'])(.*?)\1""", re.DOTALL)


def feed_problem(xml: str) -> str | None:
    """What in a feed a repository's template wrote a browser would run; None when it holds nothing of the kind.

    A browser opening ``feed.xml`` runs XHTML and SVG scripts and event handlers in it, and applies a transform
    (XSLT) named by an ``xml-stylesheet`` instruction: the feed may hold no element of those languages, and only
    CSS style sheets.
    """
    parser: ElementTree.XMLPullParser[ElementTree.Element] = ElementTree.XMLPullParser(events=("start", "pi"))
    try:
        parser.feed(xml)
        parser.close()
        for found in parser.read_events():
            event, item = found[0], found[-1]
            if event == "pi" and isinstance(item, ElementTree.Element):
                target, _, rest = str(item.text or "").partition(" ")
                if target.lower() != "xml-stylesheet" or [kind for _, kind in _TYPE.findall(rest)] != ["text/css"]:
                    return f"it writes a processing instruction <?{target} …?> (only CSS style sheets)"
            elif event == "start" and isinstance(item, ElementTree.Element) and item.tag.startswith("{"):
                namespace = item.tag[1:].partition("}")[0]
                if namespace in _PAGE_NAMESPACES:
                    return f"it writes an element of {namespace}, which a browser would run as a page"
    except (ElementTree.ParseError, UnicodeError) as exc:
        return f"it writes XML that does not parse ({exc})"
    return None
