"""pm render end to end: the three formats, goldens, languages, overrides, incremental and atomic writes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from postmortem.model import names
from tests.conftest import CASES, ROOT, Run

GOLDEN = Path(__file__).resolve().parent / "golden"
EPOCH = "1748736000"  # 2025-06-01: the build date, so that overdue flags do not move with the calendar


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build in these tests happens on the same day."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture
def english_repo(tmp_path: Path) -> Path:
    """A repository holding the two public post-mortems, with the default (English) configuration."""
    (tmp_path / "incidents").mkdir()
    for path in (CASES / "real-world").glob("*.yaml"):
        shutil.copy(path, tmp_path / "incidents" / path.name)
    (tmp_path / "pm.toml").write_text('title = "Public post-mortems"\n', encoding="utf-8")
    return tmp_path


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under *folder*, by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_render_example_corpus(run: Run, example_repo: Path) -> None:
    """All ten example incidents get Markdown, HTML and PDF, with French labels."""
    result = run("render")
    assert result.exit_code == 0, result.output + result.stderr
    site = example_repo / "site"
    for incident in (f"INC-{number:03d}" for number in range(1, 11)):
        assert {(site / f"{incident}.{fmt}").is_file() for fmt in ("md", "html", "pdf")} == {True}
    assert "## Chronologie" in (site / "INC-004.md").read_text(encoding="utf-8")
    assert '<html lang="fr">' in (site / "INC-004.html").read_text(encoding="utf-8")
    assert result.output.startswith("Rendered 10 incidents into site: ")


@pytest.mark.parametrize(
    ("repo", "incident"),
    [("example_repo", "INC-004"), ("example_repo", "INC-001"), ("english_repo", "FASTLY-2021-06-08"),
     ("english_repo", "GITLAB-2017-01-31")],
)  # fmt: skip
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(run: Run, repo: str, incident: str, fmt: str, request: pytest.FixtureRequest) -> None:
    """Markdown and HTML match the stored goldens (set PM_UPDATE_GOLDEN=1 to rewrite them after a wanted change)."""
    folder: Path = request.getfixturevalue(repo)
    assert run("render", "--format", "md,html").exit_code == 0
    produced = (folder / "site" / f"{incident}.{fmt}").read_text(encoding="utf-8")
    golden = GOLDEN / f"{incident}.{fmt}"
    if os.environ.get("PM_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_pdf_text_and_fonts(run: Run, english_repo: Path) -> None:
    """The PDF has the report's text, selectable, in embedded fonts, with its title and page numbers."""
    assert run("render", "--format", "pdf").exit_code == 0
    pdf = english_repo / "site" / "FASTLY-2021-06-08.pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("FASTLY-2021-06-08", "Key facts", "Timeline", "Fastly monitoring identifies", "Page 1 of"):
        assert expected in text
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info
    assert "Title:           FASTLY-2021-06-08 — Fastly global outage" in info
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts
    assert all(" yes yes yes " in line for line in fonts), fonts


def test_render_is_deterministic(run: Run, english_repo: Path) -> None:
    """Rendering twice gives the same Markdown and HTML bytes."""
    run("render", "--format", "md,html")
    first = _files(english_repo / "site")
    run("render", "--format", "md,html", "--force")
    assert _files(english_repo / "site") == first


def test_render_is_incremental(run: Run, example_repo: Path) -> None:
    """Nothing changed: nothing is rendered; one incident edited: its reports are, the others' are kept."""
    site = example_repo / "site"
    first = run("render", "--format", "md,html")
    total = int(first.output.split(": ")[1].split(" files")[0])
    again = run("render", "--format", "md,html")
    assert f"(0 written, {total} unchanged)" in again.output
    kept, edited_before = (site / "INC-001.html").stat().st_ino, (site / "INC-008.html").stat().st_ino
    path = example_repo / "incidents" / "2025-03-15-petite-caisse-ne-materialise-pas.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("time_spent: 15min", "time_spent: 20min"), "utf-8")
    run("render", "--format", "md,html")
    assert "20 min" in (site / "INC-008.md").read_text(encoding="utf-8")
    assert (site / "INC-001.html").stat().st_ino == kept
    assert (site / "INC-008.html").stat().st_ino != edited_before
    assert f"({total} written, 0 unchanged)" in run("render", "--format", "md,html", "--force").output


