"""Hostile Markdown: Markdown outputs are inert for any CommonMark renderer; public builds hide internal blocks."""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import re
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import cmarkgfm
import mistune
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from postmortem.cli.main import main
from postmortem.load.fences import public_text
from postmortem.render.markup import page_to_html, safe_markdown, to_html, to_markdown, to_markdown_cell
from tests.conftest import Run, calls

SAFE = {"http", "https", "mailto", "ftp", "xmpp"}  # the last two: GitHub links them in plain text; they run no code
PIECES = [
    '`', '``', '```', '````', '\\`', '~~~', '~', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
    '</div>', '<!--', '-->', '<?php x ?>', '<![CDATA[x]]>', '<!DOCTYPE html>', "<a href='javascript:alert(1)'>",
    '[a]', '[a](javascript:alert(1))', '](', ')', '(', '[x]: javascript:alert(1)', '[x]', '[^1]: y',
    '<javascript:alert(1)>', '<http://example.com>', '<1@example.com>', '<JaVa\tScRiPt:alert(1)>', '&lt;', '&#60;',
    '&#x3C;script>', '&amp;', '&#106;avascript:', 'jav&#x61;script:', 'java%73cript:', 'java\tscript:',
    'JaVaScRiPt:', 'vbscript:', 'data:text/html,x', '\\', '\\<', '*', '_', '**', '#', '> ', '- ', '+ ', '1. ',
    '2) ', '    ', '\t', '|', '| --- |', '---', '===', '!', '![i](javascript:x)', '![i](http://e.com/x.png)',
    '::: internal', ':::', '"', "'", '<', '>', 'www.example.com', 'http://example.com', 'x', 'y z', 'é', '\n',
    '\n\n', ' ', '&#10;', '&#32;', '\r\n',
]  # fmt: skip
hostile = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)


def _scheme_unsafe(url: str) -> bool:
    """True when a browser could take *url* for a scheme other than http(s) or mailto, after any decoding."""
    for _ in range(10):
        found = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
        if found and found.group(1).lower() not in SAFE:
            return True
        decoded = re.sub(r"[\x00-\x20\x7f]", "", urllib.parse.unquote(html.unescape(url)))
        if decoded == url:
            return False
        url = decoded
    return True


def _tokens(tokens: list[Token]) -> Iterator[Token]:
    """Every token, inline children included."""
    for token in tokens:
        yield token
        yield from _tokens(token.children or [])


def _markdown_it_findings(text: str) -> list[str]:
    """Raw HTML and unsafe links markdown-it (CommonMark, raw HTML on, every link accepted) finds in *text*."""
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    found = []
    for token in _tokens(parser.parse(text)):
        if token.type in ("html_block", "html_inline"):
            found.append(f"markdown-it {token.type}: {token.content!r}")
        for name in ("href", "src"):
            if _scheme_unsafe(str(token.attrGet(name) or "")):
                found.append(f"markdown-it {name}={token.attrGet(name)!r}")
    return found


class _Links(HTMLParser):
    """The link targets and tags of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.targets += [value or "" for name, value in attrs if name in ("href", "src")]


def _html_findings(name: str, unsafe: str, safe: str) -> list[str]:
    """What an HTML rendering shows: raw HTML (the renderings with and without it differ), unsafe links."""
    links = _Links()
    links.feed(unsafe)
    found = [f"{name} link {target!r}" for target in links.targets if _scheme_unsafe(target)]
    return found + ([f"{name} raw HTML: {unsafe!r}"] if unsafe != safe else [])


def findings(text: str) -> list[str]:
    """Raw HTML and unsafe links in *text* for three independent renderers: markdown-it, cmark-gfm and mistune."""
    gfm = cmarkgfm.github_flavored_markdown_to_html
    unsafe_gfm = gfm(text, options=cmarkgfm.Options.CMARK_OPT_UNSAFE)
    safe_gfm = gfm(text)  # cmark's default omits raw HTML and blanks dangerous links: any difference is one
    tree = mistune.create_markdown(renderer=None, plugins=["strikethrough", "table", "url"])(text)
    return [
        *_markdown_it_findings(text),
        *_html_findings("cmark-gfm", str(unsafe_gfm), str(safe_gfm)),
        *_mistune_findings(tree if isinstance(tree, list) else []),
    ]


def _mistune_findings(nodes: list[Any]) -> list[str]:
    """Raw HTML and unsafe links in mistune's syntax tree."""
    found = []
    for node in nodes:
        if "html" in node.get("type", ""):
            found.append(f"mistune {node['type']}: {node.get('raw')!r}")
        url = str(node.get("attrs", {}).get("url", ""))
        if _scheme_unsafe(url):
            found.append(f"mistune link {url!r}")
        found += _mistune_findings(node.get("children", []) if isinstance(node.get("children"), list) else [])
    return found


