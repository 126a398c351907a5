"""Hostile caches: nothing pm reads back can run code, a cache a repository ships is never used, damage is ignored.

pm used to keep pickles and compiled Jinja templates in the repository's ``.pm-cache/``: a repository (or a
template, or a pull request) that came with one ran code on the next ``pm check``. These tests plant such files
where pm used to read them, damage the caches pm writes now in every way, and forge them.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.bccache import Bucket, bc_magic

from postmortem import __version__, jsondata
from postmortem.config.files import load_config
from postmortem.config.model import Config
from postmortem.corpus.checked import decode
from postmortem.load import trusted as trusted_cache
from postmortem.load.cache import (
    FILES_SHAPE,
    FOUND_SHAPE,
    SHARDS,
    FileCache,
    read_entries,
    repository_cache,
    shard_of,
    write_entries,
)
from postmortem.load.homes import SECRET_FILE, key_home
from postmortem.load.trusted import Seal, read_states
from postmortem.model.head import Head
from postmortem.model.incident import Incident
from postmortem.model.state import codec
from postmortem.render.bounded import render_with
from postmortem.render.folders import builtin_templates
from postmortem.render.plain import template_context
from postmortem.render.templating import environment
from tests.conftest import CASES, ROOT, Run, user_key
from tests.pmserve import PmServe

BROKEN = ("status: final", "status: finale")
PETITE = "incidents/2025-03-15-petite-caisse-ne-materialise-pas.yaml"


class _Payload:
    """Pickles into a call of ``exec``: whoever unpickles it creates *marker*."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (exec, (f"open({str(self.marker)!r}, 'w').close()",))


def _plant_old_cache(repo: Path, marker: Path) -> list[Path]:
    """Code-running files at every path pm used to read from ``.pm-cache/``; returns them."""
    config = load_config(repo)
    payload = pickle.dumps(_Payload(marker))
    code = marshal.dumps(compile(f"open({str(marker)!r}, 'w').close()", "payload", "exec"))
    planted: list[Path] = []
    for old_format in ("1", "2", "3", "4"):
        digest = hashlib.sha256((__version__ + old_format + config.model_dump_json()).encode()).hexdigest()[:16]
        for shard in range(SHARDS):
            for kind in ("checked", "models"):
                planted.append(repo / ".pm-cache" / f"checked-{digest}" / f"{shard:02d}.{kind}.pickle")
                planted[-1].parent.mkdir(parents=True, exist_ok=True)
                planted[-1].write_bytes(payload)
    for folder in (builtin_templates(), config.path("templates")):
        for template in folder.rglob("*.j2"):
            name = template.relative_to(folder).as_posix()
            for shown in (name, f"builtin/{name}"):
                key = hashlib.sha1(f"{shown}|{os.path.normpath(template)}".encode()).hexdigest()
                planted.append(repo / ".pm-cache" / "templates" / f"__jinja2_{key}.cache")
                planted[-1].parent.mkdir(parents=True, exist_ok=True)
                planted[-1].write_bytes(bc_magic + payload + code)
    return planted


def test_planted_pickles_and_bytecode_run_nothing(run: Run, example_repo: Path, tmp_path: Path) -> None:
    """Pickles and Jinja bytecode that run code when loaded, at every path pm read, stay inert in every command."""
    marker = tmp_path / "code-ran"
    (example_repo / "templates").mkdir()
    (example_repo / "templates" / "report.md.j2").write_text("{% extends 'builtin/report.md.j2' %}\n", "utf-8")
    planted = _plant_old_cache(example_repo, marker)
    pickle.loads(planted[0].read_bytes())  # the payload is live: the old cache ran it
    assert marker.exists()
    marker.unlink()
    with planted[-1].open("rb") as handle:
        Bucket(environment(load_config(example_repo)), "key", "").load_bytecode(handle)  # Jinja's own loading
    assert marker.exists()
    marker.unlink()
    for command in (["check"], ["render", "--format", "md,html"], ["render", "--format", "md"], ["export"],
                    ["stats"], ["actions"]):  # fmt: skip
        result = run(*command)
        assert result.exit_code == 0, (command, result.output)
        assert not marker.exists(), command
    assert "Petite caisse" in (example_repo / "site" / "INC-008.md").read_text(encoding="utf-8")


