"""Hostile names: no incident, page or procedure can overwrite a file pm writes, or another one's, on any system.

Also: ids that cannot be file names are refused, the output folder stands apart from every input, and the
rules across files do work in proportion to the number of files, not its square.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from postmortem.errors import NearNames, did_you_mean
from postmortem.model import names
from postmortem.model.fieldtypes import Slug
from tests.conftest import Run, calls

SLUG = TypeAdapter(Slug)  # the pattern ids and slugs are held to


def _incident(folder: Path, name: str, incident_id: str, *, related: tuple[str, ...] = ()) -> None:
    """Write a valid draft incident with *incident_id* (written as a double-quoted YAML string)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = f'id: "{incident_id}"\ntitle: A draft\nstatus: draft\ndate: 2024-01-01\n'
    if related:
        text += "related: [" + ", ".join(related) + "]\n"
    (folder / name).write_text(text, encoding="utf-8")


def _markdown(folder: Path, name: str) -> None:
    """Write a page or procedure with front matter."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("---\ntitle: A page\n---\nSome text.\n", encoding="utf-8")


def _lines(result_output: str, rule: str) -> list[str]:
    """The problem lines of one rule."""
    return [line for line in result_output.splitlines() if line.endswith(f"[{rule}]")]


@pytest.mark.parametrize(
    "incident_id", ["index", "404", "search", "actions", "lessons", "metrics", "risks", "procedures",
                    "postmortems", "INDEX", "Search"],
)  # fmt: skip
def test_an_id_cannot_take_a_page_of_the_site(run: Run, tmp_path: Path, incident_id: str) -> None:
    """An id that names one of the site's own files (in any case) is a located error; render writes nothing."""
    _incident(tmp_path / "incidents", "a.yaml", incident_id)
    result = run("check")
    assert result.exit_code == 1
    [line] = _lines(result.output, "reserved-name")
    assert line.startswith(f"incidents/a.yaml:1:5: error: id '{incident_id}' would be written as {incident_id}.")
    assert "where pm writes" in line
    rendered = run("render", "--format", "md,html")
    assert rendered.exit_code == 1
    assert not (tmp_path / "site").exists()


def test_an_id_cannot_take_the_file_of_a_page_or_procedure(run: Run, tmp_path: Path) -> None:
    """``page-<slug>`` and ``procedure-<slug>`` ids clash with the pages and procedures of those names."""
    _markdown(tmp_path / "pages", "about.md")
    _markdown(tmp_path / "runbooks", "Failover.md")
    _incident(tmp_path / "incidents", "a.yaml", "page-about")
    _incident(tmp_path / "incidents", "b.yaml", "PROCEDURE-failover")
    result = run("check")
    assert result.exit_code == 1
    assert _lines(result.output, "name-clash") == [
        "incidents/a.yaml:1:5: error: id 'page-about' would be written as page-about.html, the file of page "
        "pages/about.md (pages/about.md:1): choose another id [name-clash]",
        "incidents/b.yaml:1:5: error: id 'PROCEDURE-failover' would be written as PROCEDURE-failover.html, one file "
        "with procedure-Failover.html of procedure runbooks/Failover.md (runbooks/Failover.md:1) on macOS and "
        "Windows: choose another id [name-clash]",
    ]


