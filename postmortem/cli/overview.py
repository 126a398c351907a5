"""Command line: the commands that look across incidents: actions, stats and export."""

from __future__ import annotations

import click

from postmortem.cli.common import CONTEXT, audience_option, build_date, configuration, pm_command, selection_options
from postmortem.console import echo, show, verbosity_options


@click.command(context_settings=CONTEXT, short_help="List open corrective actions, overdue first.")
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

    config = configuration()
    selection = Selection(tags=tags, severities=severities)
    view = actions_view(
        config, today=build_date(config.timezone), selection=selection, owner=owner, everything=everything
    )
    show(view)
    if fail_on_overdue and view.overdue:
        raise PmError(plural(view.overdue, "overdue action"))


@click.command(context_settings=CONTEXT, short_help="Show incidents per severity and their timings.")
@verbosity_options
@selection_options
@pm_command
def stats(tags: tuple[str, ...], severities: tuple[str, ...]) -> None:
    """Show the metrics of the index: incidents per severity, targets met, time to detect, acknowledge, resolve."""
    from postmortem.commands.overview import Selection, stats_view

    config = configuration()
    show(stats_view(config, today=build_date(config.timezone), selection=Selection(tags=tags, severities=severities)))


@click.command(name="export", context_settings=CONTEXT, short_help="Print the corpus as JSON, or the actions as CSV.")
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

    config = configuration()
    text = export(config, output=output, today=build_date(config.timezone), audience=audience)  # type: ignore[arg-type]
    echo(text, nl=False, keep="\n\t")
