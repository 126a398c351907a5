"""Render stage: the files for search engines (sitemap.xml, robots.txt), made only when the site's address is known.

A sitemap must list absolute URLs (sitemaps.org protocol), so without ``site_url`` there is nothing true to write.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape  # &, < and > as XML text needs them (xml.sax.saxutils would import urllib.request)
from urllib.parse import quote, urlsplit

from postmortem.model import names

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
MAX_URLS = 50_000  # per sitemap file, as the protocol allows
NOT_LISTED = frozenset({names.site_page("404")})  # the page for addresses that do not exist


def site_address(site_url: str) -> str | None:
    """The site's address ending with a slash, under which every page lies; None without one."""
    address = site_url.strip()
    if not address:
        return None
    parts = urlsplit(address if address.endswith("/") else address + "/")
    return parts._replace(path=quote(parts.path, safe="/%")).geturl()  # an accent in the path, percent-encoded


def page_url(base: str, path: str) -> str:
    """The absolute URL of the site file *path*: percent-encoded (RFC 3986), under *base*."""
    return base + quote(path, safe="/")


def sitemap(base: str, paths: Iterable[str]) -> str:
    """A sitemap of the HTML pages among *paths* (the 404 page left out), sorted, each as an absolute URL."""
    pages = sorted(path for path in set(paths) if path.endswith(".html") and path not in NOT_LISTED)[:MAX_URLS]
    urls = "".join(f"<url><loc>{escape(page_url(base, path), quote=False)}</loc></url>\n" for path in pages)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NAMESPACE}">\n{urls}</urlset>\n'


def robots(base: str) -> str:
    """A robots.txt that lets every crawler in and names the sitemap."""
    return f"User-agent: *\nDisallow:\n\nSitemap: {page_url(base, names.SITEMAP)}\n"


def crawler_files(site_url: str, *, paths: Iterable[str]) -> dict[str, str]:
    """``sitemap.xml`` and ``robots.txt`` for a site of *paths* at *site_url*; nothing without an address."""
    base = site_address(site_url)
    if not base or not urlsplit(base).netloc:
        return {}
    return {names.SITEMAP: sitemap(base, paths), names.ROBOTS: robots(base)}
