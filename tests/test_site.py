"""The site and index built from the example repository hold every section of the team's original document."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from postmortem.commands.stamps import inputs_of
from postmortem.load.homes import secret
from postmortem.render.search import SHARD_SIZE, bundle_path, in_bundle, shard_count, shard_of
from postmortem.render.site_views import first_paragraph
from postmortem.write.manifest import read_manifest
from tests.conftest import Run


@pytest.fixture
def site(run: Run, example_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example repository's site, built as of 2025-06-01."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")
    result = run("render", "--format", "md,html")
    assert result.exit_code == 0, result.output + result.stderr
    return example_repo / "site"


def _text(path: Path) -> str:
    """A file's text."""
    return path.read_text(encoding="utf-8")


def test_seed_sections_are_generated(site: Path) -> None:
    """Objective, severity table, risk matrix, the three procedures, incidents, lessons and outlook are all there."""
    procedures = _text(site / "procedures.html")
    targets = ("&lt;\u00a015\u00a0min", "&lt;\u00a024\u202fh", "planifié")  # as configured: 15min, 24h
    for name in ("Critique", "Majeur", "Mineur", "Amélioration", *targets):
        assert name in procedures
    for slug in ("p1-serveur-inaccessible", "p2-fonctionnalite-cassee", "p3-bug-mineur-performance"):
        assert (site / f"procedure-{slug}.html").is_file()
    assert "docker compose down &amp;&amp; docker compose up -d" in _text(
        site / "procedure-p1-serveur-inaccessible.html"
    )
    risks = _text(site / "risks.html")
    for risk in ("Crash serveur GMod", "Panne MySQL", "Corruption Workshop (~8 Go)", "Perte VPS", "Bug Lua bloquant"):
        assert risk in risks
    assert "Restart Docker automatique, image commitée" in risks
    assert "Définir les procédures de" in _text(site / "page-objectif.html")
    assert "Chaos engineering" in _text(site / "page-perspectives.html")
    home = _text(site / "index.html")
    assert home.count('<tr data-severity="') == 10
    assert "Binaire 32-bit au lieu de 64-bit" in home
    lessons = _text(site / "lessons.html")
    assert "Documenter chaque incident" in lessons
    assert "revient dans 3 incidents" in lessons


