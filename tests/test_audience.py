"""Audiences: a public build holds nothing marked internal, in any output: pages, search index, feed, PDFs, Markdown."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from postmortem.load.fences import block_problem, blocks, public_text
from tests.conftest import CASES, Run

REPO = CASES / "audience"
MARKERS = [f"zqx{number}" for number in range(1001, 1019)]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the audience case: every kind of internal marking, each holding a marker word."""
    shutil.copytree(REPO, tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def _readable(path: Path) -> str:
    """What a file says: the text of a PDF, the decompressed search index, or the file itself."""
    if path.suffix == ".pdf":
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True, check=True)
        return done.stdout
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8", "replace")


def _found(out: Path) -> dict[str, set[str]]:
    """For each marker, the output files (relative) that contain it, case-insensitively."""
    found: dict[str, set[str]] = {marker: set() for marker in [*MARKERS, "INC-900"]}
    for path in out.rglob("*"):
        if path.is_file():
            text = _readable(path).lower()
            for marker in found:
                if marker.lower() in text:
                    found[marker].add(path.relative_to(out).as_posix())
    return found


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_public_build_leaves_out_everything_internal(run: Run, repo: Path) -> None:
    """The team's build shows every marker; the public one, built after it in the same folder, shows none.

    The team's build proves that the scan reads every kind of output; the internal incident's id must not leak either.
    """
    assert run("render", "--book", "-q").exit_code == 0
    internal = _found(repo / "site")
    assert all(internal.values()), [marker for marker, files in internal.items() if not files]
    kinds = {Path(name).suffix or name for files in internal.values() for name in files}
    assert {".html", ".md", ".pdf", ".xml", ".pf_fragment"} <= kinds
    assert "postmortems.pdf" in internal["zqx1001"]

    result = run("render", "--book", "--audience", "public")
    assert result.exit_code == 0, result.output
    assert {marker: files for marker, files in _found(repo / "site").items() if files} == {}
    site = repo / "site"
    assert not (site / "INC-900.html").exists()
    assert not (site / "page-team-only.html").exists()
    assert not (site / "procedure-p2.html").exists()
    page = (site / "INC-001.html").read_text(encoding="utf-8")
    assert "Consumers were not told to reconnect." in page
    assert "Broker changelog" in page
    assert "Internal" not in page


def test_internal_build_labels_internal_blocks(run: Run, repo: Path) -> None:
    """In the team's build an internal block is a quote headed "Internal", and internal items are flagged."""
    assert run("render", "--format", "md,html", "-q").exit_code == 0
    markdown = (repo / "site" / "INC-001.md").read_text(encoding="utf-8")
    assert "> **Internal**\n>\n> The upgrade was run by hand by zqx1001 outside the change window.\n" in markdown
    html = (repo / "site" / "INC-001.html").read_text(encoding="utf-8")
    assert re.search(r"<blockquote>\s*<p><strong>Internal</strong></p>\s*<p>The upgrade was run by hand", html)
    assert ":::" not in re.sub(r"<pre>.*?</pre>", "", html, flags=re.DOTALL)  # fences shown, except in code
    assert "| zqx1007 paged the database team by mistake. *(Internal)* |" in markdown
    assert "- Never paste a zqx1011 log in the chat. *(Internal)*" in markdown
    assert html.count('<span class="internal-flag">Internal</span>') == 4  # timeline entry, action, lesson, reference
    whole = (repo / "site" / "INC-900.html").read_text(encoding="utf-8")
    assert '<li class="badge internal-flag">Internal — not in public builds</li>' in whole


def test_public_export_leaves_out_everything_internal(run: Run, repo: Path) -> None:
    """`pm export --audience public` holds no marker; the default export holds them all."""
    full = run("export").stdout
    assert all(marker in full for marker in MARKERS[:14])
    public = run("export", "--audience", "public")
    assert public.exit_code == 0
    assert not [marker for marker in [*MARKERS, "INC-900"] if marker in public.stdout]
    data = json.loads(public.stdout)
    incident, unmarked = data["incidents"]
    assert incident["related"] == unmarked["related"] == []
    assert incident["responders"] == []
    assert incident["computed"]["time_to_acknowledge"] == {"minutes": 5, "approximate": False}


