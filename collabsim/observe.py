"""One metric registry and an observer that turns model state into tidy tables.

``METRICS`` feeds the headless :class:`Observer` and the UI's Mesa DataCollector, so
every observable is defined once. Names follow ``<level>_<quantity>_<stat>``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from collabsim.fields import BoolArray, FloatArray
from collabsim.measures import DAMOUR_INDICATORS, damour_level

if TYPE_CHECKING:
    from collabsim.model import CollaborationModel

__all__ = ["METRICS", "Metric", "Observer", "damour_scores", "damour_table"]


@dataclass(frozen=True, slots=True)
class Metric:
    """A model-level observable: one float per recorded step."""

    name: str
    label: str
    compute: Callable[[CollaborationModel], float]


def _active_pairs(model: CollaborationModel) -> BoolArray:
    return model.partnerships_state.active[model.pairs.partnership] > 0


def _pair_mean(attr: str) -> Callable[[CollaborationModel], float]:
    def compute(model: CollaborationModel) -> float:
        values = getattr(model.pairs, attr)
        live = _active_pairs(model)
        return float(values[live].mean()) if live.any() else float("nan")

    return compute


def _org_mean(attr: str) -> Callable[[CollaborationModel], float]:
    return lambda model: float(getattr(model.orgs, attr).mean())


def _comb_mean(attr: str) -> Callable[[CollaborationModel], float]:
    return lambda model: float(getattr(model.profs.comb, attr).mean())


def _ratio(num: str, den: str) -> Callable[[CollaborationModel], float]:
    def compute(model: CollaborationModel) -> float:
        d = model.last[den]
        return model.last[num] / d if d > 0 else float("nan")

    return compute


def _count(key: str) -> Callable[[CollaborationModel], float]:
    return lambda model: float(model.last[key])


def _effectiveness(model: CollaborationModel) -> float:
    total = float(model.partnerships_state.effectiveness.sum())
    return total / max(model.ties.n_pairs, 1)


def _coproduction(attr: str) -> Callable[[CollaborationModel], float]:
    def compute(model: CollaborationModel) -> float:
        state = model.partnerships_state
        on = [k for k, p in enumerate(state.specs) if p.co_production.enabled]
        return float(getattr(state, attr)[on].mean()) if on else 0.0

    return compute


def damour_scores(model: CollaborationModel) -> dict[str, FloatArray]:
    """Indicator scores in [0, 1] per partnership (theory §C6 D'Amour cross-walk).

    Computed once per step and cached on the observer (ten metrics read it).
    """
    cached = model.observer.damour_cache if hasattr(model, "observer") else None
    if cached is not None and cached[0] == model.t:
        return cached[1]
    scores = _damour_scores(model)
    if hasattr(model, "observer"):
        model.observer.damour_cache = (model.t, scores)
    return scores


def _damour_scores(model: CollaborationModel) -> dict[str, FloatArray]:
    state, pairs, ties = model.partnerships_state, model.pairs, model.ties
    specs = state.specs
    k = len(specs)
    idx = np.where(pairs.partnership < 0, k, pairs.partnership)
    n = k + 1

    def by_partnership(values: FloatArray) -> FloatArray:
        norm = np.bincount(idx, minlength=n)
        total = np.bincount(idx, weights=values, minlength=n)
        return np.divide(total, norm, out=np.zeros(n), where=norm > 0)[:k]

    index = {oid: i for i, oid in enumerate(model.orgs.ids)}
    members = [[index[m] for m in p.members] for p in specs]
    vision = (
        state.lever("shared_vision")[:k]
        + model.spec.dynamics.coproduction.vision_weight * state.agreement[:k]
    )
    consensual = np.array([p.governance == "voluntary" for p in specs]) | (
        state.alignment[:k] >= 0.5
    )
    clarity = state.nested("contract", "role_clarity")[:k]
    return {
        "goals": vision,
        "client_orientation": np.array(
            [1 - model.orgs.competition[m].mean() for m in members]
        ),
        "acquaintanceship": by_partnership(ties.pair_mean(ties.acquaintance)),
        "trust": by_partnership(pairs.trust),
        "centrality": state.central_figure[:k].copy(),
        "leadership": state.nested("leadership", "distributed")[:k],
        "innovation_support": state.lever("innovation_support")[:k],
        "connectivity": state.lever("connectivity")[:k],
        "formalisation": (state.contract[:k] > 0)
        * np.where(consensual, 1.0, 0.5)
        * (0.5 + 0.5 * clarity),
        "information_exchange": state.lever("info_exchange")[:k],
    }


def damour_table(model: CollaborationModel) -> pd.DataFrame:
    """Tidy D'Amour table: partnership, indicator, score, level (1-3), label."""
    scores = damour_scores(model)
    rows = []
    labels = {1: "potential", 2: "developing", 3: "active"}
    for name in DAMOUR_INDICATORS:
        for pid, score in zip(model.partnerships_state.ids, scores[name], strict=True):
            level = int(damour_level(np.array([score]))[0])
            rows.append((pid, name, float(score), level, labels[level]))
    return pd.DataFrame(
        rows, columns=["partnership", "indicator", "score", "level", "label"]
    )


def _damour(name: str) -> Callable[[CollaborationModel], float]:
    def compute(model: CollaborationModel) -> float:
        live = (
            model.partnerships_state.active[: len(model.partnerships_state.specs)] > 0
        )
        values = damour_scores(model)[name]
        return float(1.0 + 2.0 * values[live].mean()) if live.any() else float("nan")

    return compute


def _tie_p10(model: CollaborationModel) -> float:
    return (
        float(np.quantile(model.ties.trust, 0.1)) if model.ties.n_ties else float("nan")
    )


METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric(
            "tie_trust_mean",
            "Mean tie trust (0-1)",
            lambda m: float(m.ties.trust.mean()),
        ),
        Metric("tie_trust_p10", "10th percentile of tie trust (0-1)", _tie_p10),
        Metric(
            "tie_acquaintance_mean",
            "Mean acquaintance (0-1)",
            lambda m: float(m.ties.acquaintance.mean()),
        ),
        Metric(
            "org_trust_mean", "Mean organisation-pair trust (0-1)", _pair_mean("trust")
        ),
        Metric(
            "org_confidence_mean", "Mean confidence (0-1)", _pair_mean("confidence")
        ),
        Metric(
            "org_risk_threshold_mean",
            "Mean risk threshold (0-1)",
            _pair_mean("threshold"),
        ),
        Metric("conflict_mean", "Mean conflict (0-1)", _pair_mean("conflict")),
        Metric("org_faith_mean", "Mean faith (0-1)", _org_mean("faith")),
        Metric(
            "org_perception_of_progress_mean",
            "Mean perception of progress (0-1)",
            _org_mean("progress"),
        ),
        Metric(
            "collaboration_rate",
            "Share of acts collaborative",
            _ratio("collaborative", "acts"),
        ),
        Metric(
            "collaboration_rate_low_risk",
            "Share of low-risk acts collaborative",
            _ratio("low_collab", "low_acts"),
        ),
        Metric(
            "collaboration_rate_high_risk",
            "Share of high-risk acts collaborative",
            _ratio("high_collab", "high_acts"),
        ),
        Metric(
            "faith_carried_share",
            "Share of acts carried by faith alone",
            _ratio("carried", "acts"),
        ),
        Metric(
            "collab_act_risk_mean",
            "Mean risk of collaborative acts (0-1)",
            _count("collab_risk"),
        ),
        Metric(
            "partnership_effectiveness",
            "Effectiveness per partner pair (cumulative)",
            _effectiveness,
        ),
        Metric("task_failures", "Task failures per step", _count("failures")),
        Metric("quick_wins", "Quick wins per step", _count("quick_wins")),
        Metric("conflict_episodes", "Conflict episodes per step", _count("episodes")),
        Metric("turnover_events", "Staff leaving per step", _count("turnover")),
        Metric(
            "prof_capability_mean",
            "Mean capability (COM-B, 0-1)",
            _comb_mean("capability"),
        ),
        Metric(
            "prof_opportunity_mean",
            "Mean opportunity (COM-B, 0-1)",
            _comb_mean("opportunity"),
        ),
        Metric(
            "prof_motivation_mean",
            "Mean motivation (COM-B, 0-1)",
            _comb_mean("motivation"),
        ),
        Metric(
            "prof_commitment_mean", "Mean commitment (0-1)", _comb_mean("commitment")
        ),
        Metric(
            "prof_resilience_mean", "Mean resilience (0-1)", _comb_mean("resilience")
        ),
        Metric(
            "coproduction_engagement",
            "Co-production engagement (0-1)",
            _coproduction("engagement"),
        ),
        Metric(
            "coproduction_alignment",
            "Co-production alignment (0-1)",
            _coproduction("alignment"),
        ),
        Metric(
            "coproduction_agreement",
            "Co-production agreement (0-1)",
            _coproduction("agreement"),
        ),
        *(
            Metric(
                f"damour_{name}",
                f"D'Amour {name.replace('_', ' ')} (1-3)",
                _damour(name),
            )
            for name in DAMOUR_INDICATORS
        ),
    )
}


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
        self._rows.append([metric.compute(model) for metric in METRICS.values()])
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
        frame = pd.DataFrame(self._rows, columns=list(METRICS))
        frame.insert(0, "step", np.arange(len(frame), dtype=np.int64))
        frame.insert(0, "run_id", run_id)
        return frame

    def organisations_frame(self, run_id: str) -> pd.DataFrame | None:
        """Tidy run-step-organisation table, or None if not recorded."""
        if not self._orgs:
            return None
        orgs = self.model.orgs
        data = np.stack(self._orgs)  # (steps, 7, n)
        steps, _, n = data.shape
        cols = [
            "faith",
            "perception_of_progress",
            "trust",
            "confidence",
            "risk_threshold",
            "conflict",
            "commitment",
        ]
        frame = pd.DataFrame(
            data.transpose(0, 2, 1).reshape(steps * n, len(cols)), columns=cols
        )
        frame.insert(0, "sector", np.tile(np.array(orgs.sector, dtype=object), steps))
        frame.insert(
            0, "organisation", np.tile(np.array(orgs.ids, dtype=object), steps)
        )
        frame.insert(0, "step", np.repeat(np.arange(steps, dtype=np.int64), n))
        frame.insert(0, "run_id", run_id)
        return frame

    def ties_frame(self, run_id: str) -> pd.DataFrame | None:
        """Tidy run-step-directed organisation pair table, or None."""
        if not self._pairs:
            return None
        model = self.model
        ids = np.array(model.orgs.ids, dtype=object)
        src, dst = ids[model.ties.pair_src], ids[model.ties.pair_dst]
        parts = []
        for step, values in self._pairs:
            part = pd.DataFrame(
                values.T,
                columns=[
                    "trust",
                    "confidence",
                    "conflict",
                    "risk_threshold",
                    "acquaintance",
                ],
            )
            part.insert(0, "target", dst)
            part.insert(0, "source", src)
            part.insert(0, "step", step)
            parts.append(part)
        frame = pd.concat(parts, ignore_index=True)
        frame.insert(0, "run_id", run_id)
        return frame

    def events_frame(self, run_id: str) -> pd.DataFrame:
        """Tidy event table: run_id, step, event, source, target, magnitude."""
        frame = pd.DataFrame(
            self.model.event_log,
            columns=["step", "event", "source", "target", "magnitude"],
        ).astype({"step": np.int64, "magnitude": np.float64})
        frame.insert(0, "run_id", run_id)
        return frame
