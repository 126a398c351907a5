"""pm init, pm new and pm check, end to end through the command line in a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import click
import pytest
from ruamel.yaml import YAML

from postmortem import __version__
from postmortem.cli.main import main
from postmortem.commands.scaffold import slugify
from tests.conftest import Run


def test_version_and_help(run: Run) -> None:
    """`--version` and `-V` name the version; `-h` works on the group."""
    assert run("--version").stdout == f"pm, version {__version__}\n"
    assert run("-V").stdout == f"pm, version {__version__}\n"
    assert run("-h").stdout.startswith("Usage: pm [OPTIONS] COMMAND [ARGS]...")


def test_init_makes_a_repository_that_checks_clean(run: Run, tmp_path: Path) -> None:
    """`pm init` writes config, risk register, .gitignore and a complete example that passes `pm check`."""
    result = run("init")
    assert result.exit_code == 0, result.output
    for name in ("pm.toml", "risks.yaml", ".gitignore"):
        assert (tmp_path / name).is_file()
    assert len(list((tmp_path / "incidents").glob("*.yaml"))) == 1
    ignored = (tmp_path / ".gitignore").read_text()
    assert "/site/" in ignored
    assert "/.site.del-*/" in ignored  # a swapped-out output is removed after pm exits
    assert "/.site.spare-*/" in ignored  # or kept for the next build to fill again
    check = run("check", "--strict")
    assert check.exit_code == 0, check.output
    assert check.output.strip() == "All good: 2 files checked, no problems."


def test_init_refuses_to_clobber(run: Run, tmp_path: Path) -> None:
    """A second `pm init` changes nothing and says why."""
    run("init")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = run("init")
    assert result.exit_code == 1
    assert "already an incident repository" in result.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def test_init_refuses_existing_files(run: Run, tmp_path: Path) -> None:
    """`pm init` writes nothing at all when any file it would write exists already."""
    (tmp_path / ".gitignore").write_text("mine\n")
    result = run("init")
    assert result.exit_code == 1
    assert "refusing to overwrite" in result.stderr
    assert (tmp_path / ".gitignore").read_text() == "mine\n"
    assert not (tmp_path / "pm.toml").exists()


def test_init_options(run: Run, tmp_path: Path) -> None:
    """Language and time zone given to `pm init` land in the config; a bad zone is refused."""
    assert run("init", "repo", "--language", "fr", "--timezone", "Europe/Paris").exit_code == 0
    config = tomllib.loads((tmp_path / "repo" / "pm.toml").read_text(encoding="utf-8"))
    assert (config["language"], config["timezone"]) == ("fr", "Europe/Paris")
    assert [level["id"] for level in config["severities"]] == ["P1", "P2", "P3", "P4"]
    assert [level["name"] for level in config["severities"]] == ["Critique", "Majeur", "Mineur", "Amélioration"]
    assert run("init", "english").exit_code == 0
    english = tomllib.loads((tmp_path / "english" / "pm.toml").read_text(encoding="utf-8"))
    assert [level["name"] for level in english["severities"]] == ["Critical", "Major", "Minor", "Improvement"]
    bad = run("init", "other", "--timezone", "Mars/Olympus")
    assert bad.exit_code == 2
    assert "unknown time zone 'Mars/Olympus'" in bad.stderr


def test_french_repository_without_levels_names_them_in_french(run: Run, tmp_path: Path) -> None:
    """The default levels follow the repository's language when the configuration lists none."""
    (tmp_path / "pm.toml").write_text('language = "fr"\n', encoding="utf-8")
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(
        "id: INC-1\ntitle: Panne\nstatus: draft\ndate: 2024-01-01\nseverity: P2\n", encoding="utf-8"
    )
    assert run("render", "--format", "md").exit_code == 0
    assert "P2 — Majeur" in (tmp_path / "site" / "INC-1.md").read_text(encoding="utf-8")


def test_new_writes_a_draft_that_checks_clean(run: Run, tmp_path: Path) -> None:
    """`pm new` writes incidents/<date>-<slug>.yaml with a fresh id, and the draft passes `pm check`."""
    run("init")
    result = run("new", "Caisse téléportée après SetParent(nil)", "--severity", "P2", "--date", "2025-03-08")
    assert result.exit_code == 0, result.output
    path = tmp_path / "incidents" / "2025-03-08-caisse-teleportee-apres-setparent-nil.yaml"
    assert result.output.strip() == str(Path("incidents") / path.name)
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert (data["id"], data["severity"], data["status"]) == ("INC-002", "P2", "draft")
    assert (data["title"], str(data["date"])) == ("Caisse téléportée après SetParent(nil)", "2025-03-08")
    assert data["timeline"][0]["at"].startswith(dt.datetime.now(dt.UTC).date().isoformat())  # opened today
    check = run("check")
    assert check.exit_code == 0, check.output


