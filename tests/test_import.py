"""pm import, end to end: write-ups of other tools become draft incident files that check, losing nothing."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from postmortem.sources.midnight import days_across_midnight
from postmortem.sources.timeline import split_time
from postmortem.sources.values import Values, one_value
from tests.conftest import CASES, ROOT, Run

FIXTURES = CASES / "import"
GOLDEN = Path(__file__).resolve().parent / "golden" / "import"
SEED = ROOT.parent / "shared" / "seed" / "incident-management.fr.md"
SOURCES = sorted(path.name for path in FIXTURES.iterdir())
PLACED = re.compile(r'^  lines? (\d+)(?:-\d+)? "(.*)": ')
LEFT_OUT = re.compile(r"^.*: lines ([\d, -]+): not part of any incident")
MARKER = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d{1,9}[.)])\s+)?(?:\[[ xX]\]\s+)?")  # a list item's marker, a box
DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def letters(text: str) -> str:
    """The letters and digits of *text*, folded: what an import must keep, whatever the markup around it."""
    return "".join(char for char in text.casefold() if char.isalnum())


def strings(value: object) -> list[str]:
    """Every text and number of a loaded YAML document (not its keys), in document order."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return [] if value is None or isinstance(value, bool) else [str(value)]


def imported(run: Run, tmp_path: Path, name: str, *args: str) -> tuple[str, list[Path]]:
    """Import one fixture into a fresh repository; its output and the drafts written, in order."""
    run("init", "--language", "fr" if ".fr." in name else "en")
    (tmp_path / "sources").mkdir()
    shutil.copy(FIXTURES / name, tmp_path / "sources" / name)
    before = set((tmp_path / "incidents").iterdir())
    result = run("import", f"sources/{name}", *args)
    assert result.exit_code == 0, result.output
    return result.stdout, sorted(set((tmp_path / "incidents").iterdir()) - before)


def pieces(source: Path) -> list[tuple[int, str]]:
    """The texts of a source that must reach a draft: each non-empty line (each cell of a table's), by line.

    Markup is no text: a list item's marker or check box, a table's header row (the names of its columns, which
    say the field each cell fills; a cell no field takes is kept under its column's name). In a YAML source,
    the keys are structure too: its texts are its values.
    """
    if source.suffix == ".yaml":
        return [(0, text) for text in strings(YAML(typ="safe").load(source.read_text(encoding="utf-8")))]
    lines = source.read_text(encoding="utf-8").splitlines()
    found = []
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("|") and number < len(lines) and DELIMITER_ROW.match(lines[number]):
            continue  # a header row
        cells = line.strip().strip("|").split("|") if line.lstrip().startswith("|") else [MARKER.sub("", line)]
        found += [(number, cell) for cell in cells if letters(cell)]
    return found


