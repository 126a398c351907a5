"""Hostile repositories, third round: what pm hands to other programs, and what they read on their own."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from ruamel.yaml.events import Event

from postmortem.config.files import load_config
from postmortem.errors import PmError
from postmortem.load.limits import MAX_DEPTH, Rejected
from postmortem.render import bounded
from postmortem.render.bounded import render_with, start_build_clock
from postmortem.render.plain import template_context
from postmortem.render.templating import environment
from tests.conftest import CASES, ROOT, Run
from tests.pmserve import PmServe

INCIDENT = "id: INC-1\ntitle: Disk full\nstatus: draft\ndate: 2024-01-01\nsummary: The disk filled up.\n"


@pytest.mark.parametrize("name", ["pagefind.yml", "pagefind.yaml", "pagefind.toml", "pagefind.json"])
def test_the_search_indexer_reads_no_settings_of_the_repository(
    run: Run, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A Pagefind configuration file in the repository cannot make the indexer write elsewhere, nor lose the index.

    Pagefind reads such a file from the folder it runs in: its ``logfile`` would overwrite any file the build may
    write, its ``output_path`` put the index anywhere and leave the site without one.
    """
    outside = tmp_path_factory.mktemp("outside")
    (outside / "precious.txt").write_text("keep me\n", encoding="utf-8")
    settings = {"logfile": str(outside / "precious.txt"), "output_path": str(outside / "index"), "verbose": True}
    if name.endswith(".toml"):
        text = "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items())
    else:
        text = json.dumps(settings)  # JSON is YAML too
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_OUTPUT_PATH", str(outside / "from-the-environment"))
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(INCIDENT, encoding="utf-8")
    result = run("render", "--format", "html")
    assert result.exit_code == 0, result.output + result.stderr
    assert (outside / "precious.txt").read_text(encoding="utf-8") == "keep me\n"
    assert sorted(path.name for path in outside.iterdir()) == ["precious.txt"]
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()


