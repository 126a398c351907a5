"""`pm serve`: builds, serves on 127.0.0.1, rebuilds what changed on save, and reports problems without stopping."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT
from tests.pmserve import PmServe

INCIDENT = "incidents/2024-06-01-queue-stuck.yaml"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[PmServe, Path]]:
    """`pm serve` on a copy of a small repository."""
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "audience", repo)
    serving = PmServe(repo)
    yield serving, repo
    serving.stop()


def _edit(path: Path, old: str, new: str) -> None:
    """Change a file as an editor would."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _built(serving: PmServe) -> list[tuple[int, int]]:
    """(files written, files in all) of each build the server reported."""
    found = re.findall(r"^Built .*: (\d+) of (\d+) files written", "".join(serving.stdout), flags=re.MULTILINE)
    return [(int(written), int(total)) for written, total in found]


def test_serves_the_site_with_the_reload_script(server: tuple[PmServe, Path]) -> None:
    """Pages come with the reload script and banner style; pm's own files and status answer."""
    serving, _repo = server
    home = serving.get("")
    assert '<script src="/__pm/reload.js" defer></script>' in home
    assert "Queue consumers stuck after a broker upgrade" in home
    assert "location.reload()" in serving.get("__pm/reload.js")
    assert "#pm-serve-banner" in serving.get("__pm/serve.css")
    status = serving.status()
    assert {key: status[key] for key in ("build", "search", "problems", "summary")} == {
        "build": 1,
        "search": 0,
        "problems": [],
        "summary": "",
    }
    assert serving.url.startswith("http://127.0.0.1:")


def test_a_waiting_browser_is_answered_when_the_build_is_done(server: tuple[PmServe, Path]) -> None:
    """The reload script's request waits for the next change and is answered by it, not after a polling delay."""
    serving, repo = server
    version = serving.status()["version"]
    answers: list[dict[str, object]] = []
    waiting = threading.Thread(target=lambda: answers.append(json.loads(serving.get(f"__pm/status?after={version}"))))
    waiting.start()
    waiting.join(timeout=1)
    assert waiting.is_alive()  # nothing changed yet: the request waits
    _edit(repo / INCIDENT, "The lag alert fired.\n", "The lag alert fired at last.\n")
    waiting.join(timeout=30)
    assert not waiting.is_alive()
    assert answers[0]["version"] != version
    assert answers[0]["build"] == 2
    assert "The lag alert fired at last." in serving.get("INC-001.html")
    serving.wait_for(lambda: serving.status()["search"] == 1)  # its search bundle follows: search pages reload
    assert serving.status()["build"] == 2  # other pages do not reload again
    serving.wait_for(lambda: "(its search index" in "".join(serving.stdout))


def test_ctrl_c_with_a_browser_waiting_stops_at_once(server: tuple[PmServe, Path]) -> None:
    """An open page always has a status request waiting: stopping answers it instead of waiting for it to end."""
    serving, _ = server
    version = serving.status()["version"]
    answers: list[dict[str, object]] = []
    waiting = threading.Thread(target=lambda: answers.append(json.loads(serving.get(f"__pm/status?after={version}"))))
    waiting.start()
    waiting.join(timeout=1)
    assert waiting.is_alive()  # the request waits, as an open page's does
    assert serving.stop() == 0  # within its limit (20 s), shorter than a waiting request's (25 s)
    waiting.join(timeout=30)
    assert [answer["version"] for answer in answers] == [version]


def test_rebuilds_what_changed_and_reports_problems(server: tuple[PmServe, Path]) -> None:
    """An edit rebuilds only what depends on it; a mistake is shown and the last good site stays served."""
    serving, repo = server
    _edit(repo / INCIDENT, "The lag alert fired.\n", "The lag alert fired at once.\n")
    serving.wait_for(lambda: "The lag alert fired at once." in serving.get("INC-001.html"))
    serving.wait_for(lambda: len(_built(serving)) >= 2)
    written, total = max(_built(serving)[1:])  # an editor's save may count as two changes: two builds
    assert 0 < written < total
    good = serving.status()["build"]

    _edit(repo / INCIDENT, "status: final", "status: finall")
    status = serving.wait_for(lambda: (found := serving.status())["problems"] and found)
    assert status["build"] == good
    assert status["problems"] == [
        f"{INCIDENT}:4:9: error: status: unknown value 'finall' (did you mean 'final'?); "
        "use one of draft, in-review, final [unknown-value]"
    ]
    serving.wait_for(lambda: "still serving the last good build" in "".join(serving.stderr))
    assert status["problems"][0] in "".join(serving.stderr)
    assert "The lag alert fired at once." in serving.get("INC-001.html")

    _edit(repo / INCIDENT, "status: finall", "status: final")
    fixed = serving.wait_for(lambda: (found := serving.status())["problems"] == [] and found)
    assert fixed["build"] == good  # the same files as the last good build: nothing to reload


def test_ignores_files_that_are_not_sources(server: tuple[PmServe, Path]) -> None:
    """Editor swap files and files outside the repository's sources do not rebuild."""
    serving, repo = server
    (repo / "incidents" / f".{Path(INCIDENT).name}.swp").write_text("swap", encoding="utf-8")
    (repo / "notes.txt").write_text("not a source", encoding="utf-8")
    time.sleep(1.5)
    assert serving.status()["build"] == 1
    _edit(repo / "pages" / "about.md", "We publish", "We gladly publish")
    serving.wait_for(lambda: "We gladly publish" in serving.get("page-about.html"))


