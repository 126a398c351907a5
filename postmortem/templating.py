"""Render stage helper: the Jinja environment (project templates first, then built-in ones, sandboxed)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from postmortem.config import Config
from postmortem.errors import PmError, display_path


def builtin_templates() -> Path:
    """The built-in templates: inside the installed package, or the top-level folder of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


def yaml_string(value: Any) -> str:
    """Quote text for YAML (a JSON string is a valid YAML double-quoted scalar)."""
    return json.dumps(str(value), ensure_ascii=False)


def environment(config: Config) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment where ``name`` finds the project's template first and ``builtin/name`` the built-in."""
    builtin = FileSystemLoader(builtin_templates())
    loader = ChoiceLoader([FileSystemLoader(config.path("templates")), PrefixLoader({"builtin": builtin}), builtin])
    env = ImmutableSandboxedEnvironment(
        loader=loader, undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    env.filters["yaml"] = yaml_string
    return env


def render_template(config: Config, name: str, context: dict[str, Any]) -> str:
    """Render one template; a broken or missing template is a user mistake naming the file and line."""
    try:
        return environment(config).get_template(name).render(context)
    except TemplateError as exc:
        raise PmError(f"template error in {_template_place(exc, name)}: {exc.message or exc}") from None


def _template_place(exc: TemplateError, name: str) -> str:
    """``file:line`` of a template error: from a syntax error, or from the template frame of a render error."""
    filename, lineno = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    traceback = exc.__traceback__
    while traceback is not None:
        code = traceback.tb_frame.f_code.co_filename
        if code.endswith(".j2"):
            filename, lineno = code, traceback.tb_lineno
        traceback = traceback.tb_next
    shown = display_path(Path(filename)) if filename else name
    return f"{shown}:{lineno or 1}"
