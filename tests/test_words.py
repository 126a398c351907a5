"""Words and numbers: plurals by the language's rules, French typography, targets as configured, labelled counts."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from babel import Locale

from postmortem import plurals
from postmortem.model.durations import parse_duration, written_parts
from postmortem.render.i18n import Formatter
from tests.conftest import CASES, ROOT, Run
from tests.test_browser import CHROMIUM, browser, page, served  # noqa: F401  (fixtures)

LABELS = {"results": "{count} résultats", "results_one": "{count} résultat"}


@pytest.mark.parametrize(
    ("language", "counts"),
    [
        ("en", {0: "other", 1: "one", 2: "other", 21: "other"}),
        ("fr", {0: "one", 1: "one", 2: "other", 1_000_000: "many"}),
        ("pl", {1: "one", 2: "few", 5: "many", 22: "few", 112: "many"}),
    ],
)
def test_plural_categories_follow_cldr(language: str, counts: dict[int, str]) -> None:
    """Each count falls in the category CLDR gives it: French counts 0 as one, Polish has few and many."""
    assert {count: plurals.category(count, language=language) for count in counts} == counts


def test_a_label_takes_the_form_of_its_count() -> None:
    """``results_one`` serves the counts of the one category, ``results`` the others; numbers as the language writes."""
    french = Formatter(language="fr", timezone="UTC")
    assert [french.plural(LABELS, "results", n) for n in (0, 1, 2)] == ["0 résultat", "1 résultat", "2 résultats"]
    assert french.plural(LABELS, "results", 1000) == "1\u202f000 résultats"
    english = Formatter(language="en", timezone="UTC")
    assert [english.plural(LABELS, "results", n) for n in (0, 1)] == ["0 résultats", "1 résultat"]
    assert english.plural({"results": "{count} results"}, "results", 1) == "1 results"  # a label with one form
    assert plurals.forms(LABELS, "results", language="fr") == {
        "one": "{count} résultat",
        "many": "{count} résultats",
        "other": "{count} résultats",
    }


def test_terminal_words_take_their_english_forms() -> None:
    """Messages count files, errors and incidents in the right form: 1 file, 0 files, 2 files."""
    assert [plurals.counted(n, "file") for n in (0, 1, 2)] == ["0 files", "1 file", "2 files"]
    assert plurals.counted(3, "entry", many="entries") == "3 entries"


def test_terminal_words_follow_cldrs_english_rule() -> None:
    """The terminal's English form (written in pm, not loaded from Babel) is the one CLDR's rule gives every count."""
    rule = Locale.parse("en").plural_form
    assert all((plurals.counted(n, "file") == f"{n} file") == (rule(abs(n)) == "one") for n in range(-1000, 100_000))


def test_the_sites_script_applies_the_same_rules(page: Any) -> None:  # noqa: F811
    """The site's script, given Babel's rules as data, puts every count in the category Babel does."""
    script = (ROOT / "templates" / "site" / "site.js.j2").read_text(encoding="utf-8")
    function = script.split("/* plural:start */", 1)[1].split("/* plural:end */", 1)[0]
    counts = [*range(0, 230), 1000, 1_000_000, 2_000_000]
    for language in ("en", "fr", "pl", "ru", "ar", "lv", "cy", "ja"):
        found = page.evaluate(
            f"([rules, counts]) => {{ {function}; return counts.map(n => pluralCategory(rules, n)); }}",
            [plurals.rules_data(language), counts],
        )
        expected = [str(Locale.parse(language).plural_form(n)) for n in counts]
        assert found == expected, language


def test_french_labels_put_a_narrow_no_break_space_before_high_punctuation() -> None:
    """Every French label writes « : », « ; », « ? » and « ! » after a narrow no-break space (U+202F), never a space."""
    labels = tomllib.loads((ROOT / "templates" / "i18n" / "fr.toml").read_text(encoding="utf-8"))
    texts: list[str] = []
    stack: list[Any] = [labels]
    while stack:
        item = stack.pop()
        stack.extend(item.values()) if isinstance(item, dict) else texts.append(item)
    wrong = [text for text in texts if re.search(r"(?<!\u202f)[:;?!]", re.sub(r"\{\w+\}", "", text))]
    assert wrong == []
    assert labels["colon"] == "\u202f:"
    assert sum(bool(re.search("\u202f[:;]", text)) for text in texts) >= 4


@pytest.mark.parametrize(
    ("written", "french", "english"),
    [
        ("24h", "<\u00a024\u202fh", "<\u00a024 hr"),
        ("15min", "<\u00a015\u00a0min", "<\u00a015 min"),
        ("90min", "<\u00a090\u00a0min", "<\u00a090 min"),
        ("1h30", "<\u00a01\u202fh 30\u00a0min", "<\u00a01 hr 30 min"),
        ("1d", "<\u00a01\u202fj", "<\u00a01 day"),
        ("PT2H", "<\u00a02\u202fh", "<\u00a02 hr"),
        ("1.5h", "<\u00a01,5\u202fh", "<\u00a01.5 hr"),
    ],
)
def test_targets_show_as_the_configuration_writes_them(written: str, french: str, english: str) -> None:
    """A response target keeps its author's units: 24h is < 24 h (not < 1 j), 90min is < 90 min."""
    target = parse_duration(written)
    assert Formatter(language="fr", timezone="UTC").target(target, planned="planifié") == french
    assert Formatter(language="en", timezone="UTC").target(target, planned="planned") == english
    assert sum(number * {"d": 1440, "h": 60, "m": 1}[unit] for number, unit in written_parts(written)) == target.minutes


