"""What a command imports: only what its work needs, so that starting pm costs no more than that work.

Each pm process starts Python and imports its stack again; a module imported but never used is paid by every
render, check and ``--help``. Each test runs pm in a fresh process and looks at the modules it ended with.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.test_incremental import FORMATS, INCIDENT, _counts, _replace

# Runs pm with the arguments after the first, then writes the names of every module it imported to the first.
PM = """
import json, sys
from postmortem.cli.main import main
try:
    main(sys.argv[2:], prog_name="pm")
finally:
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(sorted(sys.modules), out)
"""
PDF = {"postmortem.render.pdf", "postmortem.render.pdf_styles", "postmortem.render.book", "weasyprint"}
METRICS = {"postmortem.corpus.metrics", "postmortem.corpus.figures", "postmortem.corpus.periods",
           "postmortem.render.metrics_page", "postmortem.render.metric_charts", "postmortem.render.bar_charts",
           "postmortem.render.kept"}  # fmt: skip
HTTP = {"urllib.request", "http.client", "ssl"}  # pm never goes on the network
EXPORT = {"postmortem.commands.exportshape", "postmortem.commands.export"}
RENDER = {"jinja2", "markdown_it", "postmortem.render.report", "postmortem.render.site"}


def _imported(repo: Path, *args: str) -> tuple[set[str], str]:
    """The modules that ``pm ARGS`` run in *repo* imported, and what it printed."""
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "modules.json"
        done = subprocess.run([sys.executable, "-c", PM, str(listing), *args], cwd=repo, capture_output=True,
                              text=True, check=False)  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return set(json.loads(listing.read_text(encoding="utf-8"))), done.stdout + done.stderr


def test_a_prose_edit_imports_no_pdf_metrics_export_nor_http(example_repo: Path) -> None:
    """After a cold build, a new summary renders two reports and the feed: no PDF, metric, chart or HTTP module.

    The cold build, which renders the metrics page, does import the metrics and their charts: the names are right.
    """
    cold, _ = _imported(example_repo, "render", *FORMATS)
    assert cold >= METRICS
    assert cold >= RENDER
    assert not cold & (PDF | HTTP | EXPORT)
    _replace(example_repo / INCIDENT, "Au premier démarrage", "Au tout premier démarrage")
    edit, printed = _imported(example_repo, "render", *FORMATS)
    assert _counts(printed)[0] > 0  # it did render, and wrote
    assert edit >= RENDER
    assert not edit & (PDF | METRICS | HTTP | EXPORT), sorted(edit & (PDF | METRICS | HTTP | EXPORT))


def test_a_render_with_nothing_new_imports_no_renderer_model_nor_cldr(example_repo: Path) -> None:
    """A second render of an unchanged repository stops before the render stack, the incident models and Babel."""
    _imported(example_repo, "render", *FORMATS)
    modules, printed = _imported(example_repo, "render", *FORMATS)
    assert _counts(printed)[0] == 0
    assert not modules & (RENDER | PDF | METRICS | {"postmortem.model.incident", "babel"})


def test_a_renamed_or_moved_incident_file_renders_nothing_new(example_repo: Path) -> None:
    """No output shows where an incident's file is: renamed, or moved to a folder, it is told at once, as no edit."""
    _imported(example_repo, "render", *FORMATS)
    incidents = example_repo / "incidents"
    first = sorted(incidents.glob("*.yaml"))[0]
    first.rename(incidents / "renamed.yaml")
    (incidents / "older").mkdir()
    (incidents / "renamed.yaml").rename(incidents / "older" / "moved.yaml")
    modules, printed = _imported(example_repo, "render", *FORMATS)
    assert _counts(printed)[0] == 0
    assert not modules & (RENDER | {"postmortem.model.incident"})


def test_check_imports_neither_the_export_nor_the_renderers(example_repo: Path) -> None:
    """``pm check`` validates: it builds no export model and imports no template engine, chart or PDF module."""
    modules, printed = _imported(example_repo, "check")
    assert "no problems" in printed
    assert not modules & (EXPORT | PDF | METRICS | HTTP | {"jinja2", "postmortem.render.report"})


def test_help_imports_no_model_nor_renderer(example_repo: Path) -> None:
    """``pm --help`` assembles the commands only: no pydantic, YAML reader, template engine, Markdown parser or CLDR."""
    modules, printed = _imported(example_repo, "--help")
    assert "render" in printed
    assert not modules & {"pydantic", "ruamel.yaml", "jinja2", "markdown_it", "babel", "postmortem.config.model"}
