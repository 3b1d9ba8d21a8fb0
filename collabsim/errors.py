"""One exception hierarchy for everything collabsim raises on bad input or state.

Also the one "did you mean" hint that messages about an unknown name end with.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "CollabsimError",
    "ExperimentError",
    "ResultsError",
    "ScenarioError",
    "did_you_mean",
]


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """Return ``" (did you mean 'x'?)"`` naming the closest of ``choices``, or ``""``.

    Args:
        word: The unknown name as given.
        choices: The names that exist.
        cutoff: Least :class:`difflib.SequenceMatcher` ratio for a suggestion.
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" (did you mean {close[0]!r}?)" if close else ""


class CollabsimError(Exception):
    """Base class of all collabsim errors; the CLI turns these into exit code 2."""


class ScenarioError(CollabsimError, ValueError):
    """A scenario file or override is invalid.

    Args:
        message: What is wrong, naming the field path.
        source: The file the problem was found in, if any.
    """

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(f"{prefix}{message}")


class ExperimentError(CollabsimError, ValueError):
    """An experiment file or design is invalid."""


class ResultsError(CollabsimError):
    """A results directory or table is missing, inconsistent or unusable."""
