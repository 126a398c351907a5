"""sitemap.xml and robots.txt: written when the site's address is known, valid per the sitemap protocol."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import Run

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ADDRESS = "https://status.example.org/expérience/"  # an accent, to be percent-encoded in every URL
SECRET = 'id: INC-99\ntitle: Secret\nstatus: draft\ndate: "2024-02-02"\ninternal: true\n'


def _with_address(root: Path, address: str = ADDRESS) -> None:
    """Give the example repository a site address (under its [tool.pm] table)."""
    path = root / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[tool.pm]\n", f'[tool.pm]\nsite_url = "{address}"\n', 1), encoding="utf-8")


def _locations(site: Path) -> list[str]:
    """The URLs of sitemap.xml, after checking it against the sitemap protocol's rules."""
    data = (site / "sitemap.xml").read_bytes()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert len(data) <= 50 * 1024 * 1024
    root = ET.fromstring(data)
    assert root.tag == f"{SITEMAP}urlset"
    urls = list(root)
    assert 0 < len(urls) <= 50_000
    assert all(url.tag == f"{SITEMAP}url" for url in urls)
    assert all([child.tag for child in url] == [f"{SITEMAP}loc"] for url in urls)
    locations = [url.findtext(f"{SITEMAP}loc", "") for url in urls]
    named = urlsplit(_sitemap_line(site))
    sitemap_folder = unquote(named.path).rsplit("/", 1)[0] + "/"
    for location in locations:
        parts = urlsplit(location)
        assert (parts.scheme, parts.netloc) == (named.scheme, named.netloc)
        assert unquote(parts.path).startswith(sitemap_folder)  # a sitemap lists only URLs under its own folder
        assert len(location) < 2048
        assert location.isascii()
    assert len(set(locations)) == len(locations)
    return locations


def _sitemap_line(site: Path) -> str:
    """The sitemap named by robots.txt."""
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["User-agent: *", "Disallow:"]
    (line,) = [line for line in lines if line.startswith("Sitemap: ")]
    return line.removeprefix("Sitemap: ")


def _html_files(site: Path) -> set[str]:
    """Every HTML page of the built site but the 404 page, by its path in the site."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}


def test_sitemap_lists_every_page_of_the_site(run: Run, example_repo: Path) -> None:
    """Every HTML page (the site's own, incidents, procedures, pages) is in the sitemap, absolute and encoded."""
    _with_address(example_repo)
    assert run("render", "--format", "md,html").exit_code == 0
    site = example_repo / "site"
    locations = _locations(site)
    assert _sitemap_line(site) == "https://status.example.org/exp%C3%A9rience/sitemap.xml"
    listed = {unquote(location).removeprefix(ADDRESS) for location in locations}
    assert listed == _html_files(site)
    assert {"index.html", "lessons.html"} <= listed
    assert any(path.startswith("procedure-") for path in listed)
    assert any(path.startswith("page-") for path in listed)


def test_public_sitemap_lists_no_internal_page(run: Run, example_repo: Path) -> None:
    """With --audience public, an internal incident's page is neither written nor listed."""
    _with_address(example_repo)
    (example_repo / "incidents" / "secret.yaml").write_text(SECRET, encoding="utf-8")
    assert run("render", "--format", "md,html").exit_code == 0
    assert "https://status.example.org/exp%C3%A9rience/INC-99.html" in _locations(example_repo / "site")
    assert run("render", "--format", "md,html", "--audience", "public").exit_code == 0
    site = example_repo / "site"
    locations = _locations(site)
    assert not any("INC-99" in location for location in locations)
    assert {unquote(location).removeprefix(ADDRESS) for location in locations} == _html_files(site)


def test_no_address_no_sitemap(run: Run, example_repo: Path) -> None:
    """Without site_url there is no absolute URL to give: no sitemap.xml, no robots.txt, and none left behind."""
    assert run("render", "--format", "html").exit_code == 0
    site = example_repo / "site"
    assert not (site / "sitemap.xml").exists()
    assert not (site / "robots.txt").exists()
    _with_address(example_repo, "https://example.org/pm")
    assert run("render", "--format", "html").exit_code == 0
    assert _locations(site)[0].startswith("https://example.org/pm/")
    assert _sitemap_line(site) == "https://example.org/pm/sitemap.xml"
    pyproject = example_repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('site_url = "https://example.org/pm"\n', ""))
    assert run("render", "--format", "html").exit_code == 0
    assert not (site / "sitemap.xml").exists()
    assert not (site / "robots.txt").exists()


@pytest.mark.parametrize(
    "address", ["example.org/pm", "ftp://example.org/", "/pm/", "https://example.org/?a=1", "https://example.org/a b/"]
)
def test_an_address_that_is_not_a_site_is_a_located_error(run: Run, example_repo: Path, address: str) -> None:
    """site_url must be an absolute http or https address: anything else is an error of the configuration."""
    _with_address(example_repo, address)
    result = run("check")
    assert result.exit_code == 1
    lines = (example_repo / "pyproject.toml").read_text(encoding="utf-8").splitlines()
    line = lines.index(f'site_url = "{address}"') + 1
    assert f"pyproject.toml:{line}:12: error: site_url: {address!r} is not the address of a site" in result.stderr