@pytest.mark.parametrize("name", SOURCES)
def test_import_matches_golden(run: Run, tmp_path: Path, name: str) -> None:
    """What pm import prints and the drafts it writes match the stored goldens (PM_UPDATE_GOLDEN=1 rewrites)."""
    output, drafts = imported(run, tmp_path, name)
    produced = output + "".join(f"\n=== {path.name}\n{path.read_text(encoding='utf-8')}" for path in drafts)
    golden = GOLDEN / f"{name}.txt"
    if os.environ.get("PM_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SOURCES)
def test_nothing_is_lost(run: Run, tmp_path: Path, name: str) -> None:
    """Each non-empty line of the source (each cell of a table) is in a draft, as written, but for its markup.

    A line may start with the heading, label or column name that the import reports as the name of the field it
    filled; the page around a table of incidents is reported as not imported, by line.
    """
    output, drafts = imported(run, tmp_path, name)
    kept = letters("".join(text for path in drafts for text in strings(YAML(typ="safe").load(path.read_text()))))
    labels = {letters(match[2]) for line in output.splitlines() if (match := PLACED.match(line))}
    left_out: set[int] = set()
    for match in filter(None, map(LEFT_OUT.match, output.splitlines())):
        for span in match[1].split(", "):
            first, _, last = span.partition("-")
            left_out |= set(range(int(first), int(last or first) + 1))
    lost = []
    for number, piece in pieces(tmp_path / "sources" / name):
        text = letters(piece)
        rests = [text] + [text.removeprefix(label) for label in labels if label and text.startswith(label)]
        if number not in left_out and text not in labels and not any(rest in kept for rest in rests):
            lost.append((number, piece))
    assert not lost
    assert drafts


@pytest.mark.parametrize("name", SOURCES)
def test_each_draft_checks(run: Run, tmp_path: Path, name: str) -> None:
    """Every draft written passes pm check (warnings say what is left for the author), and says it is a draft."""
    _, drafts = imported(run, tmp_path, name)
    result = run("check")
    assert result.exit_code == 0, result.output
    assert all(YAML(typ="safe").load(path.read_text())["status"] == "draft" for path in drafts)


def test_import_is_deterministic(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same sources imported into two identical repositories give the same bytes."""
    made = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        monkeypatch.chdir(folder)
        run("init")
        shutil.copytree(FIXTURES, folder / "sources")
        assert run("import", "sources").exit_code == 0
        made.append({path.name: path.read_bytes() for path in (folder / "incidents").iterdir()})
    assert made[0] == made[1]
    assert len(made[0]) == 1 + 11 + 4 + 3  # the example, eleven write-ups, tables of four and three rows


@pytest.mark.skipif(not SEED.is_file(), reason="the seed team's document is not next to the repository")
def test_seed_document_gives_its_ten_incidents(run: Run, tmp_path: Path) -> None:
    """The seed team's own document: one draft per row of its table of incidents, and the rest said not imported."""
    run("init", "--language", "fr")
    shutil.copy(SEED, tmp_path / "seed.md")
    result = run("import", "seed.md")
    assert result.exit_code == 0, result.output
    drafts = sorted((tmp_path / "incidents").glob("undated-*.yaml"))
    titles = {YAML(typ="safe").load(path.read_text())["title"] for path in drafts}
    assert len(drafts) == 10
    assert {"MySQLOO ne charge pas", "Addons Workshop pas dans le menu Tools"} <= titles
    first = YAML(typ="safe").load((tmp_path / "incidents" / "undated-mysqloo-ne-charge-pas.yaml").read_text())
    assert (first["severity"], first["time_spent"]) == ("P2", "2h")
    assert first["root_cause"] == "Binaire 32-bit au lieu de 64-bit"
    assert "not part of any incident of its table, not imported" in result.stdout
    check = run("check")
    assert check.exit_code == 0, check.output
    assert check.output.count("'date' is not written yet") == 10


def test_dry_run_prints_and_writes_nothing(run: Run, tmp_path: Path) -> None:
    """--dry-run prints each draft as it would be written, and leaves the repository as it was."""
    run("init")
    before = sorted(p.name for p in (tmp_path / "incidents").iterdir())
    shutil.copy(FIXTURES / "front-matter.en.md", tmp_path / "fm.md")
    result = run("import", "--dry-run", "fm.md")
    assert result.exit_code == 0, result.output
    assert "would write incidents/2022-09-14-dns-resolution-failures-in-staging.yaml" in result.stdout
    assert 'title: "DNS resolution failures in staging"' in result.stdout
    assert sorted(p.name for p in (tmp_path / "incidents").iterdir()) == before


def test_never_overwrites(run: Run, tmp_path: Path) -> None:
    """Importing the same source again is refused, and the draft already there is untouched."""
    _, drafts = imported(run, tmp_path, "modele.fr.md")
    drafts[0].write_text(drafts[0].read_text() + "# edited\n", encoding="utf-8")
    before = drafts[0].read_bytes()
    again = run("import", "sources/modele.fr.md")
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert "nothing was written" in again.stderr
    assert drafts[0].read_bytes() == before


def test_severity_and_status_defaults(run: Run, tmp_path: Path) -> None:
    """--severity fills the drafts whose source gives none; --status sets every draft's status."""
    _, drafts = imported(run, tmp_path, "tableau.fr.md", "--severity", "P4")
    data = [YAML(typ="safe").load(path.read_text()) for path in drafts]
    assert [item["severity"] for item in data] == ["P3", "P4", "P2"]  # sorted by file name
    assert run("import", "sources/tableau.fr.md", "--severity", "SEV9").exit_code == 1
    shutil.copy(FIXTURES / "atlassian.en.md", tmp_path / "sources")
    review = run("import", "sources/atlassian.en.md", "--status", "in-review")
    assert review.exit_code == 0, review.output
    assert (
        "status: in-review"
        in (tmp_path / "incidents" / "2024-06-03-incident-webhook-deliveries-delayed.yaml").read_text()
    )
    undated = run("import", "sources/tableau.fr.md", "--status", "final")  # a final write-up needs its date
    assert undated.exit_code == 1
    assert "does not check" in undated.stderr
    assert "nothing was written" in undated.stderr


def test_a_source_with_a_link_out_is_refused(run: Run, tmp_path: Path) -> None:
    """A link out of the folder given is refused, so is a file too large; nothing is written then."""
    run("init")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "secret.md").symlink_to("/etc/passwd")
    shutil.copy(FIXTURES / "gitlab.en.md", tmp_path / "sources")
    result = run("import", "sources")
    assert result.exit_code == 1
    assert "secret.md:1:1: error: symbolic link to /etc/passwd" in result.stderr
    assert not list((tmp_path / "incidents").glob("2024-03-11-*"))
    (tmp_path / "big.md").write_text("# Big\n\n" + "x" * (1024 * 1024 + 1), encoding="utf-8")
    (tmp_path / "linked.md").symlink_to("/etc/passwd")
    refused = run("import", "big.md", "sources/../linked.md")
    assert refused.exit_code == 1
    assert "too-large" in refused.stderr
    assert "outside" in refused.stderr
    assert "nothing was imported" in refused.stderr


def test_output_is_inert_and_errors_are_plain(run: Run, tmp_path: Path) -> None:
    """Control characters of a source are shown escaped on the terminal; a bad source is an error, not a traceback."""
    run("init")
    (tmp_path / "evil.md").write_text(
        "# Evil\x1b[31m title\n\n## Time\x1b]0;x\x07line\n\n- 10:00 x\n", encoding="utf-8"
    )
    result = run("import", "evil.md")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    (tmp_path / "latin1.md").write_bytes("# Café\n".encode("latin-1"))
    (tmp_path / "bad.yaml").write_text("a: [\n", encoding="utf-8")
    bad = run("import", "latin1.md", "bad.yaml")
    assert bad.exit_code == 1
    assert "not valid UTF-8" in bad.stderr
    assert "not an incident file of incident-postmortem-generator" in bad.stderr
    assert "Traceback" not in bad.output


def test_a_dateless_draft_is_left_out_of_reports(run: Run, tmp_path: Path) -> None:
    """A draft without a date checks (with a warning) and the build leaves it out instead of failing."""
    _, drafts = imported(run, tmp_path, "tableau.fr.md")
    result = run("render", "--format", "md")
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    assert not any((site / f"{YAML(typ='safe').load(p.read_text())['id']}.md").exists() for p in drafts)
    assert (site / "INC-001.md").exists()


def test_notes_render_as_other_notes(run: Run, tmp_path: Path) -> None:
    """The notes of a draft are the report's "Other notes" section, in Markdown and HTML."""
    _, drafts = imported(run, tmp_path, "pagerduty.en.md", "--severity", "P2")
    assert run("render", "--format", "md,html").exit_code == 0
    incident_id = YAML(typ="safe").load(drafts[0].read_text())["id"]
    markdown = (tmp_path / "site" / f"{incident_id}.md").read_text(encoding="utf-8")
    assert "## Other notes" in markdown
    assert "Status page posted at 15:10" in markdown
    html = (tmp_path / "site" / f"{incident_id}.html").read_text(encoding="utf-8")
    assert '<h2 id="notes">Other notes</h2>' in html


def test_a_source_in_another_language_says_so(run: Run, tmp_path: Path) -> None:
    """A French write-up imported into an English repository is marked French, so its report speaks French."""
    run("init")
    shutil.copy(FIXTURES / "modele.fr.md", tmp_path / "modele.md")
    result = run("import", "modele.md")
    assert result.exit_code == 0, result.output
    assert "language: fr, told by the words of the source" in result.stdout
    draft = next((tmp_path / "incidents").glob("2024-04-22-*.yaml"))
    assert YAML(typ="safe").load(draft.read_text())["language"] == "fr"
    assert run("render", "--format", "md").exit_code == 0
    report = (tmp_path / "site" / f"{YAML(typ='safe').load(draft.read_text())['id']}.md").read_text(encoding="utf-8")
    assert "## Chronologie" in report
    assert "## Autres notes" in report


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("14h05 début du problème", ("14h05", "début du problème")),
        ("9h : début de l'incident", ("9h", "début de l'incident")),
        ("9h — bascule sur le secondaire", ("9h", "bascule sur le secondaire")),
        ("**9h** bascule", ("9h", "bascule")),
        ("14h02-14h07 : redémarrages", ("14h02-14h07", "redémarrages")),
        ("2h later the database recovered", None),
        ("9h plus tard tout allait bien", None),
    ],
)
def test_a_timeline_line_starts_with_a_french_clock_but_not_a_duration(
    line: str, found: tuple[str, str] | None
) -> None:
    """``14h05`` and ``9h :`` start entries; a bare ``2h`` with no separator after it is a duration in prose."""
    assert split_time(line) == found


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("P2", "P2"),
        ("SEV-2", "P2"),
        ("Sev 1 (critical)", "P1"),
        ("S3", "P3"),
        ("Severity 4", "P4"),
        ("Niveau 2", "P2"),
        ("SEV-0", None),
        ("SEV-12", None),
        ("major", None),
    ],
)
def test_a_numbered_severity_takes_the_one_level_of_its_number(written: str, level: str | None) -> None:
    """``SEV-2`` is the configured level numbered 2 (its words stay in the notes); no such level, or a word, is left."""
    assert one_value("severity", written, values=Values(levels=("P1", "P2", "P3", "P4"))) == level
    assert one_value("severity", "SEV-1", values=Values(levels=("critical", "major"))) is None
    assert one_value("severity", "SEV-1", values=Values(levels=("A1", "B1"))) is None


