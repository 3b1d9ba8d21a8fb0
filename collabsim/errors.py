"""One exception hierarchy for everything collabsim raises on bad input or state."""

from __future__ import annotations

__all__ = [
    "CollabsimError",
    "ExperimentError",
    "ResultsError",
    "ScenarioError",
]


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