def _answer(port: int, path: str, *, method: str = "GET") -> int:
    """The status code of a request for *path* to 127.0.0.1:*port*, addressed to this machine."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, headers={"Host": f"127.0.0.1:{port}"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_serve_answers_a_path_no_file_can_have_with_not_found(tmp_path: Path) -> None:
    """Any page a browser may load can ask for ``/%00``: the answer is 404, not a traceback and a cut connection."""
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "audience", repo)
    serving = PmServe(repo)
    try:
        port = int(serving.url.rsplit(":", 1)[1].strip("/"))
        for path in ("/%00", "/a%00.html", "/assets/%00.css", "/%00/", "/INC-001.html%00"):
            for method in ("GET", "HEAD"):
                assert _answer(port, path, method=method) == 404, (path, method)
        assert _answer(port, "/", method="GET") == 200
    finally:
        serving.stop()
    assert "Traceback" not in "".join(serving.stderr), serving.stderr


def _with_report_template(tmp_path: Path, template: str) -> None:
    """Here: one incident and a repository's own ``report.md.j2``."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(INCIDENT, encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "report.md.j2").write_text(template, encoding="utf-8")


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    "template",
    [
        "{{ (7 ** 3000000) % 10 }}",  # one operation of Python's: no timer stops it, and Jinja folds it when compiling
        "{% set ns = namespace(x=3) %}{% for i in range(24) %}{% set ns.x = ns.x * ns.x %}{% endfor %}{{ ns.x % 10 }}",
        '{{ ("x" * 2 ** 34) | length }}',
        "{{ ([0] * 2 ** 34) | length }}",
        '{{ ("%2000000000d" % 1) | length }}',
        '{{ ("%*d" % (2000000000, 1)) | length }}',
        '{{ ("%.*f" % (2000000000, 1.5)) | length }}',
        '{{ ("%2000000000d" | format(1)) | length }}',
        '{{ ("x" | center(2 ** 34)) | length }}',
        '{{ ("a\\nb" | indent(2 ** 34)) | length }}',
        '{{ "x".ljust(2 ** 34) | length }}',
        '{{ ("x" | safe).rjust(2 ** 34) | length }}',
        '{{ "x"["zfill"](2 ** 34) | length }}',
        '{{ "a\\tb".expandtabs(2 ** 34) | length }}',
        '{{ "{:>9999999999}".format(1) | length }}',
        '{{ "{:{w}}".format(1, w=2 ** 34) | length }}',
        '{{ "{a:{w}}".format_map({"a": 1, "w": 2 ** 34}) | length }}',
        # joined or replaced texts: each item is small, what one step makes of them is not (past the bound only by
        # a little here: had the bound gone, the test would take a hundred megabytes, not the machine)
        '{{ (["x" * 40000000] * 2) | join | length }}',
        '{{ (["x" * 20000000] * 4) | join(", ") | length }}',
        '{{ "".join(["x" * 40000000] * 2) | length }}',
        '{{ (("x" * 10000) | replace("x", "y" * 10000)) | length }}',
        '{{ ("x" * 10000).replace("x", "y" * 10000) | length }}',
        '{% set ns = namespace(s="x" * 1000) %}{% for i in range(17) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
        '{% set ns = namespace(s="x" * 1000) %}{% for i in range(17) %}{% set ns.s = ns.s + ns.s %}{% endfor %}',
        '{{ "x".encode().ljust(70000000) | length }}',  # the padding methods of bytes too
        '{{ "aa".translate({97: "x" * 40000000}) | length }}',
        "{{ ([[0] * 2000] * 2000) | tojson | length }}",  # one list held 2,000 times: written 2,000 times
        "{% for b in [1] | batch(2 ** 34, 0) %}{{ b | length }}{% endfor %}",  # the filler list, made in one step
        '{{ ("a " * 100) | wordwrap(1, wrapstring="x" * 50000000) | length }}',  # a long separator for each line
        '{{ ("a " * 100) | wordwrap(1, true, "x" * 50000000) | length }}',
        "{{ ([1] | slice(2 ** 34, 0)) | list | length }}",
    ],
)
def test_one_operation_of_a_template_is_bounded(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, template: str
) -> None:
    """Arithmetic that would make a huge number or text in one step is a template error, not a hang past any limit.

    The time limit is a timer signal, which Python handles between two steps of a template: a power or product of
    big integers, or a text repeated or padded to gigabytes, is one step, which no timer interrupts.
    """
    monkeypatch.setenv("PM_TEMPLATE_SECONDS", "1")
    _with_report_template(tmp_path, template + "\n")
    result = run("render", "--format", "md")
    assert result.exit_code == 1, result.output + result.stderr
    assert "template error in templates/report.md.j2:1:" in result.stderr, result.stderr
    assert "too large" in result.stderr, result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_the_arithmetic_templates_do_still_works(run: Run, tmp_path: Path) -> None:
    """Bounding what one operation makes leaves the arithmetic, repetition and formatting of templates as they were."""
    _with_report_template(
        tmp_path,
        '{{ 2 ** 10 }} {{ 3 * 4 }} {{ "ab" * 3 }} {{ [1, 2] * 2 }} {{ "%5.2f|%-4s|%d%%" % (3.14159, "x", 7) }}'
        ' {{ 17 % 5 }} {{ 2 ** -1 }} {{ 2.5 * 2 }} {{ "%(a)s" % {"a": 1} }} {{ "x" % () }}'
        ' {{ "%3d" | format(7) }} {{ "x" | center(3) }}! {{ "a-{:>3}".format(1) }} {{ "7".zfill(3) }}'
        ' {{ [1, 2] | join(", ") }} {{ "a-b" | replace("-", "+") }} {{ "a" ~ 1 ~ "b" }} {{ 1 + 2 }} {{ [1] + [2] }}'
        ' {{ "/".join(["a", "b"]) }} {{ "aa".replace("a", "b", 1) }} {{ [[1, 2], [3]] | sum(start=[]) }}'
        ' {{ [{"n": 2}, {"n": 3}] | sum(attribute="n") }} {{ "ab".translate({97: "zz"}) }}\n',
    )
    result = run("render", "--format", "md")
    assert result.exit_code == 0, result.output + result.stderr
    assert (tmp_path / "site" / "INC-1.md").read_text(encoding="utf-8") == (
        "1024 12 ababab \\[1, 2, 1, 2\\]  3.14\\|x   \\|7% 2 0.5 5.0 1 x   7  x ! a-  1 007"
        " 1, 2 a+b a1b 3 \\[1, 2\\] a/b ba \\[1, 2, 3\\] 5 zzb\n"
    )


