"""Pure rules of tie trust: contact quality, joint work, and the trust update.

Every rule takes arrays, the packed rates of its group (a NamedTuple read by field
name, see :meth:`collabsim.scenario.fields.Spec.packed`, already converted to one
step of the run) and the packed mechanism switches ``on`` (read as
``on[Link.<mechanism>]``), draws no random numbers and returns new arrays. A switch
multiplies its causal link's term by 1 or 0 (theory §B(iv); ``MECHANISMS``).

Trust moves by events: each positive event of quality q keeps a share (1 − α·q) of
the room to full trust, each negative one keeps (1 − β·q) of the trust, with β ≫ α
(theory §C4): slow to gain, quick to lose. Tie state is computed in float64.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import TrustRates

__all__ = [
    "failure_quality",
    "interaction_quality",
    "negative_interaction_probability",
    "success_quality",
    "update_trust",
]


@compiled
def interaction_quality(
    relational: FloatArray,
    technical: FloatArray,
    leader_vulnerability: FloatArray,
    rates: TrustRates,
    on: FloatArray,
) -> FloatArray:
    """Return the quality q⁺ of a positive contact (may exceed 1; α·q⁺ is capped).

    q⁺ = (q₀ + r_boost·relational + t_boost·technical) · (1 + l_boost·(v − ½))

    References:
        docs/theory.md §C6 Metz (relational vs technical acts); P3 Table 1; RC-9;
        SF20.
    """
    quality: FloatArray = np.maximum(
        (
            rates.positive_quality
            + on[Link.relational_strategies_build_trust]
            * rates.relational_boost
            * relational
            + on[Link.technical_strategies_build_trust]
            * rates.technical_boost
            * technical
        )
        * (
            1.0
            + on[Link.leadership_builds_trust]
            * rates.leader_boost
            * (leader_vulnerability - 0.5)
        ),
        0.0,
    )
    return quality


@compiled
def negative_interaction_probability(
    cultural_distance: FloatArray, rates: TrustRates, on: FloatArray
) -> FloatArray:
    """Return the chance that a contact goes badly (q⁻ event).

    References:
        docs/theory.md §C4 q⁻; IPT-15 cultural compatibility.
    """
    return clip01_core(
        rates.negative_rate
        + on[Link.cultural_mismatch_spoils_contact]
        * (rates.cultural_negative_weight * cultural_distance)
    )


@compiled
def success_quality(
    stake: FloatArray,
    technical: FloatArray,
    quick: FloatArray,
    rates: TrustRates,
    on: FloatArray,
) -> FloatArray:
    """Return the positive quality a successful joint act puts on its pair's ties.

    q_s = s·stake·(1 + d·technical) + w·quick: knowledge-based trust grows with
    partners delivering on their commitments (technical strategies make each
    delivery count for more), and more with what was at stake (½ + risk).

    References:
        docs/theory.md FB-2; §C3 QuickWin; P3 technical strategies, quick wins; SF8.
    """
    delivered = (
        rates.success_quality
        * stake
        * (
            1.0
            + on[Link.technical_strategies_build_trust]
            * rates.delivery_boost
            * technical
        )
    )
    quality: FloatArray = on[Link.success_builds_trust] * delivered + (
        on[Link.quick_wins_build_trust] * rates.quick_win_gain * quick
    )
    return quality


@compiled
def failure_quality(stake: FloatArray, rates: TrustRates, on: FloatArray) -> FloatArray:
    """Return the negative quality a failed joint act puts on its pair's ties.

    q_f = f·stake: a failure hurts in proportion to what was at stake (½ + risk).

    References:
        docs/theory.md §C3 TaskFailure; IPT-18; SF8.
    """
    quality: FloatArray = (
        on[Link.task_failure_lowers_trust] * rates.failure_severity * stake
    )
    return quality


@compiled
def update_trust(  # noqa: PLR0913, PLR0917 - the terms of the §C4 trust equation
    trust: FloatArray,
    baseline: FloatArray,
    keep_room: FloatArray,
    keep_trust: FloatArray,
    conflict: FloatArray,
    contacted: FloatArray,
    rates: TrustRates,
    on: FloatArray,
) -> FloatArray:
    """Return tie trust after one step.

    trust₁ = 1 − (1 − trust)·keep_room      positive events: Π(1 − α·q⁺)
    trust₂ = trust₁·keep_trust               negative events: Π(1 − β·q⁻)
    trust₃ = trust₂·(1 − γ·conflict)         erosion by conflict
    trust' = trust₃ + (1 − (1 − δ)^(1 − contacted))·(base − trust₃)   drift

    Applied one after the other, so trust' rises with every positive event and
    falls with every negative one whatever the rates.

    Gains are slow and proportional to the room left; losses are sharp and
    proportional to what can be lost (negativity asymmetry, β ≫ α).

    Args:
        trust: Current trust per directed tie, in [0, 1] (float64).
        baseline: Trust the tie drifts to without contact, in [0, 1].
        keep_room: Share of the room to full trust that the step's positive events
            leave, in [0, 1].
        keep_trust: Share of trust that the step's negative events leave.
        conflict: Conflict of the tie's organisation pair, in [0, 1].
        contacted: Share of the step's sub-intervals in which the two
            professionals met (1 or 0 in a one-week step); trust drifts over the
            rest.
        rates: Trust rates (packed, per step).
        on: Mechanism switches (packed; index with ``Link``).

    Returns:
        A new array in [0, 1].

    References:
        docs/theory.md §C4 Trust (tie); RF-2; IPT-14, IPT-17, IPT-18, IPT-20; SF8.
    """
    gained = 1.0 - (1.0 - trust) * keep_room
    kept = gained * keep_trust
    eroded = kept * (
        1.0 - on[Link.conflict_erodes_trust] * rates.conflict_erosion * conflict
    )
    # the drift runs over the part of the step without a meeting
    quiet = 1.0 - (1.0 - rates.decay) ** (1.0 - contacted)
    drift = on[Link.trust_decays_without_contact] * quiet
    return clip01_core(eroded + drift * (baseline - eroded))
