"""Actions and lessons as real teams write them: unassigned owners, status words, as_of, notes, lessons listed once."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.corpus import views
from postmortem.model.incident import Incident
from tests.conftest import Run

HEAD = """\
id: {id}
title: Archived outage {id}
status: {status}
severity: P3
date: 2022-06-01
summary: Something broke.
root_cause: A thing.
resolution: Fixed it.
impact:
  downtime: 2h
"""


def _incident(root: Path, actions: str, *, ident: str = "INC-001", status: str = "final", extra: str = "") -> None:
    """Write an incident with *actions* (YAML list items) into the repository at *root*."""
    (root / "incidents").mkdir(exist_ok=True)
    text = HEAD.format(id=ident, status=status) + "actions:\n" + actions + extra
    (root / "incidents" / f"{ident}.yaml").write_text(text, encoding="utf-8")


def _config(root: Path, extra: str = "") -> None:
    """A configuration in UTC, with *extra* TOML."""
    (root / "pm.toml").write_text('timezone = "UTC"\n' + extra, encoding="utf-8")


LEDGER = """\
  - what: Add capacity alarms
    unassigned: true
    due: 2022-07-01
  - what: Rewrite the runbook
    owner: Ana
    due: 2022-07-01
"""


def test_unassigned_action_is_a_warning_and_a_missing_owner_an_error(tmp_path: Path, run: Run) -> None:
    """unassigned: true is a warning in a final write-up; no owner at all stays an error; both at once are refused."""
    _config(tmp_path)
    _incident(tmp_path, LEDGER)
    _incident(tmp_path, "  - what: Rotate keys\n    due: 2022-07-01\n", ident="INC-002")
    _incident(tmp_path, "  - {what: Rotate keys, owner: Bo, unassigned: true}\n", ident="INC-003")
    result = run("check")
    assert result.exit_code == 1
    out = result.output
    assert "INC-001.yaml:13:17: warning: action 1 is unassigned" in out
    assert "[action-unassigned]" in out
    assert "INC-002.yaml:12:5: error: action 1 has no owner: name one, or write unassigned: true" in out
    assert "INC-003.yaml:12:5: error: action 1: action has owner 'Bo' and unassigned: true: keep one" in out


def test_unassigned_is_quiet_when_recorded_as_of_a_day_or_closed(tmp_path: Path, run: Run) -> None:
    """A write-up of the past (as_of) or a closed action does not ask for an owner: --strict is clean."""
    _config(tmp_path)
    _incident(
        tmp_path, "  - {what: A, unassigned: true, as_of: 2022-08-01}\n  - {what: B, unassigned: true, status: done}\n"
    )
    result = run("check", "--strict")
    assert result.exit_code == 0, result.output


def test_an_owner_that_reads_as_no_one_is_pointed_at(tmp_path: Path, run: Run) -> None:
    """owner: Unassigned (or TBD, n/a) would list a fake person: the check says to write unassigned: true."""
    _config(tmp_path)
    _incident(tmp_path, "  - {what: A, owner: Unassigned}\n  - {what: B, owner: TBD}\n  - {what: C, owner: Ana}\n")
    result = run("check")
    found = re.findall(r"warning: owner '(\w+)' reads as no one: write unassigned: true", result.output)
    assert found == ["Unassigned", "TBD"]


def test_the_ledger_never_lists_a_fake_person(tmp_path: Path, run: Run) -> None:
    """The ledger (`pm actions`, the actions page, index.md, exports) shows the unassigned action as such, no owner."""
    _config(tmp_path)
    _incident(tmp_path, LEDGER)
    lines = run("actions").output.splitlines()
    row = next(line.split("\t") for line in lines if "Add capacity alarms" in line)
    assert row[2] == "(unassigned)"
    assert "Add capacity alarms" not in run("actions", "--owner", "unassigned").output
    assert run("render", "--format", "md,html").exit_code == 0
    page = (tmp_path / "site" / "actions.html").read_text(encoding="utf-8")
    owners = page.split('<h2 id="owners">', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'<tr><td class="card-title">([^<]*)</td>', owners) == ["Ana"]
    assert "Actions with no owner named: 1 (open: 1, overdue: 1)." in page
    assert '<td data-label="Owner"><em class="unassigned">unassigned</em></td>' in page
    assert "| Add capacity alarms | [INC-001](INC-001.md) | *unassigned* |" in (
        tmp_path / "site" / "index.md"
    ).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").output.removeprefix("\ufeff"))))
    alarms = next(r for r in rows if r["action"] == "Add capacity alarms")
    assert (alarms["owner"], alarms["unassigned"]) == ("", "yes")
    document = json.loads(run("export").output)
    assert document["actions"]["unassigned"] == 1
    action = document["incidents"][0]["actions"][0]
    assert (action["owner"], action["unassigned"]) == (None, True)


STATUS_WORDS = """\
  - {what: A, owner: Ana, status: planned}
  - {what: B, owner: Ana, status: Ongoing}
  - {what: C, owner: Ana, status: completed}
  - {what: D, owner: Ana, status: "won't do"}
  - {what: E, owner: Ana, status: "Won’t Do"}
  - {what: F, owner: Ana, status: terminée}
  - {what: G, owner: Ana, status: parked}
  - {what: H, owner: Ana, status: in_progress}
