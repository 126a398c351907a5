"""Render stage helper: the Jinja environment (project templates first, then built-in ones, sandboxed)."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import CodeType
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    select_autoescape,
)
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.sandbox import ImmutableSandboxedEnvironment

from postmortem.config import Config
from postmortem.errors import PmError, display_path
from postmortem.render import markup
from postmortem.render.loader import ConfinedLoader
from postmortem.render.plain import NotPlain, Record, TemplateContext, record_kind, template_context


@functools.cache  # where pm is installed does not move while it runs; resolving it costs as much as a report
def builtin_templates() -> Path:
    """The built-in templates: inside the installed package, or the top-level folder of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


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


def template_folders(config: Config) -> list[Path]:
    """Where templates are looked up, in order: the project's folder, then the built-in one."""
    return [config.path("templates"), builtin_templates()]


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, remembering its verdict per type and attribute name (it depends on nothing else)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.project_html = False  # the project has templates of its own: its HTML pages get pm's policy first
        self.builtin_only = False  # no template or label file of the project: see :func:`inert_markdown`
        self._verdicts: dict[tuple[type, str], bool] = {}
        self._safe: dict[str, set[type]] = {}  # attribute name -> types on which the sandbox found it safe

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """The sandbox's answer for ``obj.attr``, computed once per (type, attribute)."""
        key = (type(obj), attr)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = super().is_safe_attribute(obj, attr, value)
            if verdict and attr not in ("format", "format_map"):  # str.format still goes the sandbox's long way
                self._safe.setdefault(attr, set()).add(type(obj))
        return verdict

    def getattr(self, obj: Any, attribute: str) -> Any:
        """A record's own value; else ``obj.attribute`` at once when the sandbox already found it safe on this type."""
        if isinstance(obj, Record) and attribute in obj:
            return obj[attribute]
        types = self._safe.get(attribute)
        if types is not None and type(obj) in types:
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass
        elif type(obj) is dict and attribute in obj and attribute not in _DICT_ATTRIBUTES:
            return obj[attribute]  # what the sandbox gives too (labels: ``t.severity``), without its detour
        return super().getattr(obj, attribute)


class _Undefined(StrictUndefined):
    """A missing value is an error; one missing from a record names what the record stands for (``'Incident'``)."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        """``'Incident' has no attribute 'titel'`` rather than ``'dict object' has no attribute 'titel'``."""
        found, name = self._undefined_obj, self._undefined_name
        if not self._undefined_hint and isinstance(found, Record) and isinstance(name, str):
            return f"{record_kind(found)!r} has no attribute {name!r}"
        return str(super()._undefined_message)


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in this process's memory, by template file and source, never on disk.

    ``pm serve`` builds again after every edit, and compiling the templates again would cost more than rendering
    the pages that changed. Not on disk: a compiled template is Python code, and a file pm would load it from could
    have been written by anyone who can write into the repository (or ship a file with it).
    """

    LIMIT = 512  # templates edited again and again while ``pm serve`` runs: the oldest are dropped

    def __init__(self) -> None:
        self.code: dict[tuple[type, str, str], CodeType] = {}
        self.lock = threading.Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give the bucket the template's code compiled earlier in this process, if any."""
        with self.lock:
            code = self.code.get((type(bucket.environment), bucket.key, bucket.checksum))
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the template's code for the next environment of this process."""
        if bucket.code is None:
            return
        with self.lock:
            if len(self.code) >= self.LIMIT:
                del self.code[next(iter(self.code))]
            self.code[(type(bucket.environment), bucket.key, bucket.checksum)] = bucket.code


_COMPILED = _CompiledTemplates()