def test_index_markdown_holds_the_tables(site: Path) -> None:
    """index.md has the seed's tables, generated from the data, in the seed's order."""
    index = _text(site / "index.md")
    order = ["## Objectif", "## Classification des incidents", "### Niveaux de gravité", "### Matrice des risques",
             "## Procédures de résolution", "## Incidents rencontrés et résolus", "## Leçons tirées",
             "## Actions correctives", "## Métriques", "## Perspectives d'évolution"]  # fmt: skip
    positions = [index.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert "| [INC-001](INC-001.md) | MySQLOO ne charge pas ([HTML](INC-001.html)) | P2 |" in index
    assert "| P1 | **Critique** | Serveur inaccessible, perte de données | < 15min |" in index
    assert "| P3 | **Mineur** | Bug cosmétique, performance dégradée | < 24h |" in index  # as written


def test_incident_pages_link_procedures_and_risks(site: Path) -> None:
    """An incident page links to the procedure of its severity and to its risks on the risks page."""
    page = _text(site / "INC-001.html")
    assert 'href="procedure-p2-fonctionnalite-cassee.html"' in page
    assert 'href="risks.html#risk-panne-mysql"' in page
    assert 'href="index.html"' in page
    assert 'id="risk-panne-mysql"' in _text(site / "risks.html")


def test_feed_is_atom(site: Path) -> None:
    """feed.xml is well-formed Atom with one entry per incident."""
    root = ET.fromstring((site / "feed.xml").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert root.tag == f"{atom}feed"
    assert len(entries) == 10
    assert entries[0].find(f"{atom}link").get("href") == "INC-010.html"  # type: ignore[union-attr]


def test_every_page_has_the_content_policy(site: Path) -> None:
    """Every HTML page of the site declares its strict Content-Security-Policy, and has no inline script or style."""
    for page in site.glob("*.html"):
        text = _text(page)
        assert "Content-Security-Policy" in text, page.name
        for inline in ("<script>", "<style>", " style="):
            assert inline not in text, page.name


def test_search_index_is_built(site: Path) -> None:
    """The Pagefind bundle is written next to the pages."""
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert list((site / "pagefind").glob("index/*.pf_index"))


def test_search_bundles_are_made_again_all_at_once_only_a_few_times_as_a_repository_grows() -> None:
    """An edit re-indexes one bundle of at most SHARD_SIZE pages on average; a new incident almost never all of them.

    Every page changes bundle when their number changes, so that number changes only at a few sizes of a
    repository's life (each time the incidents double), while a bundle holds half to all of SHARD_SIZE pages.
    """
    counts = [shard_count(pages) for pages in range(1, 20_001)]
    changes = [pages for pages, (before, after) in enumerate(itertools.pairwise(counts), start=2) if before != after]
    assert changes == [SHARD_SIZE * 2**k + 1 for k in range(len(changes))]
    assert len(changes) == 8
    assert all(pages / count <= SHARD_SIZE for pages, count in enumerate(counts, start=1))
    assert all(pages / count > SHARD_SIZE / 2 for pages, count in enumerate(counts, start=1) if pages > SHARD_SIZE)


def test_an_edit_indexes_again_only_the_bundle_that_holds_its_page(
    run: Run, example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A prose edit hands Pagefind the pages of one bundle: the others are kept, their files untouched.

    Only the first bundle carries Pagefind's script and WebAssembly: the browser runs them for every bundle.
    """
    monkeypatch.setattr("postmortem.render.search.SHARD_SIZE", 3)  # four bundles for the ten incidents
    site = example_repo / "site"

    def bundles() -> dict[str, str]:
        """The search files of the site, with the fingerprint of what each was made from."""
        stamps = read_manifest(site, key=secret(example_repo))
        return {path: inputs_of(stamp) for path, stamp in stamps.items() if path.startswith("pagefind/")}

    assert run("render", "--format", "md,html").exit_code == 0
    before = bundles()
    assert {path.rpartition("/")[2] for path in before if path.endswith((".js", ".pagefind"))} == {
        "pagefind.js", "pagefind-worker.js", "wasm.fr.pagefind", "wasm.unknown.pagefind"
    }  # fmt: skip
    assert not [path for path in before if path.startswith("pagefind/shard-") and path.endswith((".js", ".pagefind"))]
    incident = example_repo / "incidents" / "2025-01-18-mysqloo-ne-charge-pas.yaml"  # INC-001
    incident.write_text(incident.read_text(encoding="utf-8").replace("Au premier", "Au tout premier"), "utf-8")
    assert run("render", "--format", "md,html").exit_code == 0
    after = bundles()
    made = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
    edited = shard_of("INC-001", shard_count(10))
    assert made
    assert all(in_bundle(path, edited) for path in made), (bundle_path(edited), made)
    kept = [path for path in after if not in_bundle(path, edited)]
    assert len({path.rpartition("/")[0] for path in kept if path.endswith("pagefind-entry.json")}) == 3


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_combined_pdf_of_a_period(run: Run, example_repo: Path) -> None:
    """postmortems.pdf gathers the period's incidents after a cover and a table of contents."""
    assert run("render", "--since", "2025-03-01", "--until", "2025-03-31").exit_code == 0
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", example_repo / "site" / "postmortems.pdf", "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    contents = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-f", "2", "-l", "2", example_repo / "site" / "postmortems.pdf", "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Sommaire" in contents
    assert "INC-007 — Caisse téléportée après SetParent(nil)" in contents
    assert "INC-001 — MySQLOO" not in contents  # the site's pages in the book list it; its report is not there
    assert "Leçons tirées" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_combined_pdf_without_the_site(run: Run, example_repo: Path) -> None:
    """With PDFs alone, the combined PDF is still written (its index sections included)."""
    assert run("render", "--format", "pdf", "--since", "2025-03-15").exit_code == 0
    site = example_repo / "site"
    assert (site / "postmortems.pdf").is_file()
    assert not (site / "index.html").exists()
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", site / "postmortems.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "INC-010 — Addons Workshop pas dans le menu Tools" in text
    assert "Matrice des risques" in text


def test_index_markdown_headings_stand_apart(site: Path) -> None:
    """Every heading of index.md has a blank line below it, as Markdown linters and some renderers want."""
    lines = _text(site / "index.md").split("\n")
    crowded = [line for line, below in itertools.pairwise(lines) if line.startswith("#") and below.strip()]
    assert crowded == []


def test_a_section_of_index_md_can_be_replaced_by_the_repository(run: Run, example_repo: Path) -> None:
    """A repository's ``templates/index/metrics.md.j2`` replaces that section alone, and may include pm's own.

    With a template of the repository, index.md is rendered whole: a runbook edit still shows in it.
    """
    run("render", "--format", "md")
    own = (example_repo / "site" / "index.md").read_text(encoding="utf-8")
    after = "\n\n## Perspectives d'évolution\n"  # the page placed after everything, right after the metrics
    assert own.count(after) == 1
    (example_repo / "templates" / "index").mkdir(parents=True)
    (example_repo / "templates" / "index" / "metrics.md.j2").write_text(
        '{% include "builtin/index/metrics.md.j2" %}Our own figures.\n', encoding="utf-8"
    )
    run("render", "--format", "md")
    index = (example_repo / "site" / "index.md").read_text(encoding="utf-8")
    assert index == own.replace(after, "\nOur own figures." + after)
    runbook = example_repo / "runbooks" / "p1-serveur-inaccessible.md"
    runbook.write_text(runbook.read_text(encoding="utf-8") + "\nUne étape de plus.\n", encoding="utf-8")
    run("render", "--format", "md")
    index = (example_repo / "site" / "index.md").read_text(encoding="utf-8")
    assert "Une étape de plus." in index
    assert "Our own figures." in index


def test_a_runbook_applies_to_the_incidents_that_list_one_of_its_tags_as_a_component(
    run: Run, example_repo: Path
) -> None:
    """A runbook's ``tags`` are matched against an incident's tags and its components alike, as the format says.

    ``caisses`` is a component of INC-006, INC-007 and INC-008, never a tag of theirs: their reports link the
    runbook, its page lists them, and no other incident's report links it.
    """
    (example_repo / "runbooks" / "caisses.md").write_text(
        "---\ntitle: Vérifier les caisses\ntags: [caisses]\n---\n\n# Étapes\n\n1. Recharger.\n", "utf-8"
    )
    sources = "".join(path.read_text("utf-8") for path in (example_repo / "incidents").glob("*.yaml"))
    assert sources.count("components: [caisses]") == 3
    assert "tags: [caisses" not in sources
    result = run("render", "--format", "md,html")
    assert result.exit_code == 0, result.output + result.stderr
    site = example_repo / "site"
    link = 'href="procedure-caisses.html"'
    linked = {number for number in range(1, 11) if link in _text(site / f"INC-{number:03d}.html")}
    assert linked == {6, 7, 8}
    page = _text(site / "procedure-caisses.html")
    assert {number for number in range(1, 11) if f'href="INC-{number:03d}.html"' in page} == {6, 7, 8}


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("The regular expression at the heart of the outage was\n\n```\n(?:.*=.*)\n```", "… outage was …"),
        ("Three causes:\n\n- a full disk\n- no alert", "Three causes …"),
        ("A full disk.\n\nNo alert fired.", "A full disk."),
        ("A full disk", "A full disk"),
        ("word " * 60, "… word …"),
    ],
)
def test_a_cell_cut_from_a_longer_text_says_so(text: str, cell: str) -> None:
    """The incident table's root cause and resolution: a first paragraph stopping mid-sentence is marked cut.

    "The regular expression at the heart of the outage was", before its code block, read as the whole cause.
    """
    shown = first_paragraph(text)
    assert shown.endswith(cell.removeprefix("…").strip()) if cell.startswith("…") else shown == cell
