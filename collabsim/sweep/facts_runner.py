"""Run a facts plan on the sweep machinery: chunks, dispatch, Parquet parts, ledger.

The runs of a :class:`~collabsim.sweep.facts_plan.FactsPlan` go through the same
chunks, backends (in-process, process pool, Dask), dispatch loop and ledger as a
sweep (:mod:`collabsim.sweep.runner`): all cores by default, a progress callback
after each chunk, one writer per folder, and a folder that resumes after a kill
with identical results. Each run keeps the step metrics the facts read (and the
organisations table where a fact compares organisations).

Layout of a facts folder (beside the sweep's ``runs/``, ``steps/`` and
``organisations/`` parts, ``design.parquet`` and ``manifest.json``):
``configurations.parquet``, ``arms.parquet`` and ``points.parquet``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from collabsim.errors import ResultsError
from collabsim.results import ledger
from collabsim.results.files import write_table
from collabsim.results.lock import LOCK_FILE, check_unlocked, writer_lock
from collabsim.results.manifest import (
    MANIFEST,
    build_manifest,
    provenance,
    read_manifest,
    utc_now,
)
from collabsim.results.tables import ORGANISATIONS
from collabsim.scenario.scenario import Scenario, load_scenario
from collabsim.sweep import sizing
from collabsim.sweep.batches import execute_chunk
from collabsim.sweep.chunks import ChunkJob, Keep, RunTask, run_task
from collabsim.sweep.dispatch import Chunk, PartWriter, dispatch
from collabsim.sweep.executors import Backend, ProcessBackend
from collabsim.sweep.facts_plan import FactsPlan, plan_hash, point_values
from collabsim.sweep.runner import SweepOptions, SweepSummary

__all__ = ["ARMS", "CONFIGURATIONS", "KIND", "POINTS", "run_facts", "run_in_process"]

#: The manifest's ``kind`` of a facts folder.
KIND = "facts"
#: Plan tables written when a facts run starts (stems of ``<name>.parquet``).
CONFIGURATIONS = "configurations"
ARMS = "arms"
POINTS = "points"


def _check_folder(out: Path, plan: FactsPlan, *, resume: bool) -> dict[str, Any] | None:
    if not out.exists() or not any(p.name != LOCK_FILE for p in out.iterdir()):
        return None
    if not resume:
        msg = (
            f"{out}: folder exists and is not empty (pass --resume to continue it, "
            "or --overwrite to replace it)"
        )
        raise ResultsError(msg)
    if not (out / MANIFEST).is_file():
        msg = f"{out}: not a facts folder (no {MANIFEST}); cannot resume"
        raise ResultsError(msg)
    manifest = read_manifest(out)
    if manifest.get("kind") != KIND or manifest.get("plan_sha256") != plan_hash(plan):
        msg = (
            f"{out}: holds other runs (another facts file, box, number of seeds or "
            "changed scenarios); refusing to mix results: use a new --out folder"
        )
        raise ResultsError(msg)
    return manifest


@dataclass(frozen=True, slots=True)
class _Jobs:
    """Builds the chunk jobs of a plan: one base scenario and table choice each."""

    plan: FactsPlan
    bases: dict[str, Scenario]
    options: SweepOptions

    @classmethod
    def of(cls, plan: FactsPlan, options: SweepOptions) -> _Jobs:
        files = sorted(set(plan.configurations["scenario"]))
        return cls(plan, {f: load_scenario(f) for f in files}, options)

    def _row(self, position: int) -> pd.Series:
        config = int(self.plan.design["configuration"].iloc[position])
        return self.plan.configurations.iloc[config]

    def group(self, position: int) -> tuple[str, bool]:
        """Positions of one group can share a chunk: scenario, organisations table."""
        row = self._row(position)
        return str(row["scenario"]), bool(row["organisations"])

    def task(self, position: int) -> RunTask:
        """The run at ``position`` of the design: point values, then the arm's."""
        run = self.plan.design.iloc[position]
        overrides = {
            **point_values(self.plan.points, int(run["design_index"])),
            **json.loads(str(self._row(position)["overrides"])),
        }
        return RunTask(str(run["run_id"]), int(run["seed"]), overrides)

    def job(self, positions: tuple[int, ...]) -> ChunkJob:
        """A chunk job; all ``positions`` share :meth:`group`."""
        scenario, organisations = self.group(positions[0])
        keep = Keep(
            outcomes=tuple(f"{m}_final" for m in self.plan.metrics),
            metrics=self.plan.metrics,
            tables=(ORGANISATIONS,) if organisations else (),
        )
        tasks = tuple(self.task(p) for p in positions)
        return ChunkJob(self.bases[scenario], tasks, keep, self.options.runner)


