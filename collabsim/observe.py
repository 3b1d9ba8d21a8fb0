"""One metric registry and an observer that turns model state into tidy tables.

``METRICS`` feeds the headless :class:`Observer` and the UI's Mesa DataCollector, so
every observable is defined once. Names follow ``<level>_<quantity>_<stat>``.

Metrics that share intermediates are defined in groups: one function computes the
whole group from the model (the active pairs once, all D'Amour means at once), the
observer calls each group once per step, and each ``Metric.compute`` reads its
value from its group, so the UI's per-metric reporters return the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from collabsim.damour import damour_scores, damour_table
from collabsim.fields import FloatArray
from collabsim.measures import DAMOUR_INDICATORS

if TYPE_CHECKING:
    from collabsim.model import CollaborationModel

__all__ = [
    "GROUPS",
    "HEADLINE_METRICS",
    "METRICS",
    "Metric",
    "Observer",
    "damour_scores",
    "damour_table",
    "metric_values",
]


@dataclass(frozen=True, slots=True)
class Metric:
    """A model-level observable: one float per recorded step."""

    name: str
    label: str
    compute: Callable[[CollaborationModel], float]


Group = Callable[["CollaborationModel"], dict[str, float]]
NAN = float("nan")


def _mean(values: npt.NDArray[np.floating[Any]]) -> float:
    return float(np.add.reduce(values, dtype=np.float64)) / len(values)


def _ties(model: CollaborationModel) -> dict[str, float]:
    ties = model.ties
    n = ties.n_ties
    if n == 0:
        return dict.fromkeys(
            ("tie_trust_mean", "tie_trust_p10", "tie_acquaintance_mean"), NAN
        )
    # the 10th percentile as np.quantile's default (linear) method, by partition
    rank = 0.1 * (n - 1)
    lo = int(rank)
    hi = min(lo + 1, n - 1)
    part = np.partition(ties.trust, (lo, hi))
    low, high = float(part[lo]), float(part[hi])
    return {
        "tie_trust_mean": _mean(ties.trust),
        "tie_trust_p10": low + (high - low) * (rank - lo),
        "tie_acquaintance_mean": _mean(ties.acquaintance),
    }


_PAIR_METRICS = {
    "org_trust_mean": "trust",
    "org_confidence_mean": "confidence",
    "org_risk_threshold_mean": "threshold",
    "conflict_mean": "conflict",
}


def _pairs(model: CollaborationModel) -> dict[str, float]:
    """Means over the pairs of active partnerships."""
    live = np.flatnonzero(model.partnerships_state.active[model.pairs.partnership] > 0)
    if len(live) == 0:
        return dict.fromkeys(_PAIR_METRICS, NAN)
    p = model.pairs
    if len(live) == model.ties.n_pairs:
        stacked = np.stack([p.trust, p.confidence, p.threshold, p.conflict])
    else:
        stacked = np.stack(
            [p.trust[live], p.confidence[live], p.threshold[live], p.conflict[live]]
        )
    means = stacked.sum(axis=1) / len(live)
    return dict(zip(_PAIR_METRICS, means.tolist(), strict=True))


_RATIOS = {
    "collaboration_rate": ("collaborative", "acts"),
    "collaboration_rate_low_risk": ("low_collab", "low_acts"),
    "collaboration_rate_high_risk": ("high_collab", "high_acts"),
    "faith_carried_share": ("carried", "acts"),
}
_COUNTS = {
    "collab_act_risk_mean": "collab_risk",
    "task_failures": "failures",
    "quick_wins": "quick_wins",
    "conflict_episodes": "episodes",
    "turnover_events": "turnover",
}


def _step_tallies(model: CollaborationModel) -> dict[str, float]:
    last = model.last
    out = {
        name: last[num] / last[den] if last[den] > 0 else NAN
        for name, (num, den) in _RATIOS.items()
    }
    out.update({name: float(last[key]) for name, key in _COUNTS.items()})
    return out


def _organisations(model: CollaborationModel) -> dict[str, float]:
    orgs = model.orgs
    total = float(model.partnerships_state.effectiveness.sum())
    return {
        "org_faith_mean": _mean(orgs.faith),
        "org_perception_of_progress_mean": _mean(orgs.progress),
        "partnership_effectiveness": total / max(model.ties.n_pairs, 1),
    }


_COMB = ("capability", "opportunity", "motivation", "commitment", "resilience")


def _professionals(model: CollaborationModel) -> dict[str, float]:
    comb = model.profs.comb
    return {f"prof_{attr}_mean": _mean(getattr(comb, attr)) for attr in _COMB}


_EAA = ("engagement", "alignment", "agreement")


def _coproduction(model: CollaborationModel) -> dict[str, float]:
    state = model.partnerships_state
    on = np.flatnonzero(state.coproducing() > 0)
    if len(on) == 0:
        return {f"coproduction_{attr}": 0.0 for attr in _EAA}
    return {f"coproduction_{attr}": _mean(getattr(state, attr)[on]) for attr in _EAA}


def _damour(model: CollaborationModel) -> dict[str, float]:
    """Mean D'Amour level (1-3) over active partnerships, per indicator."""
    state = model.partnerships_state
    live = np.flatnonzero(state.active[: len(state.specs)] > 0)
    names = [f"damour_{name}" for name in DAMOUR_INDICATORS]
    if len(live) == 0:
        return dict.fromkeys(names, NAN)
    scores = damour_scores(model)
    stacked = np.stack([scores[name][live] for name in DAMOUR_INDICATORS])
    levels = 1.0 + 2.0 * (stacked.sum(axis=1) / len(live))
    return dict(zip(names, levels.tolist(), strict=True))


