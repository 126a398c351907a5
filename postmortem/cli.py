"""Command line: thin click commands that call one core function each and print what it returns."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import gc
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from postmortem import __version__
from postmortem.console import detail, echo, progress_bar, say, show, verbosity_options
from postmortem.validate.findings import OUTPUT_FORMATS, OutputFormat

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

    return wrapper  # type: ignore[return-value]


def _bad_parameter(exc: WrongValue) -> click.BadParameter:
    """A wrong value found by a command's core, as click reports a wrong value: usage, then the option and why."""
    ctx = click.get_current_context()
    param = next((p for p in ctx.command.params if exc.parameter == p.name or exc.parameter in p.opts), None)
    return click.BadParameter(str(exc), ctx=ctx, param=param, param_hint=None if param else exc.parameter)


class _Commands(click.Group):
    """Commands listed in the order of the work (init, new, check, render…), not alphabetically."""

    ORDER = ("init", "new", "import", "check", "render", "serve", "actions", "stats", "export", "schema")

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Names in ORDER, then any other."""
        names = super().list_commands(ctx)
        return sorted(names, key=lambda name: self.ORDER.index(name) if name in self.ORDER else len(self.ORDER))


@click.group(cls=_Commands, name="pm", context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="pm")
def main() -> None:
    """pm: post-mortems as code.

    Write each incident as a YAML file, check it in CI, and render Markdown, HTML and PDF
    reports plus a lessons-learned site.
    """


def run() -> None:
    """The ``pm`` program: :func:`main`, then an exit without Python's last sweep of everything still in memory.

    A build of thousands of incidents leaves millions of objects; at exit the interpreter's final garbage
    collection walks them all (1.8 s at 5,000 incidents). Freezing them first skips that walk; everything
    else about exiting (atexit handlers, flushing, clean-up) happens as usual.
    """
    atexit.register(gc.freeze)
    main()


@main.command(context_settings=CONTEXT, short_help="Start an incident repository (or add a CI workflow).")
@verbosity_options
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--language", type=click.Choice(["en", "fr"]), default="en", show_default=True, help="Report language.")
@click.option("--timezone", default="UTC", show_default=True, help="Default zone of timeline times.")
@click.option(
    "--ci", type=click.Choice(["github", "gitlab"]),
    help="Also write a CI workflow that checks every change and publishes the site (alone in an existing repository), "
    "at the top of the git repository.",
)  # fmt: skip
@click.option(
    "--install", metavar="SPEC", callback=lambda _ctx, _param, value: _install_spec(value),
    help="What the workflow's pip installs: a git URL or a wheel, say (default: this version of pm).",
)  # fmt: skip
@pm_command
def init(folder: Path, language: str, timezone: str, ci: str | None, install: str | None) -> None:
    """Make FOLDER an incident repository: config, incidents folder, an example, a risk register, the schema."""
    from postmortem.commands.scaffold import init_repository
    from postmortem.errors import display_path

    if install is not None and ci is None:
        raise click.UsageError("--install sets what a CI workflow installs: give --ci too")
    written = init_repository(folder, language=language, timezone=timezone, ci=ci, install=install)
    for path in written:
        say(f"created {display_path(path)}")
    if any(path.name == "pm.toml" for path in written):
        say('Next: pm new "What broke" --severity P2')


def _install_spec(value: str | None) -> str | None:
    """``--install``: one line of printable text for pip (a requirement, a git URL, a wheel's path).

    ``${{`` is refused: GitHub would read it as an expression of its own and change what pip gets.
    """
    if value is not None and (not value.strip() or not value.isprintable() or "${{" in value):
        raise click.BadParameter(f"give one line of text that pip can install, not {value!r}")
    return value.strip() if value is not None else None


@main.command(context_settings=CONTEXT, short_help="Write a new incident file from the template.")
@verbosity_options
@click.argument("title")
@click.option("-s", "--severity", help="Severity level, e.g. P2 (see pm.toml).")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="Incident date (default: today).")
@pm_command
def new(title: str, severity: str | None, day: dt.datetime | None) -> None:
    """Start a post-mortem: write incidents/<date>-<slug>.yaml for TITLE. Never overwrites."""
    from postmortem.commands.scaffold import new_incident
    from postmortem.errors import display_path
    from postmortem.model.zones import zone

    config = _config()
    now = dt.datetime.now(zone(config.timezone))
    written = new_incident(config, title=title, severity=severity, now=now, day=day.date() if day else None)
    echo(display_path(written[0]))
    for path in written[1:]:
        say(f"created {display_path(path)}", err=True)


@main.command(name="import", context_settings=CONTEXT, short_help="Turn existing write-ups into draft incident files.")
@verbosity_options
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--from", "chosen", type=click.Choice(["markdown", "table", "keymoad"]),
    help="Format of the sources (default: YAML files are keymoad, Markdown holding a table of incidents is table, "
    "other Markdown is one write-up each).",
)  # fmt: skip
@click.option("-s", "--severity", help="Severity of the drafts whose source gives none, e.g. P2 (see pm.toml).")
@click.option("--status", type=click.Choice(["draft", "in-review", "final"]), default="draft", show_default=True,
              help="Status of every draft written.")  # fmt: skip
@click.option("-n", "--dry-run", is_flag=True, help="Print the drafts that would be written; write nothing.")
@pm_command
def import_command(paths: tuple[Path, ...], chosen: str | None, severity: str | None, status: str,
                   dry_run: bool) -> None:  # fmt: skip
    """Import post-mortems written elsewhere (Markdown write-ups, a table of incidents, KeyMoad YAML) as drafts.

    Writes one incidents/<date>-<slug>.yaml per incident found, never over an existing file, and prints where
    each part of each source went. Text with no field of its own is kept, as written, in the draft's notes.
    """
    from postmortem.commands.importing import import_sources
    from postmortem.errors import display_path

    config = _config()
    report = import_sources(config, paths=paths, chosen=chosen, severity=severity, status=status,  # type: ignore[arg-type]
                            dry_run=dry_run)  # fmt: skip
    for item in report.planned:
        verb = "would write" if dry_run else "wrote"
        echo(f"{item.origin} -> {verb} {display_path(item.path)} ({item.incident_id})")
        for line in item.placements:
            echo(f"  {line}")
        if dry_run:
            echo(item.text, nl=False, keep="\n")
    for line in report.left_out:
        echo(line)
    say(f"{len(report.planned)} {'draft' if len(report.planned) == 1 else 'drafts'} "
        f"{'would be written' if dry_run else 'written'}; run pm check to see what each still needs.")  # fmt: skip


@main.command(context_settings=CONTEXT, short_help="Print the JSON Schema of incident files (or of the export).")
@verbosity_options
@click.option("--write", is_flag=True, help="Save it to the repository's schema file (pm.toml: schema_file) instead.")
@click.option("--export", "of_export", is_flag=True, help="The schema of `pm export`'s JSON instead, for its readers.")
@pm_command
def schema(write: bool, of_export: bool) -> None:
    """Print the JSON Schema of incident files, for editors that complete fields and flag errors as you type."""
    from postmortem.commands.schema import export_schema_text, generated, schema_text
    from postmortem.errors import display_path
    from postmortem.write.authored import replace_generated

    if of_export and write:
        raise click.BadParameter("--write saves the editors' schema; redirect --export to a file", param_hint="--write")
    config = _config(repository=write)  # the schema alone is printed anywhere
    if of_export:
        echo(export_schema_text(config), nl=False, keep="\n")
        return
    if not write:
        echo(schema_text(config), nl=False, keep="\n")
        return
    target = config.path("schema_file")
    replace_generated(target, schema_text(config), root=config.root, ours=generated)
    say(f"wrote {display_path(target)}")


def _config(*, repository: bool = True) -> Config:
    """The repository's configuration; with -v, say which file it came from.

    Outside an incident repository, a command that needs one (*repository*) stops and says so.
    """
    from postmortem.config.files import load_config, require_repository
    from postmortem.errors import display_path

    config = load_config()
    detail(f"configuration: {display_path(config.source) if config.source else 'none found, defaults used'}")
    return require_repository(config) if repository else config


def _today(timezone: str) -> dt.date:
    """The build's date: from SOURCE_DATE_EPOCH for reproducible builds, else today in the configured zone."""
    from postmortem.errors import PmError
    from postmortem.model.times import source_date
    from postmortem.model.zones import zone

    try:
        fixed = source_date(os.environ.get("SOURCE_DATE_EPOCH", ""))
    except ValueError as exc:
        raise PmError(str(exc)) from None
    return fixed or dt.datetime.now(zone(timezone)).date()


def _formats(value: str) -> tuple[str, ...]:
    """Parse ``--format md,html``."""
    chosen = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [part for part in chosen if part not in ("md", "html", "pdf")]
    if unknown or not chosen:
        raise click.BadParameter(f"use a comma-separated list of md, html and pdf, not {value!r}")
    return chosen


@main.command(context_settings=CONTEXT, short_help="Write the reports, index.md and the site.")
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

    chosen = _formats(formats)
    if since and until and since > until:
        raise click.BadParameter(f"{since:%Y-%m-%d} is after --until {until:%Y-%m-%d}", param_hint="'--since'")
    asked = next((name for name, given in (("--book", book), ("--since", since), ("--until", until)) if given), None)
    if asked and "pdf" not in chosen:
        raise click.BadParameter(
            f"the combined PDF needs pdf among the formats, not {formats!r}", param_hint=f"'{asked}'"
        )
    config = _config()
    with progress_bar("Rendering PDFs") as progress:
        report = build(
            config,
            out=out or config.path("output"),
            formats=chosen,  # type: ignore[arg-type]
            force=force,
            today=_today(config.timezone),
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


@main.command(context_settings=CONTEXT, short_help="Check incident files; every problem, located.")
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

    report = run_check(_config(repository=not paths), paths=paths)  # files named are checked anywhere
    echo(format_problems(report.problems, output=output, base=report.base), nl=False, keep="\n")
    say(report.summary(), err=output != "text")
    if report.failed(strict=strict):
        sys.exit(1)


def selection_options(func: F) -> F:
    """Add ``--tag`` and ``--severity`` (each repeatable) to a command."""
    tag = click.option("-t", "--tag", "tags", multiple=True, help="Only incidents with this tag (repeatable).")
    level = click.option("-s", "--severity", "severities", multiple=True, help="Only this severity (repeatable).")
    return tag(level(func))


@main.command(context_settings=CONTEXT, short_help="List open corrective actions, overdue first.")
@verbosity_options
@selection_options
@click.option("-o", "--owner", help="Only the actions of this owner (case does not matter).")
@click.option("-a", "--all", "everything", is_flag=True, help="Also show done and cancelled actions.")
@click.option("--fail-on-overdue", is_flag=True, help="Exit 1 when an action shown is overdue (for CI).")
@pm_command
def actions(
    tags: tuple[str, ...], severities: tuple[str, ...], owner: str | None, everything: bool, fail_on_overdue: bool
) -> None:
    """List corrective actions still to do, overdue first, across every incident."""
    from postmortem.commands.overview import Selection, actions_view
    from postmortem.errors import PmError, plural

    config = _config()
    selection = Selection(tags=tags, severities=severities)
    view = actions_view(config, today=_today(config.timezone), selection=selection, owner=owner, everything=everything)
    show(view)
    if fail_on_overdue and view.overdue:
        raise PmError(plural(view.overdue, "overdue action"))


@main.command(context_settings=CONTEXT, short_help="Show incidents per severity and their timings.")
@verbosity_options
@selection_options
@pm_command
def stats(tags: tuple[str, ...], severities: tuple[str, ...]) -> None:
    """Show the metrics of the index: incidents per severity, targets met, time to detect, acknowledge, resolve."""
    from postmortem.commands.overview import Selection, stats_view

    config = _config()
    show(stats_view(config, today=_today(config.timezone), selection=Selection(tags=tags, severities=severities)))


@main.command(name="export", context_settings=CONTEXT, short_help="Print the corpus as JSON, or the actions as CSV.")
@verbosity_options
@click.option(
    "-f", "--format", "output", type=click.Choice(["json", "csv"]), default="json", show_default=True,
    help="json: every incident with its computed figures; csv: the action ledger.",
)  # fmt: skip
@audience_option
@pm_command
def export_command(output: str, audience: str) -> None:
    """Print the corpus for dashboards and spreadsheets (shape documented in docs/export.md)."""
    from postmortem.commands.export import export

    config = _config()
    text = export(config, output=output, today=_today(config.timezone), audience=audience)  # type: ignore[arg-type]
    echo(text, nl=False, keep="\n\t")


@main.command(context_settings=CONTEXT, short_help="Serve the site locally, rebuilt on every save.")
@verbosity_options
@click.option("-p", "--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")  # fmt: skip
@click.option("-f", "--format", "formats", default="md,html", show_default=True, help="Formats to build.")
@audience_option
@pm_command
def serve(port: int, formats: str, audience: str) -> None:
    """Serve the site on 127.0.0.1, rebuild what changed on every save and reload the page in the browser."""
    from postmortem.commands.serve import serve as run_serve

    chosen = _formats(formats)
    if "html" not in chosen:
        raise click.BadParameter("the site needs html", param_hint="--format")
    run_serve(port=port, formats=chosen, audience=audience, today=lambda config: _today(config.timezone),  # type: ignore[arg-type]
              say=say, complain=lambda line: echo(line, err=True))  # fmt: skip
