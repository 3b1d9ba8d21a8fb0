"""Pure rules for joint acts: collaborative or competitive, and what they achieve.

References:
    theory.md §C4 Behaviour and Effectiveness; §B(ii); RF-6, RF-7, RF-8; SF1, SF3.
"""

from __future__ import annotations

import numpy as np

from collabsim.fields import BoolArray, FloatArray, clip01
from collabsim.mechanisms import MechanismSwitches
from collabsim.rates import BehaviourRates

__all__ = ["act_outcomes", "act_risk", "choose_acts"]


def act_risk(
    draw: FloatArray,
    ambition: FloatArray,
    quick_window: BoolArray,
    *,
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
    risk: FloatArray = draw * clip01(ceiling)
    return risk


def choose_acts(  # noqa: PLR0913 - the inputs of one act decision
    risk: FloatArray,
    threshold: FloatArray,
    frontline_threshold: FloatArray,
    faith: FloatArray,
    draws: tuple[FloatArray, FloatArray],
    *,
    rates: BehaviourRates,
    switches: MechanismSwitches,
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
        draws: Two arrays of uniform draws (motivation, faith).
        rates: Behaviour rates.
        switches: Active mechanisms.

    References:
        theory.md RF-6, RF-7; §C4 Behaviour; §C6 Poulsen (frontline compensation);
        SF1, SF3, SF11.
    """
    u_motivation, u_faith = draws
    compensating = switches.on("interpersonal_compensation") > 0.0
    gate = threshold
    if compensating:
        gate = np.where(
            np.isnan(frontline_threshold),
            threshold,
            np.fmax(threshold, frontline_threshold),
        )
    faith_on = switches.on("faith_drives_behaviour")
    motivated = (
        u_motivation < rates.motivation_base + faith_on * rates.faith_motivation * faith
    )
    gated = (
        (switches.on("threshold_gates_behaviour") > 0.0) & (risk <= gate) & motivated
    )
    carried = (risk <= rates.low_risk_cutoff) & (
        u_faith < faith_on * rates.faith_drive * faith
    )
    return gated | carried, carried & ~gated


def act_outcomes(  # noqa: PLR0913 - the inputs of one act outcome
    collaborative: BoolArray,
    risk: FloatArray,
    capability: FloatArray,
    draw: FloatArray,
    early: BoolArray,
    *,
    rates: BehaviourRates,
    switches: MechanismSwitches,
) -> tuple[BoolArray, BoolArray, BoolArray, FloatArray]:
    """Return (success, failure, quick win, value) of each act.

    P(success) = s₀ + c·(capability − ½) − f·risk. Higher-risk acts are worth more
    (value = ½ + risk) but fail more often. A successful low-risk act in the early
    window is a quick win.

    References:
        theory.md RF-8 (effectiveness); §C3 QuickWin, TaskFailure; IPT-18; P3.
    """
    chance = clip01(
        rates.success_base
        + rates.capability_success * (capability - 0.5)
        - rates.risk_failure * risk
    )
    success = collaborative & (draw < chance)
    failure = collaborative & ~success
    quick = (
        (switches.on("quick_wins_build_trust") > 0.0)
        & success
        & early
        & (risk <= rates.low_risk_cutoff)
    )
    value = switches.on("behaviour_builds_effectiveness") * success * (0.5 + risk)
    return success, failure, quick, value
