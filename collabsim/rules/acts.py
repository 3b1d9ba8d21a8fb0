"""Pure rules for joint acts: collaborative or competitive, and what they achieve.

Every rule takes arrays, the packed rates of its group (a NamedTuple read by field
name, see :meth:`collabsim.scenario.fields.Spec.packed`) and the packed mechanism
switches ``on`` (read as ``on[Link.<mechanism>]``), draws no random numbers and
returns new arrays. A switch multiplies its causal link's term by 1 or 0 (theory
§B(iv); ``MECHANISMS``).

References:
    theory.md §C4 Behaviour and Effectiveness; §B(ii); RF-6, RF-7, RF-8; SF1, SF3.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import BoolArray, FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import BehaviourRates

__all__ = ["act_outcomes", "act_risk", "choose_acts"]


@compiled
def act_risk(
    draw: FloatArray,
    ambition: FloatArray,
    quick_window: BoolArray,
    rates: BehaviourRates,
) -> FloatArray:
    """Return the risk of candidate joint acts from uniform draws.

    risk = u · (base + a·ambition); during a quick-win window risk ≤ low-risk cutoff.

    References:
        theory.md §B(ii) ambition trade-off; P3 quick wins.
    """
    ceiling = np.where(
        quick_window,
        rates.low_risk_cutoff,
        rates.base_risk + rates.ambition_risk * ambition,
    )
    return draw * clip01_core(ceiling)


@compiled
def choose_acts(  # noqa: PLR0913, PLR0917 - the inputs of one act decision
    risk: FloatArray,
    threshold: FloatArray,
    frontline_threshold: FloatArray,
    faith: FloatArray,
    u_motivation: FloatArray,
    u_faith: FloatArray,
    rates: BehaviourRates,
    on: FloatArray,
) -> tuple[BoolArray, BoolArray]:
    """Decide which acts are collaborative; return (collaborative, carried by faith).

    An act is collaborative if its risk is within the threshold and the actor is
    motivated (P = m₀ + m_f·faith), or, for a low-risk act, if faith alone carries
    it (P = d·faith) without passing through the threshold. For frontline acts the
    threshold may be opened by the professionals' own trust (``frontline_threshold``;
    NaN for other acts).

    Args:
        risk: Risk of each act, in [0, 1].
        threshold: Actor's risk threshold towards the partner, in [0, 1].
        frontline_threshold: Threshold from interpersonal trust, NaN if not frontline.
        faith: Actor's faith in the partnership, in [0, 1].
        u_motivation: Uniform draws of the motivation test.
        u_faith: Uniform draws of the faith route.
        rates: Behaviour rates (packed).
        on: Mechanism switches (packed; index with ``Link``).

    References:
        theory.md RF-6, RF-7; §C4 Behaviour; §C6 Poulsen (frontline compensation);
        SF1, SF3, SF11.
    """
    gate = threshold
    if on[Link.interpersonal_compensation] > 0.0:
        gate = np.where(
            np.isnan(frontline_threshold),
            threshold,
            np.fmax(threshold, frontline_threshold),
        )
    motivated = u_motivation < (
        rates.motivation_base
        + on[Link.faith_drives_behaviour] * rates.faith_motivation * faith
    )
    gated = (on[Link.threshold_gates_behaviour] > 0.0) & (risk <= gate) & motivated
    carried = (risk <= rates.low_risk_cutoff) & (
        u_faith < on[Link.faith_drives_behaviour] * rates.faith_drive * faith
    )
    return gated | carried, carried & ~gated


@compiled
def act_outcomes(  # noqa: PLR0913, PLR0917 - the inputs of one act outcome
    collaborative: BoolArray,
    risk: FloatArray,
    capability: FloatArray,
    draw: FloatArray,
    early: BoolArray,
    rates: BehaviourRates,
    on: FloatArray,
) -> tuple[BoolArray, BoolArray, BoolArray, FloatArray]:
    """Return (success, failure, quick win, value) of each act.

    P(success) = s₀ + c·(capability − ½) − f·risk. Higher-risk acts are worth more
    (value = ½ + risk) but fail more often. A successful low-risk act in the early
    window is a quick win.

    References:
        theory.md RF-8 (effectiveness); §C3 QuickWin, TaskFailure; IPT-18; P3.
    """
    chance = clip01_core(
        rates.success_base
        + rates.capability_success * (capability - 0.5)
        - rates.risk_failure * risk
    )
    success = collaborative & (draw < chance)
    failure = collaborative & ~success
    quick = (
        (on[Link.quick_wins_build_trust] > 0.0)
        & success
        & early
        & (risk <= rates.low_risk_cutoff)
    )
    value = on[Link.behaviour_builds_effectiveness] * success * (0.5 + risk)
    return success, failure, quick, value