def test_the_configuration_s_own_zones_are_read_as_the_checks_read_them(run: Run, tmp_path: Path) -> None:
    """``IST`` under ``[zones]`` names the timeline's zone and each time's, as ``pm check`` reads them.

    Unknown to the import, the times went to the notes and a time in brackets, ``(04:09 UTC)``, set the zone.
    """
    run("init")
    (tmp_path / "pm.toml").write_text(
        (tmp_path / "pm.toml").read_text(encoding="utf-8") + '\n[zones]\nIST = "+05:30"\n', encoding="utf-8"
    )
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "outage.md").write_text(
        "# Airline check-in outage\n\n**Date:** 2024-07-19\n\n## Timeline (IST)\n\n"
        "- **09:39 IST** — Channel File 291 update published (04:09 UTC).\n"
        "- **10:15 IST** — Check-in kiosks crash.\n",
        encoding="utf-8",
    )
    result = run("import", "sources/outage.md")
    assert result.exit_code == 0, result.output
    draft = YAML(typ="safe").load(next((tmp_path / "incidents").glob("2024-07-19-*.yaml")).read_text())
    assert draft["timezone"] == "+05:30"
    assert [entry["at"] for entry in draft["timeline"]] == ["09:39 IST", "10:15 IST"]
    assert "notes" not in draft
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (["19:21", "23:10", "00:05", "00:35"], ["19:21", "23:10", "2023-03-15 00:05", "00:35"]),  # crosses once
        (
            ["22:00", "23:00", "~01:30", "03:00", "23:50", "00:20"],
            ["22:00", "23:00", "2023-03-15 ~01:30", "03:00", "23:50", "2023-03-16 00:20"],
        ),
        (["23:10", "22:40"], ["23:10", "22:40"]),  # back less than half a day: out of order, left for pm check
        (["23:50–00:10", "00:30"], ["23:50–00:10", "00:30"]),  # a range crossing midnight: the next day goes on
        (["23:10 PST", "00:05 CET"], ["23:10 PST", "00:05 CET"]),  # another zone: not compared
        (["2023-03-20 21:10", "22:10", "23:10", "00:05"], ["2023-03-20 21:10", "22:10", "23:10", "2023-03-21 00:05"]),
        (["23:10", "2023-03-16", "00:05"], ["23:10", "2023-03-16", "00:05"]),  # a day alone: its times are on it
        (["21:10", "22:10", "23:10", "unknown", "00:05"], ["21:10", "22:10", "23:10", "unknown", "2023-03-15 00:05"]),
        (["22:40", "15:00", "09:15"], ["22:40", "15:00", "09:15"]),  # newest first, as status pages list them
        (["23:10", "00:05"], ["23:10", "00:05"]),  # as likely newest first as past midnight: left for pm check
        (["2019-06", "23:10", "23:50"], ["2019-06", "2023-03-14 23:10", "23:50"]),  # after history: the date first
    ],
)
def test_a_timeline_crossing_midnight_in_times_alone_gets_the_next_day(written: list[str], expected: list[str]) -> None:
    """``23:10`` then ``00:05`` under the incident's date: the draft writes the next day where it changes.

    These entries were moved to the notes (pm check found the timeline out of order), losing the recovery.
    """
    timeline = [{"at": at, "text": "Step."} for at in written]
    days_across_midnight(timeline, date="2023-03-14", zones={})
    assert [entry["at"] for entry in timeline] == expected
    if not any(at.startswith(("2023-", "2019-")) for at in written):  # no day to go on from: as written
        undated = [{"at": at, "text": "Step."} for at in written]
        days_across_midnight(undated, date=None, zones={})
        assert [entry["at"] for entry in undated] == written


