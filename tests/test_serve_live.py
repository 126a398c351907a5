"""`pm serve` builds again from what its last build kept: an edit reads and renders what it changed, page first."""

from __future__ import annotations

import gzip
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from postmortem.cli.common import build_date
from postmortem.commands.build import BuildReport
from postmortem.commands.live import Live
from postmortem.commands.remember import memo_folder
from postmortem.config.files import load_config
from postmortem.load.homes import secret
from postmortem.load.trusted import SETTLED_SECONDS
from postmortem.render import report
from postmortem.render.folders import builtin_templates
from postmortem.write.manifest import read_manifest
from tests.conftest import Run, calls
from tests.test_incremental import EDITS, FORMATS, INCIDENT, NEW, SEARCH, _hashes, _replace

OPENED: list[tuple[str, bool]] | None = None  # the files opened while a test listens (to write?), as audit tells


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """Note each file opened (``open()`` and ``os.open``) while a test listens, and whether to write."""
    if OPENED is not None and event == "open" and isinstance(args[0], str | bytes):
        flags = args[2] if isinstance(args[2], int) else 0
        OPENED.append((os.fsdecode(args[0]), flags & os.O_ACCMODE != os.O_RDONLY))


sys.addaudithook(_audit)


def _opened(work: Callable[[], Any], *, writing: bool = False) -> list[Path]:
    """The files *work* opens to read (or, *writing*, to write), resolved."""
    global OPENED
    OPENED = []
    try:
        work()
        return [Path(name).resolve() for name, written in OPENED if written == writing]
    finally:
        OPENED = None


def _rendered(work: Callable[[], Any]) -> int:
    """How many reports *work* renders (calls of the function that renders one), whatever the machine's speed."""
    return calls(work, of=report.render_report.__code__)


@pytest.fixture
def live(
    example_repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Live]:
    """A server's builds of the example repository (Markdown and HTML), into a folder of its own, first build done."""
    monkeypatch.chdir(example_repo)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")
    time.sleep(SETTLED_SECONDS)  # files as a repository's are, not changed in the last seconds: known by stamp
    serving = Live(out=tmp_path_factory.mktemp("served") / "site", formats=("md", "html"), audience="internal")
    _build(serving)
    yield serving
    serving.settle()


def _build(serving: Live) -> tuple[BuildReport, BuildReport | None]:
    """Build again as the server does after a save: the pages, then the search bundles left for later."""
    config = load_config()
    return serving.build(config, today=build_date(config.timezone)), serving.search()


def _bundle_text(site: Path) -> str:
    """The text of every page the search bundles index (Pagefind keeps each page's text in a gzipped fragment)."""
    fragments = sorted(site.glob(f"{SEARCH}**/fragment/*.pf_fragment"))
    return "\n".join(gzip.decompress(path.read_bytes()).decode("utf-8") for path in fragments)


def _whole(serving: Live) -> None:
    """The output holds the files its manifest lists and no other, each with the bytes the manifest says."""
    listed = read_manifest(serving.out, key=secret(Path.cwd()))
    assert listed == serving.files
    assert set(_hashes(serving.out)) == set(listed)


def test_an_edit_reads_and_renders_only_what_it_changed(live: Live, example_repo: Path) -> None:
    """An edit reads of the incident files the edited one only, and renders that incident's reports only.

    The templates and the memo come from memory, and the compiled templates are those of the last build.
    """
    compiled = live.env
    _replace(example_repo / INCIDENT, "Au premier démarrage", "Au tout premier démarrage")
    config = load_config()
    opened: list[Path] = []
    rendered = _rendered(lambda: opened.extend(_opened(lambda: _build(live))))
    incidents = {path for path in opened if path.is_relative_to(example_repo / "incidents")}
    assert incidents == {(example_repo / INCIDENT).resolve()}
    templates = [path for path in opened if path.is_relative_to(builtin_templates().resolve())]
    assert templates == []
    memo = memo_folder(config)
    assert memo is not None
    assert [path for path in opened if path.is_relative_to(memo.resolve())] == []
    assert rendered == 2  # INC-001.md and INC-001.html
    assert live.env is compiled