def test_ids_that_differ_only_by_case_clash(run: Run, tmp_path: Path) -> None:
    """``ABC-1`` and ``abc-1`` are one file on macOS and Windows: the second is a located error, not a lost report."""
    _incident(tmp_path / "incidents", "a.yaml", "ABC-1")
    _incident(tmp_path / "incidents", "b.yaml", "abc-1")
    _incident(tmp_path / "incidents", "c.yaml", "abc-1")  # the very same id: a duplicate, reported once
    result = run("check")
    assert result.exit_code == 1
    assert _lines(result.output, "name-clash") == [
        "incidents/b.yaml:1:5: error: id 'abc-1' would be written as abc-1.md, one file with ABC-1.md of id 'ABC-1' "
        "(incidents/a.yaml:1) on macOS and Windows: choose another id [name-clash]"
    ]
    assert [line.split(":")[0] for line in _lines(result.output, "duplicate-id")] == ["incidents/c.yaml"]
    assert run("render", "--format", "md").exit_code == 1
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("folder", ["pages", "runbooks"])
@pytest.mark.parametrize(
    ("first", "second"),
    [("a b.md", "a-b.md"), ("A.md", "a.md"), ("Café.md", "cafe.md"), ("café.md", "cafe\u0301.md"),
     ("a_.md", "a.md"), ("été 2024!.md", "ete-2024.md")],
)  # fmt: skip
def test_pages_whose_names_make_one_file_clash(run: Run, tmp_path: Path, folder: str, first: str, second: str) -> None:
    """Spaces and dashes, case, accents and Unicode forms: two Markdown files that give one output file clash."""
    (tmp_path / "incidents").mkdir()
    _markdown(tmp_path / folder, first)
    _markdown(tmp_path / folder, second)
    if len(list((tmp_path / folder).iterdir())) < 2:  # pragma: no cover - a file system that folds names itself
        pytest.skip("this file system stores both names as one file")
    result = run("check")
    assert result.exit_code == 1
    [line] = _lines(result.output, "name-clash")
    assert re.match(rf"{folder}/.*:1:1: error: (page|procedure) {folder}/.* would be written as ", line), line
    assert "rename the file" in line


@pytest.mark.parametrize("name", [".hidden.md", "_under.md", "---.md", "!!!.md", "é.md", "x" * 200 + ".md", "..md"])
def test_any_page_file_name_gives_a_safe_output_name(run: Run, tmp_path: Path, name: str) -> None:
    """A page's file name, however odd, is either rendered under a safe name or reported: never a traceback."""
    _markdown(tmp_path / "pages", name)
    _incident(tmp_path / "incidents", "a.yaml", "INC-1")
    result = run("check")
    assert result.exit_code == 0, result.output + result.stderr
    rendered = run("render", "--format", "html")
    assert rendered.exit_code == 0, rendered.output + rendered.stderr
    made = [path.name for path in (tmp_path / "site").glob("page-*.html")]
    assert len(made) == 1
    SLUG.validate_python(made[0].removeprefix("page-").removesuffix(".html"))


IDS_REFUSED = ["a/b", "a\\\\b", "..", "../x", "a\\0b", "a\\x01b", "a\\tb", "CON", "con.txt", "Nul", "COM0", "lpt9.x",
               "abc.", " abc", "abc ", ".hidden", "-dash", "a" * 81, "é", "a b"]  # fmt: skip


def test_ids_that_cannot_be_file_names_are_refused(run: Run, tmp_path: Path) -> None:
    """Separators, dot-dot, NUL and control characters, Windows device names, trailing dots or spaces: each refused."""
    for number, incident_id in enumerate(IDS_REFUSED):
        _incident(tmp_path / "incidents", f"{number:02d}.yaml", incident_id)
    result = run("check")
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    for number, incident_id in enumerate(IDS_REFUSED):
        assert f"incidents/{number:02d}.yaml:1:5: error: " in result.output, incident_id


@pytest.mark.parametrize(
    ("setting", "reason"),
    [('output = "runbooks"', "is the runbooks folder 'runbooks'"),
     ('output = "Pages"', "is the pages folder 'pages'"),
     ('output = "incidents"', "is the incidents folder 'incidents'"),
     ('output = "incidents/site"', "is inside the incidents folder 'incidents'"),
     ('output = "templates/out"', "is inside the templates folder 'templates'"),
     ('output = "risks.yaml"', "is the risk register 'risks.yaml'"),
     ('output = "."', "is or holds the repository"),
     ('output = "site/.."', "goes up with '..'"),
     ('output = ".git/site"', "is inside the folder .git"),
     ('output = ".pm-cache"', "is the folder .pm-cache"),
     ('output = "content"\nincidents = "content/incidents"', "holds the incidents folder 'content/incidents'"),
     ('output = "docs"\nschema_file = "docs/incident.schema.json"', "holds the schema file")],
)  # fmt: skip
def test_the_output_folder_stands_apart_from_every_input(run: Run, tmp_path: Path, setting: str, reason: str) -> None:
    """A render replaces its output whole: an output that is, holds or sits in an input is a located config error."""
    (tmp_path / "pm.toml").write_text(f'title = "T"\n{setting}\n', encoding="utf-8")
    _markdown(tmp_path / "runbooks", "keep.md")
    result = run("check")
    assert result.exit_code == 1
    assert re.match(r"pm\.toml:2:10: error: .* \[(config|invalid)\]$", result.stderr.splitlines()[0])  # the value
    assert reason in result.stderr
    assert run("render", "--format", "md").exit_code == 1
    assert [path.name for path in (tmp_path / "runbooks").iterdir()] == ["keep.md"]


