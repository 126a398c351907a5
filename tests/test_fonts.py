"""Every script in the PDFs: drawn with a font that covers it, or named in a warning; the key facts start on page 1."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Run

POPPLER = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
# Words of the write-ups of one outage in each script, as their authors would write them.
SCRIPTS = {
    "Japanese": "サービスが停止しました",
    "Chinese": "服务中断了四十分钟",
    "Korean": "서비스가 중단되었습니다",
    "Cyrillic": "Сервис не работал",
    "Greek": "Η υπηρεσία σταμάτησε",
    "Arabic": "توقفت الخدمة",
    "Hebrew": "השירות הופסק",
}
NOWHERE = "\ue000\U0010fffd\ufdd0"  # private use and a noncharacter: no font has them


def _repo(folder: Path, *, summary: str, title: str = "Outage", extra: str = "") -> Path:
    """A repository with one draft incident whose title and summary are given; return the incident file."""
    (folder / "incidents").mkdir(parents=True)
    (folder / "pm.toml").write_text('title = "Post-mortems"\n', encoding="utf-8")
    path = folder / "incidents" / "2021-06-08-outage.yaml"
    lines = [
        "id: OUT-1", f"title: {title}", "status: draft", "date: 2021-06-08", "severity: P2", "timezone: UTC",
        "language: en", "summary: |", *(f"  {line}" for line in summary.splitlines()),
    ]  # fmt: skip
    path.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def _tool(*command: str | Path) -> str:
    """The standard output of a poppler tool."""
    return subprocess.run([str(part) for part in command], capture_output=True, text=True, check=True).stdout


def _warnings(stderr: str) -> list[str]:
    """The warning lines of a run."""
    return [line for line in stderr.splitlines() if line.startswith("warning: ")]


def test_characters_no_font_has_are_named_once_with_the_incident_file(run: Run, tmp_path: Path) -> None:
    """Characters drawn as empty boxes: one warning naming the incident file, the PDF, each character once."""
    _repo(tmp_path, summary=f"Status page text: {NOWHERE} and again {NOWHERE}.\n")
    result = run("render", "--format", "pdf")
    assert result.exit_code == 0, result.output + result.stderr
    [warning] = _warnings(result.stderr)
    assert warning.startswith("warning: incidents/2021-06-08-outage.yaml: OUT-1.pdf: ")
    assert "3 characters" in warning
    assert "U+E000, U+10FFFD, U+FDD0;" in warning
    assert (tmp_path / "site" / "OUT-1.pdf").read_bytes().startswith(b"%PDF")


def test_the_warning_shows_a_dozen_characters_and_counts_the_others(run: Run, tmp_path: Path) -> None:
    """Three hundred distinct characters without a font: one bounded line, twelve named, the rest counted."""
    many = "".join(chr(0xE000 + number) for number in range(300))
    _repo(tmp_path, summary=f"{many}\n")
    result = run("render", "--format", "pdf")
    [warning] = _warnings(result.stderr)
    assert "300 characters" in warning
    assert "U+E00B and 288 more;" in warning
    assert "U+E00C" not in warning
    assert len(warning) < 400


def test_a_pdf_with_empty_boxes_is_drawn_again_by_the_next_build(run: Run, tmp_path: Path) -> None:
    """A PDF that showed empty boxes is drawn again by the next build and warns again; one without is kept.

    Nothing else changed: a font may have been installed since.
    """
    path = _repo(tmp_path, summary=f"Latin only, then {NOWHERE}.\n")
    assert _warnings(run("render", "--format", "pdf").stderr)
    again = run("render", "--format", "pdf")
    assert _warnings(again.stderr)  # drawn again: the warning comes from drawing it
    assert "(0 written, 1 unchanged)" in again.output  # to the same bytes, as no font came meanwhile: not written
    path.write_text(path.read_text(encoding="utf-8").replace(NOWHERE, "nothing else"), encoding="utf-8")
    fixed = run("render", "--format", "pdf")
    assert "(1 written, 0 unchanged)" in fixed.output
    assert not _warnings(fixed.stderr)
    assert "(0 written, 1 unchanged)" in run("render", "--format", "pdf").output


def _only_dejavu(folder: Path) -> dict[str, str]:
    """The environment of a process whose fontconfig knows only DejaVu (Latin, Cyrillic, Greek, Arabic, Hebrew)."""
    dejavu = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True, check=True)
    if "DejaVu" not in dejavu.stdout:
        pytest.skip("DejaVu Sans is not installed")
    config = folder / "fonts.conf"
    config.write_text(
        f"<?xml version='1.0'?>\n<fontconfig><dir>{Path(dejavu.stdout).parent}</dir>"
        f"<cachedir>{folder / 'fc-cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(config), "SOURCE_DATE_EPOCH": "1748736000"}


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig's tools are not installed")
def test_without_fonts_for_a_script_pm_render_names_its_characters(tmp_path: Path) -> None:
    """With only DejaVu, ``pm render`` names the incident file and the CJK characters, none of DejaVu's scripts.

    The fonts are taken away from the process only: its fontconfig reads a configuration that knows DejaVu alone.
    """
    _repo(tmp_path / "repo", summary="\n".join(SCRIPTS.values()) + "\n", title="東京リージョン障害")
    command = [sys.executable, "-m", "postmortem", "render", "--format", "pdf"]
    done = subprocess.run(command, cwd=tmp_path / "repo", env=_only_dejavu(tmp_path), capture_output=True,
                          text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    [warning] = _warnings(done.stderr)
    assert warning.startswith("warning: incidents/2021-06-08-outage.yaml: OUT-1.pdf: ")
    assert "U+6771 東, U+4EAC 京, U+30EA リ" in warning  # the title comes first, in the order of the page
    for script in ("Cyrillic", "Greek", "Arabic", "Hebrew"):
        assert not any(f"U+{ord(char):04X}" in warning for char in SCRIPTS[script]), script
    assert "U+0053" not in warning  # Latin


def _has_font(language: str) -> bool:
    """Whether fontconfig knows a font for *language*."""
    found = subprocess.run(["fc-list", f":lang={language}", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


@POPPLER
@pytest.mark.skipif(
    shutil.which("fc-list") is None or not all(_has_font(lang) for lang in ("ja", "zh-cn", "ko", "ar", "he")),
    reason="the fonts the README names for every script are not installed",
)
def test_with_the_fonts_every_script_is_drawn_extracted_and_embedded(run: Run, tmp_path: Path) -> None:
    """With the README's fonts, every script's text comes back from the PDF, CJK in embedded Noto, and no warning."""
    _repo(tmp_path, summary="\n\n".join(SCRIPTS.values()) + "\n", title="東京リージョン障害")
    result = run("render", "--format", "pdf")
    assert result.exit_code == 0
    assert not _warnings(result.stderr)
    pdf = tmp_path / "site" / "OUT-1.pdf"
    text = " ".join(_tool("pdftotext", "-enc", "UTF-8", pdf, "-").split())
    assert "東京リージョン障害" in text
    for script, words in SCRIPTS.items():
        if script not in ("Arabic", "Hebrew"):  # right to left: pdftotext may give the words in another order
            assert words in text, script
        assert all(word in text for word in words.split()), script
    fonts = _tool("pdffonts", pdf).splitlines()[2:]
    assert any("Noto-Sans-CJK" in line for line in fonts), fonts
    assert all(" yes yes yes " in line for line in fonts), fonts


def test_ci_installs_the_fonts_the_readme_names(run: Run, tmp_path: Path) -> None:
    """The project's own CI and the workflows ``pm init --ci`` writes install the fonts that cover every script."""
    packages = ("fonts-dejavu-core", "fonts-noto-core", "fonts-noto-cjk")
    assert all(package in (ROOT / ".ci" / "run").read_text(encoding="utf-8") for package in packages)
    for service, workflow in (("github", ".github/workflows/postmortems.yml"), ("gitlab", ".gitlab-ci.yml")):
        assert run("init", service, "--ci", service).exit_code == 0
        text = (tmp_path / service / workflow).read_text(encoding="utf-8")
        assert all(package in text for package in packages), service


