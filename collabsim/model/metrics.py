"""One metric registry: every model-level observable, defined once.

``METRICS`` feeds the headless observer (:mod:`collabsim.model.observe`) and the
UI's Mesa DataCollector. Names follow ``<level>_<quantity>_<stat>``.

Metrics that share intermediates are defined in groups: one function computes the
whole group from the run state (the active pairs once, all D'Amour means at once) for
every run of a batch at once, the observer calls each group once per step, and each
``Metric.compute`` reads its value from its group (for a single run), so the UI's
per-metric reporters return the same numbers. Means over a run's elements are
segment sums of the run's own slice, so a run's metrics do not depend on its batch.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np

from collabsim.arrays import BoolArray, FloatArray
from collabsim.model.damour import DAMOUR_INDICATORS, damour_scores
from collabsim.model.entities import ROLE_FRONTLINE
from collabsim.model.reductions import run_means, run_sums, subset_means
from collabsim.model.runs import Level
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
        compute: The value for a single run's state (``model.state``).
        tags: Where the metric is used by default (keys of :data:`TAGS`).
    """

    name: str
    label: str
    compute: Callable[[RunState], float]
    tags: frozenset[str] = frozenset()


#: A group of metrics: their values per run of a state, by name.
Group = Callable[[RunState], dict[str, FloatArray]]
NAN = float("nan")


_TIE_METRICS = (
    "tie_trust_mean",
    "tie_trust_p10",
    "tie_acquaintance_mean",
    "tie_acquaintance_frontline_mean",
    "tie_acquaintance_senior_mean",
)


def _p10(state: RunState) -> FloatArray:
    """Each run's 10th percentile of tie trust (np.quantile's linear method).

    Order statistics are exact values, so a run's percentile is the same however
    it is found: a partition per run for a few runs, one sort for a batch.
    """
    offsets = state.runs.offsets[Level.TIE]
    n = np.diff(offsets)
    rank = 0.1 * (n - 1)
    lo = rank.astype(np.int64)
    hi = np.minimum(lo + 1, n - 1)
    trust = state.ties.trust
    low, high = np.zeros(len(n)), np.zeros(len(n))
    if len(n) <= _FEW_RUNS:
        for r in np.flatnonzero(n > 0).tolist():
            part = np.partition(trust[offsets[r] : offsets[r + 1]], (lo[r], hi[r]))
            low[r], high[r] = float(part[lo[r]]), float(part[hi[r]])
    else:
        run = state.runs.run_of(Level.TIE)
        # trust is in [0, 1] and float32: 2·run + trust is exact in float64 and
        # sorts by run, then trust
        keyed = np.sort(2.0 * run + trust.astype(np.float64)) - 2.0 * run
        filled = np.flatnonzero(n > 0)
        low[filled] = keyed[offsets[filled] + lo[filled]]
        high[filled] = keyed[offsets[filled] + hi[filled]]
    return np.where(n > 0, low + (high - low) * (rank - lo), NAN)


#: Up to this many runs, order statistics are found run by run.
_FEW_RUNS = 8


def _ties(state: RunState) -> dict[str, FloatArray]:
    ties, runs = state.ties, state.runs
    offsets = runs.offsets[Level.TIE]
    frontline = state.profs.role[ties.src] == ROLE_FRONTLINE
    acquaintance = ties.acquaintance
    return {
        "tie_trust_mean": run_means(ties.trust, offsets),
        "tie_trust_p10": _p10(state),
        "tie_acquaintance_mean": run_means(acquaintance, offsets),
        "tie_acquaintance_frontline_mean": subset_means(
            acquaintance, frontline, offsets
        ),
        "tie_acquaintance_senior_mean": subset_means(acquaintance, ~frontline, offsets),
    }


_PAIR_METRICS = {
    "org_trust_mean": "trust",
    "org_confidence_mean": "confidence",
    "org_risk_threshold_mean": "threshold",
    "conflict_mean": "conflict",
}