def test_invalid_corpus_writes_nothing(run: Run, example_repo: Path) -> None:
    """With an error in any file, render prints the problems, exits 1 and writes nothing."""
    path = example_repo / "incidents" / "2025-03-15-petite-caisse-ne-materialise-pas.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: final", "status: finished"), "utf-8")
    result = run("render")
    assert result.exit_code == 1
    assert "unknown value 'finished'" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (example_repo / "site").exists()


def test_failed_build_keeps_previous_output(run: Run, english_repo: Path) -> None:
    """A build that fails half-way leaves the previous output whole and no temporary folder behind."""
    run("render", "--format", "md,html")
    before = _files(english_repo / "site")
    (english_repo / "templates").mkdir()
    (english_repo / "templates" / "report.md.j2").write_text("{{ incident.nope }}\n", encoding="utf-8")
    result = run("render", "--format", "md,html")
    assert result.exit_code == 1
    assert "template error in templates/report.md.j2:1: 'Incident' has no attribute 'nope'" in result.stderr
    assert _files(english_repo / "site") == before
    assert sorted(p.name for p in english_repo.iterdir()) == ["incidents", "pm.toml", "site", "templates"]


def test_refuses_a_folder_pm_did_not_make(run: Run, english_repo: Path) -> None:
    """An existing output folder with files pm did not write is never replaced."""
    (english_repo / "site").mkdir()
    (english_repo / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("render")
    assert result.exit_code == 1
    assert "it was not made by pm" in result.stderr
    assert (english_repo / "site" / "notes.txt").read_text(encoding="utf-8") == "mine"
    outside = run("render", "--out", ".")
    assert outside.exit_code == 2  # a wrong --out is a wrong command line
    assert "refusing to write into ." in outside.stderr


def test_project_template_replaces_one_block(run: Run, english_repo: Path) -> None:
    """A project's report.html.j2 may extend the built-in one and replace a single block."""
    (english_repo / "templates").mkdir()
    (english_repo / "templates" / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}{% block facts %}<p class="custom">Ours</p>{% endblock %}',
        encoding="utf-8",
    )
    assert run("render", "--format", "html").exit_code == 0
    page = (english_repo / "site" / "FASTLY-2021-06-08.html").read_text(encoding="utf-8")
    assert '<p class="custom">Ours</p>' in page
    assert "Key facts" not in page
    assert '<h2 id="timeline">Timeline</h2>' in page


def test_language_override_per_incident(run: Run, example_repo: Path) -> None:
    """An incident written in English inside a French repository gets English labels."""
    shutil.copy(CASES / "real-world" / "fastly-2021-06-08-global-outage.yaml", example_repo / "incidents" / "f.yaml")
    assert run("render", "--format", "md").exit_code == 0
    assert "## Timeline" in (example_repo / "site" / "FASTLY-2021-06-08.md").read_text(encoding="utf-8")
    assert "## Chronologie" in (example_repo / "site" / "INC-001.md").read_text(encoding="utf-8")


