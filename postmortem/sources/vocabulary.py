"""Sources stage helper: the headings, labels and column names of post-mortem templates, in English and French.

Names are compared folded (accents, case, punctuation and numbering dropped), then by their first words, then
closely (a typo), so that "3. Root Causes", "Cause racine :" and "Time line" all find their field.
"""

from __future__ import annotations

import difflib
import re

from unidecode import unidecode

# Sections of a write-up: the field each heading (or bold label) fills. "notes" keeps a section verbatim.
SECTIONS: dict[str, tuple[str, ...]] = {
    "summary": ("summary", "executive summary", "incident summary", "overview", "resume", "resume de l incident",
                "synthese", "sommaire", "what happened", "ce qui s est passe", "description", "tl dr", "tldr"),
    "impact": ("impact", "customer impact", "user impact", "business impact", "impact client", "impacts",
               "impact utilisateurs", "impact sur les utilisateurs", "consequences", "portee"),
    "detection": ("detection", "how was it detected", "how we found out", "how it was detected",
                  "comment l incident a ete detecte", "alerting"),
    "timeline": ("timeline", "time line", "chronologie", "chronologie des evenements", "deroule", "deroulement",
                 "sequence of events", "historique", "incident timeline", "detailed timeline", "journal"),
    "root_cause": ("root cause", "root causes", "root cause analysis", "rca", "cause racine", "causes racines",
                   "cause profonde", "causes profondes", "analyse des causes", "five whys", "5 whys", "cause",
                   "causes", "analysis", "analyse", "les 5 pourquoi", "5 pourquoi", "fault"),
    "trigger": ("trigger", "triggers", "declencheur", "element declencheur", "evenement declencheur"),
    "contributing_factors": ("contributing factors", "contributing factor", "facteurs contributifs",
                             "facteurs aggravants", "facteurs favorisants"),
    "resolution": ("resolution", "resolution and recovery", "recovery", "mitigation", "remediation",
                   "mitigation and resolution", "retablissement", "remediation", "resolution et retablissement",
                   "correction", "fix"),
    "actions": ("action items", "actions", "corrective actions", "actions correctives", "follow up", "follow ups",
                "follow up actions", "follow up items", "next steps", "prochaines etapes", "plan d action",
                "preventive actions", "actions preventives", "remediation items", "corrective and preventive actions",
                "actions correctives et preventives", "suivi", "todo", "backlog", "taches"),
    "responders": ("responders", "people involved", "participants", "intervenants", "incident team",
                   "who was involved", "personnes impliquees", "equipe d intervention", "roles", "staffing"),
    "references": ("references", "supporting information", "links", "liens", "related links", "documents",
                   "further reading", "related documents", "sources", "liens utiles", "useful links"),
    "lessons.went_well": ("what went well", "things that went well", "went well", "ce qui a bien fonctionne",
                          "ce qui s est bien passe", "points positifs", "ce qui a bien marche"),
    "lessons.went_wrong": ("what went wrong", "what didn t go well", "what did not go well", "things that went wrong",
                           "went wrong", "ce qui n a pas fonctionne", "ce qui s est mal passe", "points negatifs",
                           "ce qui a mal fonctionne", "what could have gone better", "what could be improved",
                           "what can be improved", "areas for improvement", "ce qui peut etre ameliore",
                           "points a ameliorer", "ce qui n a pas marche"),
    "lessons.lucky": ("where we got lucky", "where we were lucky", "where we got lucky and why", "lucky",
                      "ou nous avons eu de la chance", "la ou nous avons eu de la chance", "ce qui nous a sauves",
                      "coups de chance", "chance"),
    "lessons.to_keep": ("lessons learned", "lessons learnt", "lessons", "learnings", "takeaways", "key takeaways",
                        "lecons", "lecons tirees", "lecons apprises", "enseignements", "ce que nous avons appris"),
}  # fmt: skip
# Labels of one value ("**Date:** 2015-10-21", a front-matter key, a two-column table): field, then names.
LABELS: dict[str, tuple[str, ...]] = {
    "title": ("title", "titre", "incident title", "titre de l incident", "incident name", "nom de l incident"),
    "date": ("date", "incident date", "date of incident", "date de l incident", "day", "jour", "started",
             "start date", "date de debut"),
    "severity": ("severity", "severite", "gravite", "sev", "severity level", "niveau de gravite", "niveau",
                 "priority", "priorite", "incident severity"),
    "authors": ("authors", "author", "auteurs", "auteur", "redacteurs", "redacteur", "written by", "redige par",
                "owner", "postmortem owner", "post mortem owner"),
    "tags": ("tags", "tag", "etiquettes", "labels", "themes"),
    "components": ("components", "component", "affected services", "services affected", "services", "service",
                   "composants", "composant", "services affectes", "systems", "systemes", "affected systems"),
    "impact.downtime": ("duration", "downtime", "duree", "duree d indisponibilite", "indisponibilite",
                        "outage duration", "temps d indisponibilite"),
    "time_spent": ("time spent", "temps", "temps passe", "temps de resolution", "effort", "time to resolve"),
    "impact.users_affected": ("users affected", "affected users", "customers affected", "utilisateurs affectes",
                              "utilisateurs impactes", "clients affectes"),
    **SECTIONS,
}  # fmt: skip
_NUMBERING = re.compile(r"^(?:\d+|[ivx]+|[a-h])\s+(?=\w)")
_NOT_WORD = re.compile(r"[\W_]+")
_ASIDE = re.compile(r"[(\[—–:]| - ")  # what follows is an aside: "Timeline (UTC)", "Impact — customers"