def test_an_output_reached_through_a_link_is_refused(run: Run, tmp_path: Path) -> None:
    """An output that links to the runbooks is the runbooks folder, for the config and --out; nothing is touched."""
    _markdown(tmp_path / "runbooks", "keep.md")
    (tmp_path / "out").symlink_to(tmp_path / "runbooks", target_is_directory=True)
    (tmp_path / "pm.toml").write_text('output = "out"\n', encoding="utf-8")
    assert "is the runbooks folder" in run("check").stderr
    (tmp_path / "pm.toml").write_text('title = "T"\n', encoding="utf-8")
    _incident(tmp_path / "incidents", "a.yaml", "INC-1")
    _markdown(tmp_path / ".out.tmp-1", "mine.md")  # looks like what an interrupted build leaves: not pm's
    result = run("render", "--format", "md", "--out", "out")
    assert result.exit_code == 2
    assert "'--out': refusing to write into out: it is the runbooks folder 'runbooks'" in result.stderr
    assert [path.name for path in (tmp_path / "runbooks").iterdir()] == ["keep.md"]
    assert (tmp_path / ".out.tmp-1" / "mine.md").is_file()  # refused before anything next to it is cleaned


def test_an_output_behind_a_loop_of_links_is_a_located_error(run: Run, tmp_path: Path) -> None:
    """A symbolic link that leads to itself cannot be an output folder: a located error, not a traceback."""
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "pm.toml").write_text('output = "loop/site"\n', encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.startswith("pm.toml:1:10: error: output: 'loop/site' is a loop of symbolic links")


def test_every_file_a_render_writes_is_named_in_one_place(run: Run, tmp_path: Path) -> None:
    """Each file of a full build (all formats, the book) is a reserved name of pm or the output of a source."""
    _incident(tmp_path / "incidents", "a.yaml", "INC-1")
    _markdown(tmp_path / "pages", "About us.md")
    _markdown(tmp_path / "runbooks", "Fail över.md")
    result = run("render", "--book", "-q")
    assert result.exit_code == 0, result.output + result.stderr
    sources = [names.Source.incident("INC-1", path="a", line=1, column=1), names.Source.page("About us", path="p"),
               names.Source.procedure("Fail över", path="r")]  # fmt: skip
    expected = {output for source in sources for output in source.outputs}
    written = {path.relative_to(tmp_path / "site").as_posix() for path in (tmp_path / "site").rglob("*")
               if path.is_file()}  # fmt: skip
    reserved = {name for name in names.RESERVED if not name.endswith("/")}
    folders = tuple(name for name in names.RESERVED if name.endswith("/"))
    assert written - expected - reserved == {path for path in written if path.startswith(folders)}
    assert expected | {"index.md", "index.html", "feed.xml", "postmortems.pdf", "assets/pm.css"} <= written


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_a_slug_is_always_a_safe_file_name(stem: str) -> None:
    """Whatever a Markdown file is called, its slug is plain ASCII that the id pattern accepts; NFC and NFD agree."""
    SLUG.validate_python(names.slug(stem))
    assert names.slug(unicodedata.normalize("NFD", stem)) == names.slug(unicodedata.normalize("NFC", stem))


_ID = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,8}\Z")
_STEM = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x24F, blacklist_characters="/\\"), min_size=1, max_size=10
)


@settings(max_examples=300, deadline=None)
@given(ids=st.lists(_ID, max_size=8), pages=st.lists(_STEM, max_size=4), procedures=st.lists(_STEM, max_size=4))
def test_sources_without_problems_never_share_a_file(ids: list[str], pages: list[str], procedures: list[str]) -> None:
    """When no source is reported, all outputs and pm's own names stay distinct once case and accents are folded."""
    sources = [names.Source.page(stem, path=f"pages/{n}") for n, stem in enumerate(pages)]
    sources += [names.Source.procedure(stem, path=f"runbooks/{n}") for n, stem in enumerate(procedures)]
    sources += [names.Source.incident(i, path=f"incidents/{n}", line=1, column=1) for n, i in enumerate(ids)]
    reported = {problem.path for problem in names.name_problems(sources)}
    kept = [output for source in sources if source.path not in reported for output in source.outputs]
    folded = [names.fold(output) for output in [*kept, *names.RESERVED]]
    assert len(folded) == len(set(folded))
    assert names.first_clash(kept) is None


