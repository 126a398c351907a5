"""Hostile templates and PDFs: templates see plain data and their own folder only; PDFs embed nothing else."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from PIL import Image

from postmortem.config.files import load_config
from postmortem.corpus.repository import load_corpus
from postmortem.model.incident import Incident
from postmortem.render.book import book_html
from postmortem.render.bounded import render_with
from postmortem.render.chrome import chrome
from postmortem.render.i18n import Formatter
from postmortem.render.plain import NotPlain, is_plain, plain, template_context
from postmortem.render.report import Corpus, context
from postmortem.render.site import site_values
from postmortem.render.site_views import SiteData
from postmortem.render.templating import environment
from tests.conftest import ROOT, Run
from tests.test_fuzz import CONFIG, LINKS, _valid, incidents

GOOD = "id: INC-001\ntitle: A good incident\nstatus: draft\ndate: 2024-01-01\n"
SECRET = "ghp_TOKENTOKENTOKEN"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _repository(root: Path) -> Path:
    """A repository with one incident, a CI checkout's `.git/config` holding a token, and a file outside it."""
    (root / "incidents").mkdir()
    (root / "incidents" / "a.yaml").write_text(GOOD, encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(f'[http]\n\textraheader = "AUTHORIZATION: basic {SECRET}"\n', "utf-8")
    (root / "templates").mkdir()
    return root


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under *folder* but the output and the cache, by relative path."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.relative_to(folder).parts[0] not in ("site", ".pm-cache")
    }


