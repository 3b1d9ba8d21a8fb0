"""Tidy result tables of runs: one table per observational unit, keyed by ``run_id``.

Parameters live only in ``runs``, by dotted path (house style §B.5). ``collabsim
run``, ``compare`` and the sweep all build their tables here, and every table of a
results folder is named by a constant of this module (the stem of its Parquet file
or folder of parts), whichever layer writes or reads it.
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
    "ACTIVE_MECHANISMS",
    "CART_IMPORTANCE",
    "CART_LEAVES",
    "CONFIGURATIONS",
    "DAMOUR",
    "DIFFERENCES",
    "EVENTS",
    "INDICES",
    "OPTIONAL_TABLES",
    "ORGANISATIONS",
    "PER_RUN_TABLES",
    "PRIM_BOX",
    "PRIM_TRAJECTORY",
    "RANKING",
    "RUNS",
    "STEPS",
    "TABLES",
    "TIES",
    "FailedRun",
    "error_text",
    "failed_row",
    "parameter_values",
    "results_tables",
    "runs_row",
]

log = logging.getLogger(__name__)

# --- table names (house style §B.5) ------------------------------------------------
#: One row per run, ok or failed: the parameters and outcomes (a sweep's ledger).
RUNS = "runs"
#: One row per run and step: the metrics.
STEPS = "steps"
#: One row per run, step and organisation.
ORGANISATIONS = "organisations"
#: One row per run, step and directed tie (thinned).
TIES = "ties"
#: One row per event.
EVENTS = "events"
#: Tables concatenated from the runs' own frames, in writing order.
PER_RUN_TABLES: tuple[str, ...] = (STEPS, ORGANISATIONS, TIES, EVENTS)
#: Per-run tables a sweep writes only when its experiment asks for them.
OPTIONAL_TABLES: tuple[str, ...] = (ORGANISATIONS, TIES, EVENTS)
#: Every table a run or sweep folder may hold.
TABLES: tuple[str, ...] = (RUNS, *PER_RUN_TABLES)

#: ``compare``: one row per configuration (scenario, file, hash, steps).
CONFIGURATIONS = "configurations"
#: ``compare``: the mechanisms each configuration had switched on.
ACTIVE_MECHANISMS = "mechanisms"
#: ``compare``: paired differences from the reference configuration, with CIs.
DIFFERENCES = "differences"
#: ``compare``: D'Amour's indicators per configuration.
DAMOUR = "damour"

#: ``sensitivity``: the tidy indices (also written as CSV).
INDICES = "indices"
#: ``rank``: one row per design point, with ``outcome``.
RANKING = "ranking"
#: ``discover``: the PRIM peeling trajectory, the chosen box, the CART leaves and
#: the CART feature importances.
PRIM_TRAJECTORY = "prim_trajectory"
PRIM_BOX = "prim_box"
CART_LEAVES = "cart_leaves"
CART_IMPORTANCE = "cart_importance"


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
    tables = {RUNS: pd.DataFrame.from_records([runs_row(spec, r) for r in results])}
    done = [r for r in results if not isinstance(r, FailedRun)]
    per_run: dict[str, list[pd.DataFrame]] = {
        STEPS: [r.steps for r in done],
        ORGANISATIONS: [r.organisations for r in done if r.organisations is not None],
        TIES: [r.ties for r in done if r.ties is not None],
        EVENTS: [r.events for r in done],
    }
    for name in PER_RUN_TABLES:
        if per_run[name]:
            tables[name] = _concat(per_run[name])
    return tables