def test_counts_on_the_site_say_what_they_count(run: Run, example_repo: Path) -> None:
    """The lessons page's theme headings count incidents in words; so do the home page's theme choices."""
    assert run("render", "--format", "md,html").exit_code == 0
    lessons = (example_repo / "site" / "lessons.html").read_text(encoding="utf-8")
    counts = re.findall(r'<h[23] id="theme-\d+">[^<]*<span class="muted">\(([^)]*)\)</span>', lessons)
    assert "4 incidents" in counts
    assert "1 incident" in counts
    assert all(re.fullmatch(r"\d+ incidents?", count) for count in counts)
    assert "Tirée de\u202f:" in lessons
    home = (example_repo / "site" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<option value="docker">docker \(4 incidents\)</option>', home)
    procedures = (example_repo / "site" / "procedures.html").read_text(encoding="utf-8")
    assert "&lt;\u00a024\u202fh" in procedures


def test_the_404_page_links_from_the_sites_root(run: Run, tmp_path: Path) -> None:
    """Every link of the 404 page starts from the path of site_url, since a web server shows it at any depth."""
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "audience", repo)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(repo)
        assert run("render", "--format", "html").exit_code == 0
    missing = (repo / "site" / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="([^"]*)"', missing)
    assert len(links) >= 10
    assert [link for link in links if not link.startswith(("/postmortems/", "#", "data:"))] == []
    other = (repo / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="assets/pm.css"' in other  # the other pages stay relative: they open from a folder too


def test_shown_incidents_and_results_take_their_plural_forms(page: Any, served: str) -> None:  # noqa: F811
    """Filtering to one incident says « 1 incident affiché sur 10 »; a search with one result « 1 résultat »."""
    page.goto(served + "index.html")
    page.fill("input[name=words]", "gmad")
    assert page.inner_text(".shown") == "1 incident affiché sur 10"
    page.fill("input[name=words]", "")
    assert page.inner_text(".shown") == "10 incidents affichés sur 10"
    page.goto(served + "search.html")
    page.type("#search-input", "gmsv_mysqloo_linux64", delay=20)  # no Enter: results come as the reader types
    page.wait_for_selector("#search-results li")
    assert page.inner_text("#search-status") == "1 résultat"
    assert page.url.endswith("?q=gmsv_mysqloo_linux64")
    marks = page.eval_on_selector_all("#search-results mark", "marks => marks.map(m => m.textContent)")
    assert marks
    assert all("mysqloo" in mark.lower() for mark in marks)
    assert page.errors == []


def test_search_marks_the_words_in_titles_and_excerpts(page: Any, served: str) -> None:  # noqa: F811
    """The words found are marked in each result's title and excerpt, accents and case aside, as text only."""
    page.goto(served + "search.html?q=telepor")
    page.wait_for_selector("#search-results li")
    title = page.inner_html("#search-results li a")
    assert "<mark>télépor</mark>" in title.lower()
    tags = set(page.eval_on_selector_all("#search-results li *", "nodes => nodes.map(n => n.tagName.toLowerCase())"))
    assert tags <= {"a", "p", "mark"}
    assert page.errors == []


def test_a_project_may_add_plural_forms_with_the_general_forms_placeholders() -> None:
    """An override may add ``results_few`` for its language; a placeholder the general form lacks is refused."""
    from postmortem.config.places import places
    from postmortem.render.labels import check_labels

    builtin = tomllib.loads((ROOT / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8"))
    good = {"site": {"results_few": "{count} wyniki", "results_many": "{count} wyników"}}
    assert check_labels(good, builtin, path="pl.toml", where=places("")) == []
    text = '[site]\nresults = "{count} wyniki"\nresults_few = "{total} wyniki"\n'
    problems = check_labels(tomllib.loads(text), builtin, path="pl.toml", where=places(text))
    assert [(p.line, p.column, p.message) for p in problems] == [
        (3, 15, "label 'site.results_few': placeholder {total} is not one of this label's ({count})")
    ]
