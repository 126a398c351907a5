"""Configuration mistakes point at the key or value they are about, in every table of pm.toml or [tool.pm]."""

from __future__ import annotations

import json
import random
import tomllib
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from postmortem.config.places import places
from postmortem.model.messages import Loc
from tests.conftest import Run

TABLES = """\
title = "Ops"
timezone = "Europe/Paris"

[zones]
IST = "+05:30"
ist = "+05:30"
XYZ = "Mars/Base"

[action_statuses]
parked = "blocked"
Done = "done"
merged = "merged"

[[severities]]
id = "P1"
name = "Critical"
response = "soon"

[[severities]]
id = "P2"
name = "Major"
colour = "red"
"""


def test_mistakes_in_tables_point_at_their_entry(run: Run, tmp_path: Path) -> None:
    """Each mistake under [zones], [action_statuses] and [[severities]] is placed at its own key or value."""
    (tmp_path / "pm.toml").write_text(TABLES, encoding="utf-8")
    (tmp_path / "incidents").mkdir()
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "pm.toml:6:1: error: zones.ist: zone abbreviation 'ist' must be 2 to 6 capital letters or digits, "
        "such as IST [invalid]",
        "pm.toml:7:7: error: zones.XYZ: unknown time zone 'Mars/Base': use an IANA name such as Europe/Paris, UTC, "
        "an offset such as +02:00 or UTC+8, or an abbreviation pm knows (PST, CET, JST…; others can be added under "
        "[zones]) [bad-time]",
        "pm.toml:11:1: error: action_statuses.Done: 'done' is a status of pm already: it cannot mean another [invalid]",
        "pm.toml:12:10: error: action_statuses.merged: unknown value 'merged'; use one of open, in-progress, blocked, "
        "done, cancelled [unknown-value]",
        "pm.toml:17:12: error: severity level 1, response: cannot read duration 'soon': write it like 2h, 1h30, "
        "30min or 1d 4h, and ~3h for about 3 hours [bad-duration]",
        "pm.toml:22:1: error: unknown field 'colour' [unknown-key]",
        "pm: error: 6 errors found",
    ]


def test_tool_pm_mistakes_point_into_its_table(run: Run, tmp_path: Path) -> None:
    """In a pyproject.toml, a setting is found in [tool.pm], not under the same name in another table."""
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "ops"\noutput = "site"\n\n[tool.pm]\nlanguage = "de"\n'
        'zones = { IST = "+05:30", "I S" = "UTC" }\noutput = "incidents"\n',
        encoding="utf-8",
    )
    (tmp_path / "incidents").mkdir()
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        "pyproject.toml:6:12: error: language: unknown value 'de'; use one of en, fr [unknown-value]",
        "pyproject.toml:7:27: error: zones.I S: zone abbreviation 'I S' must be 2 to 6 capital letters or digits, "
        "such as IST [invalid]",
    ]
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "ops"\noutput = "site"\n\n[tool.pm]\noutput = "incidents"\n', encoding="utf-8"
    )
    assert run("check").stderr.splitlines()[0] == (
        "pyproject.toml:6:10: error: the output folder 'incidents' is the incidents folder 'incidents': "
        "give the output a folder of its own [config]"
    )


def test_a_list_of_one_bad_level_is_one_mistake(run: Run, tmp_path: Path) -> None:
    """A level that is refused is reported once, not again as a list of levels left empty."""
    (tmp_path / "pm.toml").write_text('title = "Ops"\n\n[[severities]]\nid = "P1"\n', encoding="utf-8")
    result = run("check")
    assert result.stderr.splitlines() == [
        "pm.toml:3:1: error: missing required field 'name' in severity level 1 [missing-field]",
        "pm: error: 1 error found",
    ]


# A TOML document written by the test, in TOML's many forms, with the exact text of each key and value it wrote.
KEYS = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8)
SCALARS = st.one_of(
    st.integers(-(2**40), 2**40),
    st.booleans(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4), max_leaves=12
)


