"""Load stage helper: text that was UTF-8 once and got decoded with another codec (``Proc√©dures``)."""

from __future__ import annotations

import re

from postmortem.errors import Level, Problem

MOJIBAKE_CODECS = {"mac_roman": "MACINTOSH", "cp1252": "CP1252", "latin-1": "LATIN1"}
_SUSPICIOUS = frozenset("ÃÂâ√")


def mojibake(path: str, text: str) -> list[Problem]:
    """Warn about words that look like UTF-8 decoded with another codec (``Proc√©dures``), naming the fix.

    Full-line comments are skipped: they never reach a report.
    """
    if not any(char in text for char in _SUSPICIOUS):
        return []  # the usual case, found by four searches in C rather than a look at every line
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not _SUSPICIOUS & set(line) or line.lstrip().startswith("#"):
            continue
        for match in re.finditer(r"\S+", line):
            repaired = _repair(match.group(0))
            if repaired is not None:
                codec, good = repaired
                message = (
                    f"text looks like UTF-8 that was read as {codec} ({match.group(0)!r} should be {good!r}): "
                    f"repair it with: iconv -f UTF-8 -t {codec} {path} > fixed.yaml"
                )
                found.append(Problem(path=path, line=number, column=match.start() + 1, level=Level.WARNING,
                                     rule="mojibake", message=message))  # fmt: skip
                break
    return found


def _repair(word: str) -> tuple[str, str] | None:
    """The codec that *word* was wrongly decoded with, and the word it should be; None when it looks fine."""
    if not _SUSPICIOUS & set(word):
        return None
    for codec, name in MOJIBAKE_CODECS.items():
        try:
            fixed = word.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != word:
            return name, fixed
    return None