class _Scripts(HTMLParser):
    """The attributes of every script element of a page, as a browser's parser reads them (the first of a name wins)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            first: dict[str, str | None] = {}
            for name, value in attrs:
                first.setdefault(name, value)
            self.found.append(first)


def _scripts_that_run(page: str) -> list[str | None]:
    """The ``src`` of each script element of *page* that a browser would run (no type, or a JavaScript one)."""
    parser = _Scripts()
    parser.feed(page)
    return [
        script.get("src") for script in parser.found if script.get("type") in (None, "", "module", "text/javascript")
    ]


def _site_with_templates(tmp_path: Path, templates: dict[str, str]) -> None:
    """Here: one incident and the repository's own templates."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(INCIDENT, encoding="utf-8")
    for name, text in templates.items():
        (tmp_path / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "templates" / name).write_text(text, encoding="utf-8")


def test_the_site_s_script_is_pm_s_own(run: Run, tmp_path: Path) -> None:
    """A repository's ``site/site.js.j2`` would be the script every page of the site runs: it is refused, by name."""
    _site_with_templates(tmp_path, {"site/site.js.j2": 'document.title = "pwned";\n'})
    result = run("render", "--format", "html")
    assert result.exit_code == 1, result.output + result.stderr
    assert "templates/site/site.js.j2: the site's script is pm's own" in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()


def test_a_copy_of_pm_s_own_script_is_pm_s_own(run: Run, tmp_path: Path) -> None:
    """A repository that copied pm's templates (pm's own checkout, installed from it) keeps the script as it is.

    Byte for byte pm's own, it replaces nothing: the build goes on with pm's script; one byte more is refused.
    """
    own = (ROOT / "templates" / "site" / "site.js.j2").read_text(encoding="utf-8")
    _site_with_templates(tmp_path, {"site/site.js.j2": own})
    result = run("render", "--format", "html")
    assert result.exit_code == 0, result.output + result.stderr
    assert (tmp_path / "site" / "assets" / "site.js").is_file()
    (tmp_path / "templates" / "site" / "site.js.j2").write_text(own + "\n", encoding="utf-8")
    result = run("render", "--format", "html")
    assert result.exit_code == 1, result.output + result.stderr
    assert "templates/site/site.js.j2: the site's script is pm's own" in result.stderr, result.stderr


def test_pages_of_project_templates_run_no_file_of_the_site_as_a_script(run: Run, tmp_path: Path) -> None:
    """Every script element a repository's templates write is inert (``type="text/plain"`` first), but pm's own tag.

    The content policy lets a page run any script of the site's own address, so those templates could write script
    into another file of the site (the stylesheet) and load it with ``<script src>``.
    """
    loads = (
        '<script src="assets/pm.css"></script><SCRIPT SRC="INC-1.md"></SCRIPT><script/src="feed.xml"></script>'
        '<script type="module" src="assets/pm.css"></script><script src="assets/pm.css#assets/site.js"></script>'
        '<svg><script href="assets/pm.css"></script></svg><script src="assets/site.js"></script>'
        '<script src="data:text/javascript,document.title=1//assets/site.js" defer></script>'
    )
    _site_with_templates(
        tmp_path,
        {
            "report.css.j2": 'document.title = "pwned";\n',
            "site/site.css.j2": "//\n",
            "site/layout.html.j2": '{% extends "builtin/site/layout.html.j2" %}{% block head %}'
            + loads
            + "{% endblock %}",
            "report.html.j2": '{% extends "builtin/report.html.j2" %}{% block head %}' + loads + "{% endblock %}",
        },
    )
    result = run("render", "--format", "html")
    assert result.exit_code == 0, result.output + result.stderr
    for name in ("index.html", "lessons.html", "404.html", "INC-1.html"):
        page = (tmp_path / "site" / name).read_text(encoding="utf-8")
        running = _scripts_that_run(page)
        assert all(src and src.endswith("assets/site.js") and not set("#:?") & set(src) for src in running), (
            name,
            running,
        )
    assert _scripts_that_run((tmp_path / "site" / "index.html").read_text(encoding="utf-8")) == ["assets/site.js"]


