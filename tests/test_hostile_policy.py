"""Hostile templates: pm's content policy comes first in every page of a repository's templates, whatever it holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from postmortem.render.policy import CHARSET, CSP, guarded_page
from tests.conftest import Run

POLICY = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
FIRST = f"<!DOCTYPE html>\n{CHARSET}\n{POLICY}\n"  # the encoding and the policy before anything of the templates
INCIDENT = "id: INC-1\ntitle: Disk full\nstatus: draft\ndate: 2024-01-01\nsummary: The disk filled up.\n"
HANDLER = '<body><p id="p">safe</p><img src="x" onerror="document.getElementById(\'p\').textContent=\'PWNED\'">'

# Openings a pattern that does not follow HTML's quoting takes for <html> and <head>, where a browser reads the
# "<head>" as text inside an attribute value that is still open (so a policy put after it would be text too).
HIDING = [
    '<!DOCTYPE html>\n<html lang="en" x="><head>\n<title>t</title></head>\n',
    "<!DOCTYPE html>\n<html lang='en' x='><head>\n<title>t</title></head>\n",
    '<!DOCTYPE html>\n<html lang="en"><head data-x=">\n<title>t</title></head>\n',
    '<!DOCTYPE html>\n<html lang="en"><head data-x=\'>\n<title>t</title></head>\n',
    '<!DOCTYPE html>\n<html x=a"><head>\n',  # a quote inside an unquoted value: where it ends is not for pm to guess
    '<!DOCTYPE html>\n<html a="1"b="><head>">\n',  # values one after the other with no blank between
    '<!DOCTYPE html>\n<html\x0blang="x"><head>\n',  # a vertical tab is no blank to HTML: one long tag name
    "<!DOCTYPE html>\n<html><!-- <head> -->\n",
    "<!DOCTYPE html>\n<!--><html><head>-->\n",
    '<!DOCTYPE html>\n<html lang="en"><header>\n',
    '<!DOCTYPE html>\n<html lang="en"><head data-x="'
    + "x" * 600
    + '">\n',  # past where a browser looks for the charset
]

# An escape sequence of ISO-2022-JP in the opening, then the templates' own charset: decoded so, pm's policy after
# the opening would be other characters, and the escape back to ASCII, later, would let the page's handlers run.
ISO_2022_JP = '<!DOCTYPE html>\n<html><head lang="\x1b$B">\n<meta name="\x1b(B">\n<meta charset="iso-2022-jp">\n'


@pytest.mark.parametrize("opening", HIDING)
def test_an_opening_read_otherwise_by_a_browser_gets_the_policy_before_all_of_it(opening: str) -> None:
    """An opening a browser does not read as a doctype, ``<html>`` and ``<head>`` gets the policy before all of it.

    The policy then comes before every byte the templates wrote: a browser puts it first whatever follows.
    """
    page = guarded_page(opening + HANDLER)
    assert page.startswith(FIRST), page[:200]
    assert page.count("Content-Security-Policy") == 1


@pytest.mark.parametrize(
    "opening",
    [
        '<!DOCTYPE html>\n<html lang="en">\n<head>',
        "<!doctype HTML><html lang='fr' class=\"a b\" data-x=y><head class=\"h\" data-y='>'>",
        '\ufeff  <!DOCTYPE html>\r\n<html lang="en" dir=ltr>\t<head\n>',
    ],
)
def test_a_page_that_opens_as_html_should_gets_the_policy_first_in_its_head(opening: str) -> None:
    """The usual opening is kept as it is, the policy right after ``<head …>``: the page stays valid HTML."""
    page = guarded_page(opening + "<title>t</title></head>" + HANDLER)
    assert page.startswith(f"{opening}\n{CHARSET}\n{POLICY}"), page[:300]


def test_pm_s_own_charset_first_in_the_head_is_not_written_twice() -> None:
    """The layouts of pm write ``<meta charset="utf-8">`` first in the head: the policy follows it, one charset."""
    page = guarded_page('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>t</title>')
    assert page.startswith(f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{CHARSET}\n{POLICY}'), page[:300]
    assert page.count("charset") == 1


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


SEEN = "[document.characterSet, document.head.querySelector('meta[http-equiv]')?.content]"
ADD_HANDLER = """() => new Promise((done) => {
    const image = document.createElement("img");
    image.setAttribute("onerror", "document.title = 'PWNED'");  // runs first, where it may run at all
    image.addEventListener("error", () => setTimeout(done, 0));
    image.src = "x:";
    document.body.append(image);
})"""


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
@pytest.mark.parametrize("opening", [*HIDING[:4], ISO_2022_JP])
def test_inline_handlers_do_not_run_in_pages_of_project_templates(run: Run, tmp_path: Path, opening: str) -> None:
    """A home page of a repository's template that tries to hide the policy, opened in Chromium: the policy holds.

    It is the head's first element, and an inline event handler does not run; without it, the same one does.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.test_browser import CHROMIUM_ARGS

    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(INCIDENT, encoding="utf-8")
    (tmp_path / "templates" / "site").mkdir(parents=True)
    (tmp_path / "templates" / "site" / "index.html.j2").write_text(opening + HANDLER + "</body></html>\n", "utf-8")
    result = run("render", "--format", "html")
    assert result.exit_code == 0, result.output + result.stderr
    page = tmp_path / "site" / "index.html"
    unguarded = tmp_path / "unguarded.html"
    unguarded.write_text(page.read_text(encoding="utf-8").replace(POLICY, ""), encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            titles = {}
            for name, path in (("guarded", page), ("unguarded", unguarded)):
                tab = browser.new_page()
                tab.goto(path.as_uri())
                first = tab.evaluate(
                    "[document.characterSet, document.head.querySelector('meta[http-equiv]')?.content]"
                )
                tab.evaluate(ADD_HANDLER)  # done once the image failed to load and its handler ran or was refused
                titles[name] = (first, tab.title())
        finally:
            browser.close()
    assert titles["guarded"][0] == ["UTF-8", CSP], titles
    assert titles["guarded"][1] != "PWNED", titles
    assert titles["unguarded"][1] == "PWNED", titles  # the handler runs where no policy holds: the test can tell


def test_a_page_of_project_templates_may_not_hold_an_iframe_srcdoc(run: Run, tmp_path: Path) -> None:
    """A srcdoc is a page within the page, written with entities: its script elements load any file of the site.

    The templated style sheet can be valid JavaScript; its ``<script src>`` in a srcdoc ran in the page's origin.
    """
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(INCIDENT, encoding="utf-8")
    (tmp_path / "templates" / "site").mkdir(parents=True)
    (tmp_path / "templates" / "site" / "index.html.j2").write_text(
        '<!DOCTYPE html><html><head><title>t</title></head><body><iframe SRCDOC ="&lt;script src=&quot;'
        'assets/pm.css&quot;&gt;&lt;/script&gt;"></iframe></body></html>\n',
        encoding="utf-8",
    )
    result = run("render", "--format", "html")
    assert result.exit_code == 1
    assert "template site/index.html.j2: it writes an iframe's srcdoc" in result.stderr
    assert not (tmp_path / "site").exists()
