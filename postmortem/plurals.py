"""Output boundary helper: the plural form a count takes in a language, by CLDR's rules (Babel), for every output.

Terminal messages, templates and the site's script all choose their words here: a label ``results`` is the
general (``other``) form, and ``results_one``, ``results_few``… beside it are the forms of the other plural
categories of the language, as i18next names them. The site's script gets the language's rules as data
(:func:`rules_data`) and applies them the same way to the counts it shows.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from babel.plural import PluralRule

CATEGORIES = ("zero", "one", "two", "few", "many", "other")


@functools.cache
def _rule(language: str) -> PluralRule:
    """The plural rule of *language* (English when Babel does not know it)."""
    from babel import Locale  # and its locale data: not for a command that counts nothing, such as --help

    try:
        return Locale.parse(language).plural_form
    except (ValueError, LookupError):
        return Locale.parse("en").plural_form


def category(count: float, *, language: str) -> str:
    """The plural category of *count* in *language*: ``one``, ``other``, ``few``… (French says 0 and 1 are one)."""
    return str(_rule(language)(abs(count)))


def label_key(labels: Mapping[str, Any], name: str, count: float, *, language: str) -> str:
    """The key of the form of label *name* that *count* takes: ``name_one`` when *labels* has it, else ``name``."""
    specific = f"{name}_{category(count, language=language)}"
    return specific if isinstance(labels.get(specific), str) else name


def forms(labels: Mapping[str, Any], name: str, *, language: str) -> dict[str, str]:
    """Every form of label *name* that *language* uses, by category, for the site's script to choose from."""
    general = str(labels[name])
    used = sorted(_rule(language).tags | {"other"}, key=CATEGORIES.index)
    return {tag: str(labels.get(f"{name}_{tag}", general)) for tag in used}


def rules_data(language: str) -> list[Any]:
    """The rules of *language* as data (Babel's syntax tree, category first), which the site's script evaluates."""
    return [[tag, _as_lists(tree)] for tag, tree in _rule(language).abstract]


def _as_lists(node: Any) -> Any:
    """A syntax tree of tuples as nested lists (JSON has no tuples)."""
    if isinstance(node, tuple | list):
        return [_as_lists(item) for item in node]
    return node


def counted(count: int, word: str, *, many: str = "") -> str:
    """*count* and an English *word* in the form the count takes: ``1 file``, ``0 files``, ``3 entries``.

    English whole numbers take CLDR's rule ``one: i = 1 and v = 0`` as written here: a summary line then needs
    neither Babel nor its English locale data, which take longer to load than a render with nothing new.
    """
    return f"{count} {word if abs(count) == 1 else many or word + 's'}"
