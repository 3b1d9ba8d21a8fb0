"""Who does a joint act: one professional of each side, and their own threshold.

Each act is done by one professional of each organisation, chosen in proportion to
their commitment among the present staff of its role (frontline staff for case work,
leaders and boundary spanners otherwise). Frontline professionals who know each other
bring their own, interpersonal threshold to case work (theory P4). Used by the act
phase (:mod:`.acts`).
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import BoolArray, FloatArray, IntArray
from collabsim.model.entities import Layout, OrgArrays
from collabsim.rules.engine import compiled, engine_name
from collabsim.scenario.rates import ThresholdWeights, TrustRates

__all__ = ["actors", "personal_threshold"]


def _choose_numpy(
    weights: FloatArray, lo: IntArray, hi: IntArray, draw: FloatArray, width: int
) -> tuple[IntArray, BoolArray]:
    last = hi - 1
    total = np.zeros(lo.shape[0])
    for j in range(width):
        inside = lo + j < hi
        total = total + np.where(inside, weights[np.minimum(lo + j, last)], 0.0)
    target = draw * total
    running = np.zeros(lo.shape[0])
    picked = last.copy()
    found = np.zeros(lo.shape[0], np.bool_)
    for j in range(width):
        inside = lo + j < hi
        running = running + np.where(inside, weights[np.minimum(lo + j, last)], 0.0)
        hit = inside & ~found & (running > target)
        picked = np.where(hit, lo + j, picked)
        found = found | hit
    return picked, total > 0.0


def _choose_loop(
    weights: FloatArray,
    lo: IntArray,
    hi: IntArray,
    draw: FloatArray,
    width: int,  # noqa: ARG001 - the array form's; a loop needs no width
) -> tuple[IntArray, BoolArray]:
    n = lo.shape[0]
    picked = np.empty(n, np.int64)
    present = np.empty(n, np.bool_)
    for a in range(n):
        total = 0.0
        for j in range(lo[a], hi[a]):
            total += weights[j]
        target = draw[a] * total
        running = 0.0
        pick = hi[a] - 1
        for j in range(lo[a], hi[a]):
            running += weights[j]
            if running > target:
                pick = j
                break
        picked[a] = pick
        present[a] = total > 0.0
    return picked, present


_choose = compiled(_choose_loop) if engine_name() == "numba" else _choose_numpy
_choose.__doc__ = (
    "Pick one professional in each slot range ``[lo, hi)`` in proportion to weight: "
    "the first whose running weight (summed from ``lo``) exceeds ``draw`` times the "
    "range's total, the last of the range if none does. Returns the chosen slots and "
    "whether anyone there had weight (was present). ``width`` is the widest range. "
    "Written twice, as arrays and as a loop (the engines' forms), tested equal."
)


@compiled
def actors(
    pair: IntArray,
    frontline: BoolArray,
    layout: Layout,
    orgs: OrgArrays,
    weights: FloatArray,
    draws: tuple[FloatArray, FloatArray],
) -> tuple[IntArray, IntArray, BoolArray]:
    """The professional of each side who does each act, and whether both are there.

    Frontline case work falls to frontline staff (or to the senior staff of an
    organisation that has none), other acts to the leader and boundary spanners.
    """
    width = int(orgs.prof_count.max()) if orgs.prof_count.shape[0] > 0 else 0
    sides = (layout.pair_src[pair], layout.pair_dst[pair])
    chosen = []
    for side in range(2):
        org = sides[side]
        start, count = orgs.prof_start[org], orgs.prof_count[org]
        senior = start + orgs.senior_count[org]
        case_work = frontline & (senior < start + count)
        lo = np.where(case_work, senior, start)
        hi = np.where(case_work, start + count, senior)
        chosen.append(_choose(weights, lo, hi, draws[side], width))
    (mine, here), (theirs, there) = chosen
    return mine, theirs, here & there


@compiled
def personal_threshold(  # noqa: PLR0913, PLR0917 - each act's pair, doers and kind, then the state
    pair: IntArray,
    mine: IntArray,
    theirs: IntArray,
    frontline: BoolArray,
    layout: Layout,
    orgs: OrgArrays,
    ties: tuple[FloatArray, FloatArray],
    rates: tuple[ThresholdWeights, TrustRates],
) -> FloatArray:
    """Interpersonal threshold of the two professionals doing frontline case work.

    w_T · trust of their tie, once they know each other (acquaintance at least
    ``knowing``): their own, knowledge-based trust, free of the latent distrust that
    holds back their organisations' (theory P4); -1 for other acts. ``rates`` are
    per act.
    """
    trust, acquaintance = ties
    src, dst = layout.pair_src[pair], layout.pair_dst[pair]
    local_i = mine - orgs.prof_start[src]
    local_j = theirs - orgs.prof_start[dst]
    tie = layout.offsets[pair] + local_i * orgs.prof_count[dst] + local_j
    weights, trust_rates = rates
    known = frontline & (acquaintance[tie] >= trust_rates.knowing)
    return np.where(known, weights.trust_weight * trust[tie], -1.0)