_OUTPUT_STEM = st.sampled_from(["index", "INDEX", "assets", "Assets", "pagefind", "x", "X", "x.", "é", "e\u0301",
                                 "pm-build", ".pm-build", "feed", "a/b", "A/b", "a", "\u212a", "k"])  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(ids=st.lists(_OUTPUT_STEM, max_size=6), pages=st.lists(_OUTPUT_STEM, max_size=3),
       procedures=st.lists(_OUTPUT_STEM, max_size=3))  # fmt: skip
def test_names_told_apart_at_once_have_no_problem(ids: list[str], pages: list[str], procedures: list[str]) -> None:
    """When the outputs are told clash-free all at once, taking each source in turn reports nothing either."""
    sources = [names.Source.page(stem, path=f"pages/{n}") for n, stem in enumerate(pages)]
    sources += [names.Source.procedure(stem, path=f"runbooks/{n}") for n, stem in enumerate(procedures)]
    sources += [names.Source.incident(i, path=f"incidents/{n}", line=1, column=1) for n, i in enumerate(ids)]
    if names.clash_free(output for source in sources for output in source.outputs):
        assert list(names.name_problems(sources)) == []


def test_names_across_many_incidents_cost_no_call_per_incident(run: Run, tmp_path: Path) -> None:
    """Without a clash, the names of thousands of incidents are told apart without locating each id in its file."""
    from postmortem.config.files import load_config
    from postmortem.corpus.across import name_clashes
    from postmortem.corpus.checked import Checked
    from postmortem.load.yaml import Document

    config = load_config(tmp_path)
    checked = [Checked(path=f"incidents/{n}.yaml", key="", doc=Document(path=f"incidents/{n}.yaml",
                                                                        data={"id": f"INC-{n}"}),
                       problems=[], valid=True) for n in range(3_000)]  # fmt: skip
    assert calls(lambda: name_clashes(checked, config)) < len(checked) + 500  # reading each id, and no more
    twin = Checked(path="incidents/twin.yaml", key="", doc=Document(path="incidents/twin.yaml", data={"id": "inc-7"}),
                   problems=[], valid=True)  # fmt: skip
    found = name_clashes([*checked, twin], config)
    assert [(problem.path, problem.rule) for problem in found] == [("incidents/twin.yaml", "name-clash")]


def test_the_last_guard_before_writing_sees_one_file_under_two_names() -> None:
    """Two outputs that are one file on a lenient file system are caught; files sharing a folder are not."""
    assert names.first_clash(["ABC.html", "abc.html"]) == ("ABC.html", "abc.html")
    assert names.first_clash(["x.html", "x.html"]) == ("x.html", "x.html")
    assert names.first_clash(["assets", "assets/pm.css"]) == ("assets", "assets/pm.css")
    assert names.first_clash(["assets/pm.css", "Assets/site.js", "pagefind/a", "pagefind/shard-1/a"]) is None


def _first_clash_one_by_one(paths: list[str]) -> tuple[str, str] | None:
    """The guard's answer taken the plain way: each path against every folded name and folder before it."""
    seen: dict[str, tuple[str, bool]] = {}  # folded name: the path that took it, and whether as a folder
    for path in paths:
        folded = names.fold(path).split("/")
        file, folders = "/".join(folded), ["/".join(folded[:end]) for end in range(1, len(folded))]
        owner = seen.get(file) or next((seen[f] for f in folders if f in seen and not seen[f][1]), None)
        if owner is not None:
            return owner[0], path
        seen[file] = (path, False)
        for folder in folders:
            seen.setdefault(folder, (path, True))
    return None


_PART = st.sampled_from(["a", "A", "é", "e\u0301", "É", "x.", "x", "x ", "assets", "ASSETS", "ß", "ss", "K", "\u212a"])


