"""Load stage helper: how much one YAML file may hold, and the error that stops reading it."""

from __future__ import annotations

MAX_NODES = 100_000
MAX_DEPTH = 32
MAX_TEXT = 2 * 1024 * 1024  # characters of keys and values after aliases: twice the largest file


class Rejected(Exception):
    """Reading stops: the file cannot be turned into data."""

    def __init__(self, line: int, column: int, rule: str, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.rule, self.message = line, column, rule, message


def too_large(where: tuple[int, int]) -> Rejected:
    """The file holds more values than a report could ever need (or expands an alias bomb)."""
    return Rejected(*where, "too-large", f"more than {MAX_NODES:,} values (or an alias bomb): refusing to expand")


def too_much_text(where: tuple[int, int]) -> Rejected:
    """Aliases repeat more text than any report could need: each alias counts the full text it repeats."""
    return Rejected(*where, "too-large", f"more than {MAX_TEXT:,} characters once aliases are expanded: refusing")


def too_deep(where: tuple[int, int]) -> Rejected:
    """The file nests deeper than any incident does (or an alias refers to itself)."""
    return Rejected(*where, "too-deep", f"nested more than {MAX_DEPTH} levels deep (or a recursive alias)")