@pytest.mark.parametrize(
    "markup",
    [
        '<script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script>',
        '<h:div xmlns:h="http://www.w3.org/1999/xhtml"><h:img src="x" onerror="alert(1)"/></h:div>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ],
)
def test_a_feed_of_project_templates_holds_no_markup_a_browser_runs(run: Run, tmp_path: Path, markup: str) -> None:
    """A feed template of the repository that writes XHTML or SVG elements is refused, naming it.

    A browser opening ``feed.xml`` runs the XHTML and SVG scripts in it, and no content policy can come first in XML.
    """
    feed = '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">' + markup + "</feed>\n"
    _site_with_templates(tmp_path, {"site/feed.xml.j2": feed})
    result = run("render", "--format", "html")
    assert result.exit_code == 1, result.output + result.stderr
    assert "feed.xml.j2" in result.stderr, result.stderr


def test_a_feed_of_project_templates_applies_no_transform(run: Run, tmp_path: Path) -> None:
    """An ``xml-stylesheet`` instruction would have the browser turn the feed into a page of the template's choice."""
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/xsl" href="feed.xml"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>{{ config.title }}</title></feed>\n'
    )
    _site_with_templates(tmp_path, {"site/feed.xml.j2": feed})
    result = run("render", "--format", "html")
    assert result.exit_code == 1, result.output + result.stderr
    assert "feed.xml.j2" in result.stderr, result.stderr


def test_a_feed_of_project_templates_may_still_shape_the_feed(run: Run, tmp_path: Path) -> None:
    """A feed template of the repository that writes Atom (with a style sheet for people) is written as it is."""
    feed = (
        '<?xml version="1.0" encoding="utf-8"?>\n<?xml-stylesheet type="text/css" href="assets/pm.css"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>{{ config.title }} &amp; more</title></feed>\n'
    )
    _site_with_templates(tmp_path, {"site/feed.xml.j2": feed})
    result = run("render", "--format", "html")
    assert result.exit_code == 0, result.output + result.stderr
    assert "<title>Post-mortems &amp; more</title>" in (tmp_path / "site" / "feed.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", ["site/index.html.j2", "site/incident-row.html.j2", "index.md.j2", "site/feed.xml.j2"])
def test_a_broken_or_refused_site_template_is_a_located_error(run: Run, tmp_path: Path, page: str) -> None:
    """A site template that does not parse, or links out of the repository, is named with its line: no traceback.

    pm reads what the site's templates use before it renders them (to render only what an edit changed).
    """
    _site_with_templates(tmp_path, {page: "{% if %}\n"})
    result = run("render", "--format", "md,html")
    assert result.exit_code == 1, result.output + result.stderr
    assert f"template error in templates/{page}:1: " in result.stderr, result.stderr
    (tmp_path / "templates" / page).unlink()
    (tmp_path / "templates" / page).symlink_to("/etc/passwd")
    result = run("render", "--format", "md,html")
    assert result.exit_code == 1, result.output + result.stderr
    assert f"templates/{page}: symbolic link to /etc/passwd, outside templates" in result.stderr, result.stderr
    assert "root:" not in result.output + result.stderr


@pytest.mark.parametrize("row", ["site/incident-row.html.j2", "index-row.md.j2"])
def test_a_row_of_a_project_template_is_bounded_on_its_own(run: Run, tmp_path: Path, row: str) -> None:
    """A row template that writes past a page's limit is stopped as it writes, and named: not once its page has it."""
    _site_with_templates(tmp_path, {row: '{% for i in range(1000) %}{{ "x" * 100000 }}{% endfor %}\n'})
    result = run("render", "--format", "md,html")
    assert result.exit_code == 1, result.output + result.stderr
    assert f"template {row} wrote too much" in result.stderr, result.stderr


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ("{a: ", "}"), ("[{a: ", "}]")])
def test_a_document_nested_past_the_limit_is_parsed_no_further_than_needed(opening: str, closing: str) -> None:
    """Past the nesting limit, the rest of the file is still parsed for a syntax error, but not into its depths.

    The YAML parser's work for each token grows with the depth it is at, so reading all of a 1 MiB file that
    opens 500,000 brackets would take an hour: the events drawn after the refusal are bounded, whatever the depth.
    """
    from postmortem.load import events

    text = opening * 50_000 + "1" + closing * 50_000
    drawn = 0

    def counted() -> Iterator[Event]:
        nonlocal drawn
        for event in events._events(text):
            drawn += 1
            yield event

    with pytest.raises(Rejected) as refused:
        events._read("deep.yaml", counted())
    assert refused.value.rule == "too-deep"
    assert drawn < 8 * MAX_DEPTH


