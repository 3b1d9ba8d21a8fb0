"""Pure rules for joint acts: collaborative or competitive, and what they achieve.

Every rule takes arrays, the packed behaviour rates (a NamedTuple read by field name,
see :meth:`collabsim.scenario.fields.Spec.packed`) and the packed mechanism
switches ``on`` (read as ``on[Link.<mechanism>]``), draws no random numbers (uniform
draws come in as arrays) and returns new arrays.

An act goes ahead by one of two routes (theory RF-6, RF-7, §B(ii)):

* through the **gate**: its risk is within the organisations' risk threshold (set by
  trust and confidence), or, for frontline case work, within the interpersonal
  threshold of the two professionals who know each other; and the professional
  doing it takes it up (their motivation);
* on **faith**: a low-risk act goes ahead on faith alone, whether or not the
  threshold is met. High-risk acts need the gate.

References:
    docs/theory.md §C4 Behaviour and Effectiveness; §B(ii); RF-6, RF-7, RF-8; SF1,
    SF3, SF11.
"""

from __future__ import annotations

import numpy as np

from collabsim.arrays import BoolArray, FloatArray
from collabsim.rules.engine import clip01_core, compiled
from collabsim.scenario.mechanisms import Link
from collabsim.scenario.rates import BehaviourRates

__all__ = ["act_outcomes", "act_risk", "choose_acts", "uptake_chance", "work_weights"]


@compiled
def act_risk(
    draw: FloatArray,
    ambition: FloatArray,
    low_risk_only: BoolArray,
    rates: BehaviourRates,
) -> FloatArray:
    """Return the risk of candidate joint acts from uniform draws.

    risk = u · (base + a·ambition), or u · cutoff for acts kept low-risk: frontline
    case work, and acts in a quick-win window.

    References:
        docs/theory.md §B(ii) ambition trade-off; P3 quick wins; P4 case work.
    """
    ceiling = np.where(
        low_risk_only,
        rates.low_risk_cutoff,
        rates.base_risk + rates.ambition_risk * ambition,
    )
    return draw * clip01_core(ceiling)


@compiled
def uptake_chance(
    motivation: FloatArray, rates: BehaviourRates, on: FloatArray
) -> FloatArray:
    """Return the chance that the professional doing an act within the gate takes it up.

    P = p₀ + m·(motivation − ½) (COM-B motivation drives behaviour).

    References:
        docs/theory.md P3 COM-B; §C6 Metz; SF18.
    """
    return clip01_core(
        rates.uptake
        + on[Link.motivation_drives_uptake]
        * rates.motivation_uptake
        * (motivation - 0.5)
    )


@compiled
def choose_acts(  # noqa: PLR0913, PLR0917 - the inputs of one act decision
    risk: FloatArray,
    threshold: FloatArray,
    personal: FloatArray,
    faith: FloatArray,
    uptake: FloatArray,
    draws: tuple[FloatArray, FloatArray],
    rates: BehaviourRates,
    on: FloatArray,
) -> tuple[BoolArray, BoolArray]:
    """Decide which acts are collaborative; return (collaborative, carried by faith).

    Args:
        risk: Risk of each act, in [0, 1].
        threshold: Actor organisation's risk threshold towards the partner.
        personal: Interpersonal threshold of the two professionals doing a frontline
            act (their knowledge-based trust); -1 for other acts.
        faith: Actor organisation's faith in the partnership, in [0, 1].
        uptake: Chance the acting professional takes up an act within the gate.
        draws: Uniform draws of the uptake test and of the faith route.
        rates: Behaviour rates (packed).
        on: Mechanism switches (packed; index with ``Link``).

    References:
        docs/theory.md RF-6, RF-7; §C4 Behaviour; §C6 Poulsen; SF1, SF3, SF11.
    """
    u_uptake, u_faith = draws
    low = risk <= rates.low_risk_cutoff
    organisational = (on[Link.threshold_gates_behaviour] > 0.0) & (risk <= threshold)
    interpersonal = (
        (on[Link.interpersonal_compensation] > 0.0) & low & (risk <= personal)
    )
    gated = (organisational | interpersonal) & (u_uptake < uptake)
    faithful = low & (
        u_faith < on[Link.faith_drives_behaviour] * rates.faith_drive * faith
    )
    return gated | faithful, faithful & ~gated


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

    P(success) = s₀ + c·(capability − ½) − f·risk, with the capability of the two
    professionals doing it. Higher-risk acts are worth more (value = ½ + risk) but
    fail more often. A successful low-risk act in the early window of a quick-win
    plan (``early``: the act falls in it) is a quick win.

    References:
        docs/theory.md RF-8 (effectiveness); §C3 QuickWin, TaskFailure; IPT-18; P3.
    """
    chance = clip01_core(
        rates.success_base
        + on[Link.capability_raises_success]
        * rates.capability_success
        * (capability - 0.5)
        - rates.risk_failure * risk
    )
    success = collaborative & (draw < chance)
    failure = collaborative & ~success
    quick = success & early & (risk <= rates.low_risk_cutoff)
    value = on[Link.behaviour_builds_effectiveness] * success * (0.5 + risk)
    return success, failure, quick, value


@compiled
def work_weights(
    commitment: FloatArray, present: FloatArray, on: FloatArray
) -> FloatArray:
    """Each professional's weight in who does a joint act: 0 for a vacant post.

    With commitment sharing joint work, a professional's share of the acts of their
    role is in proportion to their commitment (COM-B); without it, all present
    professionals of a role share equally.

    References:
        docs/theory.md P3 commitment; §C6 Metz ("the probability that an agent
        carries out its share of a collaborative action").
    """
    shared = on[Link.commitment_shares_joint_work]
    weights: FloatArray = present * (shared * commitment + 1.0 - shared)
    return weights
