"""A chunk of a sweep on the batched engine: many runs as one array program.

:func:`execute_chunk` is what a worker runs. A chunk of a scenario sweep with the
default runner goes to the batched engine (:func:`collabsim.model.batched.run_batch`):
its runs are grouped by the factors that change the scenario's structure (each group
gets its scenario once, validated once), and the other factors (rates, levers,
organisation attributes) become per-run arrays, never a scenario per run. A run's
results are identical to the per-run engine's, whatever chunk or batch it falls in.

Anything else (an analytic model, a custom runner) runs run by run; so do the runs of
a group whose batch raised, so that one failing run is a failed row, not a lost chunk.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from collabsim.experiment.analytic import AnalyticModel
from collabsim.model.batched import run_batch
from collabsim.model.overrides import RunValues, split_paths
from collabsim.model.run import run_scenario
from collabsim.scenario.scenario import Scenario, with_overrides
from collabsim.sweep.chunks import (
    ChunkJob,
    ChunkOutput,
    RunTask,
    execute_runs,
    kept_frames,
    lean_metrics,
    lean_outputs,
)

__all__ = ["Route", "execute_chunk", "route"]


@dataclass(frozen=True, slots=True)
class Route:
    """Which engine a sweep's chunks run on, and why (recorded in the manifest)."""

    batched: bool
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """The manifest's record."""
        return {"batched": self.batched, "reason": self.reason}


def route(job: ChunkJob) -> Route:
    """The engine for ``job``'s runs: batched unless the sweep needs the per-run one."""
    if isinstance(job.base, AnalyticModel):
        return Route(batched=False, reason="an analytic test model runs run by run")
    if job.runner is not run_scenario:
        return Route(batched=False, reason="a custom runner runs run by run")
    paths = sorted({path for task in job.tasks for path in task.overrides})
    _, structural = split_paths(job.base, paths)
    if structural:
        reason = (
            f"batched; {', '.join(structural)} change the scenario's structure, so "
            "their runs are batched by value"
        )
    else:
        reason = "batched; every factor is a run value (rates, levers, attributes)"
    return Route(batched=True, reason=reason)


def execute_chunk(job: ChunkJob) -> ChunkOutput:
    """Run every task of ``job``; a run that raises becomes a ``failed`` row."""
    if not route(job).batched:
        return execute_runs(job)
    start = time.perf_counter()
    base = job.base
    if not isinstance(base, Scenario):  # pragma: no cover - route() excludes it
        return execute_runs(job)
    # one group per set of factor paths (a facts file's arms differ) and values of
    # the structural ones; every task of a group has the same paths
    splits: dict[tuple[str, ...], list[str]] = {}
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i, task in enumerate(job.tasks):
        paths = tuple(task.overrides)
        if paths not in splits:
            splits[paths] = split_paths(base, paths)[1]
        structural = tuple((p, _hashable(task.overrides[p])) for p in splits[paths])
        groups.setdefault((paths, structural), []).append(i)
    outputs: list[ChunkOutput] = []
    for (paths, _), members in groups.items():
        tasks = [job.tasks[i] for i in members]
        fixed = {p: tasks[0].overrides[p] for p in splits[paths]}
        try:
            outputs.append(_batch(job, fixed, tasks))
        except Exception:  # noqa: BLE001 - isolate the failing run(s), one by one
            outputs.append(execute_runs(ChunkJob(base, tuple(tasks), job.keep)))
    order = {task.run_id: i for i, task in enumerate(job.tasks)}
    return _merged(outputs, order, time.perf_counter() - start)


def _hashable(value: Any) -> Any:
    """``value`` as a dictionary key (lists, as in ``mechanisms.disabled``: tuples)."""
    if isinstance(value, list | tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def _batch(
    job: ChunkJob, structural: dict[str, Any], tasks: Sequence[RunTask]
) -> ChunkOutput:
    """Run ``tasks`` (which share their structural overrides) as one batch."""
    metrics = lean_metrics(job.keep)
    lean = lean_outputs(job.keep) if metrics is not None else {}
    base = job.base
    if not isinstance(base, Scenario):  # pragma: no cover - route() excludes it
        raise TypeError(base)
    spec = with_overrides(base, {**structural, **lean})
    columns = {
        path: [task.overrides[path] for task in tasks]
        for path in tasks[0].overrides
        if path not in structural
    }
    result = run_batch(
        spec,
        [task.seed for task in tasks],
        run_ids=[task.run_id for task in tasks],
        values=RunValues.from_columns(spec, columns),
        metrics=metrics,
    )
    index = {name: j for j, name in enumerate(result.outcome_names)}
    missing = [name for name in job.keep.outcomes if name not in index]
    if missing:  # as the per-run engine reports it, run by run
        raise KeyError(missing[0])
    picked = result.outcomes[:, [index[name] for name in job.keep.outcomes]]
    rows = [
        {"run_id": task.run_id, "status": "ok", "error": None}
        | dict(zip(job.keep.outcomes, values, strict=True))
        for task, values in zip(tasks, picked.tolist(), strict=True)
    ]
    return ChunkOutput(rows=rows, frames=kept_frames(result, job.keep))


def _merged(
    outputs: list[ChunkOutput], order: dict[str, int], seconds: float
) -> ChunkOutput:
    """One output, rows and frame rows in the chunk's task order."""
    rows = sorted(
        (row for out in outputs for row in out.rows), key=lambda r: order[r["run_id"]]
    )
    names = {name for out in outputs for name in out.frames}
    frames = {}
    for name in sorted(names):
        parts = [out.frames[name] for out in outputs if name in out.frames]
        frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        if len(outputs) > 1:
            position = frame["run_id"].map(order).to_numpy()
            frame = frame.iloc[position.argsort(kind="stable")]
        frames[name] = frame.reset_index(drop=True)
    return ChunkOutput(rows=rows, frames=frames, seconds=seconds)
