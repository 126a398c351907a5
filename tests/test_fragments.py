"""Pieces of pages remembered between builds: known by all they can show, so never shown out of date."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Run

ROW = "site/incident-row.html.j2"


def _index(repo: Path) -> str:
    """The site's home page."""
    return (repo / "site" / "index.html").read_text(encoding="utf-8")


def _template(repo: Path, name: str, text: str) -> None:
    """Write a template of the repository."""
    path = repo / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_a_row_follows_its_template(run: Run, example_repo: Path) -> None:
    """A repository's own row template is used at once, and each change of it after that."""
    assert run("render", "--format", "md,html").exit_code == 0
    assert "ROW-ONE" not in _index(example_repo)
    _template(example_repo, ROW, "<tr><td>ROW-ONE {{ row.incident.id }}</td></tr>\n")
    assert run("render", "--format", "md,html").exit_code == 0
    assert "ROW-ONE INC-001" in _index(example_repo)
    _template(example_repo, ROW, "<tr><td>ROW-TWO {{ row.incident.id }}</td></tr>\n")
    assert run("render", "--format", "md,html").exit_code == 0
    assert "ROW-TWO INC-001" in _index(example_repo)
    assert "ROW-ONE" not in _index(example_repo)


def test_a_row_follows_what_it_imports(run: Run, example_repo: Path) -> None:
    """A change of a template the row imports (its macros) renders the rows again."""
    _template(
        example_repo, ROW, '{% from "site/bits.html.j2" import mark %}<tr><td>{{ mark(row.incident.id) }}</td></tr>\n'
    )
    _template(example_repo, "site/bits.html.j2", "{% macro mark(id) %}BIT-ONE {{ id }}{% endmacro %}")
    assert run("render", "--format", "html").exit_code == 0
    assert "BIT-ONE INC-001" in _index(example_repo)
    _template(example_repo, "site/bits.html.j2", "{% macro mark(id) %}BIT-TWO {{ id }}{% endmacro %}")
    assert run("render", "--format", "html").exit_code == 0
    assert "BIT-TWO INC-001" in _index(example_repo)


def test_a_row_that_includes_a_template_named_by_a_value_is_never_remembered(run: Run, example_repo: Path) -> None:
    """A row whose template includes one named only when it runs could show anything: it is rendered each time."""
    _template(example_repo, ROW, '{% set name = "site/" ~ "part.html.j2" %}<tr><td>{% include name %}</td></tr>\n')
    _template(example_repo, "site/part.html.j2", "PART-ONE")
    assert run("render", "--format", "html").exit_code == 0
    assert "PART-ONE" in _index(example_repo)
    _template(example_repo, "site/part.html.j2", "PART-TWO")
    assert run("render", "--format", "html").exit_code == 0
    assert "PART-TWO" in _index(example_repo)


def test_a_row_sees_only_what_it_is_given(run: Run, example_repo: Path) -> None:
    """A row's template reads its values and what every page sees; the page's other variables are not there."""
    _template(example_repo, ROW, "<tr><td>{{ rows | length }}</td></tr>\n")
    result = run("render", "--format", "html")
    assert result.exit_code == 1
    assert "rows" in result.stderr
    assert "Traceback" not in result.stderr