PAYLOADS = [
    "<script>alert(1)</script>",
    "``x` <img src=x onerror=alert(1)>",
    "\\`<img src=x onerror=alert(1)>`",
    "```js`\n<script>alert(1)</script>\n```",
    "[x](\njavascript:alert(1))",
    "[x]\n\n[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[x](java\tscript:alert(1))",
    "[x](JaVa&#x53;cript&colon;alert(1))",
    "[x](%6a%61vascript:alert(1))",
    "![x](data:text/html,<script>alert(1)</script>)",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "www.example.com`<img src=x onerror=alert(1)>`",  # GitHub's autolink would run into the code span
    "see https://example.com`<script>alert(1)</script>`",
    "`" * 5000 + "<script>x</script>",  # the last: too long for a one-line field
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_known_payloads_stay_text(payload: str) -> None:
    """Each known trick, through every Markdown writer of pm, gives no raw HTML nor unsafe link to any renderer."""
    for written in (to_markdown(payload), to_markdown_cell(payload), safe_markdown(payload)):
        assert findings(written) == [], written


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_hostile_markdown_stays_text(text: str) -> None:
    """Generated hostile Markdown, written by pm, holds no raw HTML nor unsafe link for three renderers."""
    for written in (to_markdown(text), to_markdown_cell(text), safe_markdown(text)):
        assert findings(written) == [], (text, written)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile)
def test_written_markdown_means_what_was_read(text: str) -> None:
    """What pm writes reads back as the same document (same HTML, images as links); writing it again is a no-op."""
    written = safe_markdown(text)
    before, after, again = (_same(page_to_html(t)) for t in (text, written, safe_markdown(written)))
    assert before == after == again or _emphasis(before) == _emphasis(after) == _emphasis(again), (text, written)


def _same(page: str) -> str:
    """*page* without what does not change its meaning.

    That is: the attributes that tell an image written as a link from a link, a line end closing a code block, an
    empty paragraph (of characters CommonMark strips), line ends in a heading (written on one line). Emphasis is
    compared apart (``_emphasis``): in a soup of delimiters, which ones pair may change.
    """
    page = re.sub(r' (class="image-link"|rel="[^"]*")', "", str(page))
    page = re.sub(
        r"<h\d>.*?</h\d>",
        lambda found: found.group().replace("<br />\n", " ").replace("\n", " "),
        page,
        flags=re.DOTALL,
    )
    return page.replace("\n</code>", "</code>").replace("<p></p>\n", "")


def _emphasis(page: str) -> str:
    """*page* without emphasis: its tags and the characters that make it."""
    return re.sub(r"</?(em|strong|s)>|[*_~]", "", page)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("unit", ["`", "`a", "``a`", "\\``", "` `` ``` ```` ", "[`", "<`"])
