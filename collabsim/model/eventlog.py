"""The discrete events of runs: (run, step, event, source, target, magnitude).

Events are logged in batches (one call for every run an event happens in), kept as
columns and turned into one tidy table per run at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from collabsim.arrays import FloatArray, IntArray

__all__ = ["EventLog"]


@dataclass(slots=True)
class EventLog:
    """Columns of logged events, appended a block at a time."""

    _run: list[IntArray] = field(default_factory=list)
    _step: list[int] = field(default_factory=list)
    _sizes: list[int] = field(default_factory=list)
    _event: list[str] = field(default_factory=list)
    _source: list[Sequence[str]] = field(default_factory=list)
    _target: list[Sequence[str]] = field(default_factory=list)
    _magnitude: list[FloatArray] = field(default_factory=list)

    def add(
        self,
        step: int,
        event: str,
        runs: IntArray,
        source: Sequence[str] | str,
        target: Sequence[str] | str,
        magnitude: FloatArray | float,
    ) -> None:
        """Log ``event`` at ``step`` in each of ``runs`` (one row per entry).

        ``source``, ``target`` and ``magnitude`` are one per entry, or one for all.
        """
        n = len(runs)
        if n == 0:
            return
        self._run.append(np.asarray(runs, dtype=np.int64))
        self._step.append(step)
        self._sizes.append(n)
        self._event.append(event)
        self._source.append([source] * n if isinstance(source, str) else source)
        self._target.append([target] * n if isinstance(target, str) else target)
        self._magnitude.append(
            np.broadcast_to(np.asarray(magnitude, dtype=np.float64), n).copy()
        )

    def __len__(self) -> int:
        return sum(self._sizes)

    def rows(self, run: int = 0) -> list[tuple[int, str, str, str, float]]:
        """One run's events as (step, event, source, target, magnitude) tuples."""
        n_runs = max(run + 1, max((int(r.max()) + 1 for r in self._run), default=0))
        frame = self.frames([str(r) for r in range(n_runs)])[run]
        return list(
            zip(
                frame["step"].tolist(),
                frame["event"].tolist(),
                frame["source"].tolist(),
                frame["target"].tolist(),
                frame["magnitude"].tolist(),
                strict=True,
            )
        )

    def frames(self, run_ids: Sequence[str]) -> list[pd.DataFrame]:
        """Tidy event tables, one per run (``run_ids[r]`` for run r), in log order."""
        runs = np.concatenate(self._run) if self._run else np.zeros(0, np.int64)
        sizes = np.array(self._sizes, dtype=np.int64)
        columns: dict[str, Any] = {
            "step": np.repeat(np.array(self._step, dtype=np.int64), sizes),
            "event": np.repeat(np.array(self._event, dtype=object), sizes),
            "source": np.array([s for block in self._source for s in block], object),
            "target": np.array([s for block in self._target for s in block], object),
            "magnitude": (
                np.concatenate(self._magnitude) if self._magnitude else np.zeros(0)
            ),
        }
        order = np.argsort(runs, kind="stable")
        bounds = np.searchsorted(runs[order], np.arange(len(run_ids) + 1))
        frames = []
        for r, rid in enumerate(run_ids):
            rows = order[bounds[r] : bounds[r + 1]]
            frames.append(
                pd.DataFrame(
                    {
                        "run_id": np.full(len(rows), rid, dtype=object),
                        **{name: values[rows] for name, values in columns.items()},
                    }
                )
            )
        return frames
