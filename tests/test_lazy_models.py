"""A build makes the incident models it uses, no others: every incident's head comes sealed from the cache.

The head of an incident (its id, title, date, links…) is what a build reads of every incident; it is kept beside
the model's state, sealed like it, and believed only under the user's key. Going through the incidents makes every
model, the same models as validating every file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from postmortem.config.files import load_config
from postmortem.corpus import checking, metrics
from postmortem.corpus.repository import load_corpus, read_document
from postmortem.load import trusted
from postmortem.load.trusted import Seal
from postmortem.model.head import Head, Incidents, head_of
from postmortem.model.state import codec
from postmortem.render.feed import FEED_SIZE
from postmortem.validate.incident import validate_incident
from postmortem.write.manifest import MANIFEST
from tests.conftest import ROOT, Run, calls, copy_example, forge_shards, user_key

TITLE = "Petite caisse ne matérialise pas"  # INC-008's, which INC-007's report links to
FORGED = "Titre contrefait"
GENERATED = FEED_SIZE + 30


def _generated(repo: Path, count: int) -> None:
    """Fill *repo* with *count* incidents of the benchmark's generator."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    generate(repo, count)


def _oldest(repo: Path) -> Path:
    """The file of the oldest incident: one the feed, which shows the newest, does not show."""
    dated = [(re.search(r'"date": "([^"]+)"', p.read_text("utf-8")), p) for p in (repo / "incidents").glob("*.yaml")]
    return min((match.group(1), path) for match, path in dated if match)[1]


@pytest.mark.parametrize("formats", ["md", "md,html"])
def test_a_prose_edit_makes_only_the_models_it_renders(
    run: Run,
    tmp_path: Path,
    cache_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    formats: str,
) -> None:
    """A new summary of an incident older than the feed's makes that incident's model (its reports): no other.

    Each model made from the cache is one state decoded (``_restore``): counted, whatever the corpus's size. In the
    process that made the others already (``pm serve``), only the edited one is made.
    """
    monkeypatch.setattr(trusted, "SETTLED_SECONDS", 0.0)
    _generated(tmp_path, GENERATED)
    assert run("render", "--format", formats).exit_code == 0
    path = _oldest(tmp_path)
    edited = re.search(r'"id": "([^"]+)"', path.read_text("utf-8"))
    assert edited is not None
    for number, cache in enumerate((cache_home, tmp_path_factory.mktemp("elsewhere") / "cache")):
        if number:  # in a new place, as another process would find it: what this process made is not used
            shutil.copytree(cache_home, cache)
            monkeypatch.setenv("PM_CACHE_DIR", str(cache))
        text = re.sub(r'"summary": "', f'"summary": "Edited {number}. ', path.read_text("utf-8"), count=1)
        path.write_text(text, "utf-8")
        made = calls(lambda: run("render", "--format", formats), of=checking._restore.__code__)
        assert made == 1
        assert f"Edited {number}." in (tmp_path / "site" / f"{edited.group(1)}.md").read_text("utf-8")


def _models_made(
    run: Run,
    repo: Path,
    cache_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    *,
    edit: Callable[[str], None],
    mark: str,
) -> int:
    """The models a render makes after ``edit(mark)`` of generated incidents, from another place's cache.

    Two edits of the same kind come first: the first edit after a cold build finds the memo's rows and digests
    known. The cache is then copied elsewhere, as another process would find it (what this one made is not used).
    """
    monkeypatch.setattr(trusted, "SETTLED_SECONDS", 0.0)
    _generated(repo, GENERATED)
    for warming in ("Warm. ", "Warm again. "):
        edit(warming)
        assert run("render", "--format", "md,html").exit_code == 0
    edit(mark)
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "cache"
    shutil.copytree(cache_home, elsewhere)
    monkeypatch.setenv("PM_CACHE_DIR", str(elsewhere))
    return calls(lambda: run("render", "--format", "md,html"), of=checking._restore.__code__)


