"""Property-based tests: no document, however malformed, makes loading or checking crash."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem.cli.main import main
from postmortem.config.model import Config
from postmortem.errors import display_path, printable
from postmortem.load.yaml import load
from postmortem.model.incident import Incident
from postmortem.render.markup import _parser, to_inline_html
from postmortem.validate.incident import validate_incident
from tests.conftest import ROOT

CONFIG = Config(root=ROOT)
PROBLEM_LINE = re.compile(r"^[^:]+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$")
EXAMPLES = sorted((ROOT / "incidents").glob("*.yaml"))
FIELDS = [name for name in Incident.model_fields if name != "extensions"]
TOKENS = [
    ": ",
    "- ",
    "\t",
    "&a ",
    "*a",
    "!!python/object ",
    '"',
    "'",
    "{",
    "[",
    "]",
    "}",
    "#",
    "\n",
    "  ",
    "~",
    "|",
    ">",
    "%",
    "@",
    "`",
    "\x00",
    "é",
    "\ufeff",
    "<<: *a",
    "---\n",
]


def _check_text(text: str) -> list[str]:
    """Validate one document; return its problems as printed lines."""
    doc = load("incident.yaml", text.encode("utf-8", "surrogatepass"))
    incident, problems = validate_incident(doc, config=CONFIG)
    assert incident is not None or any(p.level == "error" for p in problems)
    return [str(p) for p in problems]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_bytes(raw: bytes) -> None:
    """Any bytes give a document or located problems, never an exception."""
    doc = load("x.yaml", raw)
    _, problems = validate_incident(doc, config=CONFIG)
    for problem in problems:
        assert PROBLEM_LINE.match(str(problem)), str(problem)
        assert min(problem.line, problem.column) >= 1


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    example=st.sampled_from(EXAMPLES),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.sampled_from(TOKENS), st.integers(0, 3)), max_size=6),
)
def test_mutated_examples(example: Path, edits: list[tuple[int, str, int]]) -> None:
    """Real files with tokens inserted or characters removed still give located problems, never a crash."""
    text = example.read_text(encoding="utf-8")
    for position, token, cut in edits:
        at = position % (len(text) + 1)
        text = text[:at] + token + text[at + cut :]
    for line in _check_text(text):
        assert PROBLEM_LINE.match(line), line


def _nested(children: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """Lists and mappings of *children* (a named function: hypothesis reads its source to see it recurses)."""
    return st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=3
    )


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    _nested,
    max_leaves=12,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), values, max_size=12))
def test_generated_documents(data: dict[str, object]) -> None:
    """Documents made of real field names with values of any type validate or fail with located problems."""
    for line in _check_text(json.dumps(data)):
        assert PROBLEM_LINE.match(line), line


@settings(max_examples=25, deadline=None)
@given(text=st.text(max_size=300))
def test_check_command_never_shows_a_traceback(text: str) -> None:
    """`pm check` on any text exits 0 or 1 with a summary line (a traceback would fail the runner)."""
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        Path("incidents").mkdir()
        Path("incidents/x.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        result = runner.invoke(main, ["check"], catch_exceptions=False)
    assert result.exit_code in (0, 1)
    assert result.output.splitlines()[-1].startswith(("Found ", "All good"))


INLINE_CHARACTERS = st.sampled_from(list("ab c\"'\\`*_[]<>&!~\n\t:/.()#-+=|{}%@é€\u00a0 1"))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=INLINE_CHARACTERS, max_size=30))
def test_plain_cells_skip_markdown_with_the_same_html(text: str) -> None:
    """Cells with nothing for Markdown to do skip the parser, and come out exactly as the parser would give them."""
    to_inline_html.cache_clear()
    assert str(to_inline_html(text)) == _parser().renderInline(text)


_SEGMENT = st.text(st.characters(blacklist_characters="/\x00"), min_size=1, max_size=8)  # lone surrogates too


@given(st.lists(_SEGMENT | st.sampled_from([".", ".."]), min_size=1, max_size=5))
def test_a_relative_path_is_shown_as_the_system_relates_it_to_the_current_folder(parts: list[str]) -> None:
    """Whatever its segments, a relative path reads as the system relates it to here, or whole when it leaves here."""
    path = Path(*parts)
    relative = os.path.relpath(path)
    assert display_path(path) == printable(relative if not relative.startswith("..") else str(path))
