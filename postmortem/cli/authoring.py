"""Command line: the commands that write an author's files: init, new, import and schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from postmortem.cli.common import CONTEXT, configuration, pm_command
from postmortem.console import echo, say, verbosity_options


@click.command(context_settings=CONTEXT, short_help="Start an incident repository (or add a CI workflow).")
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


@click.command(context_settings=CONTEXT, short_help="Write a new incident file from the template.")
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

    config = configuration()
    now = dt.datetime.now(zone(config.timezone))
    written = new_incident(config, title=title, severity=severity, now=now, day=day.date() if day else None)
    echo(display_path(written[0]))
    for path in written[1:]:
        say(f"created {display_path(path)}", err=True)


@click.command(name="import", context_settings=CONTEXT, short_help="Turn existing write-ups into draft incident files.")
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

    config = configuration()
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


@click.command(context_settings=CONTEXT, short_help="Print the JSON Schema of incident files (or of the export).")
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
    config = configuration(repository=write)  # the schema alone is printed anywhere
    if of_export:
        echo(export_schema_text(config), nl=False, keep="\n")
        return
    if not write:
        echo(schema_text(config), nl=False, keep="\n")
        return
    target = config.path("schema_file")
    replace_generated(target, schema_text(config), root=config.root, ours=generated)
    say(f"wrote {display_path(target)}")
