"""The sweep's dispatch loop: bounded chunks in flight, each written as it finishes.

Up to two chunks per worker are in flight, so memory does not grow with the size of
the sweep. A chunk whose worker died is split into single runs that are retried one
at a time (so an innocent run is never blamed for a neighbour's crash); a run that
still kills its worker after the backend's ``crash_retries`` becomes a failed row.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from collabsim.results.ledger import write_part
from collabsim.results.tables import RUNS, failed_row
from collabsim.sweep.batches import execute_chunk
from collabsim.sweep.chunks import ChunkJob, ChunkOutput
from collabsim.sweep.executors import Backend

__all__ = ["Chunk", "PartWriter", "SweepProgress", "dispatch"]


@dataclass(frozen=True, slots=True)
class SweepProgress:
    """Progress after a chunk; ``done`` and ``failed`` include earlier sessions.

    Attributes:
        done: Runs written so far.
        failed: Of which failed.
        total: Runs planned.
        elapsed: Seconds since this session started.
        rate: Runs per second in this session.
        eta: Seconds to go at that rate (``inf`` before the first chunk).
    """

    done: int
    failed: int
    total: int
    elapsed: float
    rate: float
    eta: float


@dataclass(slots=True)
class Chunk:
    """Rows of the design run by one task, and how often they killed a worker."""

    positions: tuple[int, ...]
    crashes: int = 0


@dataclass(slots=True)
class PartWriter:
    """Turns finished chunks into Parquet parts; the only writer of the folder."""

    out: Path
    design: pd.DataFrame
    schemas: dict[str, pa.Schema]
    part: int
    done: int
    failed: int
    progress: Callable[[SweepProgress], None] | None = None
    start: float = field(default_factory=time.perf_counter)
    session_runs: int = 0
    compute_seconds: float = 0.0

    def write(self, chunk: Chunk, output: ChunkOutput) -> None:
        """Write ``output`` (runs joined to their design rows) as the next part."""
        rows = self.design.iloc[list(chunk.positions)]
        results = pd.DataFrame.from_records(output.rows)
        runs = rows.merge(results, on="run_id", how="left", validate="one_to_one")
        schema = self.schemas[RUNS]
        runs = runs.reindex(columns=schema.names)
        tables = {RUNS: pa.Table.from_pandas(runs, schema=schema, preserve_index=False)}
        for name, frame in output.frames.items():
            ref = self.schemas.get(name)
            tables[name] = pa.Table.from_pandas(frame, schema=ref, preserve_index=False)
        write_part(self.out, self.part, tables)
        self.part += 1
        self.done += len(output.rows)
        self.failed += sum(row["status"] != "ok" for row in output.rows)
        self.session_runs += len(output.rows)
        self.compute_seconds += output.seconds
        if self.progress is not None:
            self.progress(self._progress())

    def _progress(self) -> SweepProgress:
        elapsed = time.perf_counter() - self.start
        rate = self.session_runs / elapsed if elapsed > 0 else 0.0
        total = len(self.design)
        eta = (total - self.done) / rate if rate > 0 else math.inf
        return SweepProgress(self.done, self.failed, total, elapsed, rate, eta)

    def crashed(self, chunk: Chunk, exc: BaseException) -> None:
        """Write the runs of ``chunk`` as failed: their worker kept dying."""
        error = (
            f"WorkerCrash: the worker died {chunk.crashes} times on this run ({exc!r})"
        )
        ids = self.design["run_id"].iloc[list(chunk.positions)]
        rows = [failed_row(str(i), error) for i in ids]
        self.write(chunk, ChunkOutput(rows=rows))


class _Dispatcher:
    def __init__(
        self,
        writer: PartWriter,
        backend: Backend,
        make_job: Callable[[Chunk], ChunkJob],
    ) -> None:
        self.writer, self.backend, self.make_job = writer, backend, make_job
        self.suspects: deque[Chunk] = deque()
        self.inflight: dict[Future[ChunkOutput], Chunk] = {}
        self.needs_restart = False

    def _submit(self, chunk: Chunk) -> None:
        future = self.backend.submit(execute_chunk, self.make_job(chunk))
        self.inflight[future] = chunk

    def fill(self, chunks: Iterator[Chunk]) -> None:
        if self.needs_restart:
            if self.inflight:
                return  # let the broken pool's other futures fail first
            self.backend.restart()
            self.needs_restart = False
        if self.suspects:  # a run that crashed a worker runs alone
            if not self.inflight:
                self._submit(self.suspects.popleft())
            return
        window = 2 * self.backend.workers
        while len(self.inflight) < window and (chunk := next(chunks, None)) is not None:
            self._submit(chunk)

    def collect(self) -> None:
        done, _ = wait(self.inflight, return_when=FIRST_COMPLETED)
        for future in done:
            chunk = self.inflight.pop(future)
            exc = future.exception()
            if exc is None:
                self.writer.write(chunk, future.result())
            elif self.backend.is_crash(exc):
                self._crashed(chunk, exc)
            else:
                for other in self.inflight:
                    other.cancel()
                raise exc

    def _crashed(self, chunk: Chunk, exc: BaseException) -> None:
        self.needs_restart = True
        chunk.crashes += 1
        if len(chunk.positions) > 1:
            self.suspects.extend(Chunk((p,)) for p in chunk.positions)
        elif chunk.crashes <= self.backend.crash_retries:
            self.suspects.append(chunk)
        else:
            self.writer.crashed(chunk, exc)


def dispatch(
    writer: PartWriter,
    backend: Backend,
    make_job: Callable[[Chunk], ChunkJob],
    chunks: Iterator[Chunk],
) -> None:
    """Run ``chunks`` on ``backend`` and write each result with ``writer``.

    Raises:
        Exception: Whatever a chunk raised that is not a worker crash (a bug, not a
            failed run); parts written so far stay, so the sweep can be resumed.
    """
    loop = _Dispatcher(writer, backend, make_job)
    while True:
        loop.fill(chunks)
        if not loop.inflight:
            return
        loop.collect()
