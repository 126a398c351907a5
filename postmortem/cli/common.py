"""Command line: what the commands share: options, the configuration, the build's date, mistakes as exit codes."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from postmortem.console import detail, echo

if TYPE_CHECKING:
    from postmortem.config.model import Config
    from postmortem.errors import WrongValue

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def audience_option(func: F) -> F:
    """Add ``--audience internal|public``."""
    return click.option(
        "--audience", type=click.Choice(["internal", "public"]), default="internal", show_default=True,
        help="public leaves out incidents, fields, items and Markdown blocks marked internal.",
    )(func)  # fmt: skip


def pm_command(func: F) -> F:
    """Turn user mistakes (PmError) into a message and an exit code, in one place."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from postmortem.errors import PmError, ProblemsFound, WrongValue

        try:
            return func(*args, **kwargs)
        except WrongValue as exc:
            raise _bad_parameter(exc) from None
        except ProblemsFound as exc:
            for problem in exc.problems:
                echo(str(problem), err=True)
            echo(f"pm: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except PmError as exc:
            echo(f"pm: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except MemoryError:  # under the ceiling a repository's templates set (see render/ceiling.py)
            from postmortem.render.ceiling import out_of_memory

            echo(f"pm: error: {out_of_memory('the build')}; nothing was written", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _bad_parameter(exc: WrongValue) -> click.BadParameter:
    """A wrong value found by a command's core, as click reports a wrong value: usage, then the option and why."""
    ctx = click.get_current_context()
    param = next((p for p in ctx.command.params if exc.parameter == p.name or exc.parameter in p.opts), None)
    return click.BadParameter(str(exc), ctx=ctx, param=param, param_hint=None if param else exc.parameter)


def selection_options(func: F) -> F:
    """Add ``--tag`` and ``--severity`` (each repeatable) to a command."""
    tag = click.option("-t", "--tag", "tags", multiple=True, help="Only incidents with this tag (repeatable).")
    level = click.option("-s", "--severity", "severities", multiple=True, help="Only this severity (repeatable).")
    return tag(level(func))


def configuration(*, repository: bool = True) -> Config:
    """The repository's configuration; with -v, say which file it came from.

    Outside an incident repository, a command that needs one (*repository*) stops and says so.
    """
    from postmortem.config.files import load_config, require_repository
    from postmortem.errors import display_path

    config = load_config()
    detail(f"configuration: {display_path(config.source) if config.source else 'none found, defaults used'}")
    return require_repository(config) if repository else config


def build_date(timezone: str) -> dt.date:
    """The build's date: from SOURCE_DATE_EPOCH for reproducible builds, else today in the configured zone."""
    from postmortem.errors import PmError
    from postmortem.model.times import source_date
    from postmortem.model.zones import zone

    try:
        fixed = source_date(os.environ.get("SOURCE_DATE_EPOCH", ""))
    except ValueError as exc:
        raise PmError(str(exc)) from None
    return fixed or dt.datetime.now(zone(timezone)).date()


def parse_formats(value: str) -> tuple[str, ...]:
    """Parse ``--format md,html``."""
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [part for part in chosen if part not in ("md", "html", "pdf")]
    if unknown or not chosen:
        raise click.BadParameter(f"use a comma-separated list of md, html and pdf, not {value!r}")
    return chosen
