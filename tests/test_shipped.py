"""pm's built-in templates come compiled with pm: a build compiles none of them, and nothing else gets their code."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2 import Environment
from jinja2.utils import pass_context

from postmortem.config.model import Config
from postmortem.render import compiled
from postmortem.render.folders import builtin_templates
from postmortem.render.precompile import FOLDER, generated
from postmortem.render.sandbox import COMPILED
from postmortem.render.shipped import shipped_code
from postmortem.render.templating import environment
from tests.conftest import Run, copy_example

REPORT = "report.html.j2"


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """The (name, file) of each template Jinja compiles from now on, this process's compiled templates forgotten."""
    monkeypatch.setattr(COMPILED, "code", {})
    found: list[tuple[str, str | None]] = []
    compile_source = Environment.compile

    def counted(self: Environment, source: Any, name: str | None = None, filename: str | None = None,
                *args: Any, **kwargs: Any) -> Any:  # fmt: skip
        found.append((str(name), filename))
        return compile_source(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counted)
    return found


def _env(tmp_path: Path) -> Environment:
    """The environment pm makes for a repository without templates of its own."""
    return environment(Config(root=tmp_path))


def _builtin(name: str) -> tuple[str, str]:
    """The file name of built-in template *name*, as pm's loader gives it, and its source."""
    path = builtin_templates().joinpath(*name.split("/"))
    return str(path), path.read_text(encoding="utf-8")


def test_shipped_code_is_current() -> None:
    """postmortem/render/compiled/ is what the generator writes from the built-in templates, nothing more or less."""
    current = {path.name: path.read_text(encoding="utf-8") for path in FOLDER.glob("*.py")}
    expected = generated()
    assert sorted(current) == sorted(expected), "run: python -m postmortem.render.precompile"
    for name, text in expected.items():
        assert current[name] == text, f"{name} is stale: run python -m postmortem.render.precompile"


def test_every_builtin_template_gets_the_code_compiling_it_would_make(tmp_path: Path, compiles: list[Any]) -> None:
    """Each built-in template loads without being compiled, with the very code (and file name) compiling gives."""
    env = _env(tmp_path)
    names = sorted(path.relative_to(builtin_templates()).as_posix() for path in builtin_templates().rglob("*.j2"))
    assert names == sorted(compiled.TEMPLATES)
    for name in names:
        filename, source = _builtin(name)
        assert env.get_template(name).filename == filename
        assert env.get_template(f"builtin/{name}").filename == filename
    assert compiles == []
    for name in names:
        filename, source = _builtin(name)
        code = shipped_code(env, name=name, filename=filename, source=source)
        assert code is not None
        made = env.compile(source, name, filename)
        assert code == made, name  # same instructions, constants, names, lines and nested code
        assert code.co_filename == made.co_filename == filename


def test_a_build_compiles_no_builtin_template(example_repo: Path, run: Run, compiles: list[Any]) -> None:
    """A cold build of every format but PDF renders with pm's templates and compiles none of them."""
    result = run("render", "--format", "md,html")
    assert result.exit_code == 0, result.output
    assert compiles == []


@pytest.mark.parametrize("edited", [False, True], ids=["same-source", "own-source"])
def test_a_repository_template_of_the_same_name_is_compiled_from_its_own_source(
    tmp_path: Path, run: Run, compiles: list[Any], *, edited: bool
) -> None:
    """``templates/report.html.j2`` of a repository never gets pm's code, even with pm's very source."""
    copy_example(tmp_path)
    own = tmp_path / "templates" / REPORT
    own.parent.mkdir()
    source = _builtin(REPORT)[1]
    own.write_text(source.replace("</body>", "<!-- ours --></body>") if edited else source, encoding="utf-8")
    result = run("render", "--format", "html")
    assert result.exit_code == 0, result.output
    assert (REPORT, str(own)) in compiles
    assert all(filename == str(own) for _, filename in compiles)  # pm's other templates come compiled
    page = next((tmp_path / "site").rglob("INC-001*.html")).read_text(encoding="utf-8")
    assert ("<!-- ours -->" in page) is edited


def test_a_copy_of_the_builtin_folder_is_compiled_from_its_own_files(tmp_path: Path, compiles: list[Any]) -> None:
    """A repository holding a copy of pm's templates, one of them edited, has each compiled from its own file."""
    shutil.copytree(builtin_templates(), tmp_path / "templates")
    (tmp_path / "templates" / "site" / "feed.xml.j2").write_text("<feed/>\n", encoding="utf-8")
    env = _env(tmp_path)
    assert env.get_template("site/feed.xml.j2").render() == "<feed/>\n"
    env.get_template(REPORT)
    assert [filename for _, filename in compiles] == [str(tmp_path / "templates" / name)
                                                      for name in ("site/feed.xml.j2", REPORT)]  # fmt: skip


def test_shipped_code_only_for_the_shipped_source_jinja_and_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edited built-in source, another file, Jinja version, filter, option or autoescaping: no shipped code."""
    filename, source = _builtin(REPORT)
    assert shipped_code(_env(tmp_path), name=REPORT, filename=filename, source=source) is not None
    assert shipped_code(_env(tmp_path), name=REPORT, filename=filename, source=source + "\n") is None
    assert shipped_code(_env(tmp_path), name=REPORT, filename=str(tmp_path / REPORT), source=source) is None
    assert shipped_code(_env(tmp_path), name=REPORT, filename=None, source=source) is None
    assert shipped_code(_env(tmp_path), name="report.md.j2", filename=filename, source=source) is None
    changed = _env(tmp_path)
    changed.filters["md"] = pass_context(lambda context, value: value)  # called with the context: other code
    assert shipped_code(changed, name=REPORT, filename=filename, source=source) is None
    changed = _env(tmp_path)
    changed.trim_blocks = False
    assert shipped_code(changed, name=REPORT, filename=filename, source=source) is None
    changed = _env(tmp_path)
    changed.autoescape = False
    assert shipped_code(changed, name=REPORT, filename=filename, source=source) is None
    monkeypatch.setattr(jinja2, "__version__", "0.0")
    assert shipped_code(_env(tmp_path), name=REPORT, filename=filename, source=source) is None
