"""Model stage helper: every name pm writes in the output folder, made from its source here and nowhere else.

An incident gives ``<id>.md``, ``<id>.html`` and ``<id>.pdf``; a page ``page-<slug>.html``; a procedure
``procedure-<slug>.html``; everything else pm writes has a fixed name (:data:`RESERVED`). :func:`name_problems`
finds the sources whose files would land on a reserved name or on another source's file, compared as the
most lenient file systems compare names (case, Unicode composition, trailing dots), so that no output
overwrites another on any system.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from postmortem.errors import Level, Problem
from postmortem.model.fieldtypes import WINDOWS_RESERVED
from postmortem.write.files import fold
from postmortem.write.manifest import MANIFEST

REPORT_FORMATS = ("md", "html", "pdf")
INDEX_MARKDOWN = "index.md"
SITE_PAGES = ("index", "lessons", "actions", "metrics", "risks", "procedures", "search", "404")
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
ASSETS = "assets"
STYLESHEET = f"{ASSETS}/pm.css"
SCRIPT = f"{ASSETS}/site.js"
SEARCH_BUNDLE = "pagefind"
BOOK = "postmortems.pdf"
SERVE_PREFIX = "__pm"
PAGE_PREFIX = "page-"
PROCEDURE_PREFIX = "procedure-"
MAX_SLUG = 80

RESERVED: dict[str, str] = {  # every fixed name pm writes (a folder ends with '/'), with what it holds
    INDEX_MARKDOWN: "the lessons-learned index",
    **{f"{name}.html": f"the site's {name} page" for name in SITE_PAGES},
    FEED: "the site's feed",
    SITEMAP: "the site's map for search engines",
    ROBOTS: "the site's rules for search engines",
    f"{ASSETS}/": "the site's stylesheet and script",
    f"{SEARCH_BUNDLE}/": "the search index",
    BOOK: "the combined PDF",
    MANIFEST: "the list of files of the build",
    f"{SERVE_PREFIX}/": "pm serve's own files",
}


def report(incident_id: str, fmt: str) -> str:
    """The file of an incident's report in one format."""
    return f"{incident_id}.{fmt}"


def reports(*incident_ids: str) -> tuple[str, ...]:
    """The files of the reports of the incidents *incident_ids*, one a format (see :func:`report`)."""
    return tuple([f"{incident_id}.{fmt}" for incident_id in incident_ids for fmt in REPORT_FORMATS])


def site_page(name: str) -> str:
    """The file of one of the site's own pages (index, lessons…)."""
    return f"{name}.html"


def page(slug: str) -> str:
    """The file of a free page."""
    return f"{PAGE_PREFIX}{slug}.html"


def procedure(slug: str) -> str:
    """The file of a response procedure."""
    return f"{PROCEDURE_PREFIX}{slug}.html"


def slug(stem: str) -> str:
    """The name a page or procedure gets from its file name: ASCII letters, digits, '.', '_', '-'; accents dropped."""
    plain = "".join(char for char in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(char))
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", plain).strip("-._")
    return text[:MAX_SLUG].rstrip("-._") or "page"


def unsafe_id(value: str) -> str | None:
    """Why an incident id cannot be a file name on every system (a reserved name on Windows, a trailing dot)."""
    if value.split(".")[0].upper() in WINDOWS_RESERVED:
        return f"id {value!r} is a reserved file name on Windows: choose another"
    if value.endswith("."):
        return f"id {value!r} ends with a dot, which Windows drops from file names: choose another"
    return None


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """Something pm writes files for: where it is written, how messages name it, and the files it gives."""

    label: str  # "id 'INC-1'", "page pages/a b.md"
    fix: str  # what the author can do about a clash
    path: str
    line: int = 1
    column: int = 1
    outputs: tuple[str, ...]

    @classmethod
    def incident(cls, incident_id: str, *, path: str, line: int, column: int) -> Source:
        """An incident file and the reports its id names."""
        return cls(label=f"id {incident_id!r}", fix="choose another id", path=path, line=line, column=column,
                   outputs=reports(incident_id))  # fmt: skip

    @classmethod
    def page(cls, stem: str, *, path: str) -> Source:
        """A free page's Markdown file."""
        return cls(label=f"page {path}", fix="rename the file", path=path, outputs=(page(slug(stem)),))

    @classmethod
    def procedure(cls, stem: str, *, path: str) -> Source:
        """A response procedure's Markdown file."""
        return cls(label=f"procedure {path}", fix="rename the file", path=path, outputs=(procedure(slug(stem)),))

    @property
    def where(self) -> str:
        """The source as ``path:line`` for messages."""
        return f"{self.path}:{self.line}"