def environment(config: Config) -> ImmutableSandboxedEnvironment:
    """A sandboxed environment where ``name`` finds the project's template first and ``builtin/name`` the built-in.

    HTML, SVG and XML templates are autoescaped; Markdown and YAML ones are not.
    """
    project, builtin_folder = template_folders(config)
    builtin = ConfinedLoader(builtin_folder)
    loader = ChoiceLoader([ConfinedLoader(project), PrefixLoader({"builtin": builtin}), builtin])
    env = _Sandbox(
        loader=loader,
        bytecode_cache=_COMPILED,
        undefined=_Undefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=select_autoescape(enabled_extensions=("html.j2", "svg.j2", "xml.j2"), default=False),
    )
    env.project_html = _has_templates(project, besides=builtin_folder)
    env.builtin_only = not _has_files(project, besides=builtin_folder)
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "allow_nan": False}  # ``tojson`` writes strict JSON
    env.filters.update(
        yaml=yaml_string,
        one_line=one_line,
        href=markup.href,
        link_label=markup.link_label,
        markdown=markup.to_html,
        inline_markdown=markup.to_inline_html,
        page_markdown=markup.page_to_html,
        plain=markup.to_plain,
        md=markup.to_markdown,
        md_cell=markup.to_markdown_cell,
        md_row=markup.table_row,
        md_link=markup.report_link,
        md_indent=markup.indent,
    )
    return env


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


# The content policy of every page pm writes: scripts of the site only, no inline script, no form elsewhere.
CSP = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; base-uri 'none'; form-action 'self'"
)
_DOCTYPE = re.compile(r"\A\ufeff?\s*<!doctype[^>]*>", re.IGNORECASE)


_HEAD = re.compile(r"\A\ufeff?\s*<!doctype html>\s*<html(?:\s[^<>]*)?>\s*<head(?:\s[^<>]*)?>", re.IGNORECASE)


def guarded_page(html: str) -> str:
    """A page a project's templates wrote, with pm's content policy before anything else it holds.

    Browsers enforce every policy a page gives, so one that the templates add cannot loosen pm's, and none of
    their scripts can run: inline ones are refused, and the site holds no script but pm's own. A page that
    opens as HTML should (doctype, ``<html>``, ``<head>``) gets the policy first in its head; any other
    gets it as its very first element.
    """
    policy = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
    opening = _HEAD.match(html)
    if opening:
        return f"{opening.group(0)}\n{policy}{html[opening.end() :]}"
    rest = _DOCTYPE.sub("", html, count=1)
    return f"<!DOCTYPE html>\n{policy}\n{rest}"


def render_template(config: Config, name: str, context: dict[str, Any]) -> str:
    """Render one template of a fresh environment with *context* made plain (see :func:`render_with`)."""
    return render_with(environment(config), name, template_context(context))


def render_with(env: Environment, name: str, context: TemplateContext) -> str:
    """Render one template; a broken or missing template is a user mistake naming the file and line.

    Templates see plain data only: *context* must come from :func:`template_context`.
    """
    if not isinstance(context, TemplateContext):
        raise NotPlain(f"{name} would see {type(context).__qualname__}, not a TemplateContext of plain data")
    try:
        text = _bounded_render(env.get_template(name), dict(context))
    except _Overrun as exc:
        raise PmError(f"template {name} {exc}: a template may write at most {MAX_PAGE // 2**20} MiB "
                      f"in {_seconds():g} s") from None  # fmt: skip
    except TemplateError as exc:
        raise PmError(f"template error in {_template_place(exc, name)}: {exc.message or exc}") from None
    except Exception as exc:  # anything a template's own code raised: report where, like a template error
        if _template_place(exc, "") == ":1":
            raise
        raise PmError(f"template error in {_template_place(exc, name)}: {type(exc).__name__}: {exc}") from None
    return guarded_page(text) if getattr(env, "project_html", False) and name.endswith(".html.j2") else text


MAX_PAGE = 64 * 2**20  # characters one template may write: a loop of a repository's template cannot eat memory


class _Overrun(Exception):
    """A template wrote too much, or ran too long."""


def _seconds() -> float:
    """How long one template may run: PM_TEMPLATE_SECONDS, 120 by default (a page takes milliseconds)."""
    try:
        return max(0.1, float(os.environ.get("PM_TEMPLATE_SECONDS", "120")))
    except ValueError:
        return 120.0


def _bounded_render(template: Any, context: dict[str, Any]) -> str:
    """What *template* writes, stopped when it writes more than MAX_PAGE or runs longer than its time."""
    parts: list[str] = []
    size = 0
    with _time_limit(_seconds()):
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_PAGE:
                raise _Overrun("wrote too much")
            parts.append(chunk)
    return "".join(parts)


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _Overrun in the block after *seconds* (a timer signal: only in a process's main thread, on POSIX)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signal: int, _frame: Any) -> None:
        raise _Overrun("ran too long")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _template_place(exc: Exception, name: str) -> str:
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