"""


def test_status_words_of_real_write_ups(tmp_path: Path, run: Run) -> None:
    """Common English and French status words mean pm's statuses; the configuration's table adds its own."""
    _config(tmp_path, '[action_statuses]\nparked = "blocked"\n')
    _incident(tmp_path, STATUS_WORDS)
    assert run("check", "--strict").exit_code == 0
    document = json.loads(run("export").output)
    statuses = [action["status"] for action in document["incidents"][0]["actions"]]
    assert statuses == ["open", "in-progress", "done", "cancelled", "cancelled", "done", "blocked", "in-progress"]
    assert document["actions"]["by_status"] == {"open": 1, "in-progress": 2, "blocked": 1, "done": 2, "cancelled": 2}


def test_an_unknown_status_word_names_the_ways_to_say_it(tmp_path: Path, run: Run) -> None:
    """An unknown word is an unknown value that names pm's statuses, common words and the configuration's table."""
    _config(tmp_path, '[action_statuses]\nparked = "blocked"\n')
    _incident(tmp_path, "  - {what: A, owner: Ana, status: updated}\n")
    result = run("check")
    assert result.exit_code == 1
    assert (
        "INC-001.yaml:12:35: error: action 1, status: unknown value 'updated'; use one of open, in-progress, "
        "blocked, done, cancelled, or a status word such as planned, ongoing, completed, won't do "
        "(the configuration's action_statuses adds more: parked) [unknown-value]"
    ) in result.output


def test_a_configured_word_cannot_redefine_a_status(tmp_path: Path, run: Run) -> None:
    """`done = "open"` in action_statuses would make files lie: the configuration is refused, located."""
    _config(tmp_path, '[action_statuses]\nDone = "open"\n')
    _incident(tmp_path, "  - {what: A, owner: Ana}\n")
    result = run("check")
    assert result.exit_code != 0
    assert "'done' is a status of pm already" in result.output + result.stderr


AS_OF = """\
  - {what: Late before the write-up, owner: Ana, due: 2022-07-15, as_of: 2022-08-01}
  - {what: Due after the write-up, owner: Bo, due: 2022-09-01, status: planned, as_of: 2022-08-01}
  - {what: Due after the write-up but not archived, owner: Cy, due: 2022-09-01}
