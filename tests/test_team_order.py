"""A team's own order: the incident table by id when the team numbers its incidents, and its list of lessons."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import Run, copy_example

INCIDENT = """\
id: {id}
title: Outage {id}
status: draft
date: {date}
severity: P3
lessons:
  to_keep:
    - {{text: Lesson {lesson}, id: {lesson}}}
"""


def _repository(root: Path, config: str) -> None:
    """Three incidents whose ids, dates and lessons are in three different orders."""
    (root / "pm.toml").write_text('timezone = "UTC"\n' + config, encoding="utf-8")
    (root / "incidents").mkdir()
    for ident, date, lesson in (
        ("INC-2", "2024-03-01", "b"),
        ("INC-10", "2024-01-01", "c"),
        ("INC-1", "2024-02-01", "a"),
    ):
        text = INCIDENT.format(id=ident, date=date, lesson=lesson)
        (root / "incidents" / f"{ident}.yaml").write_text(text, encoding="utf-8")


def _table(site: Path) -> list[str]:
    """The ids of the home page's incident table, in order."""
    return re.findall(r'<tr data-severity="[^"]*" [^>]*data-id="([^"]+)"', (site / "index.html").read_text("utf-8"))


def test_the_table_is_newest_first_by_default(tmp_path: Path, run: Run) -> None:
    """Without an order of the team's, the newest incident comes first, in the site and index.md."""
    _repository(tmp_path, "")
    assert run("render", "--format", "md,html").exit_code == 0
    assert _table(tmp_path / "site") == ["INC-2", "INC-1", "INC-10"]
    index = (tmp_path / "site" / "index.md").read_text(encoding="utf-8")
    assert re.findall(r"^\| \[(INC-\d+)\]", index, flags=re.MULTILINE) == ["INC-2", "INC-1", "INC-10"]


def test_table_order_id_follows_the_numbers_of_the_ids(tmp_path: Path, run: Run) -> None:
    """table_order = "id" lists the incidents as the team numbered them, INC-2 before INC-10."""
    _repository(tmp_path, 'table_order = "id"\n')
    assert run("render", "--format", "md,html").exit_code == 0
    assert _table(tmp_path / "site") == ["INC-1", "INC-2", "INC-10"]
    index = (tmp_path / "site" / "index.md").read_text(encoding="utf-8")
    assert re.findall(r"^\| \[(INC-\d+)\]", index, flags=re.MULTILINE) == ["INC-1", "INC-2", "INC-10"]


def test_an_unknown_table_order_is_a_located_error(tmp_path: Path, run: Run) -> None:
    """A table_order pm does not know is refused with the ways to say it."""
    _repository(tmp_path, 'table_order = "alphabetical"\n')
    result = run("check")
    assert result.exit_code == 1
    assert (
        "pm.toml:2:15: error: table_order: unknown value 'alphabetical'; use one of newest, oldest, id" in result.stderr
    )


def test_the_teams_lessons_are_numbered_in_its_order(tmp_path: Path, run: Run) -> None:
    """The lessons the configuration lists come first, numbered in its order."""
    _repository(tmp_path, 'lessons = ["c", "a", "b"]\n')
    assert run("render", "--format", "md,html").exit_code == 0
    index = (tmp_path / "site" / "index.md").read_text(encoding="utf-8")
    assert re.findall(r"^(\d+)\. Lesson (\w+)", index, flags=re.MULTILINE) == [("1", "c"), ("2", "a"), ("3", "b")]
    assert "### By theme" in index
    page = (tmp_path / "site" / "lessons.html").read_text(encoding="utf-8")
    team = page[page.index('<ol class="team-lessons">') : page.index("</ol>")]
    assert re.findall(r"Lesson (\w+)", team) == ["c", "a", "b"]


def test_without_a_list_the_lessons_are_by_theme_only(tmp_path: Path, run: Run) -> None:
    """A team that lists no lessons of its own sees the theme view alone, as before."""
    _repository(tmp_path, "")
    assert run("render", "--format", "md,html").exit_code == 0
    index = (tmp_path / "site" / "index.md").read_text(encoding="utf-8")
    assert "By theme" not in index
    assert not re.search(r"^\d+\. Lesson", index, flags=re.MULTILINE)
    assert "team-lessons" not in (tmp_path / "site" / "lessons.html").read_text(encoding="utf-8")


def test_a_listed_lesson_no_incident_gives_is_an_error(tmp_path: Path, run: Run) -> None:
    """A lesson id of the team's list that no incident gives is reported where the list names it, not dropped.

    The example repository lists its lessons in [tool.pm] of pyproject.toml; one id gets a typo.
    """
    copy_example(tmp_path)
    config = tmp_path / "pyproject.toml"
    text = config.read_text(encoding="utf-8").replace('"docker-compose-up"', '"docker-compose-upp"')
    config.write_text(text, encoding="utf-8")
    line = next(n for n, found in enumerate(text.splitlines(), start=1) if '"docker-compose-upp"' in found)
    column = text.splitlines()[line - 1].index('"docker-compose-upp"') + 1
    result = run("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[:-1] == [
        f"pyproject.toml:{line}:{column}: error: lesson 'docker-compose-upp' does not exist: no incident gives it "
        "as the id of a lesson to keep (did you mean 'docker-compose-up'?) [unknown-lesson]"
    ]
    rendered = run("render", "--format", "md")
    assert rendered.exit_code == 1
    assert "[unknown-lesson]" in rendered.stderr
    assert not (tmp_path / "site").exists()


def test_a_lesson_listed_twice_is_an_error(tmp_path: Path, run: Run) -> None:
    """A lesson the team's list names twice is reported at its second place, not numbered twice in silence."""
    copy_example(tmp_path)
    config = tmp_path / "pyproject.toml"
    text = config.read_text(encoding="utf-8").replace(
        '"documenter-incidents"', '"documenter-incidents", "verifier-architecture"'
    )
    config.write_text(text, encoding="utf-8")
    line = next(n for n, found in enumerate(text.splitlines(), start=1) if '"documenter-incidents", "verif' in found)
    column = text.splitlines()[line - 1].index('"verifier-architecture"') + 1
    result = run("check")
    assert result.exit_code == 1
    assert result.output.splitlines()[:-1] == [
        f"pyproject.toml:{line}:{column}: error: lesson 'verifier-architecture' is listed already, as number 1: "
        "list each lesson once [invalid]"
    ]
    rendered = run("render", "--format", "md")
    assert rendered.exit_code == 1
    assert not (tmp_path / "site").exists()
