"""`pm check --format sarif`: valid SARIF 2.1.0, formats checked, every rule described as GitHub code scanning asks."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from postmortem import __version__
from postmortem.validate.findings import RULES, home_page
from tests.conftest import CASES, ROOT, Run, copy_example
from tests.test_check_cases import CHECK_CASES, _expected

SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
ODD = 'id: INC-1\ntitle: t\nstatus: bogus\ndate: "2024-01-01"\nfoo: 1\nseverity: P9\n'


def _validator() -> jsonschema.Draft7Validator:
    """The official SARIF 2.1.0 schema, with its formats (uri, uri-reference, date-time…) checked."""
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.fixture
def odd_repo(tmp_path: Path) -> Path:
    """A repository whose files have a space and an accent in their names, and several problems each."""
    (tmp_path / "incidents").mkdir()
    (tmp_path / "pm.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    (tmp_path / "incidents" / "été crash.yaml").write_text(ODD, encoding="utf-8")
    shutil.copy(CASES / "check" / "several-problems.yaml", tmp_path / "incidents" / "50% [draft] #1.yaml")
    return tmp_path


def test_the_format_check_is_real() -> None:
    """The validator refuses a URI with a raw space: the test below would catch one."""
    assert "uri-reference" in jsonschema.Draft7Validator.FORMAT_CHECKER.checkers
    location = {"uri": "incidents/a b.yaml"}
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    artifact = {**schema, "$ref": "#/definitions/artifactLocation"}
    checker = jsonschema.Draft7Validator(artifact, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert not checker.is_valid(location)
    assert checker.is_valid({"uri": "incidents/a%20b.yaml"})


def test_sarif_with_odd_names_is_valid(run: Run, odd_repo: Path) -> None:
    """Names with a space, an accent, '%', '#' and brackets give URIs that pass the schema's uri-reference check."""
    result = run("check", "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(log)]
    assert errors == []
    (sarif_run,) = log["runs"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif_run["results"]}
    assert uris == {"incidents/%C3%A9t%C3%A9%20crash.yaml", "incidents/50%25%20%5Bdraft%5D%20%231.yaml"}
    assert set(sarif_run["originalUriBaseIds"]) == {"%SRCROOT%"}


def test_the_tool_gives_its_version_and_home(run: Run, tmp_path: Path) -> None:
    """The log of the example repository with mistakes names pm with its version (both forms) and stays valid.

    Its home page (informationUri) is the one the installed distribution declares in ``[project.urls]``, and
    no address at all while it declares none: pm does not make one up.
    """
    from importlib import metadata

    copy_example(tmp_path)
    incident = next((tmp_path / "incidents").glob("*.yaml"))
    incident.write_text(incident.read_text(encoding="utf-8").replace("severity: P", "severity: Q", 1), "utf-8")
    log = json.loads(run("check", "--format", "sarif").stdout)
    assert [e.message for e in _validator().iter_errors(log)] == []
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == ("pm", __version__, __version__)
    assert [rule["id"] for rule in driver["rules"]] == ["unknown-severity"]
    declared = metadata.metadata("postmortem-as-code").get_all("Project-URL") or []
    assert driver.get("informationUri") == home_page(declared)


@pytest.mark.parametrize(
    ("declared", "home"),
    [([], None),
     (["Documentation, https://docs.example.org/pm", "Source, https://code.example.org/pm"],
      "https://code.example.org/pm"),
     (["Source, https://code.example.org/pm", "Home-page, https://example.org/pm"], "https://example.org/pm"),
     (["Repository , https://code.example.org/pm ", "Changelog, https://example.org/news"],
      "https://code.example.org/pm"),
     (["Homepage, javascript:alert(1)", "Source, https://code.example.org/pm"], "https://code.example.org/pm"),
     (["Funding, https://example.org/give"], None)],
)  # fmt: skip
def test_the_home_page_comes_from_the_declared_addresses(declared: list[str], home: str | None) -> None:
    """The home page wins over the repository, the source and the documentation; labels fold as PEP 753 says."""
    assert home_page(declared) == home


def test_every_rule_carries_descriptions_and_help(run: Run, odd_repo: Path) -> None:
    """Each rule of the log has a short and a full description and help in text and Markdown."""
    rules = json.loads(run("check", "--format", "sarif").stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) >= 4
    for rule in rules:
        assert rule["shortDescription"]["text"] == RULES[rule["id"]].summary
        assert rule["fullDescription"]["text"].startswith(rule["shortDescription"]["text"])
        assert len(rule["fullDescription"]["text"]) > len(rule["shortDescription"]["text"])
        assert rule["help"]["text"]
        assert "**To fix:**" in rule["help"]["markdown"]


Positions = dict[str, tuple[int, int]]


def _rule_positions(tree: ast.Module) -> Positions:
    """Functions, methods and dataclasses that take a ``rule`` by position: its place, and how many they take."""
    positions: Positions = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            names = [a.arg for a in node.args.posonlyargs + node.args.args if a.arg not in ("self", "cls")]
            if "rule" in names:
                positions[node.name] = (names.index("rule"), len(names))
        if isinstance(node, ast.ClassDef):
            fields = [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
            init = next((s for s in node.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
            if init is not None:
                fields = [a.arg for a in init.args.args[1:]]
            if "rule" in fields:
                positions[node.name] = (fields.index("rule"), len(fields))
    return positions


def _constant(node: ast.AST | None) -> list[str]:
    """The texts a node can be: a constant string, or either branch of ``a if c else b``."""
    if isinstance(node, ast.IfExp):
        return _constant(node.body) + _constant(node.orelse)
    return [node.value] if isinstance(node, ast.Constant) and isinstance(node.value, str) else []


def _argument(call: ast.Call, place: tuple[int, int]) -> ast.AST | None:
    """The argument of *call* at *place* (counted from the end after a ``*args``), if it is given by position."""
    at, count = place
    if any(isinstance(a, ast.Starred) for a in call.args):
        return call.args[at - count] if len(call.args) >= count - at else None
    return call.args[at] if len(call.args) > at else None


def _rules_in(tree: ast.Module, positions: Positions) -> set[str]:
    """Every rule name written in the source: passed as ``rule``, given as its default, or returned as one."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            found.update(c for k in node.keywords if k.arg == "rule" for c in _constant(k.value))
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in positions:
                found.update(_constant(_argument(node, positions[name])))
        if isinstance(node, ast.FunctionDef):  # a keyword's default: ``*, rule: str = "yaml-tag"``
            pairs = zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True)
            found.update(c for a, d in pairs if a.arg == "rule" for c in _constant(d))
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "rule" for t in targets):
                found.update(_constant(node.value))
            for target in (t for t in targets if isinstance(t, ast.Tuple) and isinstance(node.value, ast.Tuple)):
                at = [i for i, t in enumerate(target.elts) if isinstance(t, ast.Name) and t.id == "rule"]
                found.update(c for i in at for c in _constant(node.value.elts[i]))  # type: ignore[union-attr]
        if isinstance(node, ast.For) and isinstance(node.target, ast.Tuple) and isinstance(node.iter, ast.Tuple):
            at = [i for i, t in enumerate(node.target.elts) if isinstance(t, ast.Name) and t.id == "rule"]
            found.update(c for pair in node.iter.elts if isinstance(pair, ast.Tuple) for i in at
                         for c in _constant(pair.elts[i]))  # fmt: skip
        if isinstance(node, ast.FunctionDef) and node.name.endswith("_rule"):
            found.update(c for r in ast.walk(node) if isinstance(r, ast.Return) for c in _constant(r.value))
    return found


def _source_rules() -> set[str]:
    """Every rule name pm's source can give a problem."""
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in (ROOT / "postmortem").rglob("*.py")]
    positions: Positions = {}
    for tree in trees:
        positions.update(_rule_positions(tree))
    return set().union(*(_rules_in(tree, positions) for tree in trees))


def test_every_rule_pm_emits_is_described() -> None:
    """Each rule name in pm's source (and each one the check cases produce) has a description, and no other."""
    emitted = _source_rules()
    produced = {line.rsplit("[", 1)[1].rstrip("]") for case in CHECK_CASES.iterdir() for line in _expected(case)}
    assert produced <= emitted, "the scan of the source misses rules that pm gives"
    assert emitted == set(RULES)


def _multitool() -> str | None:
    """SARIF Multitool's program (from the npm package @microsoft/sarif-multitool), when it is installed.

    The package's command passes its arguments through a shell, which would split ``Gh;Sarif``: the program it
    starts (in the package for this system) is run instead.
    """
    if os.environ.get("SARIF_MULTITOOL"):
        return os.environ["SARIF_MULTITOOL"]
    command, node = shutil.which("sarif-multitool"), shutil.which("node")
    if command is None or node is None:
        return None
    package = Path(command).resolve().parent
    found = subprocess.run([node, "-p", f"require({json.dumps(str(package))})"],
                           capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    program = found.stdout.strip()
    return program if found.returncode == 0 and Path(program).is_file() else None


@pytest.mark.skipif(
    _multitool() is None, reason="SARIF Multitool is not installed (npm i -g @microsoft/sarif-multitool)"
)
def test_sarif_multitool_github_rules(run: Run, odd_repo: Path, tmp_path: Path) -> None:
    """SARIF Multitool's SARIF and GitHub rules find no error and no warning but, while pm declares none, its home."""
    from importlib import metadata

    sarif = tmp_path / "pm.sarif"
    sarif.write_text(run("check", "--format", "sarif").stdout, encoding="utf-8")
    report = tmp_path / "validation.sarif"
    tool = str(_multitool())
    done = subprocess.run([tool, "validate", "--rule-kind", "Gh;Sarif", "-o", str(report), str(sarif)],
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert report.is_file(), done.stdout + done.stderr
    results = json.loads(report.read_text(encoding="utf-8"))["runs"][0]["results"]
    found = {(r["ruleId"], r.get("level", "warning")) for r in results if r.get("level") != "note"}
    declared = metadata.metadata("postmortem-as-code").get_all("Project-URL") or []
    assert found == (set() if home_page(declared) else {("SARIF2005", "warning")}), found
