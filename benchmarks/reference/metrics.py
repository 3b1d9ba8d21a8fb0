"""The reference's step metrics: the definitions of ``collabsim/model/metrics.py``.

Each reporter reads the model's objects (Mesa ``DataCollector`` model reporters).
"""

from __future__ import annotations

import math

#: Keys of the step statistics (``model.last``), as the fast model's ``STATS``.
STATS = (
    "acts",
    "collaborative",
    "low_acts",
    "low_collab",
    "high_acts",
    "high_collab",
    "carried",
    "failures",
    "quick_wins",
    "episodes",
    "turnover",
    "collab_risk",
    "meetings",
    "bad_meetings",
)


def summarise(model, meetings, bad_meetings):
    """The step's tallies (acts split at the low-risk cutoff, as faith's route)."""
    cutoff = model.rates.behaviour.low_risk_cutoff
    acts = model.acts
    low = [a for a in acts if a[0] <= cutoff]
    collab_risks = [a[0] for a in acts if a[1]]
    n_collab, low_collab = len(collab_risks), sum(a[1] for a in low)
    return {
        "acts": len(acts),
        "collaborative": n_collab,
        "low_acts": len(low),
        "low_collab": low_collab,
        "high_acts": len(acts) - len(low),
        "high_collab": n_collab - low_collab,
        "carried": sum(a[2] for a in acts),
        "failures": sum(a[3] for a in acts),
        "quick_wins": sum(a[4] for a in acts),
        "episodes": sum(pair.episodes for pair in model.pairs),
        "turnover": len(model.leavers),
        "collab_risk": sum(collab_risks) / n_collab if n_collab else math.nan,
        "meetings": meetings,
        "bad_meetings": bad_meetings,
    }


def _mean(values):
    return sum(values) / len(values) if values else math.nan


def _p10(values):
    """10th percentile, linear between order statistics (NumPy's default)."""
    ranked = sorted(values)
    rank = 0.1 * (len(ranked) - 1)
    lo = int(rank)
    hi = min(lo + 1, len(ranked) - 1)
    return ranked[lo] + (ranked[hi] - ranked[lo]) * (rank - lo)


def _ties(attr, which=None):
    def compute(model):
        return _mean(
            [
                getattr(t, attr)
                for t in model.ties.values()
                if which is None or (t.source.role == "frontline") == which
            ]
        )

    return compute


def _live_pairs(attr):
    def compute(model):
        return _mean([getattr(p, attr) for p in model.pairs if p.active])

    return compute


def _ratio(num, den):
    return lambda m: m.last[num] / m.last[den] if m.last[den] > 0 else math.nan


def _professionals(attr):
    def compute(model):
        return _mean([getattr(p, attr) for o in model.orgs for p in o.professionals])

    return compute


def _coproduction(attr):
    def compute(model):
        on = [p for p in model.partnerships if p.spec.co_production.enabled]
        return _mean([getattr(p, attr) for p in on]) if on else 0.0

    return compute


def _figures_in_post(model):
    live = [p for p in model.partnerships if p.spec.central_figure and p.active]
    return _mean([p.figure_presence() for p in live])


REPORTERS = {
    "tie_trust_mean": _ties("trust"),
    "tie_trust_p10": lambda m: _p10([t.trust for t in m.ties.values()]),
    "tie_acquaintance_mean": _ties("acquaintance"),
    "tie_acquaintance_frontline_mean": _ties("acquaintance", which=True),
    "tie_acquaintance_senior_mean": _ties("acquaintance", which=False),
    "org_trust_mean": _live_pairs("trust"),
    "org_confidence_mean": _live_pairs("confidence"),
    "org_risk_threshold_mean": _live_pairs("threshold"),
    "conflict_mean": _live_pairs("conflict"),
    "org_faith_mean": lambda m: _mean([o.faith for o in m.orgs]),
    "org_perception_of_progress_mean": lambda m: _mean([o.progress for o in m.orgs]),
    "collaboration_rate": _ratio("collaborative", "acts"),
    "collaboration_rate_low_risk": _ratio("low_collab", "low_acts"),
    "collaboration_rate_high_risk": _ratio("high_collab", "high_acts"),
    "faith_carried_share": _ratio("carried", "acts"),
    "collab_act_risk_mean": lambda m: m.last["collab_risk"],
    "partnership_effectiveness": lambda m: (
        sum(sum(p.effectiveness) for p in m.partnerships) / max(len(m.pairs), 1)
    ),
    "meetings_per_tie": lambda m: m.last["meetings"] / max(len(m.ties), 1) / m.dt,
    "bad_meeting_share": _ratio("bad_meetings", "meetings"),
    "task_failures": lambda m: m.last["failures"],
    "quick_wins": lambda m: m.last["quick_wins"],
    "conflict_episodes": lambda m: m.last["episodes"],
    "turnover_events": lambda m: m.last["turnover"],
    **{
        f"prof_{attr}_mean": _professionals(attr)
        for attr in (
            "capability",
            "opportunity",
            "motivation",
            "commitment",
            "resilience",
        )
    },
    **{
        f"coproduction_{attr}": _coproduction(attr)
        for attr in ("engagement", "alignment", "understanding", "agreement")
    },
    "central_figures_in_post": _figures_in_post,
}