def test_backtick_runs_cost_linear_work(unit: str) -> None:
    """20 KB and 40 KB of backtick runs: twice the text costs at most about twice the work, in every writer."""

    def work(repeats: int) -> Callable[[], None]:
        text = unit * repeats
        return lambda: (to_markdown(text), to_html(text + " "), safe_markdown(text), to_markdown_cell(text))

    repeats = 2 * (10_000 // len(unit))  # even: the two texts end alike
    small, large = calls(work(repeats)), calls(work(2 * repeats))
    assert large <= 2.5 * small + 1000, (small, large)


def _repo(folder: Path, incident: dict[str, Any], page: str = "") -> None:
    """A repository with one incident and, when given, one page."""
    (folder / "incidents").mkdir()
    (folder / "incidents" / "x.yaml").write_text(json.dumps(incident), encoding="utf-8")
    if page:
        (folder / "pages").mkdir()
        (folder / "pages" / "about.md").write_text(page, encoding="utf-8")
    (folder / "pm.toml").write_text('title = "T"\n', encoding="utf-8")


def test_markdown_outputs_of_a_hostile_incident_stay_text(run: Run, tmp_path: Path) -> None:
    """Every payload in every kind of field: `<id>.md` and `index.md` hold no raw HTML nor unsafe link.

    With pm's own templates and labels, the outputs are not parsed again whole: each value is made inert alone.
    """
    joined = "\n\n".join(PAYLOADS[:-1])
    incident = {
        "id": "INC-001", "title": PAYLOADS[1], "status": "draft", "date": "2024-01-01", "authors": PAYLOADS[:3],
        "summary": joined, "root_cause": joined, "contributing_factors": PAYLOADS[:-1],
        "timeline": [{"at": f"10:{i:02d}", "text": p} for i, p in enumerate(PAYLOADS[:-1])],
        "actions": [{"what": p, "owner": p, "link": "javascript:alert(1)"} for p in PAYLOADS[:4]],
        "references": [{"title": p, "url": "JaVaScRiPt:alert(1)"} for p in PAYLOADS[:4]],
        "lessons": {"to_keep": PAYLOADS[:-1], "went_well": PAYLOADS[:-1]}, "risks": ["r1"],
        "severity": "P1", "tags": ["t"],
    }  # fmt: skip
    _repo(tmp_path, incident, page="---\ntitle: About\n---\n" + joined)
    risk = {"id": "r1", "title": PAYLOADS[1], "probability": "low", "impact": "P1", "severity": "high",
            "mitigation": PAYLOADS[2]}  # fmt: skip
    (tmp_path / "risks.yaml").write_text(json.dumps({"risks": [risk]}), encoding="utf-8")
    (tmp_path / "runbooks").mkdir()
    front = json.dumps({"title": PAYLOADS[1], "severities": ["P1"], "tags": ["t", *PAYLOADS[:-1]]})
    (tmp_path / "runbooks" / "r.md").write_text(f"---\n{front}\n---\n{joined}\n", encoding="utf-8")
    for formats in ("md", "md,html"):  # index.md links the runbooks when the site is made
        result = run("render", "--format", formats)
        assert result.exit_code == 0, result.output
        for name in ("INC-001.md", "index.md"):
            text = (tmp_path / "site" / name).read_text(encoding="utf-8")
            assert findings(text) == [], name


def test_templates_of_the_repository_cannot_write_raw_html(run: Run, tmp_path: Path) -> None:
    """A report template from the repository that writes HTML and a javascript: link still gives inert Markdown."""
    _repo(tmp_path, {"id": "INC-001", "title": "T", "status": "draft", "date": "2024-01-01"})
    (tmp_path / "templates").mkdir()
    evil = (
        "# {{ incident.id }}\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n"
    )
    (tmp_path / "templates" / "report.md.j2").write_text(evil, encoding="utf-8")
    assert run("render", "--format", "md").exit_code == 0
    text = (tmp_path / "site" / "INC-001.md").read_text(encoding="utf-8")
    assert findings(text) == []
    assert text.startswith("# INC-001\n")


SECRET = "zqxsecret"
BLOCK_LINES = [
    SECRET,
    f"- {SECRET}",
    f"> {SECRET}",
    f"`{SECRET}`",
    f"```\n{SECRET}\n```",
    f"````\n```\n{SECRET}\n````",
    "~~~",
]  # the last opens a code block that the block's end cuts: check must refuse it
internal_block = st.builds(
    lambda colons, body, word: f"{':' * colons} {word}\n{body}\n{':' * colons}\n",
    st.integers(3, 5),
    st.lists(st.sampled_from(BLOCK_LINES), max_size=4)
    .map(lambda lines: "\n".join([*lines, SECRET])),
    st.sampled_from(["internal", "INTERNAL", "Internal notes"]),
)  # fmt: skip
around = st.sampled_from(
    ["plain\n", "text\n", "- item\n", "> quote\n", "````\n```\n````\n", "```\n~~~\n```\n", "\n", "# Title\n"]
)
prose_with_secrets = st.lists(st.one_of(internal_block, around), min_size=1, max_size=6).map(lambda p: "\n".join(p))


def _everything(folder: Path) -> str:
    """The text of every file under *folder*, compressed search fragments included."""
    texts = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            texts.append((gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "replace"))
    return "\n".join(texts)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(prose_with_secrets, min_size=4, max_size=4))