def test_a_file_nested_past_the_limit_is_a_located_error(run: Run, tmp_path: Path) -> None:
    """A deeply nested incident file is one located ``too-deep`` error (the rest of the file is not walked into)."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text("[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1, result.output + result.stderr
    assert f"incidents/a.yaml:1:{MAX_DEPTH + 2}: error: nested more than {MAX_DEPTH} levels deep" in result.output


@pytest.mark.timeout(600)
def test_an_image_that_repeats_itself_cannot_hang_a_pdf(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SVG of the templates whose groups use each other 40 times over five levels is stopped, and named."""
    shapes = ['<defs><rect id="l0" width="1" height="1"/>']
    for level in range(1, 6):
        uses = "".join(f'<use href="#l{level - 1}" x="{j % 3}" y="{j // 3}"/>' for j in range(40))
        shapes.append(f'<g id="l{level}">{uses}</g>')
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
        + "".join(shapes)
        + '</defs><use href="#l5"/></svg>'
    )
    _site_with_templates(
        tmp_path,
        {
            "bomb.svg": svg,
            "report.html.j2": '{% extends "builtin/report.html.j2" %}{% block facts %}<img src="templates/bomb.svg" '
            'alt="b">{{ super() }}{% endblock %}',
        },
    )
    monkeypatch.setenv("PM_TEMPLATE_SECONDS", "2")
    result = run("render", "--format", "pdf")
    assert result.exit_code == 1, result.output + result.stderr
    assert "INC-1.pdf: drawing the PDF took longer than a template may run" in result.stderr, result.stderr
    assert not (tmp_path / "site").exists()


def test_lipsum_is_not_given_to_templates(run: Run, tmp_path: Path) -> None:
    """Jinja's mock-up text, made to any length in a loop of Python's (740 million characters in two minutes)."""
    _with_report_template(tmp_path, "{{ lipsum(1, false, 100000000, 100000001) | length }}\n")
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert "'lipsum' is undefined" in result.stderr
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="no ceiling on a process's memory there")
@pytest.mark.parametrize(
    "template",
    [
        "{{ cycler(*([1] * 60000000)).next() }}",  # a long list, unpacked: each step within the bounds
        '{{ ("x " * 30000000) | title | length }}',  # a list of every word of a long text
    ],
)
def test_a_repository_s_templates_run_under_a_ceiling_of_memory(tmp_path: Path, template: str) -> None:
    """What no bound of one operation sees (a list unpacked, a text split into its words) stops at PM_MEMORY_MIB.

    In a process of its own: the ceiling holds for the process that rendered a repository's templates.
    """
    _with_report_template(tmp_path, template + "\n")
    env = {**os.environ, "PM_MEMORY_MIB": "600"}
    done = subprocess.run([sys.executable, "-m", "postmortem", "render", "--format", "md"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=False, timeout=300)  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "needed more memory than a build may take (600 MiB; PM_MEMORY_MIB sets it)" in done.stderr, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert not (tmp_path / "site").exists()


def test_a_build_s_templates_have_a_time_in_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each template may run PM_TEMPLATE_SECONDS, and a build's, together, ten times that: past it, none runs more.

    A template taking just under its own time for each of a thousand incidents kept a CI job for a day.
    """
    monkeypatch.setenv("PM_TEMPLATE_SECONDS", "30")
    _with_report_template(tmp_path, "{{ incident.title }}\n")
    monkeypatch.chdir(tmp_path)
    env = environment(load_config(tmp_path))
    start_build_clock()
    assert bounded._DEADLINE[0] - time.monotonic() == pytest.approx(300, abs=5)
    monkeypatch.setattr(bounded, "_DEADLINE", [time.monotonic() - 1])  # as when the build's time is all taken
    with pytest.raises(PmError, match=r"ran too long: .* a build's templates run 10 times that in all"):
        render_with(env, "report.md.j2", template_context({"incident": {"title": "t"}}))
