"""Tidy result tables, Parquet files, provenance manifests and safe output folders.

One table per observational unit, keyed by ``run_id`` (house style §B.5); parameters
live only in ``runs``, by dotted path. ``collabsim run`` and the sweep share
:func:`write_table`, :func:`provenance`, :func:`build_manifest` and
:func:`atomic_output`, which never leaves a half-written results folder behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import platform
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from collabsim.rules.engine import ENGINE
from collabsim.errors import ResultsError
from collabsim.scenario.params import parameter_table
from collabsim.scenario.scenario import Scenario

if TYPE_CHECKING:
    from collabsim.model.run import RunResult

__all__ = [
    "MANIFEST",
    "PER_RUN_TABLES",
    "TABLES",
    "FailedRun",
    "atomic_output",
    "build_manifest",
    "file_sha256",
    "parameter_values",
    "provenance",
    "read_manifest",
    "read_table",
    "results_tables",
    "runs_row",
    "scenario_record",
    "utc_now",
    "write_manifest",
    "write_table",
    "write_tables",
]

log = logging.getLogger(__name__)

#: Name of the provenance file written beside the tables.
MANIFEST = "manifest.json"
#: Tables concatenated from the runs' own frames, in writing order.
PER_RUN_TABLES: tuple[str, ...] = ("steps", "organisations", "ties", "events")
#: Every table a results folder may hold.
TABLES: tuple[str, ...] = ("runs", *PER_RUN_TABLES)
#: Distributions whose versions are recorded in every manifest.
_CORE = ("collabsim", "mesa", "numpy", "pandas", "pyarrow", "SALib", "scipy")
_PACKAGES = (*_CORE, "networkx", "pydantic", "matplotlib", "seaborn", "numba")


@dataclass(frozen=True, slots=True)
class FailedRun:
    """A run that raised instead of returning tables: kept as data, not dropped.

    Attributes:
        run_id: Identifier the run would have had.
        seed: Its seed, so the failure can be reproduced.
        error: The exception as text (``repr``).
    """

    run_id: str
    seed: int
    error: str


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


def write_table(frame: pd.DataFrame, path: Path | str) -> Path:
    """Write ``frame`` as zstd Parquet (no index); ``path`` appears only when complete.

    Readable by pandas, pyarrow, polars, DuckDB and R's arrow. Returns the path.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    partial = target.with_name(f".{target.name}.partial")
    pq.write_table(table, partial, compression="zstd")
    partial.replace(target)
    return target


def write_tables(
    tables: Mapping[str, pd.DataFrame], directory: Path | str
) -> list[Path]:
    """Write each table as ``<directory>/<name>.parquet``; return the paths."""
    return [
        write_table(frame, Path(directory) / f"{name}.parquet")
        for name, frame in tables.items()
    ]


def read_table(directory: Path | str, name: str) -> pd.DataFrame:
    """Read table ``name`` from a results folder: one file or a folder of parts.

    Accepts ``<name>.parquet`` (written by ``collabsim run``) or ``<name>/`` holding
    ``part-*.parquet`` files (written by a sweep).

    Raises:
        ResultsError: If the table is absent or unreadable.
    """
    root = Path(directory)
    single, parts = root / f"{name}.parquet", root / name
    if single.is_file():
        source = single
    elif parts.is_dir() and any(parts.glob("*.parquet")):
        source = parts
    else:
        msg = f"{root}: no {name!r} table ({single.name} or {name}/part-*.parquet)"
        raise ResultsError(msg)
    try:
        frame: pd.DataFrame = pq.read_table(source).to_pandas()
    except (OSError, pa.ArrowException) as exc:
        msg = f"{source}: cannot read Parquet ({exc})"
        raise ResultsError(msg) from exc
    return frame


def file_sha256(path: Path | str) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def scenario_record(path: Path | str | None, spec: Scenario) -> dict[str, Any]:
    """Return the manifest's scenario entry: file, its SHA-256, resolved content."""
    record: dict[str, Any] = {"file": None, "sha256": None}
    if path is not None:
        record = {"file": str(path), "sha256": file_sha256(path)}
    return {**record, "name": spec.name, "resolved": spec.model_dump(mode="json")}


