"""The observer: records metrics every step and turns model state into tidy tables.

The metric registry itself lives in :mod:`collabsim.model.metrics` and is
re-exported here.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import numpy as np
import pandas as pd

from collabsim.arrays import FloatArray
from collabsim.model.damour import damour_scores, damour_table
from collabsim.model.metrics import (
    DEFAULT_METRICS,
    GROUPS,
    HEADLINE_METRICS,
    METRICS,
    OUTCOME_METRICS,
    Metric,
    groups_for,
    metric_values,
    values_of,
)
from collabsim.model.runstate import RunState

#: The value columns of the ``organisations`` table, in order.
ORGANISATION_COLUMNS: tuple[str, ...] = (
    "faith",
    "perception_of_progress",
    "trust",
    "confidence",
    "risk_threshold",
    "conflict",
    "commitment",
)

__all__ = [
    "DEFAULT_METRICS",
    "GROUPS",
    "HEADLINE_METRICS",
    "METRICS",
    "ORGANISATION_COLUMNS",
    "OUTCOME_METRICS",
    "Metric",
    "Observer",
    "damour_scores",
    "damour_table",
    "metric_values",
]


class Observer:
    """Records metrics (and optional organisation and pair tables) every step.

    Args:
        state: The observed run state.
        metrics: Step metrics to record (registry order kept); None records all.
    """

    def __init__(self, state: RunState, metrics: Collection[str] | None = None) -> None:
        self.state = state
        wanted = METRICS if metrics is None else frozenset(metrics)
        self.names: tuple[str, ...] = tuple(n for n in METRICS if n in wanted)
        self._groups = groups_for(self.names)
        self._rows: list[list[float]] = []
        self._orgs: list[FloatArray] = []
        self._pairs: list[tuple[int, FloatArray]] = []
        # joint acts per directed pair since the last ties row: collaborative, all
        self._acts: FloatArray | None = None

    @property
    def last_row(self) -> list[float]:
        """The metric values recorded last, in the order of :attr:`names`."""
        return self._rows[-1]

    def count_acts(self, collaborative: FloatArray, competitive: FloatArray) -> None:
        """Add one step's joint acts per directed pair (for the ties table only)."""
        if not self.state.spec.outputs.ties:
            return
        if self._acts is None:
            self._acts = np.zeros((2, len(collaborative)))
        self._acts[0] += collaborative
        self._acts[1] += collaborative + competitive

    def _collaboration(self, n_pairs: int) -> FloatArray:
        """Each pair's share of collaborative joint acts since the last ties row.

        NaN where the pair had no joint act; the count restarts.
        """
        acts = self._acts if self._acts is not None else np.zeros((2, n_pairs))
        self._acts = None
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(acts[1] > 0, acts[0] / acts[1], np.nan)

    def record(self) -> None:
        """Record the current step."""
        state = self.state
        self._rows.append(values_of(state, self._groups, self.names))
        outputs = state.spec.outputs
        if outputs.organisations:
            self._orgs.append(self._org_row())
        if outputs.ties and state.t % outputs.tie_every == 0:
            p = state.pairs
            stacked = np.stack(
                [
                    p.trust,
                    p.confidence,
                    p.conflict,
                    p.threshold,
                    state.ties.pair_mean(state.ties.acquaintance),
                    self._collaboration(len(p.trust)),
                ]
            )
            self._pairs.append((state.t, stacked))

    def _org_row(self) -> FloatArray:
        state = self.state
        orgs, pairs, a = state.orgs, state.pairs, state.layout.pair_src
        n = len(state.org_ids)
        deg = np.maximum(np.bincount(a, minlength=n), 1)

        def out(values: FloatArray) -> FloatArray:
            return np.bincount(a, weights=values, minlength=n) / deg

        commitment = np.bincount(
            state.profs.org, weights=state.profs.commitment, minlength=n
        )
        return np.stack(
            [
                orgs.faith,
                orgs.progress,
                out(pairs.trust),
                out(pairs.confidence),
                out(pairs.threshold),
                out(pairs.conflict),
                commitment / orgs.prof_count,
            ]
        )

    def steps_frame(self, run_id: str) -> pd.DataFrame:
        """Tidy per-step table: run_id, step, one column per metric."""
        data = np.array(self._rows, dtype=np.float64).reshape(-1, len(self.names))
        columns: dict[str, Any] = {
            "run_id": np.full(len(data), run_id, dtype=object),
            "step": np.arange(len(data), dtype=np.int64),
        }
        columns.update(zip(self.names, data.T, strict=True))
        return pd.DataFrame(columns)

    def organisations_frame(self, run_id: str) -> pd.DataFrame | None:
        """Tidy run-step-organisation table, or None if not recorded."""
        if not self._orgs:
            return None
        state = self.state
        data = np.stack(self._orgs)  # (steps, 7, n)
        steps, _, n = data.shape
        cols = ORGANISATION_COLUMNS
        columns: dict[str, Any] = {
            "run_id": np.full(steps * n, run_id, dtype=object),
            "step": np.repeat(np.arange(steps, dtype=np.int64), n),
            "organisation": np.tile(np.array(state.org_ids, dtype=object), steps),
            "sector": np.tile(np.array(state.org_sectors, dtype=object), steps),
        }
        flat = data.transpose(1, 0, 2).reshape(len(cols), steps * n)
        columns.update(zip(cols, flat, strict=True))
        return pd.DataFrame(columns)

    def ties_frame(self, run_id: str) -> pd.DataFrame | None:
        """Tidy run-step-directed organisation pair table, or None.

        ``collaboration`` is the share of the pair's joint acts since the previous
        row that were collaborative (NaN if it had none).
        """
        if not self._pairs:
            return None
        state = self.state
        ids = np.array(state.org_ids, dtype=object)
        src, dst = ids[state.layout.pair_src], ids[state.layout.pair_dst]
        steps = np.array([step for step, _ in self._pairs], dtype=np.int64)
        data = np.stack([values for _, values in self._pairs])  # (steps, 6, pairs)
        n = data.shape[2]
        cols = (
            "trust",
            "confidence",
            "conflict",
            "risk_threshold",
            "acquaintance",
            "collaboration",
        )
        columns: dict[str, Any] = {
            "run_id": np.full(len(steps) * n, run_id, dtype=object),
            "step": np.repeat(steps, n),
            "source": np.tile(src, len(steps)),
            "target": np.tile(dst, len(steps)),
        }
        flat = data.transpose(1, 0, 2).reshape(len(cols), len(steps) * n)
        columns.update(zip(cols, flat, strict=True))
        return pd.DataFrame(columns)

    def events_frame(self, run_id: str) -> pd.DataFrame:
        """Tidy event table: run_id, step, event, source, target, magnitude."""
        log = self.state.events
        step, event, source, target, magnitude = (
            zip(*log, strict=True) if log else ((), (), (), (), ())
        )
        return pd.DataFrame(
            {
                "run_id": np.full(len(log), run_id, dtype=object),
                "step": np.array(step, dtype=np.int64),
                "event": np.array(event, dtype=object),
                "source": np.array(source, dtype=object),
                "target": np.array(target, dtype=object),
                "magnitude": np.array(magnitude, dtype=np.float64),
            }
        )