def test_the_page_comes_first_and_its_search_bundle_follows_whole(live: Live, example_repo: Path) -> None:
    """After a prose edit, the pages come first with the last search bundles, and the new bundles follow.

    The first swap holds the last build's bundles (the same pages, the old text); the bundles made again come
    in a second swap. Each output is whole: the files its manifest lists, no other.
    """
    before = _hashes(live.out)
    _replace(example_repo / INCIDENT, "Au premier démarrage", "Au tout premier démarrage")
    config = load_config()
    reports: list[BuildReport] = []
    written = _opened(lambda: reports.append(live.build(config, today=build_date(config.timezone))), writing=True)
    first = reports[0]
    memo = memo_folder(config)
    assert memo is not None
    assert [path for path in written if path.is_relative_to(memo.resolve())] == []  # kept after the answer
    _whole(live)
    now = _hashes(live.out)
    assert {path for path in now if path.startswith(SEARCH)} == {path for path in before if path.startswith(SEARCH)}
    assert {path: now[path] for path in now if path.startswith(SEARCH)} == {
        path: before[path] for path in before if path.startswith(SEARCH)
    }  # the last build's bundles, whole
    assert "Au tout premier démarrage" in (live.out / "INC-001.html").read_text(encoding="utf-8")
    assert "tout premier" not in _bundle_text(live.out)
    assert set(first.paths) == {"INC-001.html", "INC-001.md", "feed.xml"}

    searched: list[BuildReport | None] = []
    written = _opened(lambda: searched.append(live.search()), writing=True)
    assert [path for path in written if path.is_relative_to(memo.resolve())] != []  # the new rows, kept
    second = searched[0]
    assert second is not None
    _whole(live)
    assert "tout premier" in _bundle_text(live.out)
    assert second.written > 0
    assert {path for path in second.paths if not path.startswith(SEARCH)} == set()
    assert live.search() is None  # nothing left for later
    live.settle()
    assert [path.name for path in live.out.parent.iterdir() if ".old-" in path.name or ".tmp-" in path.name] == []


def test_a_new_incident_comes_with_its_search_bundle(live: Live, example_repo: Path) -> None:
    """When incidents come or go, the bundles are made in the same swap: no search result leads to a missing page."""
    (example_repo / "incidents" / "2025-04-01-new.yaml").write_text(NEW, encoding="utf-8")
    config = load_config()
    live.build(config, today=build_date(config.timezone))
    _whole(live)
    assert live.search() is None
    assert "Un nouvel incident" in _bundle_text(live.out)
    (example_repo / "incidents" / "2025-04-01-new.yaml").unlink()
    live.build(config, today=build_date(config.timezone))
    assert live.search() is None
    assert "Un nouvel incident" not in _bundle_text(live.out)
    assert not (live.out / "INC-100.html").exists()


@pytest.mark.slow
def test_after_each_kind_of_edit_the_server_holds_what_a_cold_render_makes(
    live: Live,
    example_repo: Path,
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    cache_home: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Whatever the edit, the server's output (both swaps done) is byte for byte what a cold ``pm render`` makes.

    What the server kept in memory never stands for what changed.
    """
    cold = tmp_path_factory.mktemp("cold") / "site"
    for kind, edit, _expected in EDITS:
        edit(example_repo)
        _build(live)
        _whole(live)
        shutil.rmtree(cold, ignore_errors=True)
        monkeypatch.setenv("PM_CACHE_DIR", str(tmp_path_factory.mktemp("cold-cache")))  # nothing remembered
        run("render", *FORMATS, "--out", str(cold))
        monkeypatch.setenv("PM_CACHE_DIR", str(cache_home))
        assert _hashes(live.out) == _hashes(cold), kind
