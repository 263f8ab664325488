"""Where a problem is, and how it is reported: ``path:line:col: message``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Location(NamedTuple):
    """A 1-based position in a project file (path relative to the project).

    A named tuple: a large explainer holds about a million of them, one per value read.
    """

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    location: Location
    message: str

    def __str__(self) -> str:
        """One line, whatever the path or message hold: line breaks and other control
        characters are shown as escapes."""
        return _one_line(f"{self.location}: {self.message}")


_CONTROL = dict.fromkeys([*range(0x20), 0x7f, *range(0x80, 0xa0), 0x2028, 0x2029])


def _one_line(text: str) -> str:
    if not any(ord(c) in _CONTROL for c in text):
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if ord(c) in _CONTROL else c for c in text)


class ContentError(Exception):
    """One or more problems in the user's content; the build stops before writing."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """The command was called wrongly (bad option, refused output folder...)."""


class OutputError(Exception):
    """The site could not be written (disk full, no permission...); the old one stands."""


class Problems:
    """Collects problems so that every one is reported, not just the first."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, location: Location, message: str) -> None:
        self.items.append(Problem(location, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)
