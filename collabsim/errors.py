"""One exception hierarchy for everything collabsim raises on bad input or state.

Also the one "did you mean" hint that messages about an unknown name end with, and
the one check that an optional extra is installed (:func:`require_extra`).
"""

from __future__ import annotations

import difflib
import importlib.util
from collections.abc import Iterable, Mapping

__all__ = [
    "EXTRAS",
    "CollabsimError",
    "ExperimentError",
    "FactsError",
    "MissingExtraError",
    "ResultsError",
    "ScenarioError",
    "did_you_mean",
    "require_extra",
]

#: Optional extras (``pip install 'collabsim[NAME]'``) and the modules each brings.
EXTRAS: Mapping[str, tuple[str, ...]] = {
    "calibrate": ("pyabc",),
    "discovery": ("sklearn", "ema_workbench"),
    "ema": ("ema_workbench",),
    "ui": ("solara", "segno", "psutil"),
    "dask": ("dask", "distributed"),
    "fast": ("numba",),
}


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


class FactsError(CollabsimError, ValueError):
    """A facts file is invalid: one message naming the file, the fact and the field."""


class ResultsError(CollabsimError):
    """A results directory or table is missing, inconsistent or unusable."""


class MissingExtraError(CollabsimError, ImportError):
    """A feature needs an optional extra that is not installed.

    Args:
        extra: The extra's name (a key of :data:`EXTRAS`).
        module: The module that could not be found.
        feature: What needed it, e.g. ``"collabsim discover"``.
    """

    def __init__(self, extra: str, module: str, *, feature: str) -> None:
        self.extra = extra
        super().__init__(
            f"{feature} needs the optional extra {extra!r} ({module} is not "
            f"installed): pip install 'collabsim[{extra}]'",
            name=module,
        )


def require_extra(extra: str, *, feature: str) -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extra`` is installed.

    Only looks the modules up (:func:`importlib.util.find_spec`); imports nothing.

    Raises:
        MissingExtraError: Naming the extra and how to install it.
        KeyError: For an unknown extra name.
    """
    for module in EXTRAS[extra]:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # a parent package is missing or broken
            found = False
        if not found:
            raise MissingExtraError(extra, module, feature=feature)
