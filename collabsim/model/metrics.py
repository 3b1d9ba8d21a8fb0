"""One metric registry: every model-level observable, defined once.

``METRICS`` feeds the headless observer (:mod:`collabsim.model.observe`) and the
UI's Mesa DataCollector. Names follow ``<level>_<quantity>_<stat>``.

Metrics that share intermediates are defined in groups: one function computes the
whole group from the run state (the active pairs once, all D'Amour means at once), the
observer calls each group once per step, and each ``Metric.compute`` reads its
value from its group, so the UI's per-metric reporters return the same numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from collabsim.model.damour import DAMOUR_INDICATORS, damour_scores
from collabsim.model.entities import ROLE_FRONTLINE
from collabsim.model.runstate import RunState

__all__ = [
    "DEFAULT_METRICS",
    "GROUPS",
    "HEADLINE_METRICS",
    "METRICS",
    "OUTCOME_METRICS",
    "TAGS",
    "Group",
    "Metric",
    "groups_for",
    "metric_values",
    "tagged",
    "values_of",
]

#: What each tag on a metric means.
TAGS: dict[str, str] = {
    "headline": "core state of theory §C2, shown first (UI trends, comparisons)",
    "figure": "drawn by ``collabsim plot`` and reports when no metric is named",
    "outcome": "also reported as its mean over the run (``<metric>_time_mean``)",
}


@dataclass(frozen=True, slots=True)
class Metric:
    """A model-level observable: one float per recorded step.

    Attributes:
        name: Column name in the steps table.
        label: Axis label.
        compute: The value for a run state (``model.state``).
        tags: Where the metric is used by default (keys of :data:`TAGS`).
    """

    name: str
    label: str
    compute: Callable[[RunState], float]
    tags: frozenset[str] = frozenset()


Group = Callable[[RunState], dict[str, float]]
NAN = float("nan")


def _mean(values: npt.NDArray[np.floating[Any]]) -> float:
    return float(np.add.reduce(values, dtype=np.float64)) / len(values)


_TIE_METRICS = (
    "tie_trust_mean",
    "tie_trust_p10",
    "tie_acquaintance_mean",
    "tie_acquaintance_frontline_mean",
    "tie_acquaintance_senior_mean",
)


def _ties(state: RunState) -> dict[str, float]:
    ties = state.ties
    n = ties.n_ties
    if n == 0:
        return dict.fromkeys(_TIE_METRICS, NAN)
    frontline = state.profs.role[ties.src] == ROLE_FRONTLINE
    acquaintance = ties.acquaintance
    # the 10th percentile as np.quantile's default (linear) method, by partition
    rank = 0.1 * (n - 1)
    lo = int(rank)
    hi = min(lo + 1, n - 1)
    part = np.partition(ties.trust, (lo, hi))
    low, high = float(part[lo]), float(part[hi])
    return {
        "tie_trust_mean": _mean(ties.trust),
        "tie_trust_p10": low + (high - low) * (rank - lo),
        "tie_acquaintance_mean": _mean(acquaintance),
        "tie_acquaintance_frontline_mean": _subset_mean(acquaintance, frontline),
        "tie_acquaintance_senior_mean": _subset_mean(acquaintance, ~frontline),
    }


def _subset_mean(values: npt.NDArray[np.floating[Any]], mask: Any) -> float:
    chosen = values[mask]
    return _mean(chosen) if len(chosen) else NAN


_PAIR_METRICS = {
    "org_trust_mean": "trust",
    "org_confidence_mean": "confidence",
    "org_risk_threshold_mean": "threshold",
    "conflict_mean": "conflict",
}


def _pairs(state: RunState) -> dict[str, float]:
    """Means over the pairs of active partnerships."""
    p = state.pairs
    live = np.flatnonzero(state.partnerships.active[p.partnership] > 0)
    if len(live) == 0:
        return dict.fromkeys(_PAIR_METRICS, NAN)
    if len(live) == state.ties.n_pairs:
        stacked = np.stack([p.trust, p.confidence, p.threshold, p.conflict])
    else:
        stacked = np.stack(
            [p.trust[live], p.confidence[live], p.threshold[live], p.conflict[live]]
        )
    means = stacked.sum(axis=1) / len(live)
    return dict(zip(_PAIR_METRICS, means.tolist(), strict=True))


_RATIOS = {
    "bad_meeting_share": ("bad_meetings", "meetings"),
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


def _step_tallies(state: RunState) -> dict[str, float]:
    last = state.last
    out = {
        name: last[num] / last[den] if last[den] > 0 else NAN
        for name, (num, den) in _RATIOS.items()
    }
    out.update({name: float(last[key]) for name, key in _COUNTS.items()})
    ties = max(state.ties.n_ties, 1)
    out["meetings_per_tie"] = last["meetings"] / ties / state.dt
    return out


def _organisations(state: RunState) -> dict[str, float]:
    orgs = state.orgs
    total = float(state.partnerships.effectiveness.sum())
    return {
        "org_faith_mean": _mean(orgs.faith),
        "org_perception_of_progress_mean": _mean(orgs.progress),
        "partnership_effectiveness": total / max(state.ties.n_pairs, 1),
    }


_COMB = ("capability", "opportunity", "motivation", "commitment", "resilience")


def _professionals(state: RunState) -> dict[str, float]:
    profs = state.profs
    return {f"prof_{attr}_mean": _mean(getattr(profs, attr)) for attr in _COMB}


_EAA = ("engagement", "alignment", "understanding", "agreement")


def _coproduction(state: RunState) -> dict[str, float]:
    arrays = state.partnerships
    on = np.flatnonzero(arrays.coproducing() > 0)
    if len(on) == 0:
        return {f"coproduction_{attr}": 0.0 for attr in _EAA}
    return {f"coproduction_{attr}": _mean(getattr(arrays, attr)[on]) for attr in _EAA}


def _figures(state: RunState) -> dict[str, float]:
    arrays = state.partnerships
    live = [
        k
        for k, p in enumerate(arrays.specs)
        if p.central_figure and arrays.active[k] > 0
    ]
    if not live:
        return {"central_figures_in_post": NAN}
    return {"central_figures_in_post": _mean(state.figure_presence()[live])}


def _damour(state: RunState) -> dict[str, float]:
    """Mean D'Amour score over active partnerships, per indicator, on 1-3.

    1 + 2 x the mean score in [0, 1] (not levels cut at 1/3 and 2/3), so a small
    change in an indicator shows.
    """
    arrays = state.partnerships
    live = np.flatnonzero(arrays.active[: len(arrays.specs)] > 0)
    names = [f"damour_{name}" for name in DAMOUR_INDICATORS]
    if len(live) == 0:
        return dict.fromkeys(names, NAN)
    scores = damour_scores(state)
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
    _figures,
    _damour,
)


def _from(group: Group, name: str) -> Callable[[RunState], float]:
    return lambda state: group(state)[name]


_H, _F, _O = "headline", "figure", "outcome"

#: (group, name, label, tags) of every metric, in the steps table's column order.
_REGISTRY: tuple[tuple[Group, str, str, tuple[str, ...]], ...] = (
    (_ties, "tie_trust_mean", "Mean tie trust (0-1)", (_H, _F, _O)),
    (_ties, "tie_trust_p10", "10th percentile of tie trust (0-1)", ()),
    (_ties, "tie_acquaintance_mean", "Mean acquaintance (0-1)", ()),
    (
        _ties,
        "tie_acquaintance_frontline_mean",
        "Mean acquaintance of frontline staff (0-1)",
        (),
    ),
    (
        _ties,
        "tie_acquaintance_senior_mean",
        "Mean acquaintance of leaders and boundary spanners (0-1)",
        (),
    ),
    (_pairs, "org_trust_mean", "Mean organisation-pair trust (0-1)", (_O,)),
    (_pairs, "org_confidence_mean", "Mean confidence (0-1)", (_H, _F, _O)),
    (_pairs, "org_risk_threshold_mean", "Mean risk threshold (0-1)", (_H, _F, _O)),
    (_pairs, "conflict_mean", "Mean conflict (0-1)", (_F, _O)),
    (_organisations, "org_faith_mean", "Mean faith (0-1)", (_H, _F, _O)),
    (
        _organisations,
        "org_perception_of_progress_mean",
        "Mean perception of progress (0-1)",
        (_F, _O),
    ),
    (_step_tallies, "collaboration_rate", "Share of acts collaborative", (_H, _F, _O)),
    (
        _step_tallies,
        "collaboration_rate_low_risk",
        "Share of low-risk acts collaborative",
        (_O,),
    ),
    (
        _step_tallies,
        "collaboration_rate_high_risk",
        "Share of high-risk acts collaborative",
        (_O,),
    ),
    (_step_tallies, "faith_carried_share", "Share of acts carried by faith alone", ()),
    (
        _step_tallies,
        "collab_act_risk_mean",
        "Mean risk of collaborative acts (0-1)",
        (),
    ),
    (
        _organisations,
        "partnership_effectiveness",
        "Effectiveness per partner pair (cumulative)",
        (_H, _F),
    ),
    (_step_tallies, "meetings_per_tie", "Meetings per tie per week", ()),
    (_step_tallies, "bad_meeting_share", "Share of meetings that went badly", ()),
    (_step_tallies, "task_failures", "Task failures per step", ()),
    (_step_tallies, "quick_wins", "Quick wins per step", ()),
    (_step_tallies, "conflict_episodes", "Conflict episodes per step", ()),
    (_step_tallies, "turnover_events", "Staff leaving per step", ()),
    (_professionals, "prof_capability_mean", "Mean capability (COM-B, 0-1)", ()),
    (_professionals, "prof_opportunity_mean", "Mean opportunity (COM-B, 0-1)", ()),
    (_professionals, "prof_motivation_mean", "Mean motivation (COM-B, 0-1)", ()),
    (_professionals, "prof_commitment_mean", "Mean commitment (0-1)", ()),
    (_professionals, "prof_resilience_mean", "Mean resilience (0-1)", ()),
    (_coproduction, "coproduction_engagement", "Co-production engagement (0-1)", ()),
    (_coproduction, "coproduction_alignment", "Co-production alignment (0-1)", ()),
    (
        _coproduction,
        "coproduction_understanding",
        "Co-production understanding (0-1)",
        (),
    ),
    (_coproduction, "coproduction_agreement", "Co-production agreement (0-1)", ()),
    (_figures, "central_figures_in_post", "Share of central figures in post", ()),
    *(
        (_damour, f"damour_{name}", f"D'Amour {name.replace('_', ' ')} (1-3)", ())
        for name in DAMOUR_INDICATORS
    ),
)

METRICS: dict[str, Metric] = {
    name: Metric(name, label, _from(group, name), frozenset(tags))
    for group, name, label, tags in _REGISTRY
}


def tagged(tag: str) -> tuple[str, ...]:
    """Names of the metrics carrying ``tag`` (a key of :data:`TAGS`), in order.

    Raises:
        KeyError: For an unknown tag.
    """
    if tag not in TAGS:
        msg = f"unknown metric tag {tag!r}; choose from {sorted(TAGS)}"
        raise KeyError(msg)
    return tuple(name for name, metric in METRICS.items() if tag in metric.tags)


#: The core state of theory §C2 shown first everywhere (UI trends, comparisons).
HEADLINE_METRICS: tuple[str, ...] = tagged("headline")
#: Metrics drawn by ``collabsim plot`` when none are named.
DEFAULT_METRICS: tuple[str, ...] = tagged("figure")
#: Metrics also reported as their mean over all steps (``<metric>_time_mean``).
OUTCOME_METRICS: tuple[str, ...] = tagged("outcome")

_GROUP_OF: dict[str, Group] = {name: group for group, name, _, _ in _REGISTRY}


def values_of(
    state: RunState, groups: tuple[Group, ...], names: Collection[str]
) -> list[float]:
    """Compute ``groups`` once each and return the ``names`` in the given order."""
    values: dict[str, float] = {}
    for group in groups:
        values.update(group(state))
    return [values[name] for name in names]


def metric_values(state: RunState) -> list[float]:
    """Every metric of ``METRICS`` for the current state, in registry order."""
    return values_of(state, GROUPS, METRICS)


def groups_for(names: Collection[str]) -> tuple[Group, ...]:
    """The groups holding ``names``: a lean run computes only these."""
    return tuple(g for g in GROUPS if any(_GROUP_OF[n] is g for n in names))
