"""CI workflow files of `pm init --ci`: where they go, what they install, and the folder their steps run in."""

from __future__ import annotations

import posixpath
import re
import shlex
from pathlib import Path

from postmortem import DISTRIBUTION, __version__
from postmortem.config.model import Config
from postmortem.config.paths import git_top
from postmortem.render.templating import render_template

CI_FILES = {
    "github": (".github/workflows/postmortems.yml", "init/ci-github.yml.j2"),
    "gitlab": (".gitlab-ci.yml", "init/ci-gitlab.yml.j2"),
}
# Characters that mean something in each service's path filters, written with a backslash to mean themselves.
_GLOB = {"github": re.compile(r"([*?+\[\]!])"), "gitlab": re.compile(r"([*?\[\]{}\\])")}
_EVERYTHING_BELOW = {"github": "/**", "gitlab": "/**/*"}


def default_install() -> str:
    """What a workflow installs unless told otherwise: exactly the pm that wrote it."""
    return f"{DISTRIBUTION}=={__version__}"


def ci_files(config: Config, folder: Path, ci: str, *, install: str | None = None) -> dict[Path, str]:
    """The workflow file of a CI service, at the top of the git repository holding *folder*.

    It checks every change and publishes the site from the main branch; its steps run in *folder*, and when
    *folder* is not the top, only changes below it (or to the workflow) start it. *install* is what pip
    installs (a requirement, a git URL, a wheel), pinned to this version of pm by default.
    """
    name, template = CI_FILES[ci]
    spec = install or default_install()
    top = git_top(folder)
    inner = folder.resolve().relative_to(top.resolve()).as_posix() if top != folder else "."
    inner = "" if inner == "." else inner
    context = {
        "version": __version__,
        "install": f"pip install {shlex.quote(spec)}",
        "needs_git": "git+" in spec,  # pip clones with git, which slim images lack
        "folder": inner,
        "cd": f"cd {shlex.quote(inner)}" if inner else "",
        "workflow": name,
        "paths": [_glob(inner, ci) + _EVERYTHING_BELOW[ci], _glob(name, ci)] if inner else [],
        "site": posixpath.normpath(posixpath.join(inner, config.output)),
        "report": posixpath.join(inner, "gl-code-quality-report.json"),
        "output": config.output,
        "config": config,
    }
    return {top / name: render_template(config, template, context)}


def _glob(path: str, ci: str) -> str:
    """*path* as a path filter of *ci* that matches exactly that path."""
    return _GLOB[ci].sub(r"\\\1", path)
