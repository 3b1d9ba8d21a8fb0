"""How many runs a sweep's chunk holds: from the measured cost of a run.

A chunk is the unit of work a worker runs and the sweep writes as one Parquet part.
On the batched engine it is also one batch, whose cost per run falls as it grows
(the step's fixed cost is shared): the sweep times a small batch first, and sizes
chunks to run between ``MIN_TASK_SECONDS`` and ``MAX_TASK_SECONDS`` at that cost, so
the real ones, being larger, run faster per run.
"""

from __future__ import annotations

import math
import time

from collabsim.experiment.analytic import AnalyticModel
from collabsim.scenario.scenario import Scenario
from collabsim.sweep.batches import execute_chunk
from collabsim.sweep.chunks import ChunkJob

__all__ = [
    "BATCH_PROBE",
    "MAX_BATCH_TIES",
    "MAX_TASK_SECONDS",
    "MIN_TASK_SECONDS",
    "batch_cap",
    "batch_seconds",
    "chunk_size",
]

#: Chunks run at least this long, so scheduling overhead stays well under 1 ms/run.
MIN_TASK_SECONDS = 0.1
#: ...and at most about this long, so results reach disk (and the ledger) often.
MAX_TASK_SECONDS = 2.0
#: Runs of the batch timed before a batched sweep starts (to size its chunks).
BATCH_PROBE = 16
#: At most this many directed ties in one batch: its arrays stay near 100 MB.
MAX_BATCH_TIES = 250_000


def chunk_size(
    given: int | None, seconds: float, n_pending: int, workers: int, cap: int | None
) -> int:
    """Runs per chunk.

    ``given`` (the user's choice) if set; else chunks of ``MIN_TASK_SECONDS`` to
    ``MAX_TASK_SECONDS`` at ``seconds`` per run, four per worker if the sweep is
    small, and at most ``cap`` runs (a batch's memory).
    """
    if given is not None:
        return max(1, given)
    low = math.ceil(MIN_TASK_SECONDS / max(seconds, 1e-6))
    high = max(low, math.floor(MAX_TASK_SECONDS / max(seconds, 1e-6)))
    balanced = math.ceil(n_pending / (4 * workers))
    size = min(max(balanced, low), high)
    return max(1, size if cap is None else min(size, cap))


def batch_seconds(probe: ChunkJob) -> float:
    """Seconds per run of a batch of the probe's runs (its cost on the engine)."""
    start = time.perf_counter()
    execute_chunk(probe)
    return (time.perf_counter() - start) / max(len(probe.tasks), 1)


def batch_cap(base: Scenario | AnalyticModel) -> int | None:
    """The most runs a batch of ``base`` may hold (None: no limit)."""
    if not isinstance(base, Scenario):
        return None
    return max(1, MAX_BATCH_TIES // max(base.estimated_ties(), 1))
