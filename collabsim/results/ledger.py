"""A sweep's folder: Parquet parts per table, the ledger of runs done, reading back.

Layout of a sweep folder::

    manifest.json            experiment hash, design, executor, timings, provenance
    design.parquet           every planned run: run_id, design_index, ..., factors
    runs/part-000000.parquet one row per finished run (ok or failed)
    steps/part-000000.parquet  ...and organisations/, ties/, events/ when kept

The ``runs`` parts are the ledger. A chunk's parts share one number and its ``runs``
part is written last, each part by an atomic rename, so after a kill at any point
every run is either wholly present or absent. :func:`tidy_folder` removes the
leftovers (partial files, parts of other tables without their ``runs`` part).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from collabsim.errors import ResultsError
from collabsim.experiment.spec import ExperimentSpec, experiment_hash
from collabsim.results.files import read_table
from collabsim.results.manifest import (
    MANIFEST,
    file_sha256,
    provenance,
    utc_now,
    write_manifest,
)
from collabsim.results.tables import PER_RUN_TABLES, RUNS, STEPS, TABLES

__all__ = [
    "CARRIED",
    "DESIGN",
    "done_run_ids",
    "session_record",
    "start_manifest",
    "write_design",
    "next_part",
    "query_sweep",
    "read_sweep",
    "replace_manifest",
    "runs_schema",
    "status_counts",
    "sweep_dataset",
    "tidy_folder",
    "write_part",
]

#: The planned runs, written when a sweep starts.
DESIGN = "design.parquet"
_PART = re.compile(r"^part-(\d{6,})\.parquet$")
_SORT_KEYS = {RUNS: ["run_id"], STEPS: ["run_id", "step"]}
#: Manifest sections written at the start and carried through every session.
CARRIED = ("experiment", "design", "outcomes", "steps")


def _parts(folder: Path) -> dict[int, Path]:
    if not folder.is_dir():
        return {}
    found = {}
    for path in folder.iterdir():
        if match := _PART.match(path.name):
            found[int(match.group(1))] = path
    return found


def tidy_folder(out: Path) -> None:
    """Delete partial files and parts whose chunk has no ``runs`` part."""
    committed = set(_parts(out / RUNS))
    for partial in out.rglob(".*.partial"):
        partial.unlink()
    for table in PER_RUN_TABLES:
        for number, path in _parts(out / table).items():
            if number not in committed:
                path.unlink()


def next_part(out: Path) -> int:
    """Return the next unused part number."""
    return max(_parts(out / RUNS), default=-1) + 1


def _write(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    pq.write_table(table, partial, compression="zstd")
    partial.replace(path)


def write_part(out: Path, number: int, tables: Mapping[str, pa.Table]) -> None:
    """Write one chunk's tables; ``runs`` last, as the chunk's commit record."""
    name = f"part-{number:06d}.parquet"
    for table, data in tables.items():
        if table != RUNS and data.num_rows:
            _write(data, out / table / name)
    _write(tables[RUNS], out / RUNS / name)


def runs_schema(design: pd.DataFrame, outcomes: list[str]) -> pa.Schema:
    """Return the fixed schema of ``runs`` parts, so failed-only parts match."""
    head = pa.Schema.from_pandas(design.iloc[:0], preserve_index=False)
    fields = [
        head.field(name) for name in ("run_id", "design_index", "replicate", "seed")
    ]
    fields += [pa.field("status", pa.string()), pa.field("error", pa.string())]
    fields += [head.field(name) for name in design.columns[4:]]
    fields += [pa.field(name, pa.float64()) for name in outcomes]
    return pa.schema(fields)


def done_run_ids(out: Path) -> set[str]:
    """Return the ``run_id`` of every run already written (ok or failed)."""
    if not _parts(out / RUNS):
        return set()
    column = pq.read_table(out / RUNS, columns=["run_id"]).column("run_id")
    return set(column.to_pylist())


def status_counts(out: Path) -> dict[str, int]:
    """Return ``{"completed", "ok", "failed"}`` from the ``runs`` parts."""
    if not _parts(out / RUNS):
        return {"completed": 0, "ok": 0, "failed": 0}
    status = pq.read_table(out / RUNS, columns=["status"]).column("status")
    ok = sum(1 for value in status.to_pylist() if value == "ok")
    return {"completed": len(status), "ok": ok, "failed": len(status) - ok}


def replace_manifest(out: Path, manifest: Mapping[str, Any]) -> None:
    """Write ``manifest.json`` by an atomic rename, so a kill never truncates it."""
    staging = out / ".manifest.staging"
    staging.mkdir(exist_ok=True)
    write_manifest(staging, manifest)
    (staging / MANIFEST).replace(out / MANIFEST)
    staging.rmdir()


def read_sweep(out: Path | str, table: str = RUNS) -> pd.DataFrame:
    """Read a sweep table into pandas, sorted by ``run_id`` (and ``step``).

    For tables larger than memory use :func:`sweep_dataset` or :func:`query_sweep`.

    Raises:
        ResultsError: If the table is absent or unreadable.
    """
    frame = read_table(out, table)
    keys = [key for key in _SORT_KEYS.get(table, ["run_id"]) if key in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def sweep_dataset(out: Path | str, table: str = RUNS) -> ds.Dataset:
    """Open a sweep table lazily as a pyarrow dataset (scans without loading).

    Raises:
        ResultsError: If the table has no parts.
    """
    folder = Path(out) / table
    if not _parts(folder):
        msg = f"{out}: no {table!r} parts in {folder}"
        raise ResultsError(msg)
    return ds.dataset(sorted(map(str, _parts(folder).values())), format="parquet")


def query_sweep(out: Path | str, sql: str) -> pd.DataFrame:
    """Run DuckDB SQL over a sweep's tables, which appear as views by name.

    Example: ``query_sweep(out, "SELECT status, count(*) FROM runs GROUP BY 1")``.
    DuckDB streams the Parquet parts, so results larger than memory can be summarised.

    Raises:
        ResultsError: If DuckDB is not installed or the query fails.
    """
    try:
        import duckdb
    except ImportError as exc:
        msg = "query_sweep needs DuckDB: pip install duckdb"
        raise ResultsError(msg) from exc
    con = duckdb.connect()
    try:
        for table in TABLES:
            if _parts(Path(out) / table):
                glob = str(Path(out) / table / "part-*.parquet").replace("'", "''")
                # names and paths are ours, not user input; DuckDB cannot bind DDL
                view = f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{glob}')"  # noqa: S608
                con.execute(view)
        return con.execute(sql).df()
    except duckdb.Error as exc:
        msg = f"query failed: {exc}"
        raise ResultsError(msg) from exc
    finally:
        con.close()


def write_design(out: Path, design: pd.DataFrame) -> None:
    """Write the planned runs (the ledger's "planned" part) as ``design.parquet``."""
    _write(pa.Table.from_pandas(design, preserve_index=False), out / DESIGN)


def start_manifest(
    spec: ExperimentSpec,
    design: pd.DataFrame,
    outcomes: list[str],
    command: Sequence[str],
) -> dict[str, Any]:
    """Return the manifest of a new sweep: experiment hash, design, outcomes."""
    files = {"file": str(spec.source) if spec.source else None, "file_sha256": None}
    if spec.source is not None and spec.source.is_file():
        files["file_sha256"] = file_sha256(spec.source)
    return {
        "kind": "sweep",
        "command": list(command),
        "started_at": utc_now(),
        "experiment": {
            "name": spec.name,
            **files,
            "sha256": experiment_hash(spec),
            "scenario": str(spec.scenario) if spec.scenario else None,
            "scenario_sha256": file_sha256(spec.scenario) if spec.scenario else None,
            "resolved": spec.model_dump(mode="json"),
        },
        "design": {
            **spec.design.model_dump(mode="json"),
            "factors": spec.factor_paths,
            "design_points": int(design["design_index"].nunique()),
            "replicates": spec.replicates,
            "root_seed": spec.seed,
            "planned_runs": len(design),
        },
        "outcomes": outcomes,
        "steps": spec.steps.model_dump(mode="json"),
        "provenance": provenance(),
    }


def session_record(
    executor: str,
    workers: int,
    chunk_size: int,
    runs: int,
    wall_seconds: float,
    compute_seconds: float,
) -> dict[str, Any]:
    """Return the manifest entry of one sweep session (one start or resume).

    ``efficiency`` is compute time over wall time x workers (1.0 is perfect);
    ``overhead_ms_per_run`` is the wall time per run beyond the compute time.
    """
    capacity = wall_seconds * workers
    return {
        "finished_at": utc_now(),
        "executor": executor,
        "workers": workers,
        "chunk_size": chunk_size,
        "runs": runs,
        "wall_seconds": round(wall_seconds, 3),
        "compute_seconds": round(compute_seconds, 3),
        "efficiency": round(compute_seconds / capacity, 4) if capacity > 0 else None,
        "overhead_ms_per_run": (
            round(1000 * (capacity - compute_seconds) / runs, 3) if runs else None
        ),
    }