"""


def test_overdue_is_computed_as_of_the_day_the_status_was_known(tmp_path: Path, run: Run) -> None:
    """An archived write-up says 'open as of' its day; it is overdue only when the due date had passed by then."""
    _config(tmp_path)
    _incident(tmp_path, AS_OF)
    rows = {line.split("\t")[-1]: line.split("\t")[1] for line in run("actions").output.splitlines()[1:4]}
    assert rows == {
        "Late before the write-up": "OVERDUE as of 2022-08-01",
        "Due after the write-up": "open as of 2022-08-01",
        "Due after the write-up but not archived": "OVERDUE",
    }
    exported = {
        r["action"]: (r["overdue"], r["as_of"])
        for r in csv.DictReader(io.StringIO(run("export", "--format", "csv").output.removeprefix("\ufeff")))
    }
    assert exported["Due after the write-up"] == ("no", "2022-08-01")
    assert exported["Late before the write-up"] == ("yes", "2022-08-01")
    assert json.loads(run("export").output)["incidents"][0]["computed"]["overdue_actions"] == 2
    assert run("render", "--format", "md,html").exit_code == 0
    report = (tmp_path / "site" / "INC-001.md").read_text(encoding="utf-8")
    assert "| Due after the write-up | | Bo | Sep 1, 2022 | open as of Aug 1, 2022 |" in report
    assert "| Late before the write-up | | Ana | Jul 15, 2022 | open as of Aug 1, 2022 — **overdue** |" in report
    page = (tmp_path / "site" / "actions.html").read_text(encoding="utf-8")
    assert '<span class="as-of">as of Aug 1, 2022</span>' in page


def test_as_of_before_the_incident_is_an_error(tmp_path: Path, run: Run) -> None:
    """A status cannot be known before the incident happened."""
    _config(tmp_path)
    _incident(tmp_path, "  - {what: A, owner: Ana, as_of: 2022-05-01}\n")
    result = run("check")
    assert "error: as_of 2022-05-01 comes before the incident (2022-06-01) [bad-time]" in result.output


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_note_is_in_every_format(tmp_path: Path, run: Run) -> None:
    """An action's note is shown in the Markdown, HTML and PDF reports and on the site's actions page."""
    _config(tmp_path)
    _incident(tmp_path, "  - {what: Add alarms, owner: Ana, note: Waiting on the **vendor** quote}\n")
    assert run("render", "--format", "md,html,pdf").exit_code == 0
    site = tmp_path / "site"
    assert "| Add alarms — *Note:* Waiting on the **vendor** quote |" in (site / "INC-001.md").read_text(
        encoding="utf-8"
    )
    html = '<div class="note">Waiting on the <strong>vendor</strong> quote</div>'
    assert html in (site / "INC-001.html").read_text(encoding="utf-8")
    assert html in (site / "actions.html").read_text(encoding="utf-8")
    pdf = subprocess.run(["pdftotext", site / "INC-001.pdf", "-"], capture_output=True, text=True, check=True)
    assert "Waiting on the vendor quote" in " ".join(pdf.stdout.split())


def _lessons_page(site: Path) -> list[tuple[str, int]]:
    """(text, recurrence) of each lesson on the site's lessons page, in order."""
    page = (site / "lessons.html").read_text(encoding="utf-8")
    found = []
    for item in re.findall(r'<li class="lesson .*?</li>', page, re.DOTALL):
        text = re.sub(r"<[^>]+>", "", re.search(r'<span class="lesson-text">(.*?)</span>\n', item, re.DOTALL)[1])
        count = re.search(r"\((?:recurs in|revient dans) (\d+) incidents\)", item)
        found.append((text, int(count[1]) if count else 1))
    return found


def _index_lessons(site: Path) -> list[tuple[str, int]]:
    """(text, recurrence) of each lesson of index.md's lessons section."""
    index = (site / "index.md").read_text(encoding="utf-8")
    section = re.split(r"\n## ", index.split("\n## Leçons", 1)[1].split("\n## Actions", 1)[0], maxsplit=1)[0]
    found = []
    for line in section.splitlines():
        if line.startswith("- "):
            count = re.search(r"\(revient dans (\d+) incidents\)", line)
            found.append((line[2:].split(" — *", 1)[0], int(count[1]) if count else 1))
    return found


def test_each_lesson_once_with_one_recurrence_count(example_repo: Path, run: Run) -> None:
    """On the example repository, each lesson is listed once with the same count on the lessons page and index.md.

    Before, a lesson appeared under every tag of its incident, and its count depended on the theme.
    """
    assert run("render", "--format", "md,html").exit_code == 0
    site = example_repo / "site"
    page, index = _lessons_page(site), _index_lessons(site)
    assert len(page) == len(index) > 0
    assert Counter(text for text, _ in index).most_common(1)[0][1] == 1
    assert len({text for text, _ in page}) == len(page)
    assert sorted(count for _, count in page) == sorted(count for _, count in index)
    recurring = [count for text, count in index if "moteur Source" in text]
    assert recurring == [3]  # INC-005, INC-006, INC-007 share the id moteur-source-non-documente


