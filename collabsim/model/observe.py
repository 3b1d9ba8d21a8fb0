"""The observer: records metrics every step and turns model state into tidy tables.

The metric registry itself lives in :mod:`collabsim.model.metrics` and is
re-exported here.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from collabsim.arrays import FloatArray, IntArray
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
from collabsim.model.reductions import run_means
from collabsim.model.runs import Level
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
    "outcome_columns",
    "outcome_table",
]


class Observer:
    """Records metrics (and optional organisation and pair tables) every step.

    One observer records every run of its state; tables come out per run or for the
    whole batch, keyed by ``run_id``.

    Args:
        state: The observed run state.
        metrics: Step metrics to record (registry order kept); None records all.
    """

    def __init__(self, state: RunState, metrics: Collection[str] | None = None) -> None:
        self.state = state
        wanted = METRICS if metrics is None else frozenset(metrics)
        self.names: tuple[str, ...] = tuple(n for n in METRICS if n in wanted)
        self._groups = groups_for(self.names)
        self._rows: list[FloatArray] = []  # (runs, names) per recorded step
        self._orgs: list[FloatArray] = []
        self._pairs: list[tuple[int, FloatArray]] = []
        # joint acts per directed pair since the last ties row: collaborative, all
        self._acts: FloatArray | None = None

    @property
    def last_row(self) -> list[float]:
        """The metric values of run 0 recorded last, in the order of :attr:`names`."""
        row: list[float] = self._rows[-1][0].tolist()
        return row

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

    def metric_table(self) -> FloatArray:
        """Every recorded value: shape (steps, runs, names)."""
        state = self.state
        if not self._rows:
            return np.zeros((0, state.n_runs, len(self.names)))
        return np.stack(self._rows)

    def steps_frame(self, run_id: str | Sequence[str]) -> pd.DataFrame:
        """Tidy per-step table: run_id, step, one column per metric.

        ``run_id`` names the single run, or each run of a batch (rows run by run).
        """
        ids = _ids(run_id, self.state.n_runs)
        data = self.metric_table()  # (steps, runs, names)
        steps, runs, _ = data.shape
        flat = data.transpose(1, 0, 2).reshape(runs * steps, len(self.names))
        columns: dict[str, Any] = {
            "run_id": np.repeat(np.array(ids, dtype=object), steps),
            "step": np.tile(np.arange(steps, dtype=np.int64), runs),
        }
        columns.update(zip(self.names, flat.T, strict=True))
        return pd.DataFrame(columns)

    def organisations_frame(self, run_id: str | Sequence[str]) -> pd.DataFrame | None:
        """Tidy run-step-organisation table, or None if not recorded."""
        if not self._orgs:
            return None
        state = self.state
        ids = _ids(run_id, state.n_runs)
        data = np.stack(self._orgs)  # (steps, 7, orgs of every run)
        offsets = state.runs.offsets[Level.ORG]
        cols = ORGANISATION_COLUMNS
        org_ids = np.array(state.org_ids, dtype=object)
        sectors = np.array(state.org_sectors, dtype=object)
        return _per_run_frame(
            ids,
            offsets,
            np.arange(data.shape[0], dtype=np.int64),
            {"organisation": org_ids, "sector": sectors},
            dict(zip(cols, data.transpose(1, 0, 2), strict=True)),
        )

    def ties_frame(self, run_id: str | Sequence[str]) -> pd.DataFrame | None:
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
        cols = (
            "trust",
            "confidence",
            "conflict",
            "risk_threshold",
            "acquaintance",
            "collaboration",
        )
        return _per_run_frame(
            _ids(run_id, state.n_runs),
            state.runs.offsets[Level.PAIR],
            steps,
            {"source": src, "target": dst},
            dict(zip(cols, data.transpose(1, 0, 2), strict=True)),
        )

    def events_frame(self, run_id: str | Sequence[str]) -> pd.DataFrame:
        """Tidy event table: run_id, step, event, source, target, magnitude."""
        frames = self.state.events.frames(_ids(run_id, self.state.n_runs))
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _ids(run_id: str | Sequence[str], n_runs: int) -> list[str]:
    ids = [run_id] if isinstance(run_id, str) else list(run_id)
    if len(ids) != n_runs:
        msg = f"{len(ids)} run ids for {n_runs} runs"
        raise ValueError(msg)
    return ids


def _per_run_frame(
    ids: list[str],
    offsets: IntArray,
    steps: IntArray,
    labels: dict[str, npt.NDArray[np.object_]],
    values: dict[str, FloatArray],
) -> pd.DataFrame:
    """Rows run by run, then step by step, then element by element.

    ``labels`` are per element of every run; ``values`` (steps, elements).
    """
    counts = np.diff(offsets)
    n_steps = len(steps)
    # element index of each row: run r's elements, repeated for each step
    element = np.concatenate(
        [
            np.tile(np.arange(offsets[r], offsets[r + 1]), n_steps)
            for r in range(len(ids))
        ]
    ).astype(np.int64)
    step_index = np.concatenate(
        [np.repeat(np.arange(n_steps), counts[r]) for r in range(len(ids))]
    ).astype(np.int64)
    columns: dict[str, Any] = {
        "run_id": np.repeat(np.array(ids, dtype=object), counts * n_steps),
        "step": steps[step_index],
    }
    columns.update({name: col[element] for name, col in labels.items()})
    columns.update({name: col[step_index, element] for name, col in values.items()})
    return pd.DataFrame(columns)


def outcome_columns(names: Sequence[str]) -> list[str]:
    """The end-of-run outcomes of a run observing ``names``, in table order.

    ``<metric>_final`` for every metric observed, then ``<metric>_time_mean`` for the
    observed ``OUTCOME_METRICS``.
    """
    means = [f"{n}_time_mean" for n in OUTCOME_METRICS if n in names]
    return [f"{n}_final" for n in names] + means


def outcome_table(table: FloatArray, names: Sequence[str]) -> FloatArray:
    """Each run's outcomes (shape (runs, outcomes); :func:`outcome_columns` order).

    ``table`` is the observer's (steps, runs, names). A time mean averages the
    finite values after step 0 (NaN if there are none), as a segment sum of the run's
    own values, so it does not depend on the run's batch.
    """
    steps, runs, _ = table.shape
    timed = [j for j, n in enumerate(names) if n in OUTCOME_METRICS]
    out = np.empty((runs, len(names) + len(timed)))
    out[:, : len(names)] = table[-1]
    if timed:
        series = np.ascontiguousarray(table[1:, :, timed].transpose(2, 1, 0))
        flat = series.reshape(-1)  # (metric, run, step) order
        finite = np.isfinite(flat)
        counts = finite.reshape(-1, steps - 1).sum(axis=1)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        means = run_means(flat[finite], offsets)
        out[:, len(names) :] = means.reshape(len(timed), runs).T
    return out
