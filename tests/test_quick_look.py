"""The quick look at an incident's JSON (no ``:::``, nothing marked internal) decides as walking every text does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.load.fences import _flagged, block_problem, internal_blocks, marks_internal, may_hold_blocks, prose
from postmortem.model.incident import Incident

PLACES = ["summary", "timeline", "actions", "lessons", "impact", "references", "responders", "notes"]
TEXTS = st.one_of(
    st.text(alphabet=":internal \n>-`ab~", max_size=40),
    st.sampled_from(["::: internal\nsecret\n:::", "::: internal\nnever closed", "a ::: b", ":: :", "::::", "x"]),
)


def _incident(place: str, text: str, flag: bool) -> Incident:
    """A valid incident with *text* at *place*, and that item marked internal when *flag*."""
    data: dict[str, object] = {"id": "A", "title": "t", "status": "draft", "date": "2024-01-02"}
    item = {"internal": True} if flag else {}
    if place in ("summary", "notes"):
        data[place] = text
        data["internal"] = flag
    elif place == "timeline":
        data[place] = [{"at": "2024-01-02 10:00", "text": text or "x", **item}]
    elif place == "actions":
        data[place] = [{"what": "w", "note": text, **item}]
    elif place == "lessons":
        data[place] = {"to_keep": [{"text": text or "x", **item}]}
    elif place == "impact":
        data[place] = {"description": text, "figures": [{"label": "l", "value": text, **item}]}
    elif place == "references":
        data[place] = [{"title": text or "x", **item}]
    else:
        data[place] = [{"name": text or "x", **item}]
    return Incident.model_validate(data)


@settings(max_examples=300)
@given(st.sampled_from(PLACES), TEXTS, st.booleans())
def test_the_quick_look_agrees_with_the_walk(place: str, text: str, flag: bool) -> None:
    """Whether an incident marks anything internal, and whether any text may hold a block: as the full walk says."""
    incident = _incident(place, text, flag)
    walked = _flagged(incident) or any(internal_blocks(text) for _, text in prose(incident))
    assert marks_internal(incident) == walked
    problems = [block_problem(text) for _, text in prose(incident)]
    if any(problems):
        assert may_hold_blocks(incident)
    assert walked <= (may_hold_blocks(incident) or _flagged(incident))
