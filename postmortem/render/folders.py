"""Render stage helper: where templates are looked up, known without loading the template engine."""

from __future__ import annotations

import functools
from pathlib import Path

from postmortem.config.model import Config


@functools.cache  # where pm is installed does not move while it runs; resolving it costs as much as a report
def builtin_templates() -> Path:
    """The built-in templates: inside the installed package, or the top-level folder of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def template_folders(config: Config) -> list[Path]:
    """Where templates are looked up, in order: the project's folder, then the built-in one."""
    return [config.path("templates"), builtin_templates()]