def test_a_day_on_its_own_line_and_dates_in_words_date_the_timeline(run: Run, tmp_path: Path) -> None:
    """``**January 4, 2021**`` over times alone dates them; ``2017/01/31 ±17:20`` is an approximate time.

    Both were left in the notes, and the draft undated: the day in words was not read, a line holding a day and
    no text was no entry, and GitLab's ``±`` was not read as "about".
    """
    run("init")
    (tmp_path / "slack.md").write_text(
        "# Outage\n\n## Timeline\n\nAll times are Pacific Time.\n\n**January 4, 2021**\n\n"
        "- 6:00am — Packet loss begins.\n- ~7:00am — Incident declared.\n- 2021/01/05 ±17:20 — Snapshot taken.\n",
        encoding="utf-8",
    )
    result = run("import", "slack.md")
    assert result.exit_code == 0, result.output
    (draft,) = (tmp_path / "incidents").glob("2021-01-04-*.yaml")
    data = YAML(typ="safe").load(draft.read_text(encoding="utf-8"))
    assert data["date"] == dt.date(2021, 1, 4)
    assert [entry["at"] for entry in data["timeline"]] == ["January 4, 2021", "6:00am", "~7:00am", "2021/01/05 ±17:20"]
    assert run("check", str(draft.relative_to(tmp_path))).exit_code == 0


def test_the_one_top_heading_is_the_title_only_when_a_heading_below_names_its_section(run: Run, tmp_path: Path) -> None:
    """``# Summary of June 8 outage`` over ``## Summary`` is a title; ``# Timeline (all times UTC)`` is a timeline.

    The second became the title, its entries going to the notes.
    """
    run("init")
    (tmp_path / "a.md").write_text("# Timeline (all times UTC)\n\n- 10:00 Alert.\n\n## Summary\n\nDown.\n", "utf-8")
    result = run("import", "a.md", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "title:   # not found in the source" in result.output
    assert 'timeline:\n  - at: "10:00"\n    text: "Alert."' in result.output