def _basic(text: str) -> str:
    """*text* as a TOML basic string: JSON's escapes are TOML's, and DEL is escaped too."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


class _Writer:
    """Writes data as TOML, each choice of form drawn at random, and notes where each key and value begins."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.text = ""
        self.keys: dict[Loc, str] = {}
        self.values: dict[Loc, str] = {}

    def put(self, token: str, loc: Loc, into: dict[Loc, str]) -> None:
        """Write *token* and note it as the text found at *loc*."""
        into.setdefault(loc, token)
        self.text += token

    def blank(self) -> str:
        """Spaces, maybe a comment and a line break, between the items of an array."""
        return self.rng.choice([" ", "", "  ", " # note ]\n  ", "\n"])

    def key(self, name: str, loc: Loc) -> None:
        """A key in a form TOML allows for it: bare, basic or literal."""
        forms = [_basic(name)]
        if all(c.isascii() and (c.isalnum() or c in "_-") for c in name):
            forms.append(name)
        if "'" not in name and all(c.isprintable() for c in name):
            forms.append(f"'{name}'")
        self.put(self.rng.choice(forms), loc, self.keys)

    def scalar(self, value: Any, loc: Loc) -> None:
        """A number, a boolean, or a string in one of its four forms."""
        if isinstance(value, bool):
            self.put(str(value).lower(), loc, self.values)
        elif isinstance(value, int):
            self.put(str(value), loc, self.values)
        else:
            forms = [_basic(value), f'"""{_basic(value)[1:-1]}"""']
            plain = all(c.isprintable() or c == "\t" for c in value)
            if plain and "'" not in value:
                forms.append(f"'{value}'")
            if plain and "'''" not in value and not value.endswith("'"):
                forms.append(f"'''{value}'''")
            self.put(self.rng.choice(forms), loc, self.values)

    def value(self, value: Any, loc: Loc) -> None:
        """Any value, written inline."""
        if isinstance(value, list):
            self.values.setdefault(loc, "[")
            self.text += "["
            for index, item in enumerate(value):
                self.text += self.blank()
                self.value(item, (*loc, index))
                self.text += "," if index < len(value) - 1 or self.rng.random() < 0.5 else ""
            self.text += self.rng.choice(["", " ", "\n"]) + "]"
        elif isinstance(value, dict):
            self.values.setdefault(loc, "{")
            self.text += "{"
            for number, (name, item) in enumerate(value.items()):
                self.text += " " if number == 0 else ", "
                self.key(name, (*loc, name))
                self.text += " = "
                self.value(item, (*loc, name))
            self.text += " }"
        else:
            self.scalar(value, loc)

    def pairs(self, table: dict[str, Any], loc: Loc, *, headers: bool) -> list[tuple[str, Any]]:
        """The pairs of *table*, one a line; with *headers*, some tables are left for headers of their own."""
        later = []
        for name, item in table.items():
            if headers and (_table(item) or _tables(item)) and self.rng.random() < 0.4:
                later.append((name, item))
            else:
                self.pair([name], item, loc)
        return later

    def pair(self, names: list[str], item: Any, table: Loc) -> None:
        """``key = value`` in *table*, its key dotted (*names*); a table's pairs may take dotted keys in turn."""
        if _table(item) and self.rng.random() < 0.4:
            for name, value in item.items():
                self.pair([*names, name], value, table)
            return
        loc = table
        for number, name in enumerate(names):
            self.text += self.rng.choice([".", " . "]) if number else ""
            loc = (*loc, name)
            self.key(name, loc)
        self.text += self.rng.choice([" = ", "=", "  =  "])
        self.value(item, loc)
        self.text += self.rng.choice(["\n", "  # a comment\n", "\r\n"])

    def header(self, loc: Loc, *, many: bool) -> None:
        """A ``[table]`` header, or ``[[table]]`` for a table of an array."""
        self.text += "\n[[" if many else "\n["
        for number, name in enumerate(loc):
            self.text += "." if number else ""
            self.key(str(name), loc[: number + 1])
        self.text += "]]\n" if many else "]\n"

    def document(self, data: dict[str, Any]) -> None:
        """The whole document: the root's pairs, then each table (or array of tables) under its headers."""
        waiting: list[tuple[Loc, Any]] = [((), data)]
        while waiting:
            loc, item = waiting.pop(0)
            many = isinstance(item, list)
            for index, table in enumerate(item if many else [item]):
                if loc:
                    self.header(loc, many=many)
                inner = (*loc, index) if many else loc
                later = self.pairs(table, inner, headers=not many)  # a table of an array keeps its tables inline
                waiting += [((*inner, name), value) for name, value in later]


def _table(item: Any) -> bool:
    """Whether *item* is a table with pairs."""
    return isinstance(item, dict) and bool(item)


def _tables(item: Any) -> bool:
    """Whether *item* can be an array of tables."""
    return isinstance(item, list) and bool(item) and all(isinstance(table, dict) for table in item)


@given(st.dictionaries(KEYS, VALUES, max_size=6), st.randoms(use_true_random=False))
def test_every_key_and_value_is_found_where_it_was_written(data: dict[str, Any], rng: random.Random) -> None:
    """Whatever forms a document takes, each key and value is placed at the first character of its own text."""
    writer = _Writer(rng)
    writer.document(data)
    assert tomllib.loads(writer.text) == data
    found = places(writer.text)
    lines = writer.text.split("\n")
    for written, noted in ((writer.keys, found.keys), (writer.values, found.values)):
        for loc, token in written.items():
            line, column = noted[loc]
            assert "\n".join(lines[line - 1 :])[column - 1 :].startswith(token), (loc, token)