def clash_free(outputs: Iterable[str]) -> bool:
    """True when no two of *outputs*, nor one of them and a name pm writes, can be one file or a file and a folder.

    :func:`name_problems` then finds nothing for sources that give these outputs (what it reports is two names
    that fold to one, or a name that folds to a folder another is in): told from the folded names as sets, in one
    pass over thousands of files, before a source is made for each.
    """
    return not _any_clash(_folded([*(name.rstrip("/") for name in RESERVED), *outputs]))


def name_problems(sources: Iterable[Source]) -> Iterator[Problem]:
    """A located error for each source whose file would overwrite a file pm makes or an earlier source's file."""
    taken = {fold(name.rstrip("/")): _Owner(name=name, what=what, folder=name.endswith("/"), pm=True)
             for name, what in RESERVED.items()}  # fmt: skip
    for source in sources:
        clash = next(((out, owner) for out in source.outputs if (owner := _clash(out, taken)) is not None), None)
        if clash is None:
            _take(taken, source.outputs, what=f"{source.label} ({source.where})")
            continue
        output, owner = clash
        if owner.pm:
            rule, other = "reserved-name", f"where pm writes {owner.what}"
        elif owner.name == output:
            rule, other = "name-clash", f"the file of {owner.what}"
        else:
            rule, other = "name-clash", f"one file with {owner.name} of {owner.what} on macOS and Windows"
        message = f"{source.label} would be written as {output}, {other}: {source.fix}"
        yield Problem(path=source.path, line=source.line, column=source.column, level=Level.ERROR, rule=rule,
                      message=message)  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class _Owner:
    """What already uses a name: pm itself or a source, as a file or as a folder."""

    name: str
    what: str
    folder: bool
    pm: bool


def _take(taken: dict[str, _Owner], outputs: Iterable[str], *, what: str) -> None:
    """Mark *outputs*, and the folders they are in, as used."""
    for output in outputs:
        file, *folders = _keys(output)
        taken[file] = _Owner(name=output, what=what, folder=False, pm=False)
        for folder in folders:
            taken.setdefault(folder, _Owner(name=output, what=what, folder=True, pm=False))


def _clash(output: str, taken: dict[str, _Owner]) -> _Owner | None:
    """What *output* would overwrite: a file or folder of its name, a file where it needs a folder, or pm's folder."""
    file, *folders = _keys(output)
    if file in taken:
        return taken[file]
    return next((owner for key in folders if (owner := taken.get(key)) and (owner.pm or not owner.folder)), None)


def _keys(output: str) -> list[str]:
    """The folded name of *output*, then of each folder it is in, innermost first."""
    folded = fold(output)
    if "/" not in folded:  # a file at the top of the output (most): in no folder
        return [folded]
    parts = folded.split("/")
    return ["/".join(parts[:end]) for end in range(len(parts), 0, -1)]


def first_clash(paths: Iterable[str]) -> tuple[str, str] | None:
    """Two of *paths* that would be one file on a lenient file system, or None: the last guard before writing.

    Whether any two clash is told from the folded names as sets, in one pass over them all (an output of
    thousands of files has none, almost always); only then are they taken one by one to name the first pair.
    """
    paths = list(paths)
    if not _any_clash(_folded(paths)):
        return None
    taken: dict[str, _Owner] = {}
    for path in paths:
        owner = _clash(path, taken)
        if owner is not None:
            return owner.name, path
        _take(taken, (path,), what=path)
    return None


def _folded(paths: list[str]) -> list[str]:
    """:func:`fold` of each of *paths*; plain names (ASCII, no part ending in a dot or space) fold all at once."""
    joined = "\n".join(paths)
    plain = joined.isascii() and joined.count("\n") == len(paths) - 1 and not joined.endswith((".", " "))
    if plain and not any(end in joined for end in (".\n", " \n", "./", " /")):
        return joined.lower().split("\n")
    return [fold(path) for path in paths]


def _any_clash(folded: list[str]) -> bool:
    """Whether two folded names are one, or one is a folder another is in (each folder looked at once)."""
    files = set(folded)
    if len(files) != len(folded):
        return True
    folders: set[str] = set()
    for parent in {name.rpartition("/")[0] for name in folded if "/" in name}:
        while parent not in folders:
            folders.add(parent)
            if "/" not in parent:
                break
            parent = parent.rpartition("/")[0]
    return not files.isdisjoint(folders)