#: Metric groups in the order the observer calls them (each computed once per step).
GROUPS: tuple[Group, ...] = (
    _ties,
    _pairs,
    _organisations,
    _step_tallies,
    _professionals,
    _coproduction,
    _damour,
)


def _from(group: Group, name: str) -> Callable[[CollaborationModel], float]:
    return lambda model: group(model)[name]


_LABELS: tuple[tuple[Group, str, str], ...] = (
    (_ties, "tie_trust_mean", "Mean tie trust (0-1)"),
    (_ties, "tie_trust_p10", "10th percentile of tie trust (0-1)"),
    (_ties, "tie_acquaintance_mean", "Mean acquaintance (0-1)"),
    (_pairs, "org_trust_mean", "Mean organisation-pair trust (0-1)"),
    (_pairs, "org_confidence_mean", "Mean confidence (0-1)"),
    (_pairs, "org_risk_threshold_mean", "Mean risk threshold (0-1)"),
    (_pairs, "conflict_mean", "Mean conflict (0-1)"),
    (_organisations, "org_faith_mean", "Mean faith (0-1)"),
    (
        _organisations,
        "org_perception_of_progress_mean",
        "Mean perception of progress (0-1)",
    ),
    (_step_tallies, "collaboration_rate", "Share of acts collaborative"),
    (
        _step_tallies,
        "collaboration_rate_low_risk",
        "Share of low-risk acts collaborative",
    ),
    (
        _step_tallies,
        "collaboration_rate_high_risk",
        "Share of high-risk acts collaborative",
    ),
    (_step_tallies, "faith_carried_share", "Share of acts carried by faith alone"),
    (_step_tallies, "collab_act_risk_mean", "Mean risk of collaborative acts (0-1)"),
    (
        _organisations,
        "partnership_effectiveness",
        "Effectiveness per partner pair (cumulative)",
    ),
    (_step_tallies, "task_failures", "Task failures per step"),
    (_step_tallies, "quick_wins", "Quick wins per step"),
    (_step_tallies, "conflict_episodes", "Conflict episodes per step"),
    (_step_tallies, "turnover_events", "Staff leaving per step"),
    (_professionals, "prof_capability_mean", "Mean capability (COM-B, 0-1)"),
    (_professionals, "prof_opportunity_mean", "Mean opportunity (COM-B, 0-1)"),
    (_professionals, "prof_motivation_mean", "Mean motivation (COM-B, 0-1)"),
    (_professionals, "prof_commitment_mean", "Mean commitment (0-1)"),
    (_professionals, "prof_resilience_mean", "Mean resilience (0-1)"),
    (_coproduction, "coproduction_engagement", "Co-production engagement (0-1)"),
    (_coproduction, "coproduction_alignment", "Co-production alignment (0-1)"),
    (_coproduction, "coproduction_agreement", "Co-production agreement (0-1)"),
    *(
        (_damour, f"damour_{name}", f"D'Amour {name.replace('_', ' ')} (1-3)")
        for name in DAMOUR_INDICATORS
    ),
)

