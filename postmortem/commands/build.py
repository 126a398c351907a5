"""Render command core: tell at once when nothing changed, else corpus → reports, index, site, PDFs → write.

A render with nothing new is the most frequent one (CI on every push, ``pm serve`` on every save of another
file): it is told from the files' stamps and the output's sealed manifest alone, before the template engine and
the models are even imported (see :mod:`postmortem.commands.rendering` for the rest).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from postmortem.commands.inputs import build_inputs, templates_digest
from postmortem.config.model import Config
from postmortem.config.paths import output_clash
from postmortem.corpus.files import discover, seen_files
from postmortem.errors import WrongValue, display_path, plural
from postmortem.load.homes import secret
from postmortem.workers import collector_paused
from postmortem.write.lock import locked
from postmortem.write.manifest import PreviousOutput, read_previous
from postmortem.write.staging import check_target, recover

if TYPE_CHECKING:
    from postmortem.commands.pdfs import Progress
    from postmortem.corpus.audience import Audience
    from postmortem.render.report import Format

FORMATS: tuple[Format, ...] = ("md", "html", "pdf")


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildReport:
    """What a build did."""

    out: Path
    incidents: int
    written: int
    unchanged: int
    warnings: tuple[str, ...]  # about the PDFs: what their documents were refused, characters no font has
    seconds: float
    paths: tuple[str, ...] = ()  # the files written: new, or whose bytes changed
    removed: int = 0  # files of the previous output that this one no longer holds

    def summary(self) -> str:
        """One line for the terminal."""
        files = self.written + self.unchanged
        removed = f", {self.removed} removed" if self.removed else ""
        return (
            f"Rendered {plural(self.incidents, 'incident')} into "
            f"{display_path(self.out)}: {plural(files, 'file')} "
            f"({self.written} written, {self.unchanged} unchanged{removed}) in {self.seconds:.1f} s."
        )


@collector_paused()
def build(
    config: Config,
    *,
    out: Path,
    formats: Iterable[Format] = FORMATS,
    force: bool = False,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
    book: bool = False,
    audience: Audience = "internal",
    progress: Progress | None = None,
) -> BuildReport:
    """Validate, then render every incident's reports, the index and the site into *out*; nothing on errors."""
    started = time.perf_counter()
    _refuse_clash(config, out=out)
    formats = tuple(formats)
    templates = templates_digest(config)
    incidents = discover(config.path("incidents"), root=config.root)
    seen = seen_files(config)
    inputs = build_inputs(config, incidents=incidents, formats=formats, today=today, since=since, until=until,
                          book=book, templates=templates, audience=audience, seen=seen)  # fmt: skip
    protected = [config.root, config.path("incidents"), config.path("templates")]
    key = secret(config.root)  # seals the output's manifest: a manifest that came with the repository is not believed
    if not force and (kept := _unchanged(out, inputs=inputs, protected=protected, key=key)) is not None:
        return BuildReport(out=out, incidents=len(incidents), written=0, unchanged=kept, warnings=(),
                           seconds=time.perf_counter() - started)  # fmt: skip
    from postmortem.commands.rendering import Render  # the render stack, imported once there is something to render

    job = Render(
        config=config, out=out, formats=formats, force=force, today=today, since=since, until=until, book=book,
        audience=audience, inputs=inputs, templates=templates, key=key, protected=protected, found=incidents,
        seen=seen,
    )  # fmt: skip
    count, files, warnings = job.run(progress=progress)
    written = tuple(o.path for o in files.outputs if o.data is not None)
    removed = len(set(files.previous) - {o.path for o in files.outputs})
    return BuildReport(out=out, incidents=count, written=len(written), unchanged=len(files.outputs) - len(written),
                       warnings=tuple(warnings), seconds=time.perf_counter() - started, paths=written,
                       removed=removed)  # fmt: skip


def _refuse_clash(config: Config, *, out: Path) -> None:
    """Refuse an output folder that is or holds what the repository is made of."""
    clash = output_clash(config, out=out)
    if clash is not None:  # before anything is read from the output or cleaned next to it
        message = f"refusing to write into {display_path(out)}: it {clash}; choose another output folder"
        raise WrongValue(message, parameter="--out")  # the configured output was checked with the configuration


def _unchanged(out: Path, *, inputs: str, protected: list[Path], key: bytes) -> int | None:
    """The number of files of the last build when it read *inputs* and all its files are there; else None.

    What an interrupted build left is cleared first; that never touches an output whose manifest was read (it
    puts an output back only where there is none), so the manifest is read once.
    """
    previous, files = read_previous(out, key=key)
    if previous != inputs:
        return None
    with locked(out):
        check_target(out, protected=protected)
        recover(out)
    held = PreviousOutput(out)
    return len(files) if all(held.holds(path) for path in files) else None
