"""Sources stage helper: the language a source is written in, English or French, told by its most common words."""

from __future__ import annotations

from collections import Counter

from postmortem.sources.vocabulary import fold

_WORDS = {
    "en": frozenset({"the", "and", "was", "were", "to", "of", "for", "with", "not", "is", "on", "at", "by", "we"}),
    "fr": frozenset({"le", "la", "les", "des", "du", "et", "est", "une", "pour", "dans", "pas", "sur", "par", "nous"}),
}
MIN_WORDS = 8  # fewer telling words than this decide nothing
MARGIN = 2  # one language's words must be this many times the other's


def language_of(text: str) -> str | None:
    """``en`` or ``fr`` when the text clearly is, else None."""
    counts = Counter(word for word in fold(text).split() for name, words in _WORDS.items() if word in words)
    found = {name: sum(counts[word] for word in words) for name, words in _WORDS.items()}
    english, french = found["en"], found["fr"]
    if english + french < MIN_WORDS:
        return None
    if french >= MARGIN * english:
        return "fr"
    if english >= MARGIN * french:
        return "en"
    return None