def test_a_lesson_carries_its_own_themes(tmp_path: Path, run: Run) -> None:
    """A lesson's own tags place it; the themes of every incident that teaches it are listed with it, once."""
    _config(tmp_path)
    lesson = "lessons:\n  to_keep:\n    - {text: Restore backups monthly, id: restores, tags: [backups]}\n"
    _incident(tmp_path, "  - {what: A, owner: Ana}\n", extra="tags: [database, storage]\n" + lesson)
    other = "tags: [storage]\nlessons:\n  to_keep:\n    - {text: Restores are tested, id: restores}\n"
    _incident(tmp_path, "  - {what: B, owner: Ana}\n", ident="INC-002", extra=other)
    assert run("render", "--format", "md,html").exit_code == 0
    page = (tmp_path / "site" / "lessons.html").read_text(encoding="utf-8")
    assert page.count('<li class="lesson') == 1
    assert re.findall(r'<h2 id="theme-\d+">([^<]*?) <span', page) == ["backups"]
    assert "Themes: backups, storage" in page
    assert "(recurs in 2 incidents)" in page


TAGS = st.lists(st.sampled_from(["db", "net", "dns", "Auth"]), max_size=3, unique=True)
LESSON = st.fixed_dictionaries(
    {"text": st.sampled_from(["Test restores", "test  restores!", "Page the owner", "Keep runbooks"])},
    optional={"id": st.sampled_from(["restores", "paging"]), "tags": TAGS},
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TAGS, st.lists(LESSON, max_size=3)), min_size=1, max_size=5))
def test_lessons_by_theme_lists_each_lesson_once(corpus: list[tuple[list[str], list[dict[str, object]]]]) -> None:
    """For any corpus, the themes together list each distinct lesson exactly once, counted by its incidents."""
    incidents = [
        Incident.model_validate(
            {
                "id": f"INC-{n}",
                "title": "t",
                "status": "draft",
                "date": "2022-06-01",
                "tags": tags,
                "lessons": {"to_keep": lessons},
            }
        )
        for n, (tags, lessons) in enumerate(corpus)
    ]
    every = views.lessons(incidents)
    listed = [lesson for theme in views.lessons_by_theme(incidents) for lesson in theme.lessons]

    def key(lesson: views.LessonEntry) -> tuple[str, str, tuple[str, ...]]:
        return lesson.kind, lesson.text, tuple(incident.id for incident in lesson.incidents)

    assert sorted(map(key, listed)) == sorted(map(key, every))
    for lesson in every:
        assert lesson.recurrence == len({incident.id for incident in lesson.incidents}) >= 1


def test_a_lesson_written_with_and_without_its_id_is_one_lesson(tmp_path: Path, run: Run) -> None:
    """The words of a lesson that another incident gives an id count with it: one lesson, one count, everywhere.

    Before, the incident that wrote only the words made a second lesson, counted apart from the first.
    """
    _config(tmp_path, 'lessons = ["restores"]\n')
    lesson = "lessons:\n  to_keep:\n    - {text: '**Test** restores', id: restores}\n"
    _incident(tmp_path, "  - {what: A, owner: Ana}\n", extra="tags: [backups]\n" + lesson)
    words = "tags: [storage]\nlessons:\n  to_keep:\n    - 'Test restores!'\n"
    _incident(tmp_path, "  - {what: B, owner: Ana}\n", ident="INC-002", extra=words)
    assert run("render", "--format", "md,html").exit_code == 0
    page = (tmp_path / "site" / "lessons.html").read_text(encoding="utf-8")
    assert page.count('<li class="lesson') == 1
    assert page.count("(recurs in 2 incidents)") == 2  # the team's list and the theme view say the same
    index = (tmp_path / "site" / "index.md").read_text(encoding="utf-8")
    assert "1. **Test** restores — [INC-001](INC-001.md), [INC-002](INC-002.md) (recurs in 2 incidents)" in index
