"""Command line: thin click commands that call one core function each and print what it returns."""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from postmortem import __version__

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def pm_command(func: F) -> F:
    """Turn user mistakes (PmError) into a message and an exit code, in one place."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from postmortem.errors import PmError, ProblemsFound

        try:
            return func(*args, **kwargs)
        except ProblemsFound as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            sys.exit(exc.exit_code)
        except PmError as exc:
            click.echo(f"pm: error: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="pm")
def main() -> None:
    """pm: post-mortems as code.

    Write each incident as a YAML file, check it in CI, and render Markdown, HTML and PDF
    reports plus a lessons-learned site.
    """


@main.command(context_settings=CONTEXT)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--language", type=click.Choice(["en", "fr"]), default="en", show_default=True, help="Report language.")
@click.option("--timezone", default="UTC", show_default=True, help="Default zone of timeline times.")
@pm_command
def init(folder: Path, language: str, timezone: str) -> None:
    """Make FOLDER an incident repository: config, incidents folder, an example, a risk register."""
    from postmortem.scaffold import init_repository

    for path in init_repository(folder, language=language, timezone=timezone):
        click.echo(f"created {path}")
    click.echo('Next: pm new "What broke" --severity P2')


@main.command(context_settings=CONTEXT)
@click.argument("title")
@click.option("-s", "--severity", help="Severity level, e.g. P2 (see pm.toml).")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="Incident date (default: today).")
@pm_command
def new(title: str, severity: str | None, day: dt.datetime | None) -> None:
    """Start a post-mortem: write incidents/<date>-<slug>.yaml for TITLE. Never overwrites."""
    from postmortem.config import load_config
    from postmortem.errors import display_path
    from postmortem.scaffold import new_incident
    from postmortem.times import zone

    config = load_config()
    now = dt.datetime.now(zone(config.timezone))
    if day is not None:
        now = now.replace(year=day.year, month=day.month, day=day.day)
    click.echo(display_path(new_incident(config, title=title, severity=severity, now=now)))


@main.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@pm_command
def check(paths: tuple[Path, ...], strict: bool) -> None:
    """Check incident files (default: the whole repository) and report every problem."""
    from postmortem.check import check as run_check
    from postmortem.config import load_config

    report = run_check(load_config(), paths=paths)
    for problem in report.problems:
        click.echo(str(problem))
    click.echo(report.summary())
    if report.failed(strict=strict):
        sys.exit(1)
