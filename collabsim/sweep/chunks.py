"""The worker side of a sweep: a chunk of runs in, plain rows and tidy frames out.

A :class:`ChunkJob` carries everything a worker needs as plain, picklable data: the
base scenario, the runs' overrides and seeds, and what to keep of each run. Bundling
runs into chunks keeps scheduling overhead small next to the work of each task.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from collabsim.experiment.analytic import AnalyticModel
from collabsim.model.batched import BatchResult
from collabsim.model.observe import METRICS
from collabsim.model.run import RunResult, run_scenario
from collabsim.results.tables import (
    EVENTS,
    OPTIONAL_TABLES,
    ORGANISATIONS,
    STEPS,
    TIES,
    error_text,
    failed_row,
)
from collabsim.scenario.scenario import Scenario, with_overrides
from collabsim.sweep.analytic_runs import run_analytic

__all__ = [
    "ChunkJob",
    "ChunkOutput",
    "Keep",
    "RunTask",
    "Runner",
    "execute_runs",
    "kept_frames",
    "lean_metrics",
    "lean_outputs",
    "run_task",
    "thinned_steps",
]

#: Runs one scenario: ``runner(spec, seed=..., run_id=...)``; must be picklable.
Runner = Callable[..., RunResult]


@dataclass(frozen=True, slots=True)
class RunTask:
    """One run: its id, seed and the factor values that override the scenario."""

    run_id: str
    seed: int
    overrides: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Keep:
    """What to keep of each run.

    Attributes:
        outcomes: Outcome names for the ``runs`` table.
        steps: Whether to keep the steps table at all.
        every: Keep steps whose number is a multiple of this.
        metrics: Step metrics to keep; empty keeps all.
        tables: Optional tables to keep (``organisations``, ``ties``, ``events``).
    """

    outcomes: tuple[str, ...]
    steps: bool = True
    every: int = 1
    metrics: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChunkJob:
    """A bundle of runs of one base scenario, executed by one worker call.

    ``base`` is an :class:`AnalyticModel` for the built-in analytic test models,
    whose runs the runner of :mod:`collabsim.sweep.analytic_runs` evaluates.
    """

    base: Scenario | AnalyticModel
    tasks: tuple[RunTask, ...]
    keep: Keep
    runner: Runner = run_scenario


@dataclass(frozen=True, slots=True)
class ChunkOutput:
    """What a worker returns: one row per run and the kept per-run frames.

    Attributes:
        rows: ``{"run_id", "status", "error", <outcomes>}`` per run.
        frames: Table name to the chunk's concatenated frame (may be absent).
        seconds: Time spent running the chunk.
    """

    rows: list[dict[str, Any]]
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    seconds: float = 0.0


def thinned_steps(steps: pd.DataFrame, keep: Keep) -> pd.DataFrame:
    """The steps and metrics of ``steps`` that ``keep`` asks for."""
    if keep.every == 1 and not keep.metrics:
        return steps  # nothing to thin: pandas indexing costs ~5 ms a run
    columns = ["run_id", "step", *keep.metrics] if keep.metrics else list(steps.columns)
    rows = steps["step"] % keep.every == 0
    return steps.loc[rows, columns]


def kept_frames(result: RunResult | BatchResult, keep: Keep) -> dict[str, pd.DataFrame]:
    """Return the frames of ``result`` (one run, or a batch) that ``keep`` asks for."""
    frames: dict[str, pd.DataFrame] = {}
    if keep.steps:
        frames[STEPS] = thinned_steps(result.steps, keep)
    optional = {
        ORGANISATIONS: result.organisations,
        TIES: result.ties,
        EVENTS: result.events,
    }
    for name in keep.tables:
        if (frame := optional[name]) is not None:
            frames[name] = frame
    return frames


_SUFFIXES = ("_final", "_time_mean")


def lean_metrics(keep: Keep) -> tuple[str, ...] | None:
    """Step metrics a run must observe for ``keep``; None: all (or unsure)."""
    if not keep.outcomes or (keep.steps and not keep.metrics):
        return None
    names = set(keep.metrics if keep.steps else ())
    for outcome in keep.outcomes:
        base = next(
            (outcome.removesuffix(s) for s in _SUFFIXES if outcome.endswith(s)), ""
        )
        names.add(base)
    if not names <= METRICS.keys():
        return None  # an unknown name: a full run reports it as it always did
    return tuple(names)


def lean_outputs(keep: Keep) -> dict[str, bool]:
    """Optional tables a lean run records: only those ``keep`` writes out.

    Recording changes no model value (no draw, no state), only what is tabulated.
    """
    return {f"outputs.{name}": name in keep.tables for name in OPTIONAL_TABLES}


def run_task(
    job: ChunkJob, task: RunTask
) -> tuple[dict[str, Any], dict[str, pd.DataFrame], RunResult | None]:
    """Run one task; return its ``runs`` row, kept frames and result (None: failed)."""
    try:
        if isinstance(job.base, AnalyticModel):
            result = run_analytic(
                job.base, task.overrides, seed=task.seed, run_id=task.run_id
            )
        else:
            metrics = lean_metrics(job.keep) if job.runner is run_scenario else None
            if metrics is None:
                spec = with_overrides(job.base, task.overrides)
                result = job.runner(spec, seed=task.seed, run_id=task.run_id)
            else:  # observe only what is kept: same values, less work per step
                spec = with_overrides(
                    job.base, {**task.overrides, **lean_outputs(job.keep)}
                )
                result = run_scenario(
                    spec, seed=task.seed, run_id=task.run_id, metrics=metrics
                )
        outcomes = {name: float(result.outcomes[name]) for name in job.keep.outcomes}
        frames = kept_frames(result, job.keep)
    except Exception as exc:  # noqa: BLE001 - a failed run is data, not a crash
        return failed_row(task.run_id, error_text(exc)), {}, None
    row = {"run_id": task.run_id, "status": "ok", "error": None, **outcomes}
    return row, frames, result


def execute_runs(job: ChunkJob) -> ChunkOutput:
    """Run every task of ``job`` one by one; a run that raises is a ``failed`` row.

    The per-run engine (the Mesa model): for custom runners and analytic models, and
    for the runs of a batch that failed as a whole
    (:func:`collabsim.sweep.batches.execute_chunk`).
    """
    start = time.perf_counter()
    rows: list[dict[str, Any]] = []
    collected: dict[str, list[pd.DataFrame]] = {}
    for task in job.tasks:
        row, frames, _ = run_task(job, task)
        rows.append(row)
        for name, frame in frames.items():
            collected.setdefault(name, []).append(frame)
    merged = {
        name: pd.concat(parts, ignore_index=True) for name, parts in collected.items()
    }
    return ChunkOutput(rows=rows, frames=merged, seconds=time.perf_counter() - start)