def test_unclosed_block_and_unknown_internal_field_are_errors(run: Run, repo: Path) -> None:
    """An unclosed block would hide the rest of a text by accident; a misspelt field would publish it."""
    path = repo / "incidents" / "2024-06-01-queue-stuck.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("internal: [responders,", "internal: [responder,"), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "incidents/2024-06-01-queue-stuck.yaml:8:11: error: internal: unknown field 'responder' "
        "(did you mean 'responders'?) in internal [invalid]"
    )
    path.write_text(text.replace("outside the change window.\n  :::\n", "outside the change window.\n"), "utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        "incidents/2024-06-01-queue-stuck.yaml:9:10: error: '::: internal' on line 3 of the text is never closed: "
        "end the block with a line ':::' [internal-block]"
    )


def test_blocks_respect_code_fences() -> None:
    """A ':::' line in a code block opens no internal block; one that would end a block inside its code is an error."""
    text = "a\n```\n::: internal\n```\n:::: internal\nb\n~~~\n:::\n~~~\n::::\nc\n"
    assert blocks(text) == [(False, "a\n```\n::: internal\n```\n"), (True, "b\n~~~\n:::\n~~~\n"), (False, "c\n")]
    assert public_text(text) == "a\n```\n::: internal\n```\nc\n"
    assert block_problem(text) is None
    assert block_problem("x\n::: internal\ny\n") == (
        1,
        "'::: internal' on line 2 of the text is never closed: end the block with a line ':::'",
    )
    cut = block_problem("::: internal\n~~~\n:::\n~~~\n:::\n")
    assert cut is not None
    assert cut[0] == 2
    assert public_text("::: internal\nall of it\n:::\n") is None


def test_public_timings_keep_the_days_of_the_full_timeline(run: Run, tmp_path: Path) -> None:
    """Leaving out an internal entry must not move a time without a date to another day, nor change a timing."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(
        "id: INC-1\ntitle: Public timings\nstatus: draft\ndate: 2024-03-01\nsummary: x\ntimeline:\n"
        '  - {at: "2024-03-01 23:00", text: Down, milestone: started}\n'
        '  - {at: "2024-03-02 01:00", text: Secret step, internal: true}\n'
        '  - {at: "02:00", text: Back, milestone: resolved}\n',
        encoding="utf-8",
    )
    timings = {}
    for audience in ("internal", "public"):
        result = run("export", "--format", "json", "--audience", audience)
        assert result.exit_code == 0, result.output
        timings[audience] = json.loads(result.stdout)["incidents"][0]["computed"]["time_to_resolve"]
    assert timings["public"] == timings["internal"] == {"minutes": 180, "approximate": False}
    assert run("render", "--format", "md", "--audience", "public").exit_code == 0
    report = (tmp_path / "site" / "INC-1.md").read_text(encoding="utf-8")
    assert "| Mar 2, 2024 | 02:00 | Back |" in report
    assert "Secret step" not in report


def test_internal_blocks_of_the_risk_register_stay_internal(run: Run, tmp_path: Path) -> None:
    """A risk's mitigation may hold an internal block: the public site and index leave it out."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(
        "id: INC-1\ntitle: T\nstatus: draft\ndate: 2024-01-01\nsummary: S\n", encoding="utf-8"
    )
    (tmp_path / "risks.yaml").write_text(
        "risks:\n  - id: R1\n    title: Disk fills up\n    probability: low\n    impact: P1\n    severity: high\n"
        '    mitigation: "Alerts at 80%.\\n\\n::: internal\\nSECRET-RISK\\n:::\\n"\n',
        encoding="utf-8",
    )
    assert run("check").exit_code == 0
    assert run("render", "--format", "md,html", "--audience", "public").exit_code == 0
    for name in ("risks.html", "index.md"):
        text = (tmp_path / "site" / name).read_text(encoding="utf-8")
        assert "Alerts at 80%" in text
        assert "SECRET-RISK" not in text, name
