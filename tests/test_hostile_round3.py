"""Hostile repositories, third round: what pm hands to other programs, and what they read on their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Run

INCIDENT = "id: INC-1\ntitle: Disk full\nstatus: draft\ndate: 2024-01-01\nsummary: The disk filled up.\n"


@pytest.mark.parametrize("name", ["pagefind.yml", "pagefind.yaml", "pagefind.toml", "pagefind.json"])
def test_the_search_indexer_reads_no_settings_of_the_repository(
    run: Run, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A Pagefind configuration file in the repository cannot make the indexer write elsewhere, nor lose the index.

    Pagefind reads such a file from the folder it runs in: its ``logfile`` would overwrite any file the build may
    write, its ``output_path`` put the index anywhere and leave the site without one.
    """
    outside = tmp_path_factory.mktemp("outside")
    (outside / "precious.txt").write_text("keep me\n", encoding="utf-8")
    settings = {"logfile": str(outside / "precious.txt"), "output_path": str(outside / "index"), "verbose": True}
    if name.endswith(".toml"):
        text = "".join(f"{key} = {json.dumps(value)}\n" for key, value in settings.items())
    else:
        text = json.dumps(settings)  # JSON is YAML too
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_OUTPUT_PATH", str(outside / "from-the-environment"))
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / "a.yaml").write_text(INCIDENT, encoding="utf-8")
    result = run("render", "--format", "html")
    assert result.exit_code == 0, result.output + result.stderr
    assert (outside / "precious.txt").read_text(encoding="utf-8") == "keep me\n"
    assert sorted(path.name for path in outside.iterdir()) == ["precious.txt"]
    assert (tmp_path / "site" / "pagefind" / "pagefind-entry.json").is_file()
