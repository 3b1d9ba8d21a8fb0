"""D'Amour indicator scores per partnership, computed from model state.

Ten metrics read these scores every step, so they are computed once per step
(:meth:`~collabsim.model.runstate.RunState.per_step`).

References:
    docs/theory.md §C6 D'Amour cross-walk; P2-D (10 indicators).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from collabsim.arrays import FloatArray, IntArray
from collabsim.model.runs import Level
from collabsim.model.runstate import RunState
from collabsim.rules.contact import presence
from collabsim.scenario.mechanisms import Link

__all__ = [
    "DAMOUR_INDICATORS",
    "DAMOUR_LABELS",
    "damour_level",
    "damour_scores",
    "damour_table",
]

DAMOUR_INDICATORS: tuple[str, ...] = (
    "goals",
    "client_orientation",
    "acquaintanceship",
    "trust",
    "centrality",
    "leadership",
    "innovation_support",
    "connectivity",
    "formalisation",
    "information_exchange",
)


#: Names of the D'Amour typology levels 1-3 (theory §A2; P2-D).
DAMOUR_LABELS: dict[int, str] = {1: "potential", 2: "developing", 3: "active"}


def damour_level(score: FloatArray) -> FloatArray:
    """Map indicator scores in [0, 1] to D'Amour levels 1 (potential) to 3 (active).

    References:
        docs/theory.md §A2 typology; P2-D.
    """
    levels = 1.0 + (score >= 1.0 / 3.0) + (score >= 2.0 / 3.0)
    return np.asarray(levels, dtype=np.float64)


def damour_scores(state: RunState) -> dict[str, FloatArray]:
    """Indicator scores in [0, 1] per partnership (theory §C6 D'Amour cross-walk).

    Computed once per step (ten metrics read it).
    """
    return state.per_step("damour", _damour_scores)


#: Meetings per tie per week at which connectivity counts as fully active.
ACTIVE_MEETINGS = 0.5


def _damour_scores(state: RunState) -> dict[str, FloatArray]:
    """Each indicator measured from the run state (inputs only where it is one).

    Goals are the shared vision (raised by co-production agreement); client
    orientation is the share of acts that were not competitive; acquaintanceship
    and trust are the ties'; centrality is the share of central figures in post;
    leadership how many member organisations have one in post; support for
    innovation the professionals' mean capability; connectivity the observed
    meeting rate; formalisation a contract in force, consensual or not; information
    exchange the infrastructure as far as partners actually collaborate.

    One score per partnership row of the state (every run's partnerships, the
    inactive row excluded).
    """
    arrays, pairs, ties = state.partnerships, state.pairs, state.ties
    n = len(arrays.active)
    k = n - 1
    idx = np.where(pairs.partnership < 0, k, pairs.partnership)
    norm = np.bincount(idx, minlength=n)

    def by_partnership(values: FloatArray) -> FloatArray:
        total = np.bincount(idx, weights=values, minlength=n)
        return np.divide(total, norm, out=np.zeros(n), where=norm > 0)[:k]

    orgs, profs = state.orgs, state.profs
    rates = state.at(Level.PARTNERSHIP, "coproduction")
    vision = np.minimum(
        arrays.lever("shared_vision")[:k]
        + state.params.on[Link.agreement_feeds_vision]
        * rates.vision_weight[:k]
        * arrays.agreement[:k],
        1.0,
    )
    consensual = (arrays.voluntary()[:k] > 0) | (arrays.alignment[:k] >= 0.5)
    clarity = arrays.nested("contract", "role_clarity")[:k]
    collaborative = 1.0 - by_partnership(pairs.competitive_share)
    capability = np.bincount(profs.org, profs.capability) / orgs.prof_count
    members = state.fixed(_members)
    support = np.bincount(
        members.row, weights=capability[members.org], minlength=k
    ) / np.maximum(members.size, 1.0)
    figures = state.figures
    present = presence(state.profs.vacant_until[figures.slot], float(state.t))
    present = present * figures.active
    leaders = np.bincount(figures.partnership, weights=present, minlength=n)[:k]
    return {
        "goals": vision,
        "client_orientation": collaborative,
        "acquaintanceship": by_partnership(ties.pair_mean(ties.acquaintance)),
        "trust": by_partnership(pairs.trust),
        "centrality": state.figure_presence()[:k],
        "leadership": np.minimum(leaders / np.maximum(members.size, 1.0), 1.0),
        "innovation_support": support,
        "connectivity": np.minimum(
            by_partnership(pairs.contact_rate) / ACTIVE_MEETINGS, 1.0
        ),
        "formalisation": (arrays.contract[:k] > 0)
        * np.where(consensual, 1.0, 0.5)
        * (0.5 + 0.5 * clarity),
        "information_exchange": arrays.lever("info_exchange")[:k] * collaborative,
    }


class _Members(NamedTuple):
    row: IntArray  # partnership row of each (row, member) entry
    org: IntArray  # the member organisation
    size: FloatArray  # members per row


def _members(state: RunState) -> _Members:
    members = state.partnerships.members
    return _Members(
        row=np.repeat(np.arange(len(members)), [len(m) for m in members]),
        org=np.concatenate(members) if members else np.zeros(0, np.int64),
        size=np.array([len(m) for m in members], dtype=np.float64),
    )


def damour_table(state: RunState) -> pd.DataFrame:
    """Tidy D'Amour table: partnership, indicator, score, level (1-3), label."""
    scores = damour_scores(state)
    rows = []
    ids = state.partnerships.ids * state.n_runs
    for name in DAMOUR_INDICATORS:
        for pid, score in zip(ids, scores[name], strict=True):
            level = int(damour_level(np.array([score]))[0])
            rows.append((pid, name, float(score), level, DAMOUR_LABELS[level]))
    return pd.DataFrame(
        rows, columns=["partnership", "indicator", "score", "level", "label"]
    )


#: The ten D'Amour indicators (P2-D), in the order of docs/theory.md §A2.
