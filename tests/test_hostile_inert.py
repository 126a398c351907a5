r"""Inert outputs: whatever a repository holds, pm's terminal lines, feed, charts, CSV and JSON stay safe to read.

Incident fields and file names may hold escape sequences, carriage returns, bidirectional overrides and
line separators (a YAML escape such as "\x1b" writes them). None of them may reach a terminal raw, split a
problem over two lines, break the feed's XML, run as a spreadsheet formula or make JSON invalid; and
`pm serve` answers only requests addressed to this machine (no DNS rebinding).
"""

from __future__ import annotations

import ast
import contextlib
import csv
import http.client
import io
import json
import re
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem.cli.main import main
from postmortem.errors import Level, Problem
from postmortem.inert import xml_text
from tests.conftest import CASES, ROOT, Run
from tests.pmserve import PmServe
from tests.test_terminal import _in_terminal

# What a terminal obeys or a reader mistakes for a line break; \t and \n are pm's own between cells and lines.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069]")
PROBLEM_LINE = re.compile(r'^("(?:[^"\\]|\\.)*"|[^":\s][^":]*):\d+:\d+: (error|warning): .* \[[a-z-]+\]$')
PIECES = ["\x1b[2J", "\x1b]0;pwned\x07", "\x1b[31m", "\r", "\n", "\t", "\x00", "\x08", "\x7f", "\x85", "\x9b",
          "\u202e", "\u2066", "\u2028", "\u2029", ":1:1: error: forged [x]", '"', "\\", " ", "=", "-", "é",
          "中"]  # fmt: skip
HOSTILE = st.lists(st.one_of(st.sampled_from(PIECES), st.characters(exclude_categories=("Cs",))), min_size=1,
                   max_size=12).map("".join)  # fmt: skip
GOOD = """\
id: INC-1
title: {title}
status: draft
date: 2024-01-01
severity: P1
actions:
  - what: {what}
    owner: {owner}
    due: 2024-02-01
  - what: second action
    status: done
"""


def _quoted(text: str) -> str:
    """*text* as a YAML double-quoted scalar (JSON's escapes are YAML's too)."""
    return json.dumps(text)


