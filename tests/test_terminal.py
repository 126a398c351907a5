"""`pm actions` and `pm stats`: tab-separated when piped, aligned and coloured on a terminal unless NO_COLOR."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CASES, Run

SEPTEMBER = "1756684800"  # 2025-09-01 00:00 UTC: every open action of the examples is overdue by then
MAY = "1740787200"  # 2025-03-01: none is overdue yet
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def dated(monkeypatch: pytest.MonkeyPatch) -> None:
    """Views computed as of 2025-09-01."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SEPTEMBER)


@pytest.mark.usefixtures("dated")
def test_actions_lists_open_actions_overdue_first(run: Run, example_repo: Path) -> None:
    """Piped, the open actions are tab-separated lines under a header, then a count."""
    result = run("actions")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "due\tstatus\towner\tincident\tseverity\taction",
        "2025-04-05\tOVERDUE\tCamille\tINC-010\tP3\tScript d'extraction des GMA lancé à la construction de l'image",
        "2025-03-15\tOVERDUE\tCamille\tINC-004\tP2\tTester la connexion d'un client neuf après chaque ajout de contenu",
        "2 open actions, 2 overdue (as of 2025-09-01).",
    ]


@pytest.mark.usefixtures("dated")
def test_actions_filters(run: Run, example_repo: Path) -> None:
    """--all adds closed actions; --owner, --severity and --tag narrow the list."""
    assert run("actions", "--all").stdout.splitlines()[-1] == "14 actions, 2 overdue (as of 2025-09-01)."
    yanis = run("actions", "--all", "--owner", "yanis").stdout.splitlines()
    assert all("\tYanis\t" in line for line in yanis[1:-1])
    assert len(yanis) > 2
    only_p2 = run("actions", "-s", "P2").stdout.splitlines()
    assert [line.split("\t")[3] for line in only_p2[1:-1]] == ["INC-004"]
    nothing = run("actions", "--tag", "no-such-theme")
    assert nothing.stdout == ""
    assert nothing.stderr == "0 open actions, 0 overdue (as of 2025-09-01).\n"


def test_unknown_severity_is_refused(run: Run, example_repo: Path) -> None:
    """A misspelt level is a wrong command line with a hint (exit 2), not an empty table."""
    result = run("stats", "--severity", "p2")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '-s' / '--severity': unknown severity 'p2' (did you mean 'P2'?); "
        "levels: P1, P2, P3, P4\n"
    )


def test_fail_on_overdue(run: Run, example_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--fail-on-overdue exits 1 once an action is overdue, and 0 before."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", MAY)
    assert run("actions", "--fail-on-overdue").exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SEPTEMBER)
    late = run("actions", "--fail-on-overdue", "-q")
    assert late.exit_code == 1
    assert late.stderr == "pm: error: 2 overdue actions\n"
    assert "OVERDUE" in late.stdout


@pytest.mark.usefixtures("dated")
def test_stats_shows_the_index_metrics(run: Run, example_repo: Path) -> None:
    """The metrics per severity, then totals for incidents, actions and targets."""
    result = run("stats")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[:4] == ["severity", "incidents", "target", "met"]
    rows = {line.split("\t")[0]: line.split("\t") for line in lines[1:5]}
    assert rows["P2"][:4] == ["P2", "6", "1h", "5/6"]
    assert rows["P3"][:4] == ["P3", "4", "24h", "4/4"]
    assert rows["P1"][1:] == ["0", "15min", "-", "- / -", "- / -", "- / -", "- / -"]
    assert lines[5:] == [
        "10 incidents (10 final), 0 without severity.",
        "Actions: 14, 12 done (86% of those not cancelled), 2 overdue.",
        "Response targets missed: 1.",
    ]


@pytest.mark.usefixtures("dated")
def test_files_with_errors_are_left_out_with_a_warning(run: Run, example_repo: Path) -> None:
    """A broken file does not hide the others: it is left out, and a warning says so."""
    shutil.copy(CASES / "check" / "unknown-key.yaml", example_repo / "incidents" / "broken.yaml")
    result = run("stats")
    assert result.exit_code == 0
    assert result.stderr == "warning: 1 file with errors was left out: run pm check\n"


def _in_terminal(args: list[str], cwd: Path, **env: str) -> str:
    """Run the real `pm` in a pseudo-terminal 100 columns wide and return what it printed."""
    leader, follower = pty.openpty()
    environment = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    environment |= {"SOURCE_DATE_EPOCH": SEPTEMBER, "COLUMNS": "100", "TERM": "xterm", **env}
    command = [sys.executable, "-m", "postmortem", *args]
    process = subprocess.Popen(command, cwd=cwd, stdout=follower, stderr=follower, env=environment)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_terminal_gets_aligned_coloured_columns(example_repo: Path) -> None:
    """On a terminal the columns line up under a rule, OVERDUE is red, and long text is cut to the width."""
    shown = _in_terminal(["actions"], example_repo)
    assert "\x1b[31m" in shown
    lines = ANSI.sub("", shown).splitlines()
    assert lines[0].split() == ["due", "status", "owner", "incident", "severity", "action"]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].startswith("2025-04-05  OVERDUE  Camille  INC-010   P3        Script d'extraction")
    assert max(len(line) for line in lines) <= 100


def test_no_color_is_honoured(example_repo: Path) -> None:
    """NO_COLOR keeps the aligned table but drops every colour code."""
    shown = _in_terminal(["stats"], example_repo, NO_COLOR="1")
    assert "\x1b[" not in shown
    assert shown.splitlines()[2].split()[:4] == ["P1", "0", "15min", "-"]
