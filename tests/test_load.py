"""The loader reads YAML from the parser's events: data, positions, anchors and aliases, and the first real problem."""

from __future__ import annotations

from postmortem.load.yaml import load


def test_an_alias_repeats_the_anchored_value_with_positions_at_the_alias() -> None:
    """`*x` gives a copy of the anchored value; the alias itself is where its value is said to stand."""
    doc = load("a.yaml", b"a: &x {k: v, l: [1, 2]}\nb: *x\n")
    assert doc.problems == ()
    assert doc.data == {"a": {"k": "v", "l": [1, 2]}, "b": {"k": "v", "l": [1, 2]}}
    assert doc.data["a"] is not doc.data["b"]
    assert doc.where(("b",)) == (2, 4)
    assert doc.where(("b", "l", 1)) == (1, 21)
    assert doc.where(("b", "k"), key=True) == (1, 8)


def test_an_anchored_key_repeated_by_an_alias_is_a_duplicate() -> None:
    """Keys can carry anchors too; the repeated key is reported where the alias stands."""
    doc = load("a.yaml", b"&k a: 1\n*k : 2\n")
    assert [(p.line, p.column, p.rule) for p in doc.problems] == [(2, 1, "duplicate-key")]


def test_an_alias_to_a_list_or_to_its_own_mapping_is_no_key() -> None:
    """Keys must be text, also when an alias gives them."""
    for text in (b"a: &l [1]\n*l : 2\n", b"a: &m\n  *m : 1\n"):
        doc = load("a.yaml", text)
        assert [p.message for p in doc.problems] == ["keys must be text, got 'a list or mapping': quote the key"], text


def test_undefined_and_recursive_aliases_are_refused() -> None:
    """An alias before its anchor, or inside what it refers to, cannot be read."""
    assert [p.message for p in load("a.yaml", b"a: *nope\n").problems] == ["invalid YAML: found undefined alias 'nope'"]
    assert [p.rule for p in load("a.yaml", b"a: &r [*r]\n").problems] == ["too-deep"]


def test_a_syntax_error_further_on_comes_before_a_refused_tag() -> None:
    """As when the whole file was parsed first: a file that is not YAML is reported as such."""
    doc = load("a.yaml", b"a: !x 1\nb: [1\n")
    assert [p.rule for p in doc.problems] == ["yaml-syntax"]


def test_one_document_per_file() -> None:
    """A second document is located at its start."""
    doc = load("a.yaml", b"a: 1\n---\nb: 2\n")
    assert [(p.line, p.column, p.message) for p in doc.problems] == [
        (2, 1, "invalid YAML: one incident per file; remove the extra '---' document")
    ]


def test_empty_stream_and_empty_document() -> None:
    """No document at all is an empty file; an empty document is data that is null."""
    assert [p.rule for p in load("a.yaml", b"# nothing\n").problems] == ["empty"]
    assert load("a.yaml", b"---\n").data is None


def test_a_value_that_does_not_fit_its_tag_is_located() -> None:
    """``!!int abc`` is a located mistake, not a crash."""
    for text, shown in ((b"a: !!int abc\n", "'abc' is not a number, as its tag !!int says"),
                        (b"a: !!float x\n", "'x' is not a number, as its tag !!float says")):  # fmt: skip
        doc = load("a.yaml", text)
        assert [(p.line, p.column, p.rule, p.message) for p in doc.problems] == [(1, 4, "wrong-type", shown)]
