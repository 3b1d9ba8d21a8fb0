"""Pure rules for joint acts: collaborative or competitive, and what they achieve.

References:
    theory.md §C4 Behaviour and Effectiveness; §B(ii); RF-6, RF-7, RF-8; SF1, SF3.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import BoolArray, FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import BehaviourRates

__all__ = [
    "act_outcomes",
    "act_outcomes_core",
    "act_risk",
    "act_risk_core",
    "choose_acts",
    "choose_acts_core",
]


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
    return act_risk_core(
        draw,
        ambition,
        quick_window,
        rates.low_risk_cutoff,
        rates.base_risk,
        rates.ambition_risk,
    )


@compiled
def act_risk_core(
    draw: FloatArray,
    ambition: FloatArray,
    quick_window: BoolArray,
    low_risk_cutoff: float,
    base_risk: float,
    ambition_risk: float,
) -> FloatArray:
    """Risk of candidate joint acts. Core of :func:`act_risk`."""
    ceiling = np.where(
        quick_window, low_risk_cutoff, base_risk + ambition_risk * ambition
    )
    return draw * clip01_core(ceiling)


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
    return choose_acts_core(
        risk,
        threshold,
        frontline_threshold,
        faith,
        u_motivation,
        u_faith,
        rates.motivation_base,
        rates.faith_motivation,
        rates.faith_drive,
        rates.low_risk_cutoff,
        switches.on("interpersonal_compensation"),
        switches.on("faith_drives_behaviour"),
        switches.on("threshold_gates_behaviour"),
    )


@compiled
def choose_acts_core(  # noqa: PLR0913, PLR0917 - the inputs of one act decision
    risk: FloatArray,
    threshold: FloatArray,
    frontline_threshold: FloatArray,
    faith: FloatArray,
    u_motivation: FloatArray,
    u_faith: FloatArray,
    motivation_base: float,
    faith_motivation: float,
    faith_drive: float,
    low_risk_cutoff: float,
    sw_compensating: float,
    sw_faith: float,
    sw_gates: float,
) -> tuple[BoolArray, BoolArray]:
    """Collaborative acts and those carried by faith. Core of :func:`choose_acts`."""
    gate = threshold
    if sw_compensating > 0.0:
        gate = np.where(
            np.isnan(frontline_threshold),
            threshold,
            np.fmax(threshold, frontline_threshold),
        )
    motivated = u_motivation < motivation_base + sw_faith * faith_motivation * faith
    gated = (sw_gates > 0.0) & (risk <= gate) & motivated
    carried = (risk <= low_risk_cutoff) & (u_faith < sw_faith * faith_drive * faith)
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
    return act_outcomes_core(
        collaborative,
        risk,
        capability,
        draw,
        early,
        rates.success_base,
        rates.capability_success,
        rates.risk_failure,
        rates.low_risk_cutoff,
        switches.on("quick_wins_build_trust"),
        switches.on("behaviour_builds_effectiveness"),
    )


@compiled
def act_outcomes_core(  # noqa: PLR0913, PLR0917 - the inputs of one act outcome
    collaborative: BoolArray,
    risk: FloatArray,
    capability: FloatArray,
    draw: FloatArray,
    early: BoolArray,
    success_base: float,
    capability_success: float,
    risk_failure: float,
    low_risk_cutoff: float,
    sw_quick: float,
    sw_value: float,
) -> tuple[BoolArray, BoolArray, BoolArray, FloatArray]:
    """Success, failure, quick win and value of acts. Core of :func:`act_outcomes`."""
    chance = clip01_core(
        success_base + capability_success * (capability - 0.5) - risk_failure * risk
    )
    success = collaborative & (draw < chance)
    failure = collaborative & ~success
    quick = (sw_quick > 0.0) & success & early & (risk <= low_risk_cutoff)
    value = sw_value * success * (0.5 + risk)
    return success, failure, quick, value
