"""The example repository regenerates the team's original document, section by section and in its order, three ways.

The site, index.md and the book (read back with pdftotext) each hold the document's headings, its severity table
with the targets as the configuration writes them, the risk matrix, the three procedures with their steps, the ten
incidents in the team's numbering, the team's six lessons as its numbered list, and the outlook. The sections below
are the team's document, as written (its Markdown marks left out); pm makes them from the repository's data.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from postmortem.cli.main import main
from tests.conftest import copy_example

OBJECTIVE = ["Objectif", "Définir les procédures de détection, diagnostic et résolution des incidents, ainsi que "
             "le retour d'expérience (post-mortem) pour éviter leur récurrence."]  # fmt: skip
LEVELS = ["Niveaux de gravité",
          "P1", "Critique", "Serveur inaccessible, perte de données", "< 15 min",
          "P2", "Majeur", "Fonctionnalité clé cassée (blueprints, caisses)", "< 1h",
          "P3", "Mineur", "Bug cosmétique, performance dégradée", "< 24h",
          "P4", "Amélioration", "Suggestion, optimisation"]  # fmt: skip
RISKS = ["Matrice des risques",
         "Crash serveur GMod", "Restart Docker automatique, image commitée",
         "Panne MySQL", "Healthcheck, addon fonctionne sans DB",
         "Corruption Workshop (~8 Go)", "Image Docker commitée avec Workshop",
         "Exploit net message", "Rate limiting, validation serveur",
         "Perte VPS", "Git + images Docker exportables",
         "Bug Lua bloquant", "Rollback via Git, restart serveur"]  # fmt: skip
PROCEDURES = ["P1 — Serveur inaccessible",
              "1. DIAGNOSTIC", "$ docker ps", "$ docker logs --tail 50 gmod-server", "2. RÉSOLUTION",
              "Cas A — Container arrêté :", "$ docker compose up -d", "Cas B — Container en erreur :",
              "$ docker compose down && docker compose up -d", "Cas C — Image corrompue :",
              "Modifier docker-compose.yml → image: projetfilrouge/gmod-server:v2.2-vehicles",
              "Cas D — VPS saturé (RAM) :", "$ docker restart gmod-server", "3. VÉRIFICATION",
              "$ docker logs -f gmod-server", "Connexion au serveur depuis le client GMod",
              "P2 — Fonctionnalité cassée",
              "1. DIAGNOSTIC", '$ docker logs --tail 100 gmod-server | grep "ERROR\\|error\\|LUA"',
              "Identifier le fichier Lua en cause dans les logs", "2. RÉSOLUTION", "Cas A — Bug dans l'addon :",
              "$ cd /root/ProjetFilRouge", "$ git log --oneline -5", "$ git diff HEAD~1", "$ git revert HEAD",
              "Cas B — Problème de configuration :", "Vérifier sh_config.lua, jobs.lua, entities.lua",
              "Cas C — MySQL down :", "$ docker inspect gmod-mysql --format='{{.State.Health.Status}}'",
              "$ docker restart gmod-mysql", "L'addon continue de fonctionner sans DB (mode dégradé)",
              "3. VÉRIFICATION", "Se connecter au serveur et tester la fonctionnalité",
              "Les clients doivent se reconnecter (cache Lua)",
              "P3 — Bug mineur / Performance",
              "1. DIAGNOSTIC", "Consulter les logs serveur et les logs applicatifs", "$ construction_logs 20",
              "2. RÉSOLUTION", "Corriger dans le code source (bind mount → effet immédiat au restart)",
              "3. SUIVI", "Documenter dans le journal de développement", "Commit + push vers GitHub"]  # fmt: skip
INCIDENTS = ["Incidents rencontrés et résolus", "Retour d'expérience du projet",
             "Voici les incidents réels rencontrés au cours du développement, leur diagnostic et leur résolution :",
             "MySQLOO ne charge pas", "P2", "Binaire 32-bit au lieu de 64-bit",
             "Remplacement par gmsv_mysqloo_linux64.dll", "2 h",
             "Workshop re-téléchargé à chaque restart", "P3",
             "Utilisation de docker restart au lieu de l'image commitée", "docker commit après premier démarrage",
             "1 h",
             "Variables d'env pas prises en compte", "P3", "docker restart ne relit pas le compose",
             "Utilisation systématique de docker compose up -d", "30 min",
             "Viewmodel invisible côté client", "P2", "resource.AddFile ne fonctionne pas avec bind mounts Docker",
             "Publication Workshop + resource.AddWorkshop", "3 h",
             "SWEP:Reload() jamais appelé serveur", "P2", "ClipSize = -1 → moteur Source skip le Reload serveur",
             "Net message client → serveur", "2 h",
             "Ghost physics après SetParent()", "P2", "Physique non désactivée après parenting",
             "phys:EnableMotion(false)", "1 h",
             "Caisse téléportée après SetParent(nil)", "P2", "Source restaure la position pré-parenting",
             "timer.Simple(0) + SetPos(dropPos)", "1 h 30 min",
             "Petite caisse ne matérialise pas", "P2", "Vérification de classe uniquement sur construction_crate",
             "Ajout construction_crate_small dans la condition", "15 min",
             "Fichiers .sw.vtx bloquent gmad", "P3", "Extensions non supportées par la whitelist gmad",
             "Suppression des fichiers + .gitignore", "10 min",
             "Addons Workshop pas dans le menu Tools", "P3",
             "workshop_download_item ne monte pas les GMA dans le container",
             "Extraction manuelle des GMA + bind mount", "1 h"]  # fmt: skip
LESSONS = ["Leçons tirées",
           "Toujours vérifier l'architecture (32-bit vs 64-bit) avant d'installer un module",
           "docker compose up -d est la seule commande fiable pour appliquer les changements",
           'Le moteur Source a des comportements non documentés → tester chaque hypothèse, ne pas se fier à la '
           '"logique"',
           "Les bind mounts Docker ont des limitations avec le système de distribution de fichiers de GMod",
           "Documenter chaque incident immédiatement → évite de perdre du temps à redécouvrir le même bug",
           "Le stockage local client élimine toute une catégorie d'incidents côté serveur (corruption de blueprints, "
           "sauvegarde, etc.)"]  # fmt: skip
OUTLOOK = ["Perspectives d'évolution",
           "Court terme",
           "Restart automatique : politique restart: unless-stopped dans Docker Compose pour redémarrage auto "
           "après crash",
           "Script de diagnostic : script bash regroupant les commandes de diagnostic (docker ps, logs, stats, "
           "healthcheck)",
           "Moyen terme",
           "Alerting : webhook Discord/Telegram en cas de container unhealthy ou de crash",
           "Runbook : documentation formelle des procédures de résolution pour chaque type d'incident",
           "Tests automatisés : scripts de test Lua pour valider les fonctionnalités critiques avant déploiement",
           "Long terme",
           "Post-mortem formel : template de post-mortem pour chaque incident P1/P2, avec timeline, cause racine, "
           "et actions correctives",
           "Chaos engineering : tests de résilience (kill container, saturation mémoire, coupure réseau) pour "
           "valider les procédures"]  # fmt: skip
SEED = [*OBJECTIVE, *LEVELS, *RISKS, *PROCEDURES, *INCIDENTS, *LESSONS, *OUTLOOK]

# The site's pages in the order a reader takes them from the navigation, to read the document in.
SITE_PAGES = ["page-objectif.html", "procedures.html", "risks.html", "procedure-p1-serveur-inaccessible.html",
              "procedure-p2-fonctionnalite-cassee.html", "procedure-p3-bug-mineur-performance.html", "index.html",
              "lessons.html", "page-perspectives.html"]  # fmt: skip


def _squeezed(text: str) -> str:
    """*text* without any white space: a line wrapped anywhere (PDF cells) or spaced otherwise still matches."""
    return "".join(text.split())


Place = tuple[int, float]  # the page a word is on and its top, in points; (0, 0) for a text without pages
ROW = 4.0  # words whose tops are this close (in points) are on one row of a table


class Reading:
    """A text as read, white space aside, with the place each character was read at."""

    def __init__(self, words: Sequence[tuple[Place, str]]) -> None:
        self.text = "".join(_squeezed(word) for _, word in words)
        self.places = [place for place, word in words for _ in _squeezed(word)]

    def later(self, start: int, *, after: Place, end: int) -> bool:
        """Whether the match at *start* comes after the one at *after* that ends at *end*.

        That is: on a later page, lower on the page, or on the same row and read after it (a row's cells are read
        one after the other).
        """
        page, top = self.places[start]
        if page != after[0]:
            return page > after[0]
        return top > after[1] + ROW or (abs(top - after[1]) <= ROW and start >= end)

    def missing_or_out_of_order(self, items: Sequence[str]) -> list[str]:
        """The items not found after the one before them; empty when all are there, in order."""
        after, end, problems = (0, -ROW * 2), 0, []
        for item in items:
            needle = _squeezed(item)
            starts = [m.start() for m in re.finditer(re.escape(needle), self.text)]
            later = [i for i in starts if self.later(i, after=after, end=end)]
            start = min(later, key=lambda i: (*self.places[i], i)) if later else -1  # the first in the document
            if start < 0:
                found = needle in self.text
                problems.append(f"{item!r}: " + ("found only before the item it follows" if found else "missing"))
            else:
                after, end = self.places[start], start + len(needle)
        return problems


def _missing_or_out_of_order(text: str, items: Sequence[str]) -> list[str]:
    """The items not found in *text* after the one before them (white space aside); empty when all are in order."""
    return Reading([((0, 0.0), text)]).missing_or_out_of_order(items)


def _book_words(pdf: Path, *, first: int) -> list[tuple[Place, str]]:
    """The words of *pdf* from page *first* on, with their places, in the order they are drawn.

    The order drawn keeps a table's cells whole, one after the other; the order of the document is that of the
    pages and of the words' heights on them.
    """
    done = subprocess.run(["pdftotext", "-raw", "-bbox", "-enc", "UTF-8", "-f", str(first), pdf, "-"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    xhtml = re.sub(r"<!DOCTYPE[^>]*>", "", done.stdout).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    return [
        ((number, float(word.get("yMin", "0"))), word.text or "")
        for number, page in enumerate(ET.fromstring(xhtml).iter("page"), first)
        for word in page.iter("word")
    ]


def _html_text(page: str) -> str:
    """The text a reader sees in the main part of a site page: tags dropped, entities read."""
    main = re.search(r"<main[^>]*>(.*)</main>", page, re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", " ", main.group(1) if main else page))


def _markdown_text(markdown: str) -> str:
    """index.md as read: links' targets, emphasis and code marks dropped."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    return re.sub(r"\*\*|`|\[|\]", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example repository's site, index.md and book, built once."""
    repo = tmp_path_factory.mktemp("example")
    copy_example(repo)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        patch.setenv("PM_CACHE_DIR", str(tmp_path_factory.mktemp("pm-cache")))
        patch.setenv("SOURCE_DATE_EPOCH", "1748736000")
        result = CliRunner().invoke(main, ["render", "--book", "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output + result.stderr
    return repo / "site"


def test_the_site_holds_the_seed_in_order(built: Path) -> None:
    """Read through the navigation's pages, the site holds every section of the document in the team's order."""
    text = "\n".join(_html_text((built / name).read_text(encoding="utf-8")) for name in SITE_PAGES)
    assert _missing_or_out_of_order(text, SEED) == []


def test_index_markdown_holds_the_seed_in_order(built: Path) -> None:
    """index.md holds every section of the document in the team's order, the procedures' steps included."""
    text = _markdown_text((built / "index.md").read_text(encoding="utf-8"))
    headings = ["Objectif", "Classification des incidents", "Niveaux de gravité", "Matrice des risques",
                "Procédures de résolution", "P1 — Serveur inaccessible", "Incidents rencontrés et résolus",
                "Retour d'expérience du projet", "Leçons tirées", "Perspectives d'évolution"]  # fmt: skip
    assert _missing_or_out_of_order(text, headings) == []
    assert _missing_or_out_of_order(text, SEED) == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_book_holds_the_seed_in_order(built: Path) -> None:
    """The book's pages after its contents hold every section of the document in the team's order."""
    assert Reading(_book_words(built / "postmortems.pdf", first=3)).missing_or_out_of_order(SEED) == []


def test_the_lessons_are_the_teams_numbered_list(built: Path) -> None:
    """index.md lists the six lessons numbered 1 to 6 as the team does; the theme view follows, each lesson once."""
    index = (built / "index.md").read_text(encoding="utf-8")
    numbered = re.findall(r"^(\d+)\. \*\*(.+?)\*\*", index, flags=re.MULTILINE)
    assert [number for number, _ in numbered] == ["1", "2", "3", "4", "5", "6"]
    assert numbered[2][1] == "Le moteur Source a des comportements non documentés"
    themes = index[index.index("### Par thème") : index.index("## Actions correctives")]
    for _, words in numbered:
        assert themes.count(words) == 1  # listed once by theme, under the first of its themes
    assert "revient dans 3 incidents" in themes  # the same count in the list and by theme
    lessons = _html_text((built / "lessons.html").read_text(encoding="utf-8"))
    assert lessons.count("revient dans 3 incidents") == 2  # the team's list and the theme view agree