METRICS: dict[str, Metric] = {
    name: Metric(name, label, _from(group, name)) for group, name, label in _LABELS
}

#: The core state of theory §C2 shown first everywhere (UI trends, comparisons).
HEADLINE_METRICS: tuple[str, ...] = (
    "tie_trust_mean",
    "org_confidence_mean",
    "org_faith_mean",
    "org_risk_threshold_mean",
    "collaboration_rate",
    "partnership_effectiveness",
)


def metric_values(model: CollaborationModel) -> list[float]:
    """Every metric of ``METRICS`` for the current state, in registry order."""
    values: dict[str, float] = {}
    for group in GROUPS:
        values.update(group(model))
    return [values[name] for name in METRICS]


class Observer:
    """Records metrics (and optional organisation and pair tables) every step."""

    def __init__(self, model: CollaborationModel) -> None:
        self.model = model
        self._rows: list[list[float]] = []
        self._orgs: list[FloatArray] = []
        self._pairs: list[tuple[int, FloatArray]] = []
        self.damour_cache: tuple[int, dict[str, FloatArray]] | None = None

    def record(self) -> None:
        """Record the current step."""
        model = self.model
        self._rows.append(metric_values(model))
        outputs = model.spec.outputs
        if outputs.organisations:
            self._orgs.append(self._org_row())
        if outputs.ties and model.t % outputs.tie_every == 0:
            p = model.pairs
            stacked = np.stack(
                [
                    p.trust,
                    p.confidence,
                    p.conflict,
                    p.threshold,
                    model.ties.pair_mean(model.ties.acquaintance),
                ]
            )
            self._pairs.append((model.t, stacked))

    def _org_row(self) -> FloatArray:
        model = self.model
        orgs, pairs, a = model.orgs, model.pairs, model.ties.pair_src
        n = len(orgs.ids)
        deg = np.maximum(np.bincount(a, minlength=n), 1)

        def out(values: FloatArray) -> FloatArray:
            return np.bincount(a, weights=values, minlength=n) / deg

        commitment = np.bincount(
            model.profs.org, weights=model.profs.comb.commitment, minlength=n
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
        data = np.array(self._rows, dtype=np.float64).reshape(-1, len(METRICS))
        columns: dict[str, Any] = {
            "run_id": np.full(len(data), run_id, dtype=object),
            "step": np.arange(len(data), dtype=np.int64),
        }
        columns.update(zip(METRICS, data.T, strict=True))
        return pd.DataFrame(columns)

    def organisations_frame(self, run_id: str) -> pd.DataFrame | None:
        """Tidy run-step-organisation table, or None if not recorded."""
        if not self._orgs:
            return None
        orgs = self.model.orgs
        data = np.stack(self._orgs)  # (steps, 7, n)
        steps, _, n = data.shape
        cols = (
            "faith",
            "perception_of_progress",
            "trust",
            "confidence",
            "risk_threshold",
            "conflict",
            "commitment",
        )
        columns: dict[str, Any] = {
            "run_id": np.full(steps * n, run_id, dtype=object),
            "step": np.repeat(np.arange(steps, dtype=np.int64), n),
            "organisation": np.tile(np.array(orgs.ids, dtype=object), steps),
            "sector": np.tile(np.array(orgs.sector, dtype=object), steps),
        }
        flat = data.transpose(1, 0, 2).reshape(len(cols), steps * n)
        columns.update(zip(cols, flat, strict=True))
        return pd.DataFrame(columns)

    def ties_frame(self, run_id: str) -> pd.DataFrame | None:
        """Tidy run-step-directed organisation pair table, or None."""
        if not self._pairs:
            return None
        model = self.model
        ids = np.array(model.orgs.ids, dtype=object)
        src, dst = ids[model.ties.pair_src], ids[model.ties.pair_dst]
        steps = np.array([step for step, _ in self._pairs], dtype=np.int64)
        data = np.stack([values for _, values in self._pairs])  # (steps, 5, pairs)
        n = data.shape[2]
        cols = ("trust", "confidence", "conflict", "risk_threshold", "acquaintance")
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
        log = self.model.event_log
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
