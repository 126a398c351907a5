"""An edit costs what it changes: each kind of edit writes exactly the files whose bytes change, as a cold build."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem.commands.remember import memo_folder
from postmortem.commands.stamps import inputs_of
from postmortem.config.files import load_config
from postmortem.load.homes import secret
from postmortem.load.sealed import Shelf
from postmortem.render import memo
from postmortem.render.index_sections import section_slot
from postmortem.render.shows import SECTIONS
from postmortem.write.manifest import read_manifest
from tests.conftest import Run

INCIDENT = "incidents/2025-01-18-mysqloo-ne-charge-pas.yaml"  # INC-001, which cites the risk panne-mysql
RELATED = "incidents/2025-01-25-workshop-re-telecharge-a-chaque-restart.yaml"  # INC-002: INC-003 and INC-010 link it
RUNBOOK = "runbooks/p1-serveur-inaccessible.md"
NEW = "id: INC-100\ntitle: Nouveau\nstatus: draft\ndate: 2025-04-01\nsummary: Un nouvel incident.\n"
SEARCH = "pagefind/"  # the search bundle: files named after their content, so an edit replaces some of them
FORMATS = ("--format", "md,html")


def _replace(path: Path, old: str, new: str) -> None:
    """Replace the first *old* in the file at *path*."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _hashes(folder: Path) -> dict[str, str]:
    """Every file pm wrote into *folder* (its manifest aside), by path, with the hash of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.rglob("*")
        if path.is_file() and path.name != ".pm-build.json"
    }


def _counts(output: str) -> tuple[int, int, int]:
    """Files written, unchanged and removed, from the summary line."""
    found = re.search(r"\((\d+) written, (\d+) unchanged(?:, (\d+) removed)?\)", output)
    assert found, output
    return int(found[1]), int(found[2]), int(found[3] or 0)


Edit = Callable[[Path], None]
# Each kind of edit, in order (the deletion removes the incident added before it), with the files whose bytes it
# changes besides the search bundle: the report that shows it, and each page that lists what it changed.
EDITS: list[tuple[str, Edit, set[str]]] = [
    ("prose", lambda r: _replace(r / INCIDENT, "Au premier démarrage", "Au tout premier démarrage"),
     {"INC-001.html", "INC-001.md", "feed.xml"}),
    ("title", lambda r: _replace(r / RELATED, "re-téléchargé à chaque", "re-téléchargé à tout"),
     {"INC-002.html", "INC-002.md", "INC-003.html", "INC-003.md", "INC-010.html", "INC-010.md", "feed.xml",
      "index.html", "index.md", "procedure-p3-bug-mineur-performance.html"}),
    ("severity", lambda r: _replace(r / INCIDENT, "severity: P2", "severity: P3"),
     {"INC-001.html", "INC-001.md", "feed.xml", "index.html", "index.md", "metrics.html",
      "procedure-p2-fonctionnalite-cassee.html", "procedure-p3-bug-mineur-performance.html"}),
    ("status", lambda r: _replace(r / INCIDENT, "status: final", "status: in-review"),
     {"INC-001.html", "INC-001.md", "feed.xml", "index.html"}),  # the feed dates each change of an entry
    ("new incident", lambda r: (r / "incidents" / "2025-04-01-new.yaml").write_text(NEW, encoding="utf-8"),
     {"INC-100.html", "INC-100.md", "feed.xml", "index.html", "index.md", "metrics.html"}),
    ("deleted incident", lambda r: (r / "incidents" / "2025-04-01-new.yaml").unlink(),
     {"INC-100.html", "INC-100.md", "feed.xml", "index.html", "index.md", "metrics.html"}),
    ("renamed file", lambda r: (r / INCIDENT).rename(r / "incidents" / "2025-01-18-mysqloo.yaml"), set()),
    ("risk", lambda r: _replace(r / "risks.yaml", "Healthcheck, addon", "Healthcheck ; addon"),
     {"INC-001.html", "INC-001.md", "index.md", "risks.html"}),
    ("runbook", lambda r: _replace(r / RUNBOOK, "Le container tourne", "Le conteneur tourne"),
     {"procedure-p1-serveur-inaccessible.html", "index.md"}),  # index.md holds the procedures' steps
    ("page", lambda r: _replace(r / "pages" / "objectif.md", "Définir les procédures", "Décrire les procédures"),
     {"page-objectif.html", "index.md"}),
]  # fmt: skip


PROCEDURES = {f"procedure-{slug}.html" for slug in
              ("p1-serveur-inaccessible", "p2-fonctionnalite-cassee", "p3-bug-mineur-performance")}  # fmt: skip
# What each edit renders again besides the files whose bytes it changes: pages that show what the edit changed of
# some incident, though not of this one (a runbook page lists the incidents of its levels; the metrics name the
# incidents that missed their target the furthest, by title, and this one is not among them).
ALSO_RENDERED: dict[str, set[str]] = {
    "title": {"procedure-p1-serveur-inaccessible.html", "procedure-p2-fonctionnalite-cassee.html"},
    "severity": {"procedure-p1-serveur-inaccessible.html"},
    "new incident": {"actions.html", "lessons.html", "risks.html", "search.html", *PROCEDURES},
    "deleted incident": {"actions.html", "lessons.html", "risks.html", "search.html", *PROCEDURES},
    "runbook": {"procedures.html"},  # it lists the runbooks (their titles did not change)
    "page": {"index.html"},  # it shows the pages placed among the incidents (not this one)
}


# The edits that index incident pages again: those of what an incident says. A risk or a runbook shown on a page
# changes its bytes, not its search entry, nor a title on the pages that link the incident (INC-003, INC-010).
REINDEXED = {"prose", "title", "severity", "status", "new incident", "deleted incident"}


# The sections of index.md each edit renders again (templates/index/<name>.md.j2): those that show what it changed.
# A new or deleted incident changes what every section that lists incidents is made from, even when its text stays.
LISTS = {"classification", "table", "lessons", "actions", "metrics"}
SECTIONS_RENDERED: dict[str, set[str]] = {
    "title": {"table"},
    "severity": {"table", "metrics"},
    "new incident": LISTS,
    "deleted incident": LISTS,
    "risk": {"classification"},  # the risk matrix
    "runbook": {"procedures"},
    "page": {"head", "incidents", "tail"},  # each section that shows pages: the title's, the table's, the last
}


def _sections(repo: Path) -> dict[str, str]:
    """What each section of index.md was last rendered from, by name, as the memo keeps it."""
    shelf = Shelf(memo_folder(load_config(repo)), key=secret(repo))
    slots = {name: section_slot(name) for name in SECTIONS}
    return {name: shelf.read(memo.shard_of(slot)).get(slot, "").partition("\n")[0] for name, slot in slots.items()}


def _inputs(repo: Path) -> dict[str, str]:
    """The fingerprint of each output file's inputs, from the build's manifest: it changes when a file is rendered."""
    return {path: inputs_of(stamp) for path, stamp in read_manifest(repo / "site", key=secret(repo)).items()}


@pytest.mark.slow
def test_each_edit_renders_and_writes_only_what_it_changes_and_matches_a_cold_build(
    run: Run,
    example_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    cache_home: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Each kind of edit renders only what shows it, writes exactly the files whose bytes change, as a cold build.

    The summary counts them so. Of index.md, only the sections that show what the edit changed are rendered again.

    Cold: what a build from nothing (no output, no cache) makes of the same repository, byte for byte.
    """
    own_cache = tmp_path_factory.mktemp("cold-cache")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")
    site, cold = example_repo / "site", example_repo / "cold"
    run("render", *FORMATS)
    for kind, edit, expected in EDITS:
        before, inputs, sections = _hashes(site), _inputs(example_repo), _sections(example_repo)
        edit(example_repo)
        written, unchanged, removed = _counts(run("render", *FORMATS).output)
        now_sections = _sections(example_repo)
        assert all(now_sections.values()), kind  # every section is kept
        assert {name for name in SECTIONS if sections[name] != now_sections[name]} == SECTIONS_RENDERED.get(kind, set())
        after = _hashes(site)
        changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
        assert {path for path in changed if not path.startswith(SEARCH)} == expected, kind
        now = _inputs(example_repo)
        rendered = {path for path in inputs.keys() | now.keys() if inputs.get(path) != now.get(path)}  # or removed
        assert {path for path in rendered if not path.startswith(SEARCH)} == expected | ALSO_RENDERED.get(kind, set())
        assert any(path.startswith(SEARCH) for path in rendered) == (kind in REINDEXED), kind
        assert written == len(changed & after.keys()), kind  # new files and files whose bytes changed
        assert removed == len(before.keys() - after.keys()), kind
        assert unchanged == len(after) - written, kind
        shutil.rmtree(cold, ignore_errors=True)
        shutil.rmtree(own_cache, ignore_errors=True)
        monkeypatch.setenv("PM_CACHE_DIR", str(own_cache))  # nothing remembered: every text converted again
        run("render", *FORMATS, "--out", "cold")
        monkeypatch.setenv("PM_CACHE_DIR", str(cache_home))
        assert _hashes(cold) == after, kind