def test_new_uses_today_and_now(run: Run, tmp_path: Path) -> None:
    """Without --date, the file and the first timeline entry carry today's date in the configured zone."""
    (tmp_path / "incidents").mkdir()
    result = run("new", "Disk full")
    assert result.exit_code == 0, result.output
    today = dt.datetime.now(dt.UTC).date().isoformat()
    path = tmp_path / "incidents" / f"{today}-disk-full.yaml"
    assert f'at: "{today} ' in path.read_text()
    assert 'id: "INC-001"' in path.read_text()


def test_new_never_overwrites(run: Run, tmp_path: Path) -> None:
    """The same title on the same day is refused, and the existing file is untouched."""
    (tmp_path / "incidents").mkdir()
    run("new", "Disk full", "--date", "2025-01-01")
    path = tmp_path / "incidents" / "2025-01-01-disk-full.yaml"
    path.write_text(path.read_text() + "# my notes\n")
    before = path.read_bytes()
    result = run("new", "Disk full", "--date", "2025-01-01")
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert path.read_bytes() == before


def test_new_ids_increase(run: Run, tmp_path: Path) -> None:
    """Each new incident gets the next free id."""
    (tmp_path / "incidents").mkdir()
    run("new", "First", "--date", "2025-01-01")
    run("new", "Second", "--date", "2025-01-02")
    assert 'id: "INC-002"' in (tmp_path / "incidents" / "2025-01-02-second.yaml").read_text()


def test_new_refuses_unknown_severity(run: Run, tmp_path: Path) -> None:
    """An unknown severity is a wrong command line (exit 2) with a hint, and nothing is written."""
    (tmp_path / "incidents").mkdir()
    result = run("new", "Disk full", "--severity", "p1")
    assert result.exit_code == 2
    assert "Invalid value for '-s' / '--severity': unknown severity 'p1' (did you mean 'P1'?)" in result.stderr
    assert list((tmp_path / "incidents").iterdir()) == []


def test_new_uses_project_template(run: Run, tmp_path: Path) -> None:
    """A project's templates/new.yaml.j2 replaces the built-in one, and may extend it."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "new.yaml.j2").write_text(
        '{% include "builtin/new.yaml.j2" %}x-team: payments\n', encoding="utf-8"
    )
    result = run("new", "Card declines", "--date", "2025-01-01")
    assert result.exit_code == 0, result.output
    assert "x-team: payments" in (tmp_path / "incidents" / "2025-01-01-card-declines.yaml").read_text()
    assert run("check").exit_code == 0


def test_broken_project_template_names_file_and_line(run: Run, tmp_path: Path) -> None:
    """A typo in a template is an error naming the template and its line, not a traceback."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "new.yaml.j2").write_text("id: {{ id }}\ntitle: {{ titel }}\n", encoding="utf-8")
    result = run("new", "Card declines")
    assert result.exit_code == 1
    assert "template error in templates/new.yaml.j2:2: 'titel' is undefined" in result.stderr


def test_slugs_are_ascii() -> None:
    """Titles in any language make clean ASCII slugs."""
    assert slugify("Caisse téléportée après SetParent(nil)") == "caisse-teleportee-apres-setparent-nil"
    assert slugify("Ошибка базы данных") == "oshibka-bazy-dannykh"
    assert slugify("数据库故障") == "shu-ju-ku-gu-zhang"
    assert slugify("!!!") == "incident"
    assert len(slugify("a" * 500)) == 60


def test_check_example_corpus(run: Run, example_repo: Path) -> None:
    """The shipped example corpus checks clean, warnings included."""
    result = run("check", "--strict")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "All good: 11 files checked, no problems."


def test_check_selected_paths_still_cross_checks(run: Run, example_repo: Path) -> None:
    """Checking one file resolves its related incidents against the whole repository."""
    result = run("check", "incidents/2025-01-25-workshop-re-telecharge-a-chaque-restart.yaml")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "All good: 1 file checked, no problems."


