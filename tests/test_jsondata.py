"""What pm keeps between builds comes back as it was written, whatever text it holds (lone surrogates too)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem import jsondata

_UNDECODABLE = st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)  # how Python keeps a byte that is not UTF-8
_CHARACTERS = st.characters(exclude_categories=["Cs"])  # text as pm reads it: no surrogate but undecodable bytes
_TEXT = st.text(_CHARACTERS) | st.text(_UNDECODABLE | _CHARACTERS, max_size=6)
_PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(value=_PLAIN, indent=st.booleans())
def test_plain_data_comes_back_as_it_was(value: Any, indent: bool) -> None:
    """Text, numbers, booleans, lists and dicts are read back equal, written compact or indented."""
    assert jsondata.loads(jsondata.dumps(value, indent=indent)) == value


def test_text_with_a_lone_surrogate_is_written_as_ascii_escapes() -> None:
    """A name with an undecodable byte (a lone surrogate in Python) is kept, as the standard library writes it."""
    written = jsondata.dumps({"incidents/\udcff.yaml": ["\udcff"]})
    assert written.isascii()
    assert jsondata.loads(written) == {"incidents/\udcff.yaml": ["\udcff"]}
    assert jsondata.dumps({"é": 1}) == '{"é":1}'.encode()


@pytest.mark.parametrize("damaged", [b"", b"{", b"[1,]", b"\xff", b"[" * 100_000, b'{"a":NaN}'])
def test_what_is_not_json_is_refused(damaged: bytes) -> None:
    """A damaged file is refused with ValueError (or RecursionError when nested beyond reading), never misread."""
    with pytest.raises((ValueError, RecursionError)):
        jsondata.loads(damaged)
