"""A model's sealed state is the model again (same values, same types), made without running a validator of ours."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.config.model import Config
from postmortem.load.yaml import load
from postmortem.model.incident import Incident
from postmortem.model.parts import TimelineEntry
from postmortem.model.state import codec
from postmortem.validate.incident import validate_incident
from tests.conftest import CASES, ROOT

_SPEC = importlib.util.spec_from_file_location("benchmark_corpus", ROOT / "benchmarks" / "corpus.py")
assert _SPEC is not None
assert _SPEC.loader is not None
_GENERATOR = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_GENERATOR)
generated = _GENERATOR.incident  # the benchmark's generator of realistic incidents

CONFIG = Config(root=ROOT, timezone="Europe/Paris", language="fr")
FILES = sorted((ROOT / "incidents").glob("*.yaml")) + sorted((CASES / "check").rglob("*.yaml"))


def _again(incident: Incident) -> Incident:
    """*incident* through its state and back."""
    states = codec(Incident)
    made = states.load(states.dump(incident))
    assert isinstance(made, Incident)
    return made


def _same(made: Incident, incident: Incident) -> None:
    """*made* is *incident*: equal, with the same types all the way down (repr tells 1 from 1.0, -0.0 from 0.0)."""
    assert made == incident
    assert repr(made) == repr(incident)
    assert made.model_dump_json() == incident.model_dump_json()
    assert (made.placed, made.time_to_resolve) == (incident.placed, incident.time_to_resolve)


def test_every_valid_example_comes_back_the_same() -> None:
    """The example repository's incidents and every valid check case: their states give the same models."""
    valid = [incident for path in FILES if (incident := _valid(path)) is not None]
    assert len(valid) >= 15
    for incident in valid:
        _same(_again(incident), incident)


def _valid(path: Path) -> Incident | None:
    """The incident of the file at *path*, when it is valid."""
    return validate_incident(load(path.name, path.read_bytes()), config=CONFIG)[0]


@settings(max_examples=60)
@given(st.integers(min_value=0, max_value=2**32), st.dates(dt.date(1970, 1, 1), dt.date(9000, 1, 1)))
def test_generated_incidents_come_back_the_same(seed: int, day: dt.date) -> None:
    """Realistic incidents (zones, approximate times, ranges, actions, figures) come back the same."""
    data = generated(random.Random(seed), seed % 100_000, day)
    incident = Incident.model_validate(data, context={"timezone": "UTC", "language": "en"})
    _same(_again(incident), incident)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200)
@given(json_values, st.lists(st.one_of(st.text(min_size=1), st.integers(-(2**53) + 1, 2**53 - 1),
                                       st.floats(allow_nan=False, allow_infinity=False)), max_size=4))  # fmt: skip
def test_any_extension_and_figure_comes_back_the_same_or_is_not_kept(extension: object, values: list[object]) -> None:
    """Extensions (any YAML value) and figures keep their exact values and types: -0.0, 1.0, huge integers.

    A value JSON cannot hold (a lone surrogate) makes dumping fail, so that such a model is never kept.
    """
    figures = [{"label": "figure", "value": value} for value in values]
    data = {"id": "A", "title": "t", "status": "final", "date": "2024-01-02", "x-any": extension,
            "impact": {"figures": figures}}  # fmt: skip
    incident = Incident.model_validate(data)
    try:
        state = codec(Incident).dump(incident)
    except ValueError:
        return
    made = codec(Incident).load(state)
    _same(made, incident)


def test_a_state_is_read_without_our_validators() -> None:
    """A state is put together by pydantic-core alone: a time written as text is no state (it is not parsed).

    pydantic-core would reuse the models' own validators for a schema naming them, were they not set aside while
    the state's schema is compiled; the models' own validation is unchanged afterwards.
    """
    entry = TimelineEntry.model_validate({"at": "2024-03-01 13:42", "text": "x"})
    states = codec(TimelineEntry)
    assert states.dump(entry).startswith(b'{"at":{"text":"2024-03-01 13:42","date":"2024-03-01","time":"13:42:00"}')
    with pytest.raises(ValueError, match="object"):
        states.load(b'{"at": "2024-03-01 13:42", "text": "x"}')
    assert states.load(states.dump(entry)) == entry
    assert TimelineEntry.__pydantic_complete__
    assert TimelineEntry.model_validate({"at": "13:42", "text": "x"}).at.time == dt.time(13, 42)


def test_the_shape_changes_with_the_models() -> None:
    """The fingerprint of the states' shape names every field type: another model has another shape."""
    assert codec(Incident).shape == codec(Incident).shape
    assert codec(TimelineEntry).shape != codec(Incident).shape