def utc_now() -> str:
    """Return the current UTC time in ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    command = [git, "-C", str(Path(__file__).resolve().parent), *args]
    try:
        # fixed argument list, no shell: only this package's own repository is read
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def _git_state() -> dict[str, Any]:
    """Return ``{"commit", "dirty"}`` of the collabsim source tree (None if unknown)."""
    commit = _git("rev-parse", "HEAD")
    if not commit:
        return {"commit": None, "dirty": None}
    status = _git("status", "--porcelain", "--untracked-files=no")
    return {"commit": commit, "dirty": None if status is None else bool(status)}


def provenance() -> dict[str, Any]:
    """Return what produced a result: package versions, Python, platform, host, git.

    Versions come from ``importlib.metadata``; ``None`` marks an absent package.
    ``engine``: ``numba`` or ``numpy`` (:mod:`collabsim.rules.engine`; same trajectories).
    """
    versions = {package: _version(package) for package in _PACKAGES}
    return {
        "engine": ENGINE,
        "versions": {**versions, "python": platform.python_version()},
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "host": socket.gethostname(),
        "git": _git_state(),
    }


def build_manifest(
    kind: str,
    runs: pd.DataFrame,
    *,
    command: Sequence[str],
    started_at: str,
    planned: int,
    extra: Mapping[str, Any],
) -> dict[str, Any]:
    """Assemble a manifest: what ran, how it went, and provenance.

    Args:
        kind: What produced the folder, e.g. ``"run"`` or ``"sweep"``.
        runs: The ``runs`` table (for counts and status).
        command: The command line, e.g. ``sys.argv``.
        started_at: UTC start time from :func:`utc_now`.
        planned: Number of runs planned.
        extra: Further sections, e.g. ``{"scenario": scenario_record(...)}``.

    Returns:
        A JSON-serialisable dict; ``status`` is "ok", "failed" or "incomplete".
    """
    ok = int((runs["status"] == "ok").sum()) if len(runs) else 0
    counts = {"completed": len(runs), "ok": ok, "failed": len(runs) - ok}
    status = "failed" if counts["failed"] else "ok"
    status = "incomplete" if status == "ok" and len(runs) < planned else status
    return {
        "kind": kind,
        "status": status,
        "command": list(command),
        "started_at": started_at,
        "finished_at": utc_now(),
        "runs": {"planned": planned, **counts},
        **extra,
        "provenance": provenance(),
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item"):
        return value.item()  # numpy scalars
    msg = f"cannot store {type(value).__name__} in a manifest"
    raise TypeError(msg)


def write_manifest(directory: Path | str, manifest: Mapping[str, Any]) -> Path:
    """Write ``manifest.json`` into ``directory``; return its path."""
    path = Path(directory) / MANIFEST
    text = json.dumps(manifest, indent=2, default=_json_default, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read_manifest(directory: Path | str) -> dict[str, Any]:
    """Read ``manifest.json`` from a results folder; ResultsError if missing or bad."""
    path = Path(directory) / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        msg = f"{directory}: not a results folder (no {MANIFEST})"
        raise ResultsError(msg) from exc
    except (OSError, json.JSONDecodeError) as exc:
        msg = f"{path}: unreadable manifest ({exc})"
        raise ResultsError(msg) from exc
    if not isinstance(data, dict):
        raise ResultsError(f"{path}: manifest is not a JSON object")
    return data


def _check_target(target: Path, *, overwrite: bool) -> None:
    if not target.exists():
        return
    if not target.is_dir():
        msg = f"{target}: exists and is not a folder"
        raise ResultsError(msg)
    if any(target.iterdir()) and not overwrite:
        msg = f"{target}: folder exists and is not empty (pass --overwrite to replace)"
        raise ResultsError(msg)


@contextlib.contextmanager
def atomic_output(out: Path | str, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a staging folder beside ``out``; it replaces ``out`` only on success.

    Args:
        out: The results folder to create or replace.
        overwrite: Replace an existing non-empty folder (checked before anything runs).

    Raises:
        ResultsError: If ``out`` is a file, or a non-empty folder without ``overwrite``.
    """
    target = Path(out)
    _check_target(target, overwrite=overwrite)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = _sibling(target, "partial")
    staging.mkdir()  # unlike mkdtemp, mkdir honours the umask (0755, not 0700)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _move_into_place(staging, target)


def _sibling(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:12]}.{tag}")


def _move_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        staging.replace(target)
        return
    # move the old folder aside first, so that a failed move can be undone
    old = _sibling(target, "old")
    target.replace(old)
    try:
        staging.replace(target)
    except OSError:
        old.replace(target)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    log.debug("replaced %s", target)
