"""Entry point for ``python -m postmortem``."""

from postmortem.cli.main import run

run()
