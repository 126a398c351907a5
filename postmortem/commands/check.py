"""Check command core: validate the incident files and report every problem at once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from postmortem.commands.schema import schema_text
from postmortem.config.files import CONFIG_FILE
from postmortem.config.model import LANGUAGES, Config
from postmortem.config.paths import git_top
from postmortem.corpus.repository import Corpus, expand, load_corpus
from postmortem.errors import Level, Problem, ProblemsFound, display_path, plural, tally
from postmortem.read import read_text


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckReport:
    """What ``pm check`` found in the files it was asked about."""

    problems: tuple[Problem, ...]
    files: int
    base: Path  # what paths for machines are relative to: the top of the git repository, else the repository

    @property
    def errors(self) -> int:
        """Number of errors."""
        return tally(self.problems, Level.ERROR)

    @property
    def warnings(self) -> int:
        """Number of warnings."""
        return tally(self.problems, Level.WARNING)

    def failed(self, *, strict: bool) -> bool:
        """True when the check should fail: any error, or any warning under ``--strict``."""
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary(self) -> str:
        """One closing line, such as ``2 errors, 1 warning in 12 files``."""
        if not self.problems:
            return f"All good: {plural(self.files, 'file')} checked, no problems."
        affected = len({p.path for p in self.problems})
        read = max(self.files, affected)  # problems may also be in the configuration, pages or runbooks
        return (
            f"Found {plural(self.errors, 'error')} and {plural(self.warnings, 'warning')} "
            f"in {affected} of {plural(read, 'file')}."
        )


def check(config: Config, *, paths: Sequence[Path] = ()) -> CheckReport:
    """Check the repository, or only *paths* (still cross-checked against the whole repository).

    A path that any incident may depend on (the configuration, the risk register, a runbook, a page, a template)
    checks the whole repository: renaming a risk breaks the incidents that name it.
    """
    selected = expand(paths)
    if any(_shared(config, path) for path in selected):
        selected = []
    corpus: Corpus = load_corpus(config, extra=selected, models=False)
    if not selected:
        problems = (*corpus.problems, *_stale_schema(config), *_label_problems(config))
        files = len(corpus.files) + _register_count(config)
        return CheckReport(problems=problems, files=files, base=git_top(config.root))
    wanted = {display_path(path.absolute()) for path in selected}
    problems = tuple(p for p in corpus.problems if p.path in wanted)
    return CheckReport(problems=problems, files=len(wanted), base=git_top(config.root))


def _shared(config: Config, path: Path) -> bool:
    """Whether *path* is read for every incident rather than being one: a configuration, register or folder file."""
    real = path.resolve()
    if real.parent == config.root.resolve() and real.name in (CONFIG_FILE, "pyproject.toml"):
        return True
    if real == config.path("risks").resolve():
        return True
    return any(real.is_relative_to(config.path(name).resolve()) for name in ("runbooks", "pages", "templates"))


def _stale_schema(config: Config) -> list[Problem]:
    """A warning when the saved schema is not the one this pm and configuration give editors."""
    path = config.path("schema_file")
    saved = read_text(path, root=config.root) if path.is_file() else ""
    if not isinstance(saved, str):
        return [saved]
    if not saved or saved == schema_text(config):
        return []
    message = ("the editors' schema is out of date (pm, the severity levels or the status words changed): "
               "run `pm schema --write`")  # fmt: skip
    return [Problem(path=display_path(path), line=1, column=1, level=Level.WARNING, rule="stale-schema",
                    message=message)]  # fmt: skip


def _label_problems(config: Config) -> list[Problem]:
    """What keeps the project's labels overrides (``templates/i18n/*.toml``) from being used by a render."""
    if not (config.path("templates") / "i18n").is_dir():
        return []  # the usual case: no override, and the renderers' imports are spared
    from postmortem.render.folders import template_folders
    from postmortem.render.labels import load_labels

    problems: list[Problem] = []
    for language in LANGUAGES:
        try:
            load_labels(language, folders=template_folders(config), root=config.root)
        except ProblemsFound as exc:
            problems += exc.problems
    return problems


def _register_count(config: Config) -> int:
    """One more file checked when the repository has a risk register."""
    return 1 if config.path("risks").exists() else 0