def test_first_build_failing_still_serves_a_page_that_recovers(tmp_path: Path) -> None:
    """A repository with an error from the start gets a waiting page with the banner, then the site once fixed."""
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "audience", repo)
    _edit(repo / INCIDENT, "status: final", "status: finall")
    serving = PmServe(repo)
    try:
        assert serving.status()["build"] == 0
        assert "has not been built yet" in serving.get("")
        _edit(repo / INCIDENT, "status: finall", "status: final")
        serving.wait_for(lambda: serving.status()["build"] >= 1)
        assert "Queue consumers stuck" in serving.get("index.html")
    finally:
        assert serving.stop() == 0


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    """Ctrl+C ends the server with exit code 0, without a traceback."""
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "audience", repo)
    serving = PmServe(repo)
    assert serving.stop() == 0
    assert "Traceback" not in "".join(serving.stderr)


def test_a_missing_page_at_any_depth_gets_the_sites_404_page(server: tuple[PmServe, Path]) -> None:
    """A page that does not exist, however deep, answers 404 with the site's page, whose links lead from the root."""
    serving, _repo = server
    for path in ("nothing.html", "a/b/c/nothing.html", "postmortems/a/nothing", "INC-404.pdf"):
        with pytest.raises(urllib.error.HTTPError) as answer:
            serving.get(path)
        assert answer.value.code == 404, path
        page = answer.value.read().decode("utf-8")
        assert "<h1>Page not found</h1>" in page, path
        assert '<link rel="stylesheet" href="/postmortems/assets/pm.css">' in page  # the configured site_url's path
        assert "/__pm/reload.js" in page  # it reloads with the others
    assert serving.get("postmortems/assets/pm.css") == serving.get("assets/pm.css")  # served under that path too
    assert "Queue consumers stuck" in serving.get("postmortems/index.html")
    request = urllib.request.Request(serving.url + "a/nothing.html", method="HEAD")
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=10)
    assert answer.value.code == 404
    assert answer.value.read() == b""


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_to_stop_leaves_no_temporary_copy(tmp_path: Path, name: str) -> None:
    """SIGTERM (a service manager, a container stopping) and SIGHUP (a closed terminal) stop as Ctrl+C does."""
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "audience", repo)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    serving = PmServe(repo, env={"TMPDIR": str(temporary)})
    assert [path.name[:9] for path in temporary.iterdir()] == ["pm-serve-"]  # the build's copy, while it serves
    serving.process.send_signal(getattr(signal, name))
    assert serving.process.wait(timeout=20) == 0
    assert list(temporary.iterdir()) == []
    assert "Traceback" not in "".join(serving.stderr)


def test_port_in_use_is_a_clear_error(server: tuple[PmServe, Path]) -> None:
    """A second server on the same port says so and exits 1."""
    serving, repo = server
    port = serving.url.rsplit(":", 1)[1].strip("/")
    done = subprocess.run([sys.executable, "-m", "postmortem", "serve", "--port", port], cwd=repo,
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 1
    assert f"pm: error: cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_configuration_and_templates_changes_rebuild(server: tuple[PmServe, Path]) -> None:
    """Editing pm.toml or adding a template override rebuilds with it."""
    serving, repo = server
    _edit(repo / "pm.toml", 'title = "Audience test"', 'title = "Renamed site"')
    serving.wait_for(lambda: "<title>Incidents — Renamed site</title>" in serving.get("index.html"))
    (repo / "templates" / "i18n").mkdir(parents=True)
    time.sleep(1)  # as a person would: new folders are watched once the watcher has seen them appear
    (repo / "templates" / "i18n" / "en.toml").write_text(
        (ROOT / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8").replace('summary = "Summary"',
                                                                                      'summary = "In short"'),
        encoding="utf-8",
    )  # fmt: skip
    serving.wait_for(lambda: ">In short</h2>" in serving.get("INC-001.html"))


def test_an_open_page_reloads_itself_after_an_edit(server: tuple[PmServe, Path]) -> None:
    """In a real browser, the page being read shows an edit once its build is done, with no click."""
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, sync_api

    serving, repo = server
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.goto(serving.url + "INC-001.html")
            tab.wait_for_function("() => document.body.innerText.includes('The lag alert fired.')")
            _edit(repo / INCIDENT, "The lag alert fired.\n", "The lag alert fired, loudly.\n")
            tab.wait_for_function("() => document.body.innerText.includes('The lag alert fired, loudly.')",
                                  timeout=30_000)  # fmt: skip
        finally:
            browser.close()


def test_an_open_search_page_finds_an_edit_once_its_bundle_follows(server: tuple[PmServe, Path]) -> None:
    """In a real browser, an open search page finds an edit's new text: its search bundle follows the page."""
    from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, sync_api

    serving, repo = server
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.goto(serving.url + "search.html?q=thunderously")
            tab.wait_for_function("() => document.getElementById('search-status').textContent !== ''")
            assert tab.locator("#search-results li").count() == 0
            _edit(repo / INCIDENT, "The lag alert fired.\n", "The lag alert fired thunderously.\n")
            tab.wait_for_function("() => document.querySelectorAll('#search-results li').length === 1",
                                  timeout=30_000)  # fmt: skip
            assert "INC-001" in tab.locator("#search-results a").get_attribute("href")
        finally:
            browser.close()
