"""Command line: the commands that check and build the repository: check, render and serve."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from postmortem.cli.common import CONTEXT, audience_option, build_date, configuration, parse_formats, pm_command
from postmortem.console import detail, echo, progress_bar, say, verbosity_options
from postmortem.validate.findings import OUTPUT_FORMATS, OutputFormat


@click.command(context_settings=CONTEXT, short_help="Write the reports, index.md and the site.")
@verbosity_options
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: config).")
@click.option("-f", "--format", "formats", default="md,html,pdf", show_default=True, help="Formats to write.")
@click.option("--force", is_flag=True, help="Render everything again, even what has not changed.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First day of the combined PDF's period.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last day of the combined PDF's period.")
@click.option("--book", is_flag=True, help="Write the combined PDF of all incidents (a period implies it).")
@audience_option
@pm_command
def render(
    out: Path | None,
    formats: str,
    force: bool,
    since: dt.datetime | None,
    until: dt.datetime | None,
    book: bool,
    audience: str,
) -> None:
    """Validate, then write every incident's report as Markdown, HTML and PDF."""
    from postmortem.commands.build import build

    chosen = _book_formats(formats, since=since, until=until, book=book)
    config = configuration()
    with progress_bar("Rendering PDFs") as progress:
        report = build(
            config,
            out=out or config.path("output"),
            formats=chosen,  # type: ignore[arg-type]
            force=force,
            today=build_date(config.timezone),
            since=since.date() if since else None,
            until=until.date() if until else None,
            book=book,
            audience=audience,  # type: ignore[arg-type]
            progress=progress,
        )
    for path in report.paths:
        detail(f"wrote {path}")
    for warning in report.warnings:
        echo(f"warning: {warning}", err=True)
    say(report.summary())


def _book_formats(formats: str, *, since: dt.datetime | None, until: dt.datetime | None, book: bool) -> tuple[str, ...]:
    """The formats of ``--format``, checked against the combined PDF's options: a period in order, pdf among them."""
    chosen = parse_formats(formats)
    if since and until and since > until:
        raise click.BadParameter(f"{since:%Y-%m-%d} is after --until {until:%Y-%m-%d}", param_hint="'--since'")
    asked = next((name for name, given in (("--book", book), ("--since", since), ("--until", until)) if given), None)
    if asked and "pdf" not in chosen:
        raise click.BadParameter(
            f"the combined PDF needs pdf among the formats, not {formats!r}", param_hint=f"'{asked}'"
        )
    return chosen


@click.command(context_settings=CONTEXT, short_help="Check incident files; every problem, located.")
@verbosity_options
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option(
    "--format", "output", type=click.Choice(OUTPUT_FORMATS), default="text", show_default=True,
    help="text for people, github for workflow annotations, gitlab for Code Quality, json for scripts, "
    "sarif for code scanning.",
)  # fmt: skip
@pm_command
def check(paths: tuple[Path, ...], strict: bool, output: OutputFormat) -> None:
    """Check incident files (default: the whole repository) and report every problem.

    A path that incidents depend on (the configuration, the risk register, a runbook, a page, a template) checks
    the whole repository.
    """
    from postmortem.commands.check import check as run_check
    from postmortem.validate.findings import format_problems

    report = run_check(configuration(repository=not paths), paths=paths)  # files named are checked anywhere
    echo(format_problems(report.problems, output=output, base=report.base), nl=False, keep="\n")
    say(report.summary(), err=output != "text")
    if report.failed(strict=strict):
        sys.exit(1)


@click.command(context_settings=CONTEXT, short_help="Serve the site locally, rebuilt on every save.")
@verbosity_options
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")  # fmt: skip
@click.option("-f", "--format", "formats", default="md,html", show_default=True, help="Formats to build.")
@audience_option
@pm_command
def serve(port: int, formats: str, audience: str) -> None:
    """Serve the site on 127.0.0.1, rebuild what changed on every save and reload the page in the browser."""
    from postmortem.commands.serve import serve as run_serve

    chosen = parse_formats(formats)
    if "html" not in chosen:
        raise click.BadParameter("the site needs html", param_hint="--format")
    run_serve(port=port, formats=chosen, audience=audience, today=lambda config: build_date(config.timezone),  # type: ignore[arg-type]
              say=say, complain=lambda line: echo(line, err=True))  # fmt: skip