def test_the_metrics_are_rendered_again_for_the_titles_they_show_alone(run: Run, example_repo: Path) -> None:
    """A title edit renders the metrics page again when the page names the incident, and not otherwise.

    The page names the incidents that missed their target the furthest, by title, and shows no other title.
    """
    run("render", *FORMATS)
    page = example_repo / "site" / "metrics.html"
    shown = re.findall(r'<th scope="row"><a href="([^"]+)\.html">', page.read_text(encoding="utf-8"))
    assert shown, "the example has incidents that missed their response target"
    files = {re.search(r"^id: (\S+)$", path.read_text(encoding="utf-8"), re.M)[1]: path  # type: ignore[index]
             for path in (example_repo / "incidents").glob("*.yaml")}  # fmt: skip
    other = next(path for incident_id, path in sorted(files.items()) if incident_id not in shown)
    for path, renders in ((other, False), (files[shown[0]], True)):
        before = _inputs(example_repo)["metrics.html"]
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^title: (.+)$", text, re.M)[1]  # type: ignore[index]
        path.write_text(text.replace(f"title: {title}", f"title: {title} (retitled)", 1), encoding="utf-8")
        assert run("render", *FORMATS).exit_code == 0
        assert (_inputs(example_repo)["metrics.html"] != before) is renders, path.name
        assert (f"{title} (retitled)" in page.read_text(encoding="utf-8")) is renders