def run_in_process(plan: FactsPlan, points: set[int]) -> dict[str, pd.DataFrame]:
    """Run the runs of ``plan`` at ``points`` here and now, with nothing on disk.

    For callers that evaluate many small plans (one ABC particle each), where a
    folder and a pool per plan would cost more than the runs.

    Returns:
        ``runs`` (the design rows run, with ``status``), ``steps`` and, where a
        fact compares organisations, ``organisations``.
    """
    jobs = _Jobs.of(plan, SweepOptions())
    positions = [
        i for i, point in enumerate(plan.design["design_index"]) if point in points
    ]
    groups: dict[tuple[str, bool], list[int]] = {}
    for position in positions:
        groups.setdefault(jobs.group(position), []).append(position)
    frames: dict[str, list[pd.DataFrame]] = {}
    statuses: dict[str, str] = {}
    for members in groups.values():  # one batch per group (the batched engine)
        output = execute_chunk(jobs.job(tuple(members)))
        statuses.update({row["run_id"]: row["status"] for row in output.rows})
        for name, frame in output.frames.items():
            frames.setdefault(name, []).append(frame)
    tables = {
        name: pd.concat(parts, ignore_index=True) for name, parts in frames.items()
    }
    ids = plan.design["run_id"].iloc[positions].astype(str)
    status = [statuses[run_id] for run_id in ids]
    tables["runs"] = plan.design.iloc[positions].assign(status=status)
    return tables


def _chunks(jobs: _Jobs, pending: list[int], size: int) -> Iterator[Chunk]:
    groups: dict[tuple[str, bool], list[int]] = {}
    for position in pending:
        groups.setdefault(jobs.group(position), []).append(position)
    for positions in groups.values():
        for i in range(0, len(positions), size):
            yield Chunk(tuple(positions[i : i + size]))


def _timed_probe(jobs: _Jobs, pending: list[int]) -> float:
    """Seconds per run of a small batch, timed in-process before workers start.

    One run first compiles (or loads) the engine; then a batch of up to
    ``sizing.BATCH_PROBE`` runs of the first group is timed, as a sweep sizes its
    chunks. A run that fails here is data like any other (it fails again in its
    chunk).
    """
    first = jobs.job((pending[0],))
    run_task(first, first.tasks[0])  # compile or load the engine
    group = jobs.group(pending[0])
    probe: list[int] = []
    for position in pending:
        if len(probe) == sizing.BATCH_PROBE:
            break
        if jobs.group(position) == group:
            probe.append(position)
    return sizing.batch_seconds(jobs.job(tuple(probe)))


def _write_plan(plan: FactsPlan, out: Path) -> None:
    """Write the plan's tables (again on resume: they follow from the same plan)."""
    ledger.write_design(out, plan.design)
    write_table(plan.configurations, out / f"{CONFIGURATIONS}.parquet")
    write_table(plan.arms, out / f"{ARMS}.parquet")
    write_table(plan.points, out / f"{POINTS}.parquet")


def _start(plan: FactsPlan, command: list[str]) -> dict[str, Any]:
    spec = plan.spec
    return {
        "kind": KIND,
        "command": command,
        "started_at": utc_now(),
        "plan_sha256": plan_hash(plan),
        "facts": {
            "name": spec.name,
            "file": str(spec.source) if spec.source else None,
            "resolved": spec.model_dump(mode="json"),
        },
        "design": {
            "points": len(plan.points),
            "factors": plan.factor_paths,
            "replicates": plan.seeds,
            "root_seed": spec.seed,
            "planned_runs": len(plan.design),
        },
        "outcomes": [f"{m}_final" for m in plan.metrics],
        "provenance": provenance(),
    }


