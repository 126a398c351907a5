"""Docs that describe code are generated from it, so they cannot drift."""

from __future__ import annotations

import pytest

from postmortem.docpages import PAGES
from tests.conftest import ROOT


@pytest.mark.parametrize("name", sorted(PAGES))
def test_generated_pages_are_current(name: str) -> None:
    """docs/cli.md, configuration.md and incident-format.md are what the code says."""
    current = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert current == PAGES[name](), "run: python -m postmortem.docpages docs"


def test_new_template_mentions_every_field() -> None:
    """The file `pm new` writes shows every top-level field of the model, so none goes unexplained."""
    from postmortem.model.incident import Incident

    template = (ROOT / "templates" / "new.yaml.j2").read_text(encoding="utf-8")
    for name in Incident.model_fields:
        if name != "extensions":
            assert f"{name}:" in template, name


def test_template_context_and_filters_are_documented() -> None:
    """docs/templates.md names every variable a report template sees and every filter pm adds."""
    import datetime as dt

    import jinja2

    from postmortem.config.files import load_config
    from postmortem.corpus.repository import load_corpus
    from postmortem.render.report import Corpus, context
    from postmortem.render.templating import environment

    docs = (ROOT / "docs" / "templates.md").read_text(encoding="utf-8")
    config = load_config(ROOT)
    incident = load_corpus(config).incidents[0]
    empty = Corpus(titles={}, risks={})
    values = context(incident, config=config, corpus=empty, fmt_name="html", today=dt.date(2025, 1, 1))
    for name in values:
        assert f"| `{name}` |" in docs, name
    for name in set(environment(config).filters) - set(jinja2.Environment().filters):
        assert f"| `{name}` |" in docs, name