@settings(max_examples=500)
@given(paths=st.lists(st.lists(_PART, min_size=1, max_size=3).map("/".join), max_size=8))
def test_the_last_guard_names_the_first_pair_of_its_paths(paths: list[str]) -> None:
    """Told from the folded names all at once, the guard still names the first pair, as taking them in turn does."""
    assert names.first_clash(paths) == _first_clash_one_by_one(paths)


def test_the_last_guard_folds_plain_names_at_once() -> None:
    """An output of plain names (ASCII, no part ending in a dot) with no clash costs no call per name."""
    paths = [f"INC-{number}.{fmt}" for number in range(5_000) for fmt in ("md", "html")]
    paths += [f"pagefind/shard-{number % 64}/fragment/f{number}.pf_fragment" for number in range(5_000)]
    assert calls(lambda: names.first_clash(paths)) < 200
    assert names.first_clash([*paths, "inc-17.md"]) == ("INC-17.md", "inc-17.md")
    assert names.first_clash([*paths, "pagefind/shard-3"]) == ("pagefind/shard-3/fragment/f3.pf_fragment",
                                                               "pagefind/shard-3")  # fmt: skip


@contextmanager
def _comparisons() -> Iterator[list[int]]:
    """Count the names difflib compares (each candidate is set as its first sequence once)."""
    count = [0]
    original = difflib.SequenceMatcher.set_seq1

    def counted(self: difflib.SequenceMatcher[str], a: str) -> None:
        count[0] += 1
        original(self, a)

    difflib.SequenceMatcher.set_seq1 = counted  # type: ignore[method-assign]
    try:
        yield count
    finally:
        difflib.SequenceMatcher.set_seq1 = original  # type: ignore[method-assign]


def test_unknown_related_ids_cost_work_in_proportion_to_their_number(run: Run, tmp_path: Path) -> None:
    """400 incidents each citing an unknown id close to the others: comparisons grow with n, not n² (160,000)."""
    count = 400
    for number in range(count):
        _incident(tmp_path / "incidents", f"{number:04d}.yaml", f"INC-{number:04d}", related=(f"INC-{number:04d}x",))
    with _comparisons() as compared:
        result = run("check")
    assert result.exit_code == 1
    unknown = _lines(result.output, "unknown-related")
    assert len(unknown) == count
    assert "related incident 'INC-0007x' does not exist (did you mean 'INC-0007'?)" in unknown[7]
    assert compared[0] <= NearNames.LIMIT * count


def test_close_names_are_found_with_bounded_work_even_when_crowded() -> None:
    """All one-letter variants of one name, half known and half asked about: each question compares at most LIMIT."""
    variants = sorted({f"inc-{c}00{d}" for c in "abcdefghijklmnopqrstuvwxyz0123456789" for d in "0123456789"})
    known, asked = variants[::2], variants[1::2]
    near = NearNames(known, cutoff=0.85)
    with _comparisons() as compared:
        hints = [near.hint(name) for name in asked]
    assert compared[0] <= NearNames.LIMIT * len(asked)
    assert all(hints)


@settings(max_examples=300, deadline=None)
@given(
    choices=st.lists(_ID, min_size=1, max_size=NearNames.LIMIT, unique_by=str.lower),
    pick=st.integers(min_value=0),
    edit=st.sampled_from(["case", "drop", "add", "change", "swap"]),
    at=st.integers(min_value=0),
    char=st.sampled_from("aZ9-._"),
)
def test_one_typo_away_is_suggested_as_difflib_would(
    choices: list[str], pick: int, edit: str, at: int, char: str
) -> None:
    """Among few names, a name one typo from a choice gets a hint whenever comparing with every choice gives one."""
    chosen = choices[pick % len(choices)]
    at %= len(chosen)
    typo = {
        "case": chosen.swapcase(),
        "drop": chosen[:at] + chosen[at + 1 :],
        "add": chosen[:at] + char + chosen[at:],
        "change": chosen[:at] + char + chosen[at + 1 :],
        "swap": chosen[:at] + chosen[at + 1 : at + 2] + chosen[at] + chosen[at + 2 :],
    }[edit]
    if not typo or typo.lower() in {choice.lower() for choice in choices}:
        return
    if did_you_mean(typo, [chosen], cutoff=0.85):
        assert NearNames(choices, cutoff=0.85).hint(typo)