def _long_facts() -> str:
    """An impact with many figures, long labels and long values, and a long data-loss sentence."""
    figures = "".join(
        f"    - {{label: 'Requests refused at the edge in region {n}, worst minute', "
        f"value: '{n * 1234} per second, about {n * 3} percent of the traffic of that region'}}\n"
        for n in range(1, 25)
    )
    loss = "Six hours of writes to the primary cluster in three regions. " * 6
    return f"impact:\n  users_affected: 50000000\n  downtime: 4h40min\n  data_loss: '{loss}'\n  figures:\n{figures}"


@POPPLER
def test_a_long_key_facts_box_starts_on_the_first_page(run: Run, tmp_path: Path) -> None:
    """Key facts too long for the rest of page 1 split there between rows; every fact is still in the PDF.

    Before, the whole box moved to page 2 and left page 1 blank under the title.
    """
    title = "A long outage with very many impact figures that the authors copied from the source write-up"
    _repo(tmp_path, summary="A long summary sentence that keeps going. " * 60, title=title, extra=_long_facts())
    assert run("render", "--format", "pdf").exit_code == 0
    pdf = tmp_path / "site" / "OUT-1.pdf"
    first = " ".join(_tool("pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", pdf, "-").split())
    assert "A long outage with very many impact figures" in first
    assert "Key facts" in first
    for fact in ("Duration", "4 hr 40 min", "Users affected", "Data lost", "1234 per second"):
        assert fact in first, fact
    text = " ".join(_tool("pdftotext", "-enc", "UTF-8", pdf, "-").split())
    assert all(f"{n * 1234} per second" in text for n in range(1, 25))


def test_the_combined_pdf_warns_under_its_own_name(run: Run, tmp_path: Path) -> None:
    """The book of the period shows the same empty boxes: its warning names it, the report's names the incident."""
    _repo(tmp_path, summary=f"{NOWHERE}\n")
    result = run("render", "--format", "pdf", "--book")
    assert result.exit_code == 0
    warnings = _warnings(result.stderr)
    assert len(warnings) == 2
    assert warnings[0].startswith("warning: incidents/2021-06-08-outage.yaml: OUT-1.pdf: 3 characters drawn as")
    assert warnings[1].startswith("warning: postmortems.pdf: 3 characters drawn as empty boxes")