ESCAPES = [
    "{{ config.root }}",
    "{{ config.source }}",
    "{{ config.root.read_text() }}",
    "{{ (config.root / 'victim.txt').write_text('pwned') }}",
    "{{ config.root.joinpath('incidents', 'a.yaml').unlink() }}",
    "{{ config.root.joinpath('incidents').rename('gone') }}",
    "{{ config.path('templates') }}",
    "{{ incident.model_dump() }}",
    "{{ incident.model_copy(update={'title': 'x'}) }}",
    "{{ severity.model_dump_json() if severity else incident.model_fields }}",
    "{{ incident.target_met(none) }}",
    "{{ incident.actions[0].overdue(today) if incident.actions else incident.span('started', 'resolved') }}",
    "{{ incident.__class__ }}",
    "{{ config.__class__.__init__.__globals__ }}",
    "{{ fmt.date.__self__ }}",
    "{{ fmt.date._function.__globals__ }}",
    "{{ incident._kind }}",
    "{{ incident.date.__class__.__subclasses__() }}",
    "{{ incident | attr('__class__') }}",
    "{{ t.statuses.update({'final': 'x'}) }}",
    "{{ incident.update({'title': 'x'}) }}",  # an incident's copy is shared by its reports: it cannot be changed
    "{{ incident.timeline[0].at.clear() }}",
    "{{ rows.pop() }}",
    "{{ incident.tags.__class__.__mro__[1].__subclasses__() }}",
    "{% for p in incident.placed %}{{ p.when.tzinfo.clear_cache() }}{% endfor %}{{ incident.nope }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_templates_reach_no_path_nor_method(run: Run, tmp_path: Path, payload: str) -> None:
    """Paths, pydantic methods, model methods and Python internals are out of a template's reach: a located error."""
    _repository(tmp_path)
    (tmp_path / "incidents" / "a.yaml").write_text(GOOD + "timeline:\n  - {at: '2024-01-01 10:00 Europe/Paris', "
                                                   "text: x, milestone: started}\n", encoding="utf-8")  # fmt: skip
    (tmp_path / "templates" / "report.md.j2").write_text(payload + "\n", encoding="utf-8")
    before = _files(tmp_path)
    result = run("render", "--format", "md")
    assert result.exit_code == 1, result.output
    assert "template error in templates/report.md.j2:1: " in result.stderr
    assert "Traceback" not in result.stderr
    assert _files(tmp_path) == before
    assert not (tmp_path.parent / "gone").exists()


def test_every_context_is_plain_data(example_repo: Path) -> None:
    """What every report, site page, index and book sees is plain data all the way down (no object with methods)."""
    config = load_config(example_repo)
    corpus = load_corpus(config)
    links = Corpus(titles={i.id: i.title for i in corpus.incidents}, risks={r.id: r for r in corpus.risks})
    site = chrome(config, pages=corpus.pages, pdf=True)
    today = dt.date(2025, 6, 1)
    for incident in corpus.incidents:
        for fmt_name in ("md", "html", "pdf"):
            values = context(incident, config=config, corpus=links, fmt_name=fmt_name, today=today, site=site)
            assert is_plain(dict(values)), (incident.id, fmt_name)
    data = SiteData(config=config, incidents=corpus.incidents, risks=corpus.risks, procedures=corpus.procedures,
                    pages=corpus.pages, today=today, formats=("md", "html"))  # fmt: skip
    values = site_values(data, site)
    assert is_plain(dict(values))
    assert is_plain(dict(values.merged(document=corpus.procedures[0], applies=list(corpus.incidents))))
    assert "root" not in values["config"]
    assert "source" not in values["config"]
    docs = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    for name in values:
        assert f"`{name}`" in docs, name
    env = environment(config)
    html = book_html(env, config=config, incidents=corpus.incidents[:1], parts=(), pages={}, today=today,
                     since=None, until=None, reports={corpus.incidents[0].id: ""})  # fmt: skip
    assert "<html" in html


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(incidents())
def test_plain_reports_say_what_the_models_say(data: dict[str, object]) -> None:
    """For any valid incident, the report's context is plain and its `fmt` agrees with the formatter on the model."""
    incident = _valid(data)
    assert isinstance(incident, Incident)
    values = context(incident, config=CONFIG, corpus=LINKS, fmt_name="html", today=dt.date(2025, 1, 1))
    assert is_plain(dict(values))
    shown, fmt = values["incident"], Formatter(language=incident.language, timezone=incident.timezone)
    for placed, copied in zip(incident.placed, shown["placed"], strict=True):
        assert values["fmt"]["clock"](copied) == fmt.clock(placed)
        assert values["fmt"]["local_day"](copied) == fmt.local_day(placed)
    for name in ("time_to_detect", "time_to_resolve", "time_spent"):
        assert values["fmt"]["duration"](shown[name]) == fmt.duration(getattr(incident, name))
    assert shown["date"] == incident.date
    assert shown["title"] == incident.title


def test_objects_never_reach_a_template(tmp_path: Path) -> None:
    """A path or another object refuses to become template data; a plain dict cannot be rendered unconverted."""
    for value in (tmp_path, {"p": tmp_path}, [object()], {tmp_path: 1}, open):
        with pytest.raises(NotPlain):
            plain(value)
    env = environment(load_config(tmp_path))
    with pytest.raises(NotPlain):
        render_with(env, "report.md.j2", {"config": load_config(tmp_path)})  # type: ignore[arg-type]
    assert is_plain(dict(template_context({"when": dt.datetime(2024, 1, 1, tzinfo=dt.UTC), "n": (1, [2.0])})))


@pytest.mark.parametrize(
    ("link", "name"),
    [("me", "/proc/self"), ("root", "/"), ("up", "..")],
)
def test_template_folders_that_lead_outside_are_refused(run: Run, tmp_path: Path, link: str, name: str) -> None:
    """``templates/me -> /proc/self``, ``templates/root -> /``: a template reached through them is refused, not read."""
    _repository(tmp_path)
    (tmp_path / "templates" / link).symlink_to(name)
    target = {"me": "me/environ", "root": "root/etc/passwd", "up": "up/.git/config"}[link]
    (tmp_path / "templates" / "report.md.j2").write_text(f'{{% include "{target}" %}}\n', encoding="utf-8")
    os.environ["PM_SANDBOX_CANARY"] = SECRET
    try:
        result = run("render", "--format", "md")
    finally:
        del os.environ["PM_SANDBOX_CANARY"]
    assert result.exit_code == 1
    assert "template error in templates/report.md.j2:1: " in result.stderr
    assert f"templates/{target}: symbolic link to " in result.stderr
    assert SECRET not in result.output + result.stderr
    assert not (tmp_path / "site").exists()


def test_a_template_file_that_leads_outside_is_refused_not_replaced(run: Run, tmp_path: Path) -> None:
    """An override that is a link to a file outside is an error, not silently the built-in template; labels too."""
    _repository(tmp_path)
    (tmp_path / "templates" / "report.md.j2").symlink_to(tmp_path / ".git" / "config")
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert "templates/report.md.j2: symbolic link to " in result.stderr
    assert SECRET not in result.output + result.stderr
    (tmp_path / "templates" / "report.md.j2").unlink()
    (tmp_path / "templates" / "i18n").mkdir()
    (tmp_path / "templates" / "i18n" / "en.toml").symlink_to("/etc/passwd")
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert "templates/i18n/en.toml:1:1: error: symbolic link to /etc/passwd, outside the repository" in result.stderr


def test_hidden_files_are_not_templates_even_when_the_folder_is_the_repository(run: Run, tmp_path: Path) -> None:
    """With ``templates = "."``, `.git/config` (or a link to it) still cannot be included."""
    _repository(tmp_path)
    (tmp_path / "pm.toml").write_text('templates = "."\n', encoding="utf-8")
    (tmp_path / "config.j2").symlink_to(".git/config")
    for target in (".git/config", "config.j2"):
        (tmp_path / "report.md.j2").write_text(f'{{% include "{target}" %}}\n', encoding="utf-8")
        result = run("render", "--format", "md")
        assert result.exit_code == 1
        assert "a hidden file or folder (such as .git) is not a template" in result.stderr
        assert SECRET not in result.output + result.stderr


def test_links_to_hidden_folders_and_link_loops_are_refused(run: Run, tmp_path: Path) -> None:
    """A templates folder that is a link to `.git`, and a loop of links among templates: errors, no traceback."""
    _repository(tmp_path)
    (tmp_path / "templates").rmdir()
    (tmp_path / "templates").symlink_to(".git")
    result = run("check")
    assert result.exit_code == 1
    assert "templates: 'templates' leads to the hidden folder .git: templates cannot come from there" in result.output
    (tmp_path / "templates").unlink()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "a.md.j2").symlink_to("b.md.j2")
    (tmp_path / "templates" / "b.md.j2").symlink_to("a.md.j2")
    (tmp_path / "templates" / "report.md.j2").write_text('{% include "a.md.j2" %}\n', encoding="utf-8")
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert "template error in templates/report.md.j2:1: " in result.stderr
    assert "Traceback" not in result.stderr


