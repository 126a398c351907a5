"""Honest exits: no incident repository, a repository without incidents, and a wrong value on the command line."""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Run

INCIDENT = 'id: INC-1\ntitle: Disk full\nstatus: draft\ndate: "2024-01-01"\nseverity: P2\n'
NOT_A_REPOSITORY = "is not an incident repository: no pm.toml (nor a pyproject.toml with [tool.pm])"


@pytest.mark.parametrize(
    "command",
    [["check"], ["check", "--format", "json"], ["render"], ["render", "--format", "md"], ["stats"], ["actions"],
     ["export"], ["new", "Disk full"], ["schema", "--write"], ["serve", "--port", "0"]],
)  # fmt: skip
def test_outside_a_repository_commands_say_so(run: Run, tmp_path: Path, command: list[str]) -> None:
    """In a folder with no configuration and no incidents folder, a command says so, fails, and writes nothing."""
    result = run(*command)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"pm: error: {tmp_path.resolve()} {NOT_A_REPOSITORY}")
    assert "start one with `pm init`" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_what_needs_no_repository_still_works(run: Run, tmp_path: Path) -> None:
    """The schema is printed anywhere, and a file named on the command line is checked anywhere."""
    assert run("schema").stdout.startswith("{")
    (tmp_path / "one.yaml").write_text(INCIDENT, encoding="utf-8")
    checked = run("check", "one.yaml")
    assert checked.exit_code == 0
    assert "All good: 1 file checked" in checked.stdout


def test_an_incidents_folder_or_a_configuration_makes_a_repository(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An incidents folder alone is a repository (defaults apply), and so is a folder below a configuration."""
    (tmp_path / "incidents").mkdir()
    assert run("check").stdout.startswith("All good: 0 files checked")
    shutil.rmtree(tmp_path / "incidents")
    (tmp_path / "pm.toml").write_text('title = "Ours"\n', encoding="utf-8")
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "notes")
    result = run("check")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr


def _page(site: Path, name: str) -> str:
    """A page of the site as its reader sees the text (entities decoded)."""
    return html.unescape((site / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("language", "said"), [("en", "No incident has been written up yet."),
                                                ("fr", "Aucun incident n'a encore été rédigé.")])  # fmt: skip
def test_a_repository_without_incidents_renders_a_site_that_says_so(
    run: Run, tmp_path: Path, language: str, said: str
) -> None:
    """No incident: every format renders (no search index to build), and the pages say there is none yet."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "pm.toml").write_text(f'language = "{language}"\n', encoding="utf-8")
    result = run("render", "--format", "md,html")
    assert result.exit_code == 0, result.stderr
    site = tmp_path / "site"
    assert not (site / "pagefind").exists()
    for page in ("index.html", "search.html", "lessons.html", "actions.html", "metrics.html"):
        assert said in _page(site, page), page
    assert 'id="search-input"' not in _page(site, "search.html")  # no search box that could find nothing
    assert said in (site / "index.md").read_text(encoding="utf-8")
    (tmp_path / "incidents" / "a.yaml").write_text(INCIDENT, encoding="utf-8")
    again = run("render", "--format", "md,html")
    assert again.exit_code == 0, again.stderr
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert said not in _page(site, "index.html")
    assert 'id="search-input"' in _page(site, "search.html")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_book_of_no_incidents_says_so(run: Run, tmp_path: Path) -> None:
    """The combined PDF of a repository without incidents is made, and says there is none yet."""
    (tmp_path / "incidents").mkdir()
    result = run("render", "--format", "pdf", "--book")
    assert result.exit_code == 0, result.stderr
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", tmp_path / "site" / "postmortems.pdf", "-"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert "No incident has been written up yet." in done.stdout


WRONG_VALUES = [
    (["new", "Disk full", "-s", "P9"], "'-s' / '--severity': unknown severity 'P9'"),
    (["new", "Disk full", "--severity", "p2"], "'-s' / '--severity': unknown severity 'p2' (did you mean 'P2'?)"),
    (["new", "  "], "'TITLE': the title must not be empty"),
    (["new", "two\nlines"], "'TITLE': the title must be one line of text"),
    (["new", "x" * 201], "'TITLE': the title must be at most 200 characters"),
    (["stats", "-s", "P9"], "'-s' / '--severity': unknown severity 'P9'"),
    (["actions", "--severity", "P1", "--severity", "Sev1"], "'-s' / '--severity': unknown severity 'Sev1'"),
    (["render", "--out", "incidents"], "'-o' / '--out': refusing to write into incidents: it is the incidents folder"),
    (["render", "-o", "."], "'-o' / '--out': refusing to write into .: it is or holds the repository"),
    (["render", "--since", "2024-02-01", "--until", "2024-01-01"], "'--since': 2024-02-01 is after --until 2024-01-01"),
    (["render", "--format", "md,html", "--book"], "'--book': the combined PDF needs pdf among the formats"),
    (["render", "-f", "html", "--since", "2024-01-01"], "'--since': the combined PDF needs pdf among the formats"),
    (["check", "missing.yaml"], "'[PATHS]...': no such file or folder: missing.yaml"),
    (["init", "other", "--timezone", "Mars/Olympus"], "'--timezone': unknown time zone 'Mars/Olympus'"),
]


@pytest.mark.parametrize(("command", "said"), WRONG_VALUES)
def test_a_wrong_value_is_a_wrong_command_line(run: Run, tmp_path: Path, command: list[str], said: str) -> None:
    """A value pm cannot use, even one checked against the configuration, exits 2 with click's usage and message."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(INCIDENT, encoding="utf-8")
    before = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*"))
    result = run(*command)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Usage: pm {command[0]} [OPTIONS]")
    assert f"Try 'pm {command[0]} --help' for help." in result.stderr
    assert f"Error: Invalid value for {said}" in result.stderr
    assert sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*")) == before