def run_facts(
    plan: FactsPlan,
    out: Path | str,
    *,
    backend: Backend | None = None,
    options: SweepOptions | None = None,
    resume: bool = False,
) -> SweepSummary:
    """Run every planned run of ``plan`` not yet in ``out``; stream them to Parquet.

    Args:
        plan: The runs (see :func:`collabsim.sweep.facts_plan.plan_facts`).
        out: The facts folder; created if absent.
        backend: Where chunks run; default a process pool on all usable cores.
        options: Chunk size, progress callback and the command for the manifest.
        resume: Continue the runs already in ``out`` (refused if the plan changed).

    Raises:
        ResultsError: If ``out`` holds something else, or another process writes it.
    """
    folder = Path(out)
    opts = options if options is not None else SweepOptions()
    check_unlocked(folder)
    _check_folder(folder, plan, resume=resume)  # refuse before creating anything
    folder.mkdir(parents=True, exist_ok=True)
    with writer_lock(folder, tuple(opts.command)):
        manifest = _check_folder(folder, plan, resume=resume)
        if manifest is None:
            manifest = _start(plan, list(opts.command))
            ledger.replace_manifest(folder, {**manifest, "status": "running"})
        _write_plan(plan, folder)
        ledger.tidy_folder(folder)
        done = ledger.done_run_ids(folder)
        pending = [i for i, rid in enumerate(plan.design["run_id"]) if rid not in done]
        if backend is not None:
            return _run(plan, folder, manifest, pending, backend, opts)
        with ProcessBackend() as pool:
            return _run(plan, folder, manifest, pending, pool, opts)


def _run(
    plan: FactsPlan,
    out: Path,
    manifest: dict[str, Any],
    pending: list[int],
    backend: Backend,
    opts: SweepOptions,
) -> SweepSummary:
    started = time.perf_counter()
    ledger.replace_manifest(out, {**manifest, "status": "running"})
    jobs = _Jobs.of(plan, opts)
    size = 0
    if pending:
        seconds = _timed_probe(jobs, pending)
        caps = [sizing.batch_cap(base) for base in jobs.bases.values()]
        cap = min((c for c in caps if c is not None), default=None)
        size = sizing.chunk_size(
            opts.chunk_size, seconds, len(pending), backend.workers, cap
        )
    counts = ledger.status_counts(out)
    outcomes = [f"{m}_final" for m in plan.metrics]
    writer = PartWriter(
        out=out,
        design=plan.design,
        schemas={"runs": ledger.runs_schema(plan.design, outcomes)},
        part=ledger.next_part(out),
        done=counts["completed"],
        failed=counts["failed"],
        progress=opts.progress,
    )
    dispatch(
        writer,
        backend,
        lambda c: jobs.job(c.positions),
        _chunks(jobs, pending, size or 1),
    )
    wall = time.perf_counter() - started
    final = ledger.status_counts(out)
    record = ledger.session_record(
        backend.name,
        backend.workers,
        size,
        writer.session_runs,
        wall,
        writer.compute_seconds,
    )
    status = pd.DataFrame(
        {"status": ["ok"] * final["ok"] + ["failed"] * final["failed"]}
    )
    keep = ("plan_sha256", "facts", "design", "outcomes")
    finished = build_manifest(
        KIND,
        status,
        command=manifest.get("command", []),
        started_at=manifest["started_at"],
        planned=len(plan.design),
        extra={
            **{k: manifest[k] for k in keep if k in manifest},
            "sessions": [*manifest.get("sessions", []), record],
        },
    )
    ledger.replace_manifest(out, finished)
    return SweepSummary(
        out=out,
        planned=len(plan.design),
        completed=final["completed"],
        ok=final["ok"],
        failed=final["failed"],
        session_runs=writer.session_runs,
        wall_seconds=wall,
    )
