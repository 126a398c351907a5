"""Docs that describe code are generated from it, so they cannot drift."""

from __future__ import annotations

from postmortem.reference import incident_format
from tests.conftest import ROOT


def test_incident_format_reference_is_current() -> None:
    """docs/incident-format.md is what the model says; regenerate with `python -m postmortem.reference`."""
    current = (ROOT / "docs" / "incident-format.md").read_text(encoding="utf-8")
    assert current == incident_format(), "run: python -m postmortem.reference > docs/incident-format.md"


def test_new_template_mentions_every_field() -> None:
    """The file `pm new` writes shows every top-level field of the model, so none goes unexplained."""
    from postmortem.model import Incident

    template = (ROOT / "templates" / "new.yaml.j2").read_text(encoding="utf-8")
    for name in Incident.model_fields:
        if name != "extensions":
            assert f"{name}:" in template, name