def fold(text: str) -> str:
    """A name folded for comparison: ASCII, lower case, words separated by one space, numbering dropped."""
    words = _NOT_WORD.sub(" ", unidecode(text).lower()).strip()
    return _NUMBERING.sub("", words, count=1)


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each folded name of *table* with its field."""
    return {fold(name): field for field, names in table.items() for name in names}


_SECTIONS, _LABELS = _index(SECTIONS), _index(LABELS)
_PREFIX_WORDS = 2  # "Timeline (all times UTC)" starts with a known name: it is that section
_LONGEST = 60  # a heading longer than this is a sentence, not a section name
_SHORT_HEADING = 5  # "Timeline of events", "Impact on customers": a known word opens a short heading
_OPENING_WORDS = frozenset({"timeline", "summary", "impact", "detection", "resolution", "trigger", "mitigation",
                            "recovery", "chronologie", "resume", "declencheur", "lessons", "lecons"})  # fmt: skip


def section_field(heading: str) -> str | None:
    """The field a heading names, or None."""
    return _lookup(heading, _SECTIONS)


def names_section(heading: str) -> bool:
    """Whether *heading* is a section's name exactly (``Summary``), not a heading that starts with one."""
    return fold(heading) in _SECTIONS


def label_field(label: str) -> str | None:
    """The field a label ("Date", "Gravité", "Root causes") names, or None; only close names, never a sentence."""
    return _lookup(label, _LABELS)


def _lookup(text: str, names: dict[str, str]) -> str | None:
    """Exact folded name, then a known name of two words or more that starts it, then a close spelling."""
    folded = fold(text)
    if not folded or len(folded) > _LONGEST:
        return None
    if folded in names:
        return names[folded]
    head = fold(_ASIDE.split(text, maxsplit=1)[0])
    if head in names:
        return names[head]
    for name, field in sorted(names.items(), key=lambda item: -len(item[0])):
        first_word = name in _OPENING_WORDS and len(folded.split()) <= _SHORT_HEADING
        if (len(name.split()) >= _PREFIX_WORDS or first_word) and folded.startswith(name + " "):
            return field
    close = difflib.get_close_matches(head or folded, list(names), n=1, cutoff=0.88)
    return names[close[0]] if close else None