def _invoke(*args: str) -> Result:
    """Run ``pm ARGS`` here, with nothing stripped from what it prints (click strips colours when piped)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False, color=True)


def _file_name(text: str) -> str:
    """A file name holding *text*: no slash nor NUL (no file system takes them), short enough for any."""
    name = "f" + text.replace("/", "").replace("\x00", "")
    while len(name.encode("utf-8")) > 200:
        name = name[:-1]
    return name + ".yaml"


def _hostile_repository(*, title: str, what: str, owner: str, name: str) -> None:
    """Here: one valid incident quoting the hostile texts, and one broken file under a hostile name."""
    incidents = Path("incidents")
    incidents.mkdir()
    text = GOOD.format(title=_quoted(title), what=_quoted(what), owner=_quoted(owner))
    (incidents / "good.yaml").write_text(text, encoding="utf-8")
    (incidents / _file_name(name)).write_text(
        "id: INC-2\ntitle: Broken\nstatus: bogus\ndate: 2024-01-01\n", encoding="utf-8"
    )


def _assert_inert(result: Result) -> None:
    """Nothing raw that a terminal would obey, on stdout or stderr."""
    for stream in (result.stdout, result.stderr):
        found = RAW.search(stream)
        assert found is None, (found, stream)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=HOSTILE, what=HOSTILE, owner=HOSTILE, name=HOSTILE)
def test_terminal_output_holds_no_raw_control_character(title: str, what: str, owner: str, name: str) -> None:
    """`pm check` (text and GitHub), `pm actions` and `pm stats` print nothing raw, one problem per line."""
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        _hostile_repository(title=title, what=what, owner=owner, name=name)
        listed = json.loads(_invoke("check", "--format", "json").stdout)
        text, github = _invoke("check"), _invoke("check", "--format", "github")
        views = [_invoke("actions"), _invoke("actions", "--all"), _invoke("stats")]
    for result in (text, github, *views):
        _assert_inert(result)
    lines = text.stdout.splitlines()
    assert len(lines) == len(listed) + 1  # one line per problem, then the summary
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line), line
    assert len(github.stdout.splitlines()) == len(listed)
    assert all(line.startswith(("::error ", "::warning ")) for line in github.stdout.splitlines())


@settings(max_examples=300)
@given(path=HOSTILE, message=HOSTILE)
def test_a_problem_is_one_line_that_names_its_file_exactly(path: str, message: str) -> None:
    """A problem prints on one line without raw controls; a quoted file name reads back as the exact name."""
    shown = str(Problem(path=path, line=3, column=9, level=Level.ERROR, rule="invalid", message=message))
    assert RAW.search(shown) is None
    assert "\n" not in shown
    assert "\t" not in shown
    found = PROBLEM_LINE.match(shown)
    assert found, shown
    name = found.group(1)
    assert (ast.literal_eval(name) if name.startswith('"') else name) == path


def test_forged_problem_line_in_a_file_name_stays_inside_quotes(run: Run, tmp_path: Path) -> None:
    """A file named to print a problem of its own is shown quoted, escapes visible, on the line of its real problem."""
    (tmp_path / "incidents").mkdir()
    name = "b\x1b[31m\nincidents:1:1: error: forged [x].yaml"
    (tmp_path / "incidents" / name).write_text(
        "id: INC-2\ntitle: x\nstatus: bogus\ndate: 2024-01-01\n", encoding="utf-8"
    )
    result = run("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        '"incidents/b\\x1b[31m\\nincidents:1:1: error: forged [x].yaml":3:9: error: status: unknown value '
        "'bogus'; use one of draft, in-review, final [unknown-value]"
    )
    github = run("check", "--format", "github").output
    assert github.startswith(
        "::error file=incidents/b\\x1b[31m\\nincidents%3A1%3A1%3A error%3A forged [x].yaml,line=3,"
    )


def test_a_terminal_sees_escapes_not_sequences(example_repo: Path) -> None:
    """In a real terminal, with colours, an action's escape sequences are shown as text; only pm's colours remain."""
    incident = example_repo / "incidents" / "zz-hostile.yaml"
    what = "wipe \x1b[2J\x1b]0;pwned\x07 \x1b[31mred\u202e and \r hidden"
    incident.write_text(GOOD.format(title=_quoted("T\x1b[5m"), what=_quoted(what), owner=_quoted("bob\rmallory"),
                                    ), encoding="utf-8")  # fmt: skip
    for args in (["actions"], ["stats"], ["check"]):
        shown = _in_terminal(args, example_repo)
        own = re.sub(r"\x1b\[[0-9;]*m", "", shown)  # pm's own colours
        assert RAW.search(own.replace("\n", "")) is None, shown
    shown = _in_terminal(["actions"], example_repo, COLUMNS="400")
    assert "wipe \\x1b[2J\\x1b]0;pwned\\x07 \\x1b[31mred\\u202e and \\r hidden" in shown
    assert "bob\\rmallory" in shown


def _render_hostile_site(repo: Path, run: Run) -> None:
    """Render the site of *repo* with an incident whose every shown field holds characters XML forbids."""
    bad = "bad \x1b[2J \x01 \x0c \x7f \x85 \ufffe \uffff end"
    incident = (
        f"id: INC-666\ntitle: {_quoted('title ' + bad)}\nstatus: draft\ndate: 2030-01-01\nseverity: P2\n"
        f"authors: [{_quoted('author ' + bad)}]\nsummary: {_quoted('summary ' + bad)}\n"
    )
    (repo / "incidents" / "2030-01-01-bad.yaml").write_text(incident, encoding="utf-8")
    labels = (ROOT / "templates" / "i18n" / "fr.toml").read_text(encoding="utf-8")  # the examples are in French
    assert 'timeline_chart = "Graphique de la chronologie"' in labels
    (repo / "templates" / "i18n").mkdir(parents=True)
    (repo / "templates" / "i18n" / "fr.toml").write_text(
        labels.replace(
            'timeline_chart = "Graphique de la chronologie"', 'timeline_chart = "Chrono \\u001b logie \\u0001"'
        ),
        encoding="utf-8",
    )
    result = run("render", "--format", "md,html")
    assert result.exit_code == 0, result.output + result.stderr


def test_feed_and_charts_are_well_formed_xml(run: Run, example_repo: Path) -> None:
    """Control characters in a title, summary, author or label: the feed and SVG charts still parse as strict XML."""
    _render_hostile_site(example_repo, run)
    site = example_repo / "site"
    feed = ElementTree.parse(site / "feed.xml").getroot()  # expat: refuses any character XML 1.0 forbids
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") or "" for entry in feed.iter(f"{atom}entry")]
    assert any(title.startswith("INC-666 — title bad \ufffd[2J") for title in titles)
    parsed = feedparser.parse((site / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert any(entry.title.startswith("INC-666") for entry in parsed.entries)
    charts = [
        chart
        for page in site.glob("*.html")
        for chart in re.findall(r"<svg .*?</svg>", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    ]
    assert any("Chrono \ufffd logie \ufffd" in chart for chart in charts)
    for chart in charts:
        ElementTree.fromstring(chart)


def _xml_allows(code: int) -> bool:
    """XML 1.0's ``Char`` production, less the characters it discourages (DEL and the C1 controls)."""
    allowed = ((0x20, 0x7E), (0xA0, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF))
    return code in (0x9, 0xA, 0xD) or any(low <= code <= high for low, high in allowed)


