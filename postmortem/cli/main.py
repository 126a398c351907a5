"""Command line: the ``pm`` group, which assembles the commands in the order of the work."""

from __future__ import annotations

import atexit
import gc

import click

from postmortem import __version__
from postmortem.cli import authoring, building, overview
from postmortem.cli.common import CONTEXT


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


for command in (
    authoring.init,
    authoring.new,
    authoring.import_command,
    authoring.schema,
    building.render,
    building.check,
    building.serve,
    overview.actions,
    overview.stats,
    overview.export_command,
):
    main.add_command(command)
