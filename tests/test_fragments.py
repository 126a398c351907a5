"""Pieces of pages remembered between builds: known by all they can show, so never shown out of date."""

from __future__ import annotations

from pathlib import Path

from postmortem.config.model import Config
from postmortem.render.bounded import render_with
from postmortem.render.plain import template_context
from postmortem.render.templating import environment
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


def test_one_build_reads_each_template_once(tmp_path: Path) -> None:
    """A build's templates are read once: its later lookups (one per row) look at no file; the next build reads anew.

    ``pm serve`` makes a new environment for each build, so an edited template is still seen by the next one.
    """
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "hello.md.j2"
    template.write_text("one {{ name }}\n", encoding="utf-8")
    config = Config(root=tmp_path)
    env = environment(config)
    assert render_with(env, "hello.md.j2", template_context({"name": "x"})) == "one x\n"
    template.unlink()  # gone: a lookup that looked at the file would fail
    assert render_with(env, "hello.md.j2", template_context({"name": "y"})) == "one y\n"
    template.write_text("two, longer {{ name }}\n", encoding="utf-8")
    assert render_with(env, "hello.md.j2", template_context({"name": "z"})) == "one z\n"
    assert render_with(environment(config), "hello.md.j2", template_context({"name": "z"})) == "two, longer z\n"


def test_many_rows_at_once_are_the_rows_one_at_a_time(run: Run, example_repo: Path) -> None:
    """``fragments`` gives each row its values at their paths, the row itself for ``""``, and the values given.

    Values of every kind: text, a tuple of text, a record, a tuple of records (which the row's template sees made
    plain, as ``fragment`` gives it), and the same again from what the first build remembered.
    """
    piece = ("<p>{{ id }}|{{ title }}|{{ row.incident.id }}|{{ mark }}|{{ tags | join(',') }}|"
             "{{ timeline | map(attribute='text') | join(';') }}|{{ head.id }}</p>\n")  # fmt: skip
    _template(example_repo, "site/mine.html.j2", piece)
    one = ('{% for row in rows %}{{ fragment("site/mine.html.j2", id=row.incident.id, title=row.incident.title, '
           "row=row, mark='M', tags=row.incident.tags, timeline=row.incident.timeline, head=row.incident) }}"
           "{% endfor %}")  # fmt: skip
    many = ('{{ fragments("site/mine.html.j2", rows, {"id": "incident.id", "title": "incident.title", "row": "", '
            '"tags": "incident.tags", "timeline": "incident.timeline", "head": "incident"}, mark="M") }}')  # fmt: skip
    pages = []
    for body in (one, many, many):
        _template(example_repo, "site/index.html.j2", '{% extends "builtin/site/index.html.j2" %}'
                  "{% block main %}<main>" + body + "</main>{% endblock %}")  # fmt: skip
        assert run("render", "--format", "html").exit_code == 0
        pages.append(_index(example_repo))
    assert pages[0] == pages[1] == pages[2]
    assert pages[1].count("|M|") == 10
    assert "<p>INC-001|" in pages[1]
    assert ";" in pages[1]  # the timelines' texts
    assert "|INC-001</p>" in pages[1]


def test_many_rows_follow_each_value_they_show(run: Run, example_repo: Path) -> None:
    """A row given many at once is made again when a value it shows changes, and only its own row changes."""
    _template(example_repo, "site/mine.html.j2", "<p>{{ id }}:{{ tags | join(',') }}</p>\n")
    _template(example_repo, "site/index.html.j2", '{% extends "builtin/site/index.html.j2" %}'
              '{% block main %}<main>{{ fragments("site/mine.html.j2", rows, {"id": "incident.id", '
              '"tags": "incident.tags"}) }}</main>{% endblock %}')  # fmt: skip
    assert run("render", "--format", "html").exit_code == 0
    before = _index(example_repo)
    path = next(example_repo.glob("incidents/*.yaml"))
    text = path.read_text(encoding="utf-8")
    assert "\ntags: [" in text
    path.write_text(text.replace("\ntags: [", "\ntags: [fresh-tag, ", 1), encoding="utf-8")
    assert run("render", "--format", "html").exit_code == 0
    after = _index(example_repo)
    changed = [(old, new) for old, new in zip(before.splitlines(), after.splitlines(), strict=True) if old != new]
    assert len(changed) == 1
    assert "fresh-tag," in changed[0][1]


def test_many_rows_at_once_are_bounded_as_one_page(run: Run, example_repo: Path) -> None:
    """Rows that would write more than a page may are stopped as they grow, with the piece's name, and nothing lands."""
    _template(example_repo, "site/big.html.j2", "{{ 'x' * 1000000 }}")
    _template(example_repo, "site/index.html.j2", '{% extends "builtin/site/index.html.j2" %}'
              '{% block main %}{{ fragments("site/big.html.j2", range(1000), {"n": ""}) }}{% endblock %}')  # fmt: skip
    result = run("render", "--format", "html")
    assert result.exit_code == 1
    assert "site/big.html.j2" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (example_repo / "site").exists()


def test_a_path_to_what_the_sandbox_hides_is_refused(run: Run, example_repo: Path) -> None:
    """A path reads what a template could read, no more: an underscore attribute is a template error."""
    _template(example_repo, "site/mine.html.j2", "<p>{{ leak }}</p>\n")
    _template(example_repo, "site/index.html.j2", '{% extends "builtin/site/index.html.j2" %}'
              '{% block main %}{{ fragments("site/mine.html.j2", rows, {"leak": "incident.__class__"}) }}'
              "{% endblock %}")  # fmt: skip
    result = run("render", "--format", "html")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert "template error in templates/site/index.html.j2" in result.stderr, result.stderr
    assert not (example_repo / "site").exists()