def test_public_outputs_never_show_internal_blocks(texts: list[str]) -> None:
    """Secrets planted in internal blocks anywhere in prose reach no public output, export included.

    Fences, lists and quotes stand around the blocks; outputs are the reports, index, site, feed and search index.
    """
    incident = {
        "id": "INC-001", "title": "T", "status": "draft", "date": "2024-01-01",
        "summary": texts[0], "root_cause": texts[1], "resolution": texts[2],
        "contributing_factors": [texts[3]], "lessons": {"went_well": [texts[3]], "to_keep": [texts[3]]},
        "timeline": [{"at": "10:00", "text": texts[3]}], "actions": [{"what": texts[3], "owner": "A"}],
    }  # fmt: skip
    with tempfile.TemporaryDirectory() as name, contextlib.chdir(name):
        folder = Path(name)
        _repo(folder, incident, page="---\ntitle: About\n---\n" + texts[2])
        runner = CliRunner()
        checked = runner.invoke(main, ["check"])
        if checked.exit_code != 0:  # a block cut by a code fence, or never closed: refused, not published
            assert "internal-block" in checked.output, checked.output
            assert runner.invoke(main, ["render", "--audience", "public", "-q"]).exit_code != 0
            return
        built = runner.invoke(main, ["render", "--format", "md,html", "--audience", "public", "-q"])
        assert built.exit_code == 0, built.output
        exported = runner.invoke(main, ["export", "--audience", "public"])
        assert exported.exit_code == 0
        assert SECRET not in _everything(folder / "site") + exported.stdout


def test_internal_marker_spelt_by_a_yaml_escape_is_still_internal(run: Run, tmp_path: Path) -> None:
    """A file whose bytes never say 'internal' (a YAML escape spells it) still has its block left out in public."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "pm.toml").write_text('title = "T"\n', encoding="utf-8")
    summary = 'summary: "Seen.\\n\\n::: \\x69nternal\\nzqxsecret\\n:::\\n"\n'
    text = "id: INC-001\ntitle: T\nstatus: draft\ndate: 2024-01-01\n" + summary
    (tmp_path / "incidents" / "x.yaml").write_text(text, encoding="utf-8")
    assert b"internal" not in text.lower().encode()
    assert run("render", "--format", "md,html", "--audience", "public", "-q").exit_code == 0
    assert SECRET not in _everything(tmp_path / "site")
    assert "Seen." in (tmp_path / "site" / "INC-001.md").read_text(encoding="utf-8")


def test_a_longer_fence_holding_a_shorter_one_does_not_hide_a_block(run: Run, tmp_path: Path) -> None:
    """A 4-backtick fence holding a 3-backtick line ends where CommonMark says: the block after it is left out."""
    summary = "Intro.\n\n````\n```\n````\n\n::: internal\nzqxsecret\n:::\n\nOutro.\n"
    _repo(tmp_path, {"id": "INC-001", "title": "T", "status": "draft", "date": "2024-01-01", "summary": summary})
    assert run("render", "--format", "md,html", "--audience", "public", "-q").exit_code == 0
    assert SECRET not in _everything(tmp_path / "site")
    assert "Outro." in (tmp_path / "site" / "INC-001.md").read_text(encoding="utf-8")


def test_internal_blocks_too_deep_to_find_are_an_error(run: Run, tmp_path: Path) -> None:
    """Quotes nested deeper than the parser goes could hide a block from it: check refuses, nothing is published."""
    quote = "> " * 25
    summary = f"Top.\n\n{quote}::: internal\n{quote}zqxsecret\n{quote}:::\n"
    _repo(tmp_path, {"id": "INC-001", "title": "T", "status": "draft", "date": "2024-01-01", "summary": summary})
    result = run("check")
    assert result.exit_code == 1
    assert "levels deep: its internal blocks cannot be found [internal-block]" in result.stdout
    assert public_text(summary) is None


def test_internal_blocks_in_lessons_and_factors_are_left_out(run: Run, tmp_path: Path) -> None:
    """Lessons, contributing factors and timeline texts are Markdown too: their internal blocks are not published."""
    text = "Seen.\n\n::: internal\nzqxsecret\n:::\n"
    incident = {
        "id": "INC-001", "title": "T", "status": "draft", "date": "2024-01-01",
        "contributing_factors": [text, "Other."], "lessons": {"went_well": [text], "to_keep": [text]},
        "timeline": [{"at": "10:00", "text": text}],
    }  # fmt: skip
    _repo(tmp_path, incident)
    assert run("render", "--format", "md,html", "--audience", "public", "-q").exit_code == 0
    assert SECRET not in _everything(tmp_path / "site")
    assert "Other." in (tmp_path / "site" / "INC-001.md").read_text(encoding="utf-8")
    assert SECRET in run("export").stdout
    assert SECRET not in run("export", "--audience", "public").stdout
