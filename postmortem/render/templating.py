"""Render stage helper: the Jinja environment (project templates first, then built-in ones, sandboxed)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, PrefixLoader, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from postmortem.config.model import Config
from postmortem.render import markup
from postmortem.render.bounded import render_with
from postmortem.render.ceiling import limit_memory
from postmortem.render.folders import template_folders
from postmortem.render.loader import PM_OWN, ConfinedLoader
from postmortem.render.plain import template_context
from postmortem.render.sandbox import COMPILED, RecordUndefined, Sandbox

_UNPRINTABLE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def yaml_string(value: Any) -> str:
    """Quote text for YAML and TOML: a JSON string, with every character that is not plain printable text escaped.

    Line breaks (also U+0085, U+2028, U+2029) and control characters never appear raw, so no text can end the
    value, open a key or break the line it sits on.
    """
    quoted = json.dumps(str(value), ensure_ascii=False)
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match[0]):04x}", quoted)


def one_line(value: Any) -> str:
    """Text for a comment line: line breaks and control characters become spaces, so the comment cannot end."""
    return _BREAKS.sub(" ", str(value))


def environment(config: Config) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment where ``name`` finds the project's template first and ``builtin/name`` the built-in.

    HTML, SVG and XML templates are autoescaped; Markdown and YAML ones are not.
    """
    project, builtin_folder = template_folders(config)
    builtin = ConfinedLoader(builtin_folder)
    own = PM_OWN if _is_apart(project, from_folder=builtin_folder) else frozenset()
    mine = ConfinedLoader(project, own=own, builtin=builtin_folder)
    loader = ChoiceLoader([mine, PrefixLoader({"builtin": builtin}), builtin])
    env = Sandbox(
        loader=loader,
        auto_reload=False,  # an environment lives for one build (pm serve makes one per build): a lookup stats nothing
        bytecode_cache=COMPILED,
        undefined=RecordUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=select_autoescape(enabled_extensions=("html.j2", "svg.j2", "xml.j2"), default=False),
    )
    env.project_html = _has_templates(project, besides=builtin_folder)
    env.builtin_only = not _has_files(project, besides=builtin_folder)
    if not env.builtin_only:  # a repository's templates run here: this process gets a ceiling on its memory
        limit_memory()
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "allow_nan": False}  # ``tojson`` writes strict JSON
    env.filters.update(_filters())
    return env


def _filters() -> dict[str, Any]:
    """The filters pm adds to Jinja's: quoting for YAML and comments, links, Markdown through the parser's tokens."""
    return {
        "yaml": yaml_string,
        "one_line": one_line,
        "href": markup.href,
        "link_label": markup.link_label,
        "markdown": markup.to_html,
        "inline_markdown": markup.to_inline_html,
        "page_markdown": markup.page_to_html,
        "plain": markup.to_plain,
        "md": markup.to_markdown,
        "md_cell": markup.to_markdown_cell,
        "md_row": markup.table_row,
        "md_link": markup.report_link,
        "md_indent": markup.indent,
    }


def _is_apart(folder: Path, *, from_folder: Path) -> bool:
    """Whether *folder* is not *from_folder* (pm's own checkout, whose templates folder is the built-in one)."""
    try:
        return folder.resolve() != from_folder.resolve()
    except (OSError, RuntimeError):  # a loop of links: the loader refuses its files anyway
        return True


def _has_templates(folder: Path, *, besides: Path) -> bool:
    """Whether *folder* holds templates of its own (it is not the built-in folder, as in pm's own checkout)."""
    try:
        if folder.resolve() == besides.resolve() or not folder.is_dir():
            return False
        return any(path.name.endswith(".j2") for path in folder.rglob("*"))
    except (OSError, RuntimeError):  # a loop of links: the loader refuses its files anyway
        return True


def _has_files(folder: Path, *, besides: Path) -> bool:
    """Whether *folder* holds any file (template, labels, asset) that is not one of pm's built-in ones."""
    try:
        if folder.resolve() == besides.resolve() or not folder.is_dir():
            return False
        return any(True for _ in folder.rglob("*"))
    except (OSError, RuntimeError):
        return True


def inert_markdown(env: Environment, text: str) -> str:
    """A whole Markdown output that a template wrote, made inert (see :func:`markup.safe_markdown`).

    Parsing and writing back a whole file is needed when the repository's templates or labels wrote it: they
    may hold anything. pm's own Markdown templates with pm's own labels write every value of an incident, a
    risk or a runbook through a filter that writes it back from the parser's tokens (``md``, ``md_cell``,
    ``md_row`` of such cells, ``href``); the rest is their own text, pm's labels, and values pm makes or
    validates to plain characters (ids, slugs, severity ids, zones, dates, durations, numbers). Their output is
    already what the whole-file pass would write, which ``tests/test_hostile_markdown.py`` checks on hostile
    input; that pass, the most costly step of a Markdown report, is then left out.
    """
    return text if getattr(env, "builtin_only", False) else markup.safe_markdown(text)


def render_template(config: Config, name: str, context: dict[str, Any]) -> str:
    """Render one template of a fresh environment with *context* made plain (see :func:`render_with`)."""
    return render_with(environment(config), name, template_context(context))
