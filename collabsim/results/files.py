"""Parquet tables on disk and results folders that are never left half-written.

:func:`atomic_output` stages a folder beside its target and moves it into place only
when everything inside has been written.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from collabsim.errors import ResultsError

__all__ = ["atomic_output", "read_table", "write_table", "write_tables"]

log = logging.getLogger(__name__)


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
