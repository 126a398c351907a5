"""Render stage helper: pm's own templates as compiled when pm was packaged, used when the source is the one shipped.

Compiling a template (Jinja's code generation, then Python's compiler) costs more than rendering a few pages with it,
and each pm process would pay it again for every template a build uses. pm's built-in templates are part of pm, so
their compiled form is too: ``python -m postmortem.render.precompile`` writes Jinja's Python source for each of them
into the package ``postmortem.render.compiled``, installed (and compiled to bytecode) like any other module of pm.

Why it is safe: the code is part of the installed package and read by Python's import system from there, the same
trust as pm's own modules; nothing is ever read from a repository, a cache folder or any other place a repository
can write to. It is used only for a file of pm's built-in folder (a repository's template of the same name never
gets it), only when the SHA-256 of the source Jinja just read is the one the code was generated from, only with the
Jinja version and the environment settings it was generated with (what Jinja's code generation depends on). Then
it is exactly the code that compiling the source would make; in any other case the template is compiled as usual.
The module is never run as a module: its code object is handed to Jinja, as a compiled template's always is.
"""

from __future__ import annotations

import hashlib
import importlib.util
from types import CodeType

import jinja2
from jinja2 import Environment

from postmortem.render.folders import builtin_templates

PACKAGE = "postmortem.render.compiled"


def settings(env: Environment) -> str:
    """A digest of what Jinja's code generation reads of *env* besides a template's name and source.

    The lexer's syntax and whitespace options, the sandbox and the operators it intercepts, the extensions, whether
    code is optimized or async, and each filter and test with what it is passed (``context``...). Autoescaping,
    which depends on the template's name, is compared for each template on its own.
    """
    known: str | None = env.__dict__.get("_pm_settings")
    if known is None:
        known = env.__dict__["_pm_settings"] = hashlib.sha256(repr(_described(env)).encode()).hexdigest()
    return known


def _described(env: Environment) -> tuple[object, ...]:
    """The options of *env* that its code generation reads (see :func:`settings`), as plain values."""
    kinds = [f"{kind.__module__}.{kind.__qualname__}" for kind in (type(env), env.code_generator_class)]
    syntax = [getattr(env, f"{part}_string") for part in ("block_start", "block_end", "variable_start", "variable_end",
                                                            "comment_start", "comment_end")]  # fmt: skip
    syntax += [env.line_statement_prefix, env.line_comment_prefix]
    spaces = env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline
    intercepted = [sorted(getattr(env, name, ())) for name in ("intercepted_binops", "intercepted_unops")]
    functions = [(kind, name, _passed(function)) for kind, table in (("filter", env.filters), ("test", env.tests))
                 for name, function in sorted(table.items())]  # fmt: skip
    options = env.sandboxed, env.optimized, env.is_async, _passed(env.finalize), sorted(env.extensions)
    return kinds, syntax, spaces, intercepted, options, functions


def _passed(function: object) -> str | None:
    """What Jinja passes a filter, test or finalize function first (``context``, ``environment``...), if anything."""
    if function is None:
        return None
    passed = getattr(function, "jinja_pass_arg", None)
    return "-" if passed is None else str(getattr(passed, "name", passed))


def autoescaped(env: Environment, name: str) -> bool:
    """Whether *env* autoescapes template *name*, as the code generator asks it."""
    return bool(env.autoescape(name) if callable(env.autoescape) else env.autoescape)


def source_digest(source: str) -> str:
    """The digest by which a template's source is matched with its shipped code."""
    return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()


def shipped_code(env: Environment, *, name: str, filename: str | None, source: str) -> CodeType | None:
    """The shipped code of pm's built-in template *name*, when *filename* is that file and *source* its shipped text.

    None in any other case (a repository's template, an edited built-in source, another Jinja or environment): then
    the caller compiles *source* as usual.
    """
    if filename is None or filename != str(builtin_templates().joinpath(*name.split("/"))):
        return None
    from postmortem.render import compiled

    entry = compiled.TEMPLATES.get(name)
    if entry is None or jinja2.__version__ != compiled.JINJA or settings(env) != compiled.SETTINGS:
        return None
    digest, escaped, module = entry
    if digest != source_digest(source) or escaped != autoescaped(env, name):
        return None
    code = _module_code(f"{PACKAGE}.{module}")
    return None if code is None else _renamed(code, filename)


def _module_code(module: str) -> CodeType | None:
    """The code object of installed module *module* (its bytecode file, else its source compiled), never run."""
    try:
        spec = importlib.util.find_spec(module)
        get_code = getattr(spec.loader, "get_code", None) if spec is not None else None
        code = get_code(module) if get_code is not None else None
    except (ImportError, OSError, SyntaxError, ValueError, EOFError):  # a broken install: compiled as usual
        return None
    return code if isinstance(code, CodeType) else None


def _renamed(code: CodeType, filename: str) -> CodeType:
    """*code* and the code it holds (macros, blocks) named after the template's file, as compiling it would name it.

    Jinja takes a template's file name from its code: errors and tracebacks name the template, not the module.
    """
    consts = tuple(_renamed(const, filename) if isinstance(const, CodeType) else const for const in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)