def test_a_title_edit_makes_the_models_of_the_linking_reports_alone(
    run: Run,
    tmp_path: Path,
    cache_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A new title changes the incident table, the metrics and the runbook pages, yet few models are made.

    The table's rows the memo holds are known by their incidents' keys, the metrics read heads and kept figures
    (a missed target shows the incident's head), the runbook pages heads, and the feed shows newer incidents: the
    models made (from another place's cache, as another process would find it) are the edited incident's and
    those of the reports that link to it.
    """

    def edit(mark: str) -> None:
        path = _oldest(tmp_path)
        path.write_text(re.sub(r'"title": "', f'"title": "{mark}', path.read_text("utf-8"), count=1), "utf-8")

    made = _models_made(run, tmp_path, cache_home, monkeypatch, tmp_path_factory, edit=edit, mark="Edited ")
    corpus = load_corpus(load_config(tmp_path))
    heads = corpus.incidents.heads
    feed = {head.id for head in sorted(heads, key=lambda head: (head.date, head.id), reverse=True)[:FEED_SIZE]}
    edited = {head.id for head in heads if head.title.startswith("Edited ")}
    linking = {head.id for head in heads if edited & set(head.related)}  # their reports show the new title
    result = metrics.compute(corpus.incidents, corpus.config.severities, today=dt.date.today())
    assert len(edited) == 1
    assert {breach.incident.id for breach in result.breaches} - feed, "some missed targets outside the feed"
    assert not edited & feed
    assert made == len(edited | linking) < len(heads)
    assert "Edited " in (tmp_path / "site" / "index.html").read_text("utf-8")


def test_a_risk_edit_makes_the_models_of_the_reports_that_cite_it_alone(
    run: Run,
    tmp_path: Path,
    cache_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A new mitigation renders the reports that cite the risk, the risk page and index.md's risk matrix.

    The risk page and the matrix list the incidents that cite each risk by their heads: the models made are those
    of the reports rendered again, whose bytes show the mitigation.
    """
    register = tmp_path / "risks.yaml"

    def edit(mark: str) -> None:
        register.write_text(register.read_text("utf-8").replace('"mitigation": "', f'"mitigation": "{mark}', 1))

    made = _models_made(run, tmp_path, cache_home, monkeypatch, tmp_path_factory, edit=edit, mark="Three. ")
    corpus = load_corpus(load_config(tmp_path))
    edited = next(r for r in corpus.risks if r.mitigation and r.mitigation.startswith("Three. "))
    citing = [head.id for head in corpus.incidents.heads if edited.id in head.risks]
    assert citing
    assert made == len(citing) < len(corpus.incidents)
    assert "Three. " in (tmp_path / "site" / "risks.html").read_text("utf-8")
    assert all("Three. " in (tmp_path / "site" / f"{incident}.html").read_text("utf-8") for incident in citing)


def _add_copy(repo: Path, mark: str) -> str:
    """Add to *repo* a copy of its oldest incident under a new id made of *mark*; return that id."""
    new_id = "NEW-" + re.sub(r"\W+", "-", mark).strip("-").upper()
    text = _oldest(repo).read_text("utf-8")
    (repo / "incidents" / f"{new_id.lower()}.yaml").write_text(re.sub(r'"id": "[^"]+"', f'"id": "{new_id}"', text,
                                                                      count=1), "utf-8")  # fmt: skip
    return new_id


@pytest.mark.parametrize("kind", ["new", "deleted"])
def test_a_new_or_deleted_incident_makes_its_own_model_alone(
    run: Run,
    tmp_path: Path,
    cache_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    kind: str,
) -> None:
    """An incident added or removed changes the table, the lessons, the ledger and the metrics: few models are made.

    Each of those pages takes what it shows of every other incident from the heads and from what the memo kept by
    each file (its lessons, its actions' standing and figures); its rows are known by key; the feed shows newer
    incidents, none of which names it. The one model made is the new incident's, for its reports.
    """
    added: list[str] = []

    def edit(mark: str) -> None:
        if kind == "deleted" and mark == "Gone":
            (tmp_path / "incidents" / f"{added.pop().lower()}.yaml").unlink()
        else:
            added.append(_add_copy(tmp_path, mark))

    made = _models_made(run, tmp_path, cache_home, monkeypatch, tmp_path_factory, edit=edit,
                        mark="Gone" if kind == "deleted" else "Third")  # fmt: skip
    assert made == (1 if kind == "new" else 0)
    site = tmp_path / "site"
    for page in ("index.html", "lessons.html", "actions.html"):
        text = (site / page).read_text("utf-8")
        assert ('"NEW-THIRD.html"' in text) is (kind == "new")
        assert ('"NEW-WARM-AGAIN.html"' in text) is (kind == "new")
        assert '"NEW-WARM.html"' in text
    built = _pages(site)
    shutil.rmtree(site)
    monkeypatch.setenv("PM_CACHE_DIR", str(tmp_path_factory.mktemp("cold") / "cache"))
    assert run("render", "--format", "md,html").exit_code == 0
    assert _pages(site) == built  # as a build from nothing makes them


def _pages(site: Path) -> dict[str, bytes]:
    """The bytes of the files of *site* but its manifest (sealed with the key of the cache it was built with)."""
    return {path.name: path.read_bytes() for path in site.iterdir() if path.is_file() and path.name != MANIFEST}


def test_the_feed_follows_its_incidents_and_the_links_they_keep(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The feed is rendered again when one of its newest incidents changes, or the links they keep do: not else.

    An edit of an older incident leaves it unwritten (the summary counts it unchanged); an edit of one it shows is
    in it; in a public build, an older incident marked internal leaves the feed's incidents without their links to
    it, which the feed's times follow, so the feed is rendered again as a build from nothing renders it.
    """
    _generated(tmp_path, GENERATED)
    feed = tmp_path / "site" / "feed.xml"
    assert run("render", "--format", "md,html", "--audience", "public").exit_code == 0
    before = feed.read_bytes()
    oldest = _oldest(tmp_path)
    oldest.write_text(re.sub(r'"summary": "', '"summary": "Old news. ', oldest.read_text("utf-8"), count=1), "utf-8")
    assert run("render", "--format", "md,html", "--audience", "public").exit_code == 0
    assert feed.read_bytes() == before
    newest = max((re.search(r'"date": "([^"]+)"', p.read_text("utf-8")).group(1), p)  # type: ignore[union-attr]
                 for p in (tmp_path / "incidents").glob("*.yaml"))[1]  # fmt: skip
    newest.write_text(re.sub(r'"summary": "', '"summary": "Fresh news. ', newest.read_text("utf-8"), count=1), "utf-8")
    assert run("render", "--format", "md,html", "--audience", "public").exit_code == 0
    assert "Fresh news." in feed.read_text("utf-8")
    files = {json.loads(p.read_text("utf-8"))["id"]: p for p in (tmp_path / "incidents").glob("*.yaml")}
    shown = [
        json.loads(files[i].read_text("utf-8"))
        for i in re.findall(r"<link rel=\"alternate\" type=\"text/html\" href=\"(.+?)\.html", feed.read_text("utf-8"))
    ]
    linked = [related for incident in shown for related in incident["related"]]
    assert linked, "an incident of the feed links to another"
    hidden = files[linked[0]]
    published = hidden.read_text("utf-8")
    cache = os.environ["PM_CACHE_DIR"]
    for number, text in enumerate((published.replace('"id": ', '"internal": true,\n "id": ', 1), published)):
        hidden.write_text(text, "utf-8")  # left out, then back
        monkeypatch.setenv("PM_CACHE_DIR", cache)
        assert run("render", "--format", "md,html", "--audience", "public").exit_code == 0
        monkeypatch.setenv("PM_CACHE_DIR", str(tmp_path_factory.mktemp("cold") / "cache"))
        assert run("render", "--format", "md,html", "--audience", "public", "--out", f"cold{number}").exit_code == 0
        assert _pages(tmp_path / f"cold{number}") == _pages(tmp_path / "site")  # the feed's times too


def test_going_through_the_incidents_gives_the_models_of_the_files(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loaded from a cold cache, from a warm one, or validated file by file: the same models, the same heads."""
    _generated(tmp_path, 30)
    config = load_config(tmp_path)
    cold = load_corpus(config).incidents
    shutil.copytree(cache_home, tmp_path / "copy")  # in a new place: what this process read last is not used
    monkeypatch.setenv("PM_CACHE_DIR", str(tmp_path / "copy"))
    warm = load_corpus(config).incidents
    assert isinstance(warm, Incidents)
    assert warm.heads == cold.heads
    files = [validate_incident(read_document(path, root=tmp_path), config=config)[0]
             for path in (tmp_path / "incidents").glob("*.yaml")]  # fmt: skip
    expected = sorted((i for i in files if i is not None), key=lambda incident: (incident.date, incident.id))
    assert len(expected) == len(files)
    assert list(warm) == list(cold) == expected
    assert list(warm.heads) == [head_of(incident) for incident in warm]
    assert warm == tuple(expected)
    assert [incident.id for incident in warm[2:5]] == [head.id for head in warm.heads[2:5]]


def _heads_shards(cache_home: Path) -> list[Path]:
    """The shards of sealed heads pm keeps."""
    return sorted(cache_home.glob("*/checked-*/*.heads.json"))


def _forge(cache_home: Path, seal: Seal | None, *, checksum: bool = False) -> int:
    """Rewrite every head of INC-008 with another title, sealed with *seal*; how many were forged."""
    key = user_key()
    own = Seal(key=key, shape=f"heads-{codec(Head).shape}")
    return forge_shards(_heads_shards(cache_home), own=own, seal=seal, old=TITLE, new=FORGED, checksum=checksum)


@pytest.mark.parametrize("forger", ["another key", "states' shape", "checksum only", "damaged", "the user's key"])
def test_only_heads_sealed_with_the_users_key_are_believed(
    run: Run,
    tmp_path: Path,
    cache_home: Path,
    forger: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """A head pm did not seal is not read: it is taken from the model again, and written anew.

    INC-007's report shows INC-008's title, which it takes from INC-008's head. With the user's key itself (which no
    repository can read), the forgery is believed: that is what the seal is.
    """
    repo = copy_example(tmp_path)
    assert run("render", "--format", "md").exit_code == 0
    copy = tmp_path_factory.mktemp("forged") / "cache"
    shutil.copytree(cache_home, copy)
    monkeypatch.setenv("PM_CACHE_DIR", str(copy))
    key = user_key()
    seal = {
        "another key": Seal(key=os.urandom(32), shape=f"heads-{codec(Head).shape}"),
        "states' shape": Seal(key=key, shape=codec(Head).shape),
        "checksum only": None,
        "damaged": None,
        "the user's key": Seal(key=key, shape=f"heads-{codec(Head).shape}"),
    }[forger]
    if forger == "damaged":
        for shard in _heads_shards(copy):
            shard.write_bytes(shard.read_bytes()[:-3])
    else:
        assert _forge(copy, seal, checksum=seal is None) == 1
    result = run("render", "--format", "md", "--force")
    assert result.exit_code == 0, result.output
    linking = (repo / "site" / "INC-007.md").read_text(encoding="utf-8")
    believed = forger == "the user's key"
    assert (FORGED in linking, TITLE in linking) == (believed, not believed)
    assert TITLE in (repo / "site" / "INC-008.md").read_text(encoding="utf-8")  # its own model's title
    if not believed:  # the head taken from the model replaced the forged one
        assert _forge(copy, None, checksum=True) == 1