def test_a_fifo_template_is_refused_without_waiting(run: Run, tmp_path: Path) -> None:
    """A FIFO where a template should be is refused at once (opening it for reading would block)."""
    _repository(tmp_path)
    os.mkfifo(tmp_path / "templates" / "report.md.j2")
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert "templates/report.md.j2: not a regular file" in result.stderr


def test_overrides_and_builtin_extends_still_work(run: Run, tmp_path: Path) -> None:
    """``{% extends "builtin/report.md.j2" %}`` and an included project file inside the folder still render."""
    _repository(tmp_path)
    (tmp_path / "templates" / "parts").mkdir()
    (tmp_path / "templates" / "parts" / "notice.md.j2").write_text("Internal use only.\n", encoding="utf-8")
    (tmp_path / "templates" / "alias").symlink_to("parts")  # a link that stays inside the folder is fine
    (tmp_path / "templates" / "report.md.j2").write_text(
        '{% extends "builtin/report.md.j2" %}{% block facts %}{% include "alias/notice.md.j2" %}'
        "{{ fmt.date(incident.date) }} {{ config.title }}{% endblock %}\n",
        encoding="utf-8",
    )
    result = run("render", "--format", "md")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "site" / "INC-001.md").read_text(encoding="utf-8")
    assert "# INC-001 — A good incident" in text
    assert "Internal use only." in text
    assert "January 1, 2024 Post-mortems" in text