def _pairs(state: RunState) -> dict[str, FloatArray]:
    """Means over the pairs of active partnerships."""
    p = state.pairs
    live = state.partnerships.active[p.partnership] > 0
    offsets = state.runs.offsets[Level.PAIR]
    return {
        name: subset_means(getattr(p, attr), live, offsets)
        for name, attr in _PAIR_METRICS.items()
    }


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


def _ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), NAN)


def _step_tallies(state: RunState) -> dict[str, FloatArray]:
    last = state.last
    out = {name: _ratio(last[num], last[den]) for name, (num, den) in _RATIOS.items()}
    out.update(
        {name: np.array(last[key], dtype=np.float64) for name, key in _COUNTS.items()}
    )
    ties = np.maximum(state.runs.counts(Level.TIE), 1)
    out["meetings_per_tie"] = last["meetings"] / ties / state.dt
    return out


def _organisations(state: RunState) -> dict[str, FloatArray]:
    orgs, runs = state.orgs, state.runs
    k = state.partnerships.per_run
    cells = state.partnerships.effectiveness[:-1].ravel()
    total = run_sums(cells, np.arange(runs.n + 1, dtype=np.int64) * 6 * k)
    return {
        "org_faith_mean": run_means(orgs.faith, runs.offsets[Level.ORG]),
        "org_perception_of_progress_mean": run_means(
            orgs.progress, runs.offsets[Level.ORG]
        ),
        "partnership_effectiveness": total / np.maximum(runs.counts(Level.PAIR), 1),
    }


_COMB = ("capability", "opportunity", "motivation", "commitment", "resilience")


def _professionals(state: RunState) -> dict[str, FloatArray]:
    profs, offsets = state.profs, state.runs.offsets[Level.PROF]
    return {
        f"prof_{attr}_mean": run_means(getattr(profs, attr), offsets) for attr in _COMB
    }


_EAA = ("engagement", "alignment", "understanding", "agreement")


def _partnership_means(
    state: RunState, values: FloatArray, mask: BoolArray
) -> FloatArray:
    """Each run's mean of per-partnership ``values`` where ``mask`` (NaN: none).

    The inactive partnership row after the last run's belongs to no run.
    """
    return subset_means(values, mask, state.runs.offsets[Level.PARTNERSHIP])


def _coproduction(state: RunState) -> dict[str, FloatArray]:
    arrays = state.partnerships
    on = arrays.coproducing() > 0
    if not on.any():
        return {f"coproduction_{attr}": np.zeros(state.n_runs) for attr in _EAA}
    return {
        f"coproduction_{attr}": _partnership_means(state, getattr(arrays, attr), on)
        for attr in _EAA
    }


def _figures(state: RunState) -> dict[str, FloatArray]:
    arrays = state.partnerships
    live = (arrays.lever("central_figure") > 0) & (arrays.active > 0)
    share = _partnership_means(state, state.figure_presence(), live)
    return {"central_figures_in_post": share}


def _damour(state: RunState) -> dict[str, FloatArray]:
    """Mean D'Amour score over active partnerships, per indicator, on 1-3.

    1 + 2 x the mean score in [0, 1] (not levels cut at 1/3 and 2/3), so a small
    change in an indicator shows.
    """
    scores = damour_scores(state)
    live = state.partnerships.active > 0
    return {
        f"damour_{name}": 1.0 + 2.0 * _partnership_means(state, scores[name], live)
        for name in DAMOUR_INDICATORS
    }


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
    return lambda state: float(group(state)[name][0])


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
) -> FloatArray:
    """Compute ``groups`` once each; return ``names`` per run (shape (runs, names))."""
    values: dict[str, FloatArray] = {}
    for group in groups:
        values.update(group(state))
    out = np.empty((state.n_runs, len(names)))
    for j, name in enumerate(names):
        out[:, j] = values[name]
    return out


def metric_values(state: RunState) -> list[float]:
    """Every metric of ``METRICS`` for a single run's state, in registry order."""
    return [float(v) for v in values_of(state, GROUPS, METRICS)[0]]


def groups_for(names: Collection[str]) -> tuple[Group, ...]:
    """The groups holding ``names``: a lean run computes only these."""
    return tuple(g for g in GROUPS if any(_GROUP_OF[n] is g for n in names))
