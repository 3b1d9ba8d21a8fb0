"""Run an experiment: one implementation for serial, process-pool and Dask execution.

:func:`run_experiment` expands the design, skips runs already in the folder (resume),
bundles the rest into chunks of at least ~100 ms, dispatches them to a backend with a
bounded number in flight, and streams each finished chunk to Parquet parts, so memory
stays flat however many runs there are. A run that raises is a ``failed`` row; a
chunk whose worker died is retried run by run, in isolation, then marked failed.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from collabsim.errors import ExperimentError, ResultsError, did_you_mean
from collabsim.experiment.analytic import AnalyticModel
from collabsim.experiment.spec import (
    ExperimentSpec,
    expand_design,
    experiment_hash,
    load_experiment,
)
from collabsim.model.run import run_scenario
from collabsim.results import ledger
from collabsim.results.lock import LOCK_FILE, check_unlocked, writer_lock
from collabsim.results.manifest import MANIFEST, build_manifest, read_manifest
from collabsim.results.tables import OPTIONAL_TABLES, RUNS
from collabsim.scenario.scenario import Scenario, load_scenario, with_overrides
from collabsim.sweep.chunks import (
    ChunkJob,
    Keep,
    Runner,
    RunTask,
    kept_frames,
    run_task,
)
from collabsim.sweep.dispatch import Chunk, PartWriter, SweepProgress, dispatch
from collabsim.sweep.executors import Backend, ProcessBackend

__all__ = [
    "SweepOptions",
    "choose_chunk_size",
    "SweepProgress",
    "SweepSummary",
    "resume_sweep",
    "run_experiment",
]

log = logging.getLogger(__name__)

#: Chunks run at least this long, so scheduling overhead stays well under 1 ms/run.
MIN_TASK_SECONDS = 0.1
#: ...and at most about this long, so results reach disk (and the ledger) often.
MAX_TASK_SECONDS = 2.0
#: Runs tried in-process before a sweep starts, until one succeeds.
PROBES = 5


@dataclass(frozen=True, slots=True)
class SweepOptions:
    """How to run a sweep (none of these change its results).

    Attributes:
        chunk_size: Runs per task; None sizes chunks from a timed first run.
        runner: Function that runs one scenario (``run_scenario``; tests swap it).
        progress: Called with a :class:`SweepProgress` after each chunk.
        command: Command line recorded in the manifest.
    """

    chunk_size: int | None = None
    runner: Runner = run_scenario
    progress: Callable[[SweepProgress], None] | None = None
    command: Sequence[str] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class SweepSummary:
    """Counts after a sweep session."""

    out: Path
    planned: int
    completed: int
    ok: int
    failed: int
    session_runs: int
    wall_seconds: float


def _check_folder(
    out: Path, spec: ExperimentSpec, *, resume: bool
) -> dict[str, Any] | None:
    if not out.exists() or not any(p.name != LOCK_FILE for p in out.iterdir()):
        return None
    if not resume:
        msg = f"{out}: folder exists and is not empty (pass --resume to continue it)"
        raise ResultsError(msg)
    if not (out / MANIFEST).is_file():
        msg = f"{out}: not a sweep folder (no {MANIFEST}); cannot resume"
        raise ResultsError(msg)
    manifest = read_manifest(out)
    old = manifest.get("experiment", {}).get("sha256")
    if old != experiment_hash(spec):
        msg = (
            f"{out}: the experiment (or its scenario) changed since this sweep "
            f"started (sha256 {str(old)[:12]}… vs {experiment_hash(spec)[:12]}…); "
            "refusing to mix results: sweep into a new folder"
        )
        raise ExperimentError(msg)
    return manifest


def _keep(spec: ExperimentSpec, outcomes: Sequence[str]) -> Keep:
    return Keep(
        outcomes=tuple(outcomes),
        steps=spec.steps.keep,
        every=spec.steps.every,
        metrics=spec.steps.metrics,
        tables=spec.tables,
    )


def _base(spec: ExperimentSpec) -> Scenario | AnalyticModel:
    if spec.model is not None:  # a built-in analytic test model (issue 6)
        return spec.model
    if spec.scenario is None:
        msg = f"experiment {spec.name!r} names neither a scenario nor a model"
        raise ExperimentError(msg)
    # tables the sweep does not keep are not even collected
    switches = {f"outputs.{name}": name in spec.tables for name in OPTIONAL_TABLES}
    return with_overrides(load_scenario(spec.scenario), switches)


def _task(design: pd.DataFrame, paths: list[str], position: int) -> RunTask:
    row = design.iloc[position]
    overrides = {
        path: row[path].item() if hasattr(row[path], "item") else row[path]
        for path in paths
    }
    return RunTask(
        run_id=str(row["run_id"]), seed=int(row["seed"]), overrides=overrides
    )


def _unknown(names: Sequence[str], known: Sequence[str], what: str) -> None:
    for name in names:
        if name not in known:
            msg = f"unknown {what} {name!r}{did_you_mean(name, known)}"
            raise ExperimentError(msg)


def _preflight(
    spec: ExperimentSpec, probe: ChunkJob, stored: list[str] | None
) -> tuple[list[str], dict[str, pa.Schema], float]:
    """Run a first task in-process: check names, fix schemas, time a run.

    This also compiles the engine's cores once (Numba) before any worker starts.

    Failed runs are skipped (up to ``PROBES``): a failing region of the design is
    data, not a reason to refuse the sweep.
    """
    start = time.perf_counter()
    errors = []
    for task in probe.tasks:
        row, _, result = run_task(probe, task)
        if result is not None:
            break
        errors.append(str(row["error"]))
    else:
        if not spec.outcomes and stored is None:
            msg = f"the first {len(errors)} runs all failed; first error: {errors[0]}"
            raise ExperimentError(msg)
        return list(stored or spec.outcomes), {}, time.perf_counter() - start
    # time a second run of the same task: the first may include compiling the
    # engine (which also fills the on-disk cache the workers then load)
    start = time.perf_counter()
    run_task(probe, task)
    seconds = time.perf_counter() - start
    available = sorted(result.outcomes)
    _unknown(spec.outcomes, available, "outcome")
    _unknown(spec.steps.metrics, [str(c) for c in result.steps.columns], "step metric")
    outcomes = stored if stored is not None else list(spec.outcomes or available)
    frames = kept_frames(result, _keep(spec, outcomes))
    return outcomes, {name: _schema_of(f) for name, f in frames.items()}, seconds


def _schema_of(frame: pd.DataFrame) -> pa.Schema:
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    # an all-missing column (e.g. no event targets yet) is stored as text
    return pa.schema(
        [f.with_type(pa.string()) if pa.types.is_null(f.type) else f for f in schema]
    )


def choose_chunk_size(
    options: SweepOptions, seconds: float, n_pending: int, workers: int
) -> int:
    """Runs per chunk: ``options.chunk_size``, else sized from one run's ``seconds``.

    A chunk takes at least ``MIN_TASK_SECONDS`` and at most about
    ``MAX_TASK_SECONDS``; within that, about four chunks per worker.
    """
    if options.chunk_size is not None:
        return max(1, options.chunk_size)
    low = math.ceil(MIN_TASK_SECONDS / max(seconds, 1e-6))
    high = max(low, math.floor(MAX_TASK_SECONDS / max(seconds, 1e-6)))
    balanced = math.ceil(n_pending / (4 * workers))
    return min(max(balanced, low), high)


def _chunks(pending: list[int], size: int) -> Iterator[Chunk]:
    for i in range(0, len(pending), size):
        yield Chunk(tuple(pending[i : i + size]))


@dataclass(frozen=True, slots=True)
class _Plan:
    spec: ExperimentSpec
    out: Path
    design: pd.DataFrame
    pending: list[int]
    manifest: dict[str, Any] | None


def run_experiment(
    spec: ExperimentSpec,
    out: Path | str,
    *,
    backend: Backend | None = None,
    options: SweepOptions | None = None,
    resume: bool = False,
) -> SweepSummary:
    """Run every planned run of ``spec`` not yet in ``out``; stream results to Parquet.

    Args:
        spec: The experiment (see :func:`collabsim.experiment.spec.load_experiment`).
        out: The sweep folder; created if absent.
        backend: Where chunks run; default a process pool on all usable cores.
        options: Chunking, runner, progress callback and command for the manifest.
        resume: Continue a sweep already in ``out`` (refused if the experiment or its
            scenario changed since it started).

    Returns:
        Counts of planned, completed, ok and failed runs.

    Raises:
        ResultsError: If ``out`` holds something other than this sweep, or another
            process is writing to it (one writer per folder:
            :mod:`collabsim.results.lock`).
        ExperimentError: If an outcome or step metric is unknown, or resuming with a
            changed experiment.
    """
    folder = Path(out)
    opts = options if options is not None else SweepOptions()
    check_unlocked(folder)
    _check_folder(folder, spec, resume=resume)  # refuse before creating anything
    design = expand_design(spec)
    folder.mkdir(parents=True, exist_ok=True)
    with writer_lock(folder, tuple(opts.command)):
        manifest = _check_folder(folder, spec, resume=resume)
        ledger.tidy_folder(folder)
        done_ids = ledger.done_run_ids(folder)
        pending = [i for i, rid in enumerate(design["run_id"]) if rid not in done_ids]
        plan = _Plan(spec, folder, design, pending, manifest)
        if backend is not None:
            return _run(plan, backend, opts)
        with ProcessBackend() as pool:
            return _run(plan, pool, opts)


def _prepare(
    plan: _Plan, backend: Backend, opts: SweepOptions
) -> tuple[list[str], dict[str, pa.Schema], int, dict[str, Any]]:
    """Preflight, size chunks, and write the manifest and design of a new sweep."""
    spec, manifest = plan.spec, plan.manifest
    stored = list(manifest["outcomes"]) if manifest else None
    outcomes, chunk_size = stored or [], 0
    schemas: dict[str, pa.Schema] = {}
    if plan.pending:
        tasks = tuple(
            _task(plan.design, spec.factor_paths, p) for p in plan.pending[:PROBES]
        )
        probe = ChunkJob(_base(spec), tasks, _keep(spec, ()), opts.runner)
        outcomes, schemas, seconds = _preflight(spec, probe, stored)
        chunk_size = choose_chunk_size(
            opts, seconds, len(plan.pending), backend.workers
        )
    schemas[RUNS] = ledger.runs_schema(plan.design, outcomes)
    if manifest is None:
        manifest = ledger.start_manifest(spec, plan.design, outcomes, opts.command)
        ledger.write_design(plan.out, plan.design)
    ledger.replace_manifest(plan.out, {**manifest, "status": "running"})
    return outcomes, schemas, chunk_size, manifest


def _run(plan: _Plan, backend: Backend, opts: SweepOptions) -> SweepSummary:
    started = time.perf_counter()
    outcomes, schemas, chunk_size, manifest = _prepare(plan, backend, opts)
    counts = ledger.status_counts(plan.out)
    writer = PartWriter(
        out=plan.out,
        design=plan.design,
        schemas=schemas,
        part=ledger.next_part(plan.out),
        done=counts["completed"],
        failed=counts["failed"],
        progress=opts.progress,
    )
    base, paths, keep = (
        _base(plan.spec),
        plan.spec.factor_paths,
        _keep(plan.spec, outcomes),
    )

    def make_job(chunk: Chunk) -> ChunkJob:
        tasks = tuple(_task(plan.design, paths, p) for p in chunk.positions)
        return ChunkJob(base, tasks, keep, opts.runner)

    dispatch(writer, backend, make_job, _chunks(plan.pending, chunk_size or 1))
    wall = time.perf_counter() - started
    final = ledger.status_counts(plan.out)
    record = ledger.session_record(
        backend.name,
        backend.workers,
        chunk_size,
        writer.session_runs,
        wall,
        writer.compute_seconds,
    )
    status = pd.DataFrame(
        {"status": ["ok"] * final["ok"] + ["failed"] * final["failed"]}
    )
    extra = {key: manifest[key] for key in ledger.CARRIED if key in manifest}
    finished = build_manifest(
        "sweep",
        status,
        command=manifest.get("command", []),
        started_at=manifest["started_at"],
        planned=len(plan.design),
        extra={**extra, "sessions": [*manifest.get("sessions", []), record]},
    )
    ledger.replace_manifest(plan.out, finished)
    return SweepSummary(
        out=plan.out,
        planned=len(plan.design),
        completed=final["completed"],
        ok=final["ok"],
        failed=final["failed"],
        session_runs=writer.session_runs,
        wall_seconds=wall,
    )


def resume_sweep(
    out: Path | str,
    *,
    backend: Backend | None = None,
    options: SweepOptions | None = None,
) -> SweepSummary:
    """Resume the sweep in ``out`` from the experiment file named in its manifest.

    Raises:
        ResultsError: If ``out`` is not a sweep folder.
        ExperimentError: If the experiment file is gone or has changed.
    """
    manifest = read_manifest(out)
    source = manifest.get("experiment", {}).get("file")
    if manifest.get("kind") != "sweep" or not source:
        msg = f"{out}: not a sweep folder (manifest has no experiment file)"
        raise ResultsError(msg)
    spec = load_experiment(source)
    return run_experiment(spec, out, backend=backend, options=options, resume=True)
