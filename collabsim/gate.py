"""Pure rules for the risk gate: confidence from obligations, and the risk threshold.

Every function takes arrays and frozen rates, draws no random numbers, touches no
Mesa object and returns new arrays (inputs are never modified). Mechanism switches
multiply each causal link's term by 1 or 0 (theory §B(iv); see ``MECHANISMS``).
"""

from __future__ import annotations

import numpy as np

from collabsim.compiled import ENGINE, clip01_core, compiled
from collabsim.fields import FloatArray, IntArray
from collabsim.mechanisms import MechanismSwitches
from collabsim.rates import ConfidenceRates, ThresholdWeights

__all__ = [
    "confidence_target",
    "confidence_target_core",
    "pair_trust_core",
    "pairwise_mean",
    "pairwise_sum",
    "risk_threshold",
    "risk_threshold_core",
    "segment_sum",
    "update_confidence",
    "update_confidence_core",
]


def confidence_target(
    contract_strength: FloatArray,
    accountability: FloatArray,
    mandated: FloatArray,
    partner_persuasiveness: FloatArray,
    *,
    rates: ConfidenceRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the confidence that obligations in force justify.

    target = max(w_c·strength·(floor + (1 − floor)·accountability), m·mandated)
             + l·(persuasiveness − ½)

    Confidence needs no trust: it comes from contracts and mandates only.

    References:
        theory.md §B(i) confidence; RC-1; IPT-5, IPT-22; RC-9.
    """
    return confidence_target_core(
        contract_strength,
        accountability,
        mandated,
        partner_persuasiveness,
        rates.contract_weight,
        rates.mandate_level,
        rates.enforcement_floor,
        rates.leader_boost,
        switches.on("contracts_build_confidence"),
        switches.on("mandate_builds_confidence"),
        switches.on("leadership_builds_confidence"),
    )


@compiled
def confidence_target_core(  # noqa: PLR0913, PLR0917 - the obligations, rates and switches
    contract_strength: FloatArray,
    accountability: FloatArray,
    mandated: FloatArray,
    partner_persuasiveness: FloatArray,
    contract_weight: float,
    mandate_level: float,
    enforcement_floor: float,
    leader_boost: float,
    sw_contracts: float,
    sw_mandate: float,
    sw_leader: float,
) -> FloatArray:
    """Confidence that obligations justify. Core of :func:`confidence_target`."""
    enforcement = enforcement_floor + (1.0 - enforcement_floor) * accountability
    contract = sw_contracts * (contract_weight * contract_strength * enforcement)
    mandate = sw_mandate * mandate_level * mandated
    leader = sw_leader * leader_boost * (partner_persuasiveness - 0.5)
    obliged = np.maximum(contract, mandate)
    return clip01_core(obliged + np.where(obliged > 0.0, leader, 0.0))


def update_confidence(
    confidence: FloatArray,
    target: FloatArray,
    breaches: FloatArray,
    accountability: FloatArray,
    *,
    rates: ConfidenceRates,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return confidence after a step: a fast move to the target, minus breaches.

    References:
        theory.md §B(i) (fast step on contract/mandate events; erodes on breaches).
    """
    return update_confidence_core(
        confidence,
        target,
        breaches,
        accountability,
        rates.rate,
        rates.breach_penalty,
        switches.on("breaches_lower_confidence"),
    )


@compiled
def update_confidence_core(  # noqa: PLR0913, PLR0917 - the state, its drivers and rates
    confidence: FloatArray,
    target: FloatArray,
    breaches: FloatArray,
    accountability: FloatArray,
    rate: float,
    breach_penalty: float,
    sw_breaches: float,
) -> FloatArray:
    """Confidence after a step. Core of :func:`update_confidence`."""
    breach = sw_breaches * (breach_penalty * breaches * (1.0 - accountability))
    moved = confidence + rate * (target - confidence) - breach
    return clip01_core(moved)


def risk_threshold(
    trust: FloatArray,
    confidence: FloatArray,
    pressure: FloatArray,
    *,
    weights: ThresholdWeights,
    switches: MechanismSwitches,
) -> FloatArray:
    """Return the risk an organisation accepts with a partner.

    θ = (1 − (1 − w_T·trust)·(1 − w_C·confidence))·(1 − w_P·pressure)

    Trust and confidence are two routes to the same gate: either can open it, and
    together they substitute rather than add (theory "collide" reading, DR-e).

    References:
        theory.md §B(ii); §C4 Risk threshold; RF-3, RF-4; RC-7; SF1, SF2.
    """
    return risk_threshold_core(
        trust,
        confidence,
        pressure,
        weights.trust_weight,
        weights.confidence_weight,
        weights.pressure_weight,
        switches.on("trust_raises_threshold"),
        switches.on("confidence_raises_threshold"),
        switches.on("pressure_lowers_threshold"),
    )


@compiled
def risk_threshold_core(  # noqa: PLR0913, PLR0917 - three routes, their weights and switches
    trust: FloatArray,
    confidence: FloatArray,
    pressure: FloatArray,
    trust_weight: float,
    confidence_weight: float,
    pressure_weight: float,
    sw_trust: float,
    sw_confidence: float,
    sw_pressure: float,
) -> FloatArray:
    """The risk an organisation accepts. Core of :func:`risk_threshold`."""
    via_trust = sw_trust * trust_weight * trust
    via_confidence = sw_confidence * (confidence_weight * confidence)
    opened = 1.0 - (1.0 - via_trust) * (1.0 - via_confidence)
    closed = sw_pressure * pressure_weight * pressure
    return clip01_core(opened * (1.0 - closed))


# --- organisation-pair trust from ties, summed in NumPy's order ----------------------
# (The pairwise sum and the segment sum are general: candidates for compiled.py.)


@compiled
def _block_sum(values: FloatArray, lo: int, n: int) -> float:
    """NumPy's pairwise sum of ``values[lo:lo + n]`` for n <= 128 (8 accumulators)."""
    res = 0.0
    if n < 8:
        for i in range(lo, lo + n):
            res += values[i]
        return res
    r0, r1, r2, r3 = values[lo], values[lo + 1], values[lo + 2], values[lo + 3]
    r4, r5, r6, r7 = values[lo + 4], values[lo + 5], values[lo + 6], values[lo + 7]
    i = lo + 8
    while i < lo + n - n % 8:
        r0, r1 = r0 + values[i], r1 + values[i + 1]
        r2, r3 = r2 + values[i + 2], r3 + values[i + 3]
        r4, r5 = r4 + values[i + 4], r5 + values[i + 5]
        r6, r7 = r6 + values[i + 6], r7 + values[i + 7]
        i += 8
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    for k in range(i, lo + n):
        res += values[k]
    return float(res)


@compiled
def pairwise_sum(values: FloatArray, lo: int, n: int) -> float:
    """NumPy's pairwise sum of ``values[lo:lo + n]``: its recursion, on a stack.

    (Numba's cache cannot reload a recursive function, hence the explicit stack.)
    """
    if n <= 128:
        return _block_sum(values, lo, n)
    start, size = np.zeros(64, np.int64), np.zeros(64, np.int64)
    left, right_pending = np.zeros(64), np.zeros(64, np.bool_)
    start[0], size[0], depth = lo, n, 0
    while True:
        while size[depth] > 128:  # descend to the left half
            half = size[depth] // 2 - size[depth] // 2 % 8
            right_pending[depth] = True
            start[depth + 1], size[depth + 1] = start[depth], half
            depth += 1
        value = _block_sum(values, start[depth], size[depth])
        while depth > 0:  # ascend: add finished right halves, or turn to the right
            depth -= 1
            if right_pending[depth]:
                left[depth], right_pending[depth] = value, False
                half = size[depth] // 2 - size[depth] // 2 % 8
                start[depth + 1] = start[depth] + half
                size[depth + 1] = size[depth] - half
                depth += 1
                break
            value = left[depth] + value
        else:
            return value


def _segment_sum_numpy(values: FloatArray, offsets: IntArray) -> FloatArray:
    if offsets.shape[0] <= 1:
        return np.zeros(0)
    total: FloatArray = np.add.reduceat(values, offsets[:-1], dtype=np.float64)
    return total


def _segment_sum_loop(values: FloatArray, offsets: IntArray) -> FloatArray:
    out = np.zeros(max(offsets.shape[0] - 1, 0))
    for k in range(out.shape[0]):
        lo, n = offsets[k], offsets[k + 1] - offsets[k]
        out[k] = (
            values[lo] + pairwise_sum(values, lo + 1, n - 1) if n > 1 else values[lo]
        )
    return out


def _mean_numpy(values: FloatArray) -> float:
    return float(np.add.reduce(values) / values.shape[0])


def _mean_loop(values: FloatArray) -> float:
    n: int = values.shape[0]
    return pairwise_sum(values, 0, n) / n


segment_sum = compiled(_segment_sum_loop) if ENGINE == "numba" else _segment_sum_numpy
segment_sum.__doc__ = "``np.add.reduceat(values, offsets[:-1])``, in float64."
pairwise_mean = compiled(_mean_loop) if ENGINE == "numba" else _mean_numpy
pairwise_mean.__doc__ = "``values.mean()`` (NumPy's pairwise sum) of a non-empty array."


@compiled
def pair_trust_core(
    trust: FloatArray,
    tie_weight: FloatArray,
    offsets: IntArray,
    pair_weight: FloatArray,
) -> FloatArray:
    """Weighted mean trust of each directed pair's ties (``offsets``: CSR layout).

    Summed as ``np.add.reduceat`` sums (NumPy's pairwise order) in both engines.
    """
    return segment_sum(trust * tie_weight, offsets) / pair_weight