def test_xml_text_replaces_exactly_what_xml_forbids_or_discourages() -> None:
    """Every code point at once: those XML 1.0 allows stay as they are, each of the others becomes U+FFFD."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert xml_text(every) == "".join(char if _xml_allows(ord(char)) else "\ufffd" for char in every)


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\r=CR", "  =spaced", " \t@x"]


def _ledger(repo: Path, actions: list[tuple[str, str]]) -> None:
    """An incident whose actions have the given (what, owner) texts."""
    lines = "".join(f"  - what: {_quoted(what)}\n    owner: {_quoted(owner)}\n" for what, owner in actions)
    incident = f"id: INC-1\ntitle: {_quoted(actions[0][0])}\nstatus: draft\ndate: 2024-01-01\nactions:\n{lines}"
    (repo / "incidents").mkdir(exist_ok=True)
    (repo / "incidents" / "a.yaml").write_text(incident, encoding="utf-8")


def _cells(text: str) -> Iterator[str]:
    """Every cell of a CSV text, header row excluded."""
    for row in list(csv.reader(io.StringIO(text)))[1:]:
        yield from row


def _safe_cell(cell: str) -> bool:
    """True when no spreadsheet would run *cell* as a formula (a leading quote makes it text), nothing raw in it."""
    formula = cell.lstrip().startswith(("=", "+", "-", "@")) or cell.startswith(("\t", "\r"))
    return (cell.startswith("'") or not formula) and RAW.search(cell) is None


def test_csv_cells_that_look_like_formulas_are_text(run: Run, tmp_path: Path) -> None:
    """Cells starting with =, +, -, @, a tab or a carriage return (also after blanks) get a leading quote."""
    _ledger(tmp_path, [(formula, formula) for formula in FORMULAS])
    result = run("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.output.removeprefix("\ufeff"))))
    assert sorted(row["action"] for row in rows) == sorted("'" + formula.replace("\r", "\\r") for formula in FORMULAS)
    assert rows[0]["incident_title"] == '\'=HYPERLINK("http://x","y")'
    assert all(_safe_cell(cell) for cell in _cells(result.output))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.tuples(st.sampled_from(["", " ", "=", "+", "-", "@", "\t", "\r", " \t"]), HOSTILE),
                      min_size=1, max_size=4))  # fmt: skip
def test_no_csv_cell_runs_as_a_formula(texts: list[tuple[str, str]]) -> None:
    """Whatever an action holds, each exported cell is text: quoted when it could start a formula, nothing raw."""
    actions = [(start + text, text + start) for start, text in texts]
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        _ledger(Path(), actions)
        result = _invoke("export", "--format", "csv")
    assert result.exit_code in (0, 1)  # 1: a text too long for a title, refused with its problem
    _assert_inert(result)
    for cell in _cells(result.stdout):
        assert _safe_cell(cell), cell


def _refuse_constant(name: str) -> Any:
    """A JSON reader that accepts no NaN nor Infinity."""
    raise AssertionError(f"not JSON: {name}")


def _strict(text: str) -> Any:
    """*text* read as strict JSON, with no raw control or bidirectional character."""
    assert RAW.search(text) is None
    return json.loads(text, parse_constant=_refuse_constant)


def test_json_outputs_are_strict_and_inert(run: Run, example_repo: Path, tmp_path: Path) -> None:
    """The export, check reports and schema are strict JSON with every odd character escaped, its meaning kept."""
    title = "t \x1b[2J \u202e \u2028 \x85 \x7f end"
    (example_repo / "incidents" / "zz.yaml").write_text(
        f"id: ZZ-1\ntitle: {_quoted(title)}\nstatus: draft\ndate: 2024-01-01\n"
        "impact:\n  figures:\n    - {label: ratio, value: 0.5}\n",
        encoding="utf-8",
    )
    exported = _strict(run("export").stdout)
    assert title in [incident["title"] for incident in exported["incidents"]]
    assert _strict(run("schema").stdout)["$schema"]
    (example_repo / "incidents" / "zz.yaml").write_text(
        f"id: ZZ-1\ntitle: {_quoted(title)}\nstatus: bogus\ndate: 2024-01-01\n", encoding="utf-8"
    )
    for output in ("json", "sarif", "gitlab"):
        assert _strict(run("check", "--format", output).stdout)


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.Inf", "+.INF", "1e400", "-1e999", "!!float .nan"])
def test_non_finite_numbers_are_located_errors(run: Run, tmp_path: Path, value: str) -> None:
    """A figure, or an extension, written as NaN, infinity or a number beyond floats is an error where it is."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(
        "id: INC-1\ntitle: Numbers\nstatus: draft\ndate: 2024-01-01\n"
        f"x-ratio: {value}\nimpact:\n  figures:\n    - {{label: ratio, value: {value}}}\n",
        encoding="utf-8",
    )
    result = run("check")
    assert result.exit_code == 1
    assert f"incidents/a.yaml:5:10: error: {value.removeprefix('!!float ')!r} is not a finite number" in result.output
    assert f"incidents/a.yaml:8:29: error: {value.removeprefix('!!float ')!r} is not a finite number" in result.output
    exported = run("export")
    assert exported.exit_code == 1
    assert exported.stdout == ""
    assert "Traceback" not in exported.stderr
    assert "a.yaml:8:29" in exported.stderr