@pytest.mark.parametrize("setting", ["templates", "incidents", "output", "runbooks", "pages", "risks", "schema_file"])
@pytest.mark.parametrize("value", ["/elsewhere", "../outside", "sub/../../outside"])
def test_configured_places_stay_in_the_repository(run: Run, tmp_path: Path, setting: str, value: str) -> None:
    """Every configured file or folder outside the repository is a located configuration error."""
    _repository(tmp_path)
    (tmp_path / "pm.toml").write_text(f'title = "x"\n{setting} = "{value}"\n', encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert f"pm.toml:2:{len(setting) + 4}: error: {setting}: " in result.output  # at the value
    assert "Traceback" not in result.output + result.stderr


def test_configured_folders_linked_outside_are_refused(run: Run, tmp_path: Path) -> None:
    """A templates folder that is a link to /, an output linked outside: refused, with or without a config file."""
    _repository(tmp_path)
    (tmp_path / "templates").rmdir()
    (tmp_path / "templates").symlink_to("/")
    result = run("check")
    assert result.exit_code == 1
    assert (
        "templates:1:1: error: templates: 'templates' leads through a symbolic link to /, outside the repository"
        in (result.output)
    )
    (tmp_path / "templates").unlink()
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (tmp_path / "published").symlink_to(elsewhere)
    (tmp_path / "pm.toml").write_text('output = "published"\n', encoding="utf-8")
    result = run("render", "--format", "md")
    assert result.exit_code == 1
    assert "pm.toml:1:10: error: output: 'published' leads through a symbolic link to " in result.output + result.stderr
    assert list(elsewhere.iterdir()) == []


def _inflated(data: bytes) -> bytes:
    """The PDF's bytes followed by every compressed stream inflated (links and names hide in object streams)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _tool(*args: str) -> str:
    """The output of a poppler tool."""
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_pdfs_embed_only_assets_and_images(run: Run, tmp_path: Path) -> None:
    """Attachments, images and styles of `.git/`, hidden files, /etc, file: URLs and links leading out: refused."""
    _repository(tmp_path)
    (tmp_path / ".env").write_text(f"TOKEN={SECRET}\n", encoding="utf-8")
    (tmp_path / "incidents" / ".hidden.png").write_bytes(PNG + SECRET.encode())
    (tmp_path / "incidents" / "leak.png").symlink_to(tmp_path / ".git" / "config")
    (tmp_path / "incidents" / "git").symlink_to(tmp_path / ".git")
    (tmp_path / "incidents" / "diagram.png").write_bytes(PNG)
    (tmp_path / "templates" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    git = (tmp_path / ".git" / "config").as_uri()
    hostile = [
        '<link rel="attachment" href="../.git/config">',
        '<link rel="attachment" href=".git/config">',
        f'<link rel="attachment" href="{git}">',
        '<link rel="attachment" href="incidents/git/config">',
        '<link rel="attachment" href=".env">',
        '<link rel="attachment" href="incidents/leak.png">',
        '<link rel="stylesheet" href=".git/config">',
        '<link rel="attachment" href="pm.toml">',
    ]
    body = [
        '<img src="/etc/passwd" alt="a">',
        f'<img src="{git}" alt="b">',
        '<img src="incidents/leak.png" alt="c">',
        '<img src="incidents/.hidden.png" alt="d">',
        '<a rel="attachment" href=".git/config">e</a>',
        '<img src="incidents/diagram.png" alt="diagram">',
        '<img src="templates/logo.svg" alt="logo">',
        '<a href="INC-002.pdf">next</a> <a href="../../etc/passwd">out</a> <a href="https://example.org/x">web</a>',
    ]
    (tmp_path / "pm.toml").write_text('title = "x"\n', encoding="utf-8")
    (tmp_path / "templates" / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}{% block head %}' + "".join(hostile) + "{% endblock %}"
        "{% block facts %}" + "".join(body) + '<link rel="attachment" href="incidents/diagram.png">{% endblock %}',
        encoding="utf-8",
    )
    result = run("render", "--format", "pdf")
    assert result.exit_code == 0, result.output + result.stderr
    pdf = tmp_path / "site" / "INC-001.pdf"
    data = _inflated(pdf.read_bytes())
    assert SECRET.encode() not in data
    assert str(tmp_path).encode() not in data
    assert b"file:" not in data
    assert b"INC-002.pdf" in data
    assert b"https://example.org/x" in data
    attached = _tool("pdfdetach", "-list", str(pdf))
    assert attached.splitlines()[1:] == ["1: diagram.png"], attached
    assert len(_tool("pdfimages", "-list", str(pdf)).splitlines()) > 2  # the diagram (the logo is vector art)
    assert SECRET not in _tool("pdftotext", str(pdf), "-")
    outside = (tmp_path.parent / ".git" / "config").as_uri()
    for refused in (outside, ".git/config", "incidents/git/config", ".env", "incidents/leak.png",
                    "incidents/.hidden.png", "file:///etc/passwd", "pm.toml"):  # fmt: skip
        assert f"refused {refused} (" in result.stderr, refused
    assert "diagram.png" not in result.stderr
    assert "logo.svg" not in result.stderr


def _png_of(width: int, height: int) -> bytes:
    """A PNG whose header says *width* × *height* pixels (its data, a few bytes, fills none of them)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(("width", "height"), [(13_000, 13_000), (20_000, 20_000), (7_000, 6_000)])
def test_a_pdf_draws_no_image_too_large_to_decode(run: Run, tmp_path: Path, width: int, height: int) -> None:
    """An image of millions of pixels in a few bytes is refused, read from its header, with pm's own warning.

    A 657 KB PNG of 13,000 × 13,000 pixels took 1.6 GB in each PDF worker, 5.5 s each time a page showed it, and
    printed Pillow's warning, with the path of the installation, on the terminal.
    """
    _repository(tmp_path)
    (tmp_path / "incidents" / "bomb.png").write_bytes(_png_of(width, height))
    data_url = "data:image/png;base64," + base64.b64encode(_png_of(width, height)).decode()
    (tmp_path / "templates" / "report.html.j2").write_text(
        '{% extends "builtin/report.html.j2" %}{% block facts %}<img src="incidents/bomb.png" alt="a">'
        f'<img src="{data_url}" alt="b">{{{{ super() }}}}{{% endblock %}}',
        encoding="utf-8",
    )
    result = run("render", "--format", "pdf")
    assert result.exit_code == 0, result.output + result.stderr
    said = result.output + result.stderr
    sized = f"{width} × {height} pixels, more than 40 million"
    if width * height > 2 * Image.MAX_IMAGE_PIXELS:  # past twice its own bound, Pillow says no size
        sized = "more than 40 million pixels"
    assert f"refused incidents/bomb.png (an image of {sized})" in said
    assert "refused data:image/png;base64," in said
    assert "Warning" not in said
    assert "Traceback" not in said