def test_planted_cache_runs_nothing_in_pm_serve(example_repo: Path, tmp_path: Path) -> None:
    """`pm serve` builds a repository that ships code-running cache files: its site is served, nothing runs."""
    marker = tmp_path / "code-ran"
    _plant_old_cache(example_repo, marker)
    serving = PmServe(example_repo)
    try:
        serving.wait_for(lambda: "Built " in "".join(serving.stdout), timeout=60)
        assert "Petite caisse" in serving.get("INC-008.html")
    finally:
        assert serving.stop() == 0
    assert not marker.exists()


AUDIT = """
import sys
seen = []
sys.addaudithook(lambda event, args: seen.append((event, str(args[0]) if args else "")))
from postmortem.cli.main import main
try:
    main(sys.argv[1:])
finally:
    with open({log!r}, "w") as log:
        log.write("\\n".join(f"{{e}} {{a}}" for e, a in seen if e in ("open", "os.listdir", "os.scandir")))
"""


@pytest.mark.parametrize("command", [["check"], ["render", "--format", "md,html"]])
def test_pm_does_not_even_look_into_the_repository_cache(example_repo: Path, tmp_path: Path,
                                                         command: list[str]) -> None:  # fmt: skip
    """Whatever a repository's ``.pm-cache/`` holds (data or code), pm opens and lists nothing in it."""
    _plant_old_cache(example_repo, tmp_path / "code-ran")
    log = tmp_path / "opened.txt"
    done = subprocess.run([sys.executable, "-c", AUDIT.format(log=str(log)), *command], cwd=example_repo,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    opened = log.read_text(encoding="utf-8").splitlines()
    assert any("incidents" in line for line in opened)  # the hook saw pm read the repository
    assert not [line for line in opened if ".pm-cache" in line]


def _forge(run: Run, repo: Path, *, trusted: Path, into: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Write into *into* the cache pm would write in *trusted*, but claiming the broken file is valid.

    The forger knows everything about the format: the folder names, the keys, the checksums. It checks the
    valid file, then files its result under the key of the broken one.
    """
    path = repo / PETITE
    original = path.read_bytes()
    monkeypatch.setenv("PM_CACHE_DIR", str(trusted))
    assert run("check").exit_code == 0
    base = repository_cache(repo)
    assert base is not None
    folder = next(base.glob("checked-*"))
    valid, broken = (FileCache.key(text) + PETITE for text in (original, original.replace(*map(str.encode, BROKEN))))
    seal = _found_seal()
    entry = read_entries(folder / f"{shard_of(valid):02d}.checked.json", seal=seal)[valid]
    target = into / base.name / folder.name
    shutil.copytree(folder, target, dirs_exist_ok=True)
    shard = target / f"{shard_of(broken):02d}.checked.json"
    assert write_entries(shard, {**read_entries(shard, seal=seal), broken: entry}, seal=seal)
    path.write_bytes(original.replace(*map(str.encode, BROKEN)))


def test_a_cache_inside_the_repository_is_never_used(run: Run, example_repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    """A forged cache (valid results filed under a broken file's key) hides the error only where pm keeps its own.

    PM_CACHE_DIR naming a folder inside the repository (where the repository could ship that very forgery) is
    not used: the broken file is checked and its error reported.
    """
    own = tmp_path_factory.mktemp("own-cache")
    _forge(run, example_repo, trusted=tmp_path_factory.mktemp("forger"), into=own, monkeypatch=monkeypatch)
    monkeypatch.setenv("PM_CACHE_DIR", str(own))
    assert run("check").exit_code == 0  # pm believes its own folder: only the user can write there
    for inside in (example_repo / ".pm-cache", example_repo / "incidents" / ".cache"):
        shutil.copytree(own, inside, dirs_exist_ok=True)
        monkeypatch.setenv("PM_CACHE_DIR", str(inside))
        result = run("check")
        assert result.exit_code == 1
        assert "unknown value 'finale'" in result.output
    monkeypatch.setenv("PM_CACHE_DIR", ".pm-cache")  # relative: the repository's folder again
    assert run("check").exit_code == 1


def test_a_copy_with_other_contents_does_not_use_the_cache(run: Run, example_repo: Path, cache_home: Path,
                                                            tmp_path_factory: pytest.TempPathFactory,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Each repository has its cache folder (by real path), and entries hold only for the bytes they were made from.

    A copy elsewhere uses another folder; a different repository later put at the same path (a CI runner's
    work folder) finds only entries for bytes it does not have, and reports its own errors.
    """
    assert run("check").exit_code == 0
    assert run("render", "--format", "md").exit_code == 0
    copy = tmp_path_factory.mktemp("copy") / "repo"
    shutil.copytree(example_repo, copy, ignore=shutil.ignore_patterns("site"))
    path = copy / PETITE
    path.write_text(path.read_text(encoding="utf-8").replace(*BROKEN), encoding="utf-8")
    monkeypatch.chdir(copy)
    result = run("check")
    assert result.exit_code == 1
    assert "unknown value 'finale'" in result.output
    assert len([p for p in cache_home.iterdir() if p.is_dir()]) == 2  # one folder per repository
    shutil.rmtree(example_repo / "incidents")
    shutil.copytree(copy / "incidents", example_repo / "incidents")  # another repository, same path
    other = example_repo / "incidents" / "2025-01-18-mysqloo-ne-charge-pas.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("title:", "title: Autre —", 1), encoding="utf-8")
    monkeypatch.chdir(example_repo)
    result = run("check")
    assert result.exit_code == 1
    assert "unknown value 'finale'" in result.output
    path.write_text(path.read_text(encoding="utf-8").replace(*reversed(BROKEN)), encoding="utf-8")
    shutil.copy(path, example_repo / PETITE)
    assert run("render", "--format", "md").exit_code == 0
    assert "Autre —" in (example_repo / "site" / "INC-001.md").read_text(encoding="utf-8")


def _found_seal() -> Seal:
    """The seal of what checking each file found, with the user's key (see :func:`tests.conftest.user_key`)."""
    return Seal(key=user_key(), shape=FOUND_SHAPE)


def _cache_files(cache_home: Path, kind: str) -> list[Path]:
    """The files pm keeps, of one *kind*: ``checked``, ``models``, ``heads`` shards, ``files`` seen, ``secret``."""
    if kind == "secret":
        folder = key_home()
        assert folder is not None
        return [folder / SECRET_FILE]
    if kind == "files":
        return sorted(cache_home.glob("*/checked-*/files.json"))
    return sorted(cache_home.glob(f"*/checked-*/*.{kind}.json"))


def _sound(path: Path, kind: str, cache_home: Path) -> bool:
    """True when the cache file at *path* reads as pm wrote it: checksummed, or sealed with the user's key."""
    if kind == "checked":
        return bool(read_entries(path, seal=_found_seal()))
    shape = {"files": FILES_SHAPE, "heads": f"heads-{codec(Head).shape}"}.get(kind, codec(Incident).shape)
    seal = Seal(key=user_key(), shape=shape)
    states = kind in ("models", "heads")
    return bool(read_states(path, seal=seal)) if states else seal.open(path.read_bytes()) is not None


def _checksummed(data: bytes) -> bytes:
    """*data* headed by the checksum pm's cache files carry, as a forger who read pm's source would write it."""
    return hashlib.blake2b(data, digest_size=20).hexdigest().encode() + b"\n" + data


def _damage(path: Path, how: str) -> None:
    """Damage one file of the cache in one way."""
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "garbage":
        path.write_bytes(os.urandom(200))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "deep":  # sealed with the user's key: the JSON parser itself meets it
        deep = b"[" * 200_000
        path.write_bytes(_found_seal().close(deep) if path.name.endswith(".checked.json") else deep)
    elif how == "wrong-shape":  # sound seals around data that is not what pm wrote
        if path.name == SECRET_FILE:
            path.write_text("ab" * 7, encoding="ascii")
        else:
            seal = _found_seal()
            entries = {key: {"valid": "yes", "problems": [[0, None]]} for key in read_entries(path, seal=seal)}
            write_entries(path, entries, seal=seal)
    elif how == "directory":
        path.unlink()
        path.mkdir()
    elif how == "fifo":
        path.unlink()
        os.mkfifo(path)


DAMAGES = ["truncated", "garbage", "empty", "deep", "wrong-shape", "directory", "fifo"]


def _snapshot(folder: Path) -> dict[str, bytes]:
    """The files of an output folder, but its manifest."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".pm-build.json"}  # fmt: skip


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("kind", ["checked", "models", "heads", "files", "secret"])
def test_a_damaged_cache_is_ignored(run: Run, example_repo: Path, cache_home: Path, kind: str,
                                    tmp_path_factory: pytest.TempPathFactory,
                                    monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Every file pm keeps, damaged every way (cut, garbage, not JSON, wrong shape, a folder, a FIFO): same results.

    No traceback, no hang, the same problems found, the same files rendered; pm writes sound files again. (Each
    damaged cache is a copy in a new place: what this process read last, kept in memory, is not used for it.)
    """
    monkeypatch.setattr(trusted_cache, "SETTLED_SECONDS", 0.0)  # files seen are remembered at once (not after seconds)
    path = example_repo / PETITE
    odd = 'x-odd: ["\\U0001F600 \\x00", 123456789012345678901234567890, -0.0, 1.5e300, {k: ~}]\ndate: 2025'
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2025", odd), "utf-8")  # data JSON must keep
    other = example_repo / "incidents" / "2025-01-18-mysqloo-ne-charge-pas.yaml"
    sound = other.read_text(encoding="utf-8")
    other.write_text(sound.replace("status: final", "status: finale"), "utf-8")
    expected = run("check")
    assert expected.exit_code == 1
    other.write_text(sound, "utf-8")
    assert run("render", "--format", "md,html").exit_code == 0
    rendered = _snapshot(example_repo / "site")
    key = key_home()
    assert key is not None
    for how in DAMAGES:
        for command, text in ((["render", "--format", "md,html", "--force"], sound), (["check"], None)):
            damaged = tmp_path_factory.mktemp("damaged") / "cache"
            shutil.copytree(cache_home, damaged, symlinks=True)
            monkeypatch.setenv("PM_CACHE_DIR", str(damaged))
            shutil.copytree(key, damaged.with_name("key"))  # the key too, which pm keeps apart from the cache
            monkeypatch.setenv("PM_KEY_DIR", str(damaged.with_name("key")))
            assert _cache_files(damaged, kind), kind
            for file in _cache_files(damaged, kind):
                _damage(file, how)
            other.write_text(text or sound.replace("status: final", "status: finale"), "utf-8")
            result = run(*command)
            assert "Traceback" not in result.output + result.stderr
            if text is None:
                assert (result.output, how) == (expected.output, how)
                continue
            assert result.exit_code == 0, (how, result.output)
            assert _snapshot(example_repo / "site") == rendered, how
            if how != "directory" and kind != "secret":  # pm removes no folder it did not make, in its cache too
                assert all(_sound(file, kind, damaged) for file in _cache_files(damaged, kind)), how
            if how != "directory" and kind == "secret":
                assert "(0 written, 55 unchanged)" in run("render", "--format", "md,html").output


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
                    max_leaves=30))  # fmt: skip
@settings(max_examples=300)
def test_any_json_decodes_to_an_entry_or_to_nothing(value: object) -> None:
    """The cache's decoder takes any JSON value without raising: a Checked entry, or None."""
    decode(value, path="incidents/a.yaml", key="0" * 40 + "incidents/a.yaml")
    decode({"id": "A", "values": [], "keys": [], "problems": [], "valid": True, "related": [], "risks": [],
            "marked": False} | (value if isinstance(value, dict) else {}), path="a", key="k")  # fmt: skip


@given(st.binary(max_size=300) | st.text(alphabet="[]{}\"':,0123456789.eE+-nulltruefalseNaN \\u", max_size=300))
@settings(max_examples=300)
def test_any_bytes_read_as_a_shard_or_as_nothing(tmp_path_factory: pytest.TempPathFactory,
                                                 data: bytes | str) -> None:  # fmt: skip
    """Whatever bytes a shard's file holds, with or without a sound checksum: entries or nothing, never an error."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    path = tmp_path_factory.mktemp("shard") / "00.checked.json"
    seal = Seal(key=b"k" * 32, shape=FOUND_SHAPE)
    for content in (raw, _checksummed(raw), seal.close(raw)):
        path.write_bytes(content)
        assert isinstance(read_entries(path, seal=seal), dict)


def test_cached_results_are_the_fresh_results(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    """Every bad case of the suite, checked with the cache and without: the same problems, located the same."""
    folder = tmp_path / "incidents"
    shutil.copytree(CASES / "check", folder, ignore=shutil.ignore_patterns("*.txt", "*.json", "*.md"))
    shutil.copytree(ROOT / "incidents", folder / "examples")
    cold = run("check")
    warm = run("check")
    monkeypatch.setenv("PM_CACHE_DIR", str(tmp_path_factory.mktemp("another-cache")))
    assert warm.output == cold.output == run("check").output
    assert warm.exit_code == cold.exit_code == 1


def test_cache_is_only_a_shortcut(run: Run, example_repo: Path, cache_home: Path) -> None:
    """Checked files are remembered by content: an edit is seen at once and rewrites only its shards."""
    assert run("check").exit_code == 0
    caches = {path: path.stat().st_mtime_ns for path in cache_home.glob("*/*/*.json")}
    assert 1 < len([path for path in caches if path.name.endswith(".checked.json")]) <= 10
    path = example_repo / PETITE
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(*BROKEN), "utf-8")
    assert "unknown value 'finale'" in run("check").output
    rewritten = [p for p, mtime in caches.items() if not p.exists() or p.stat().st_mtime_ns != mtime]
    assert 1 <= len(rewritten) <= 3  # the file's shard (results, models: by its path), and the files seen
    path.write_text(original, "utf-8")
    assert run("check").exit_code == 0
    for models in cache_home.glob("*/*/*.models.json"):
        models.unlink()  # results remembered, models lost: rendering makes them again
    result = run("render", "--format", "md")
    assert result.exit_code == 0, result.output
    assert "# INC-008 — Petite caisse ne matérialise pas" in (example_repo / "site" / "INC-008.md").read_text("utf-8")


def test_pm_writes_no_cache_into_the_repository(run: Run, example_repo: Path,
                                                tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    """Checking and rendering leave the repository as it was but for the output, and nothing lands in the sources.

    The tests once committed compiled templates: an environment built for ``Config(root=tests/)`` wrote them
    into ``tests/.pm-cache/``. No environment writes anything now, and the sources track no such file.
    """
    before = sorted(p.relative_to(example_repo) for p in example_repo.rglob("*"))
    assert run("check").exit_code == 0
    assert run("render", "--format", "md,html").exit_code == 0
    after = sorted(p.relative_to(example_repo) for p in example_repo.rglob("*")
                   if "site" not in p.relative_to(example_repo).parts)  # fmt: skip
    assert after == before
    sources = tmp_path_factory.mktemp("sources")
    shutil.copytree(ROOT / "templates", sources / "templates")
    environment(Config(root=sources)).get_template("report.md.j2")
    assert not [p for p in sources.rglob("*") if "cache" in p.name.lower()]
    if shutil.which("git") and (ROOT / ".git").exists():
        tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        assert ".pm-cache/" not in tracked


def test_compiled_templates_are_kept_in_memory_only(tmp_path: Path) -> None:
    """Two environments of one process share compiled templates, yet an edited template is compiled again."""
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "hello.md.j2"
    template.write_text("one {{ name }}\n", encoding="utf-8")
    config = Config(root=tmp_path)
    assert render_with(environment(config), "hello.md.j2", template_context({"name": "x"})) == "one x\n"
    assert render_with(environment(config), "hello.md.j2", template_context({"name": "y"})) == "one y\n"
    template.write_text("two {{ name }}\n", encoding="utf-8")
    assert render_with(environment(config), "hello.md.j2", template_context({"name": "z"})) == "two z\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["hello.md.j2", "templates"]


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12) | st.just("\udc80 not UTF-8")


@settings(max_examples=200, deadline=None)
@given(files=st.dictionaries(_TEXT, _TEXT, max_size=6), inputs=_TEXT, at=st.integers(min_value=0),
       byte=st.integers(min_value=0, max_value=255))  # fmt: skip
def test_a_manifest_changed_after_its_seal_is_not_believed(
    tmp_path_factory: pytest.TempPathFactory, files: dict[str, str], inputs: str, at: int, byte: int
) -> None:
    """The seal covers every byte after it: a manifest is read back as written, and any other byte undoes it."""
    from postmortem.write.manifest import MANIFEST, manifest_text, read_previous

    folder = tmp_path_factory.mktemp("manifest")
    text = manifest_text(b"key", inputs, files).encode("utf-8")
    (folder / MANIFEST).write_bytes(text)
    assert read_previous(folder, key=b"key") == (inputs, files)
    assert read_previous(folder, key=b"other key") == ("", {})
    place = at % len(text)
    changed = text[:place] + bytes([byte]) + text[place + 1 :]
    (folder / MANIFEST).write_bytes(changed)
    assert read_previous(folder, key=b"key") == ((inputs, files) if changed == text else ("", {}))


def test_a_shipped_build_manifest_is_not_believed(run: Run, example_repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path_factory: pytest.TempPathFactory) -> None:  # fmt: skip
    """An output folder that comes with the repository, its manifest claiming planted files are pm's: all re-rendered.

    The manifest decides which files of the last output are kept as they are; pm believes only one sealed with
    the user's key, which lives outside the repository. Unsealed, sealed by someone else, or damaged: rebuilt.
    """
    attacker = tmp_path_factory.mktemp("attacker")
    monkeypatch.setenv("PM_CACHE_DIR", str(attacker))
    assert run("render", "--format", "md,html").exit_code == 0
    site = example_repo / "site"
    manifest = json.loads((site / ".pm-build.json").read_text(encoding="utf-8"))
    evil = "<script>alert('planted')</script>"
    (site / "INC-001.html").write_text(evil, encoding="utf-8")
    monkeypatch.setenv("PM_CACHE_DIR", str(tmp_path_factory.mktemp("victim")))
    for shipped in (manifest, {k: v for k, v in manifest.items() if k != "seal"}, {**manifest, "seal": "0" * 64}):
        (site / ".pm-build.json").write_text(json.dumps(shipped), encoding="utf-8")
        result = run("render", "--format", "md,html")
        assert result.exit_code == 0, result.output
        assert "(55 written, 0 unchanged)" in result.output
        assert evil not in (site / "INC-001.html").read_text(encoding="utf-8")
        (site / "INC-001.html").write_text(evil, encoding="utf-8")
    (site / ".pm-build.json").write_bytes(b"[" * 100_000)
    assert "(55 written, 0 unchanged)" in run("render", "--format", "md,html").output
    manifest_path = site / ".pm-build.json"
    kept = manifest_path.read_bytes()
    for odd in (manifest_path.mkdir, lambda: os.mkfifo(manifest_path)) if hasattr(os, "mkfifo") else ():
        manifest_path.unlink()
        odd()  # a folder, a FIFO: no manifest pm can read, so no folder pm made; said plainly, at once
        result = run("render", "--format", "md,html")
        assert result.exit_code == 1
        assert "not made by pm" in result.stderr
        shutil.rmtree(manifest_path) if manifest_path.is_dir() else manifest_path.unlink()
        manifest_path.write_bytes(kept)
    assert "(0 written, 55 unchanged)" in run("render", "--format", "md,html").output  # its own manifest: kept
    shutil.copytree(attacker, example_repo / ".pm-cache")  # the key that sealed the manifest, shipped along
    (site / ".pm-build.json").write_text(json.dumps(manifest), encoding="utf-8")
    (site / "INC-001.html").write_text(evil, encoding="utf-8")
    monkeypatch.setenv("PM_CACHE_DIR", str(example_repo / ".pm-cache"))
    assert "(55 written, 0 unchanged)" in run("render", "--format", "md,html").output
    assert evil not in (site / "INC-001.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("forger", ["checksum only", "another key", "the cache's own key"])
def test_a_cache_folder_from_elsewhere_cannot_vouch_for_a_broken_file(
    run: Run, example_repo: Path, cache_home: Path, forger: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid results filed under a broken file's key, in the user's cache folder: believed only with the user's key.

    What checking each file found was headed by a plain checksum, which anyone who writes the cache folder (a CI
    cache restored from another run) can make: ``pm check`` then passed a broken file. And the key was kept in the
    cache folder itself, which such a cache brings along: pm keeps it apart, and never in the cache folder.
    """
    path = example_repo / PETITE
    original = path.read_bytes()
    assert run("check").exit_code == 0
    assert not list(cache_home.rglob(SECRET_FILE))  # the key is not in the cache folder
    folder = next(next(cache_home.iterdir()).glob("checked-*"))
    valid, broken = (FileCache.key(text) + PETITE for text in (original, original.replace(*map(str.encode, BROKEN))))
    entry = read_entries(folder / f"{shard_of(valid):02d}.checked.json", seal=_found_seal())[valid]
    body = jsondata.dumps({broken: entry})
    if forger == "checksum only":  # as pm wrote these files before they were sealed
        forged = hashlib.blake2b(body, digest_size=20).hexdigest().encode() + b"\n" + body
    else:
        key = os.urandom(32)
        if forger == "the cache's own key":  # a key the forged cache brings, where pm kept it before
            (cache_home / "secret").write_text(key.hex(), encoding="ascii")
            monkeypatch.setenv("PM_KEY_DIR", str(cache_home / "key-folder"))  # inside the cache: not used
        forged = Seal(key=key, shape=FOUND_SHAPE).close(body)
    (folder / f"{shard_of(broken):02d}.checked.json").write_bytes(forged)
    path.write_bytes(original.replace(*map(str.encode, BROKEN)))
    result = run("check")
    assert result.exit_code == 1
    assert "unknown value 'finale'" in result.output
    if forger == "the cache's own key":
        assert not (cache_home / "key-folder" / SECRET_FILE).exists()  # a key in the cache folder is never kept
