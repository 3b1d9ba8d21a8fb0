"""Tidy result tables of runs: one table per observational unit, keyed by ``run_id``.

Parameters live only in ``runs``, by dotted path (house style §B.5). ``collabsim
run``, ``compare`` and the sweep all build their tables here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from collabsim.errors import ResultsError
from collabsim.scenario.params import parameter_table
from collabsim.scenario.scenario import Scenario

if TYPE_CHECKING:
    from collabsim.model.run import RunResult

__all__ = [
    "PER_RUN_TABLES",
    "TABLES",
    "FailedRun",
    "error_text",
    "failed_row",
    "parameter_values",
    "results_tables",
    "runs_row",
]

log = logging.getLogger(__name__)

#: Tables concatenated from the runs' own frames, in writing order.
PER_RUN_TABLES: tuple[str, ...] = ("steps", "organisations", "ties", "events")
#: Every table a results folder may hold.
TABLES: tuple[str, ...] = ("runs", *PER_RUN_TABLES)


def error_text(exc: BaseException) -> str:
    """Return how a failed run's exception is recorded: ``"TypeName: message"``."""
    return f"{type(exc).__name__}: {exc}"


def failed_row(run_id: str, error: str) -> dict[str, Any]:
    """Return the ``runs`` columns of a failed run: ``run_id``, ``status``, ``error``.

    A sweep joins this row to the run's design row; ``collabsim run`` and
    ``compare`` record a :class:`FailedRun`, which :func:`runs_row` turns into a row.
    """
    return {"run_id": run_id, "status": "failed", "error": error}


@dataclass(frozen=True, slots=True)
class FailedRun:
    """A run that raised instead of returning tables: kept as data, not dropped.

    Attributes:
        run_id: Identifier the run would have had.
        seed: Its seed, so the failure can be reproduced.
        error: The exception as text (:func:`error_text`).
    """

    run_id: str
    seed: int
    error: str

    @classmethod
    def from_exception(cls, run_id: str, seed: int, exc: BaseException) -> FailedRun:
        """Record the run ``run_id`` (seed ``seed``) that raised ``exc``."""
        return cls(run_id=run_id, seed=seed, error=error_text(exc))


def parameter_values(spec: Scenario) -> dict[str, Any]:
    """Return every parameter of ``spec`` by dotted path (enums as their strings)."""
    return {row.path: row.as_dict()["value"] for row in parameter_table(spec)}


def runs_row(spec: Scenario, result: RunResult | FailedRun) -> dict[str, Any]:
    """Return one ``runs`` row: run_id, seed, status, error, parameters, outcomes.

    Args:
        spec: The scenario the run used (after overrides).
        result: A finished run, or the record of a failed one.
    """
    if isinstance(result, FailedRun):
        status, error, outcomes = "failed", result.error, {}
    else:
        status, error, outcomes = "ok", None, result.outcomes
    head = {"run_id": result.run_id, "seed": result.seed}
    return {
        **head,
        "status": status,
        "error": error,
        **parameter_values(spec),
        **outcomes,
    }


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    # empty frames would make pandas guess dtypes; keep one only to carry the columns
    filled = [frame for frame in frames if not frame.empty]
    if not filled:
        return frames[0].reset_index(drop=True)
    return pd.concat(filled, ignore_index=True)


def results_tables(
    spec: Scenario, results: Sequence[RunResult | FailedRun]
) -> dict[str, pd.DataFrame]:
    """Turn finished (and failed) runs of one scenario into tidy tables.

    Args:
        spec: The scenario every run used.
        results: Runs in order; failed runs appear in ``runs`` only.

    Returns:
        ``{"runs": ..., "steps": ..., ...}``; optional tables only if produced.

    Raises:
        ResultsError: If two results share a ``run_id``.
    """
    ids = [result.run_id for result in results]
    if dupes := sorted({i for i in ids if ids.count(i) > 1}):
        msg = f"duplicate run_id(s) {dupes}"
        raise ResultsError(msg)
    tables = {"runs": pd.DataFrame.from_records([runs_row(spec, r) for r in results])}
    done = [r for r in results if not isinstance(r, FailedRun)]
    per_run: dict[str, list[pd.DataFrame]] = {
        "steps": [r.steps for r in done],
        "organisations": [r.organisations for r in done if r.organisations is not None],
        "ties": [r.ties for r in done if r.ties is not None],
        "events": [r.events for r in done],
    }
    for name in PER_RUN_TABLES:
        if per_run[name]:
            tables[name] = _concat(per_run[name])
    return tables