def test_check_missing_path(run: Run) -> None:
    """A path that does not exist is a wrong command line: exit 2, with click's usage."""
    result = run("check", "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("Error: Invalid value for '[PATHS]...': no such file or folder: nope.yaml")


def test_check_strict_fails_on_warnings(run: Run, tmp_path: Path) -> None:
    """Warnings pass by default and fail with --strict."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(
        "id: A\ntitle: t\nstatus: in-review\ndate: 2024-01-01\nseverity: P3\nsummary: s\n", encoding="utf-8"
    )
    assert run("check").exit_code == 0
    strict = run("check", "--strict")
    assert strict.exit_code == 1
    assert "impact-not-quantified" in strict.output
    assert strict.output.splitlines()[-1] == "Found 0 errors and 1 warning in 1 of 1 file."


def test_bad_config_is_reported(run: Run, tmp_path: Path) -> None:
    """Mistakes in pm.toml are located problems, not tracebacks."""
    (tmp_path / "pm.toml").write_text('language = "de"\ntimezon = "UTC"\n', encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "pm.toml:1:12: error: language: unknown value 'de'; use one of en, fr [unknown-value]",
        "pm.toml:2:1: error: unknown field 'timezon' (did you mean 'timezone'?) [unknown-key]",
        "pm: error: 2 errors found",
    ]


def test_invalid_toml_is_reported(run: Run, tmp_path: Path) -> None:
    """A TOML syntax error gives its line and column."""
    (tmp_path / "pm.toml").write_text('title = "x"\nlanguage = \n', encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.startswith("pm.toml:2:")
    assert result.stderr.splitlines()[0].endswith("[config]")


def test_config_found_by_walking_up(run: Run, example_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """From a subfolder, `[tool.pm]` of the repository's pyproject.toml is found and used."""
    monkeypatch.chdir(example_repo / "incidents")
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "All good: 11 files checked, no problems."


def test_pm_toml_wins_over_pyproject_above(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The nearest config file wins: a pm.toml in a subfolder shadows [tool.pm] above it."""
    (tmp_path / "pyproject.toml").write_text('[tool.pm]\nincidents = "nowhere"\n', encoding="utf-8")
    inner = tmp_path / "team"
    (inner / "incidents").mkdir(parents=True)
    (inner / "pm.toml").write_text('id_prefix = "OPS-"\n', encoding="utf-8")
    (inner / "incidents" / "a.yaml").write_text("id: OPS-007\ntitle: t\nstatus: draft\ndate: 2024-01-01\n", "utf-8")
    monkeypatch.chdir(inner)
    assert run("check").output.strip() == "All good: 1 file checked, no problems."
    created = run("new", "Next one", "--date", "2024-02-01")
    assert 'id: "OPS-008"' in (inner / created.stdout.strip()).read_text(encoding="utf-8")


def test_every_command_has_help_quiet_and_verbose(run: Run) -> None:
    """-h works on every command, and every command takes -q and -v."""
    assert isinstance(main, click.Group)
    assert set(main.commands) >= {"init", "new", "check", "render", "schema", "serve", "actions", "stats", "export"}
    for name, command in main.commands.items():
        result = run(name, "-h")
        assert result.exit_code == 0, name
        assert result.stdout.startswith(f"Usage: pm {name} [OPTIONS]"), name
        flags = {opt for param in command.params for opt in getattr(param, "opts", [])}
        assert {"-q", "--quiet", "-v", "--verbose"} <= flags, name


def test_usage_errors_exit_2(run: Run) -> None:
    """A wrong command line is a usage error (2), not a problem found (1)."""
    assert run("frobnicate").exit_code == 2
    assert run("check", "--no-such-option").exit_code == 2
    assert run("render", "--format", "docx").exit_code == 2
    assert run("serve", "--port", "70000").exit_code == 2


def test_quiet_and_verbose(run: Run, example_repo: Path) -> None:
    """-q keeps stdout empty when all is well; -v names the configuration and every file written."""
    assert run("check", "-q").stdout == ""
    quiet = run("render", "--format", "md", "-q")
    assert quiet.exit_code == 0
    assert quiet.stdout == ""
    verbose = run("render", "--format", "md", "--force", "-v")
    assert "configuration: pyproject.toml\n" in verbose.stderr
    assert "wrote index.md\n" in verbose.stderr
    assert verbose.stdout.startswith("Rendered 10 incidents into site: ")


def test_shell_completion(tmp_path: Path) -> None:
    """The documented completion hook works: bash gets a script, and `pm ch<TAB>` completes to check."""
    pm = Path(sys.executable).with_name("pm")
    env = {**os.environ, "_PM_COMPLETE": "bash_source"}
    script = subprocess.run([pm], env=env, capture_output=True, text=True, check=True).stdout
    assert "complete -o nosort -F _pm_completion pm" in script
    env = {**os.environ, "_PM_COMPLETE": "bash_complete", "COMP_WORDS": "pm ch", "COMP_CWORD": "1"}
    done = subprocess.run([pm], env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout.split() == ["plain,check"]
    env = {**os.environ, "_PM_COMPLETE": "bash_complete", "COMP_WORDS": "pm check --format s", "COMP_CWORD": "3"}
    done = subprocess.run([pm], env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout.split() == ["plain,sarif"]