def test_a_duration_too_long_to_count_is_a_located_error(run: Run, tmp_path: Path) -> None:
    """A duration of 10^400 hours is an error on its line, not an overflow."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(
        f"id: INC-1\ntitle: Long\nstatus: draft\ndate: 2024-01-01\nimpact:\n  downtime: {'9' * 400}h\n",
        encoding="utf-8",
    )
    result = run("check")
    assert result.exit_code == 1
    assert "incidents/a.yaml:6:13: error: impact.downtime: duration '999" in result.output
    assert "is too long: at most 36,500 days" in result.output


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[PmServe, int]]:
    """`pm serve` on a copy of a small repository, and its port."""
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "audience", repo)
    serving = PmServe(repo)
    yield serving, int(serving.url.rsplit(":", 1)[1].strip("/"))
    serving.stop()


def _status(port: int, path: str, *, host: str | None, method: str = "GET") -> int:
    """The status code of a request to 127.0.0.1:*port* carrying *host* as its Host header (None: no Host)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest(method, path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_serve_answers_only_loopback_host_names(served: tuple[PmServe, int]) -> None:
    """A foreign Host header (DNS rebinding) gets 403 on every path and method; loopback names get the site."""
    _serving, port = served
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "localhost", f"LocalHost:{port}"):
        assert _status(port, "/", host=host) == 200, host
    paths = ["/", "/index.html", "/__pm/status", "/__pm/reload.js", "/INC-001.html", "/feed.xml"]
    foreign = [f"evil.example:{port}", "evil.example", f"localhost.evil.example:{port}", f"127.0.0.1.nip.io:{port}",
               f"localhost:{port + 1 if port < 65535 else 1}", f"localhost:{port}@evil.example", "", None]  # fmt: skip
    for host in foreign:
        for path in paths:
            assert _status(port, path, host=host) == 403, (host, path)
        assert _status(port, "/", host=host, method="HEAD") == 403, host