def test_empty_sections_are_omitted(run: Run, tmp_path: Path) -> None:
    """A bare draft renders without empty headings."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(
        "id: INC-001\ntitle: Bare draft\nstatus: draft\ndate: 2024-01-01\n", encoding="utf-8"
    )
    assert run("render", "--format", "md,html").exit_code == 0
    markdown = (tmp_path / "site" / "INC-001.md").read_text(encoding="utf-8")
    assert markdown == "# INC-001 — Bare draft\n\n**Status**: Draft · **Date**: January 1, 2024\n"
    page = (tmp_path / "site" / "INC-001.html").read_text(encoding="utf-8")
    assert "<h2" not in page


def test_times_are_shown_as_precisely_as_written(run: Run, english_repo: Path) -> None:
    """Approximate times keep their ~, and entries without a time say so instead of inventing one."""
    assert run("render", "--format", "md").exit_code == 0
    markdown = (english_repo / "site" / "GITLAB-2017-01-31.md").read_text(encoding="utf-8")
    assert "| Jan 31, 2017 | ~17:20 |" in markdown
    assert "| | time unknown | (Evening, exact time unknown.)" in markdown
    assert "| Jan 31, 2017 – Feb 1, 2017 | | (Overnight.)" in markdown, "a range of days shows both days"


def test_overdue_actions_are_flagged(run: Run, example_repo: Path) -> None:
    """An open action past its due date (as of the build date) is flagged."""
    assert run("render", "--format", "md").exit_code == 0
    rows = list((example_repo / "site" / "INC-010.md").read_text(encoding="utf-8").splitlines())
    assert any("Script d'extraction des GMA" in row and "**en retard**" in row for row in rows)


def test_format_option_is_checked(run: Run, english_repo: Path) -> None:
    """An unknown format is a usage error (exit 2)."""
    result = run("render", "--format", "md,docx")
    assert result.exit_code == 2
    assert "md, html and pdf" in result.output + result.stderr


def test_example_files_are_untouched(run: Run, example_repo: Path) -> None:
    """Rendering never changes an authored file."""
    before = _files(example_repo / "incidents")
    run("render", "--format", "md")
    assert _files(example_repo / "incidents") == before
    assert ROOT.joinpath("incidents").is_dir()


def test_parallel_and_serial_builds_write_the_same_files(
    run: Run, example_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache_home: Path
) -> None:
    """Large corpora check and render in forked processes (reports, index.md); the files are the same as serially."""
    import postmortem.commands.job
    import postmortem.corpus.checking

    assert run("render", "--format", "md,html", "--out", str(tmp_path / "serial")).exit_code == 0
    monkeypatch.setattr(postmortem.commands.job, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(postmortem.commands.job, "REPORTS_PER_WORKER", 1)
    monkeypatch.setattr(postmortem.corpus.checking, "PARALLEL_THRESHOLD", 1)
    shutil.rmtree(cache_home)  # every file checked again, in forked processes
    assert run("render", "--format", "md,html", "--out", str(tmp_path / "parallel")).exit_code == 0

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
                and p.name != ".pm-build.json"}  # fmt: skip

    serial, parallel = files(tmp_path / "serial"), files(tmp_path / "parallel")
    assert serial.keys() == parallel.keys()
    assert [name for name in serial if serial[name] != parallel[name]] == []


def test_an_edit_renders_the_lessons_and_metrics_apart_to_the_same_files(
    run: Run, example_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new incident among many: the lessons and metrics pages are made apart from the ledger, to the same files.

    Their views, pages and sections of index.md are made by a forked process while the build makes the ledger, the
    table and their pages (commands/apart.py), and index.md's other sections are rendered in a third process.
    """
    import postmortem.commands.job

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
                and p.name != ".pm-build.json"}  # fmt: skip

    built: dict[int, dict[str, bytes]] = {}
    for threshold in (10_000, 1):  # one process, then the pages across incidents on two (and index.md on a third)
        monkeypatch.setattr(postmortem.commands.job, "PARALLEL_THRESHOLD", threshold)
        out = tmp_path / f"out-{threshold}"
        assert run("render", "--format", "md,html", "--out", str(out)).exit_code == 0
        first = sorted((example_repo / "incidents").glob("*.yaml"))[0]
        text = first.read_text(encoding="utf-8")
        added = example_repo / "incidents" / "2025-12-01-added.yaml"
        added.write_text(re.sub(r"(?m)^id: .*$", "id: INC-900", text, count=1), encoding="utf-8")
        result = run("render", "--format", "md,html", "--out", str(out))
        assert result.exit_code == 0, result.output + result.stderr
        built[threshold] = files(out)
        added.unlink()
    serial, apart = built[10_000], built[1]
    assert serial.keys() == apart.keys()
    assert [name for name in serial if serial[name] != apart[name]] == []
    assert b"INC-900" in apart["lessons.html"]
    assert b"INC-900" in apart["index.md"]


def test_the_pages_made_apart_are_those_of_the_lessons_and_the_metrics_beside_the_ledger(example_repo: Path) -> None:
    """With pm's own templates, the lessons and metrics pages go apart when the ledger is made meanwhile.

    A severity edit (the metrics page and the table) stays in one process, which makes it sooner.
    """
    from postmortem.commands.apart import apart_pages, apart_sections
    from postmortem.config.files import load_config
    from postmortem.render.templating import environment

    env = environment(load_config(example_repo))
    every = {names.site_page(name) for name in names.SITE_PAGES} | {names.INDEX_MARKDOWN, names.FEED}
    assert apart_pages(env, every) == {"lessons.html", "metrics.html"}
    assert apart_pages(env, {"index.html", "metrics.html", names.INDEX_MARKDOWN}) == set()
    assert apart_sections(env) == {"lessons", "metrics"}
