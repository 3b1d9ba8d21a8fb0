"""Rates of joint acts: how many, how risky, collaborative or not, and success.

No paper gives rates (theory.md §C7): each default below is a modelling assumption [M],
documented with its range so that sweeps and sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, packed_type, param

__all__ = ["BehaviourRates", "BehaviourParams"]


class BehaviourRates(Spec):
    """Joint acts and their outcomes (theory §C4 Behaviour, Effectiveness)."""

    acts_per_step: int = param(
        1,
        ge=1,
        le=20,
        unit="acts per partner per step",
        theory="§C4 Behaviour [M]",
        description=(
            "Candidate joint acts each organisation considers per partner per step."
        ),
    )
    low_risk_cutoff: float = param(
        0.3,
        ge=0,
        le=1,
        unit="risk",
        theory="§B(ii) [M]; SF3",
        description=(
            "Acts at or below this risk are low-risk: faith alone can carry them."
        ),
    )
    base_risk: float = param(
        0.35,
        ge=0,
        le=1,
        unit="risk",
        theory="§B(ii) ambition [M]",
        description="Highest act risk of a partnership with no ambition.",
    )
    ambition_risk: float = param(
        0.6,
        ge=0,
        le=1,
        unit="risk",
        theory="§B(ii); IPT-21",
        description="Extra highest act risk at full ambition.",
    )
    motivation_base: float = param(
        0.5,
        ge=0,
        le=1,
        unit="probability",
        theory="§C4 g(faith) [M]",
        description="Chance an act within the threshold is taken up with zero faith.",
    )
    faith_motivation: float = param(
        0.5,
        ge=0,
        le=1,
        unit="probability",
        theory="RF-7; §C4 g(faith)",
        description="Extra uptake chance at full faith.",
    )
    faith_drive: float = param(
        0.6,
        ge=0,
        le=1,
        unit="probability",
        theory="RF-7; SF3",
        description=(
            "Chance at full faith that a low-risk act is done outside the threshold."
        ),
    )
    frontline_share: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="P4; SF11",
        description=(
            "Share of acts that are frontline case work judged on interpersonal trust."
        ),
    )
    success_base: float = param(
        0.9,
        ge=0,
        le=1,
        unit="probability",
        theory="§C3 TaskFailure [M]",
        description="Chance a collaborative act succeeds with average capability.",
    )
    risk_failure: float = param(
        0.3,
        ge=0,
        le=1,
        unit="probability",
        theory="§C3 TaskFailure [M]",
        description="Extra failure chance at the highest act risk.",
    )
    capability_success: float = param(
        0.2,
        ge=0,
        le=1,
        unit="probability",
        theory="P3 COM-B",
        description="Extra success chance at full professional capability.",
    )
    quick_win_steps: int = param(
        12,
        ge=0,
        le=1000,
        unit="steps",
        theory="P3 quick wins; SF9",
        description=(
            "Early window in which a successful low-risk act counts as a quick win."
        ),
    )
    ambition_trust_gain: float = param(
        0.4,
        ge=0,
        le=1,
        unit="ambition",
        theory="IPT-21; SF7",
        description="Ambition added per unit of pair trust above 0.5.",
    )


#: BehaviourRates packed for the numeric cores (:meth:`Spec.packed`).
BehaviourParams = packed_type(BehaviourRates, "BehaviourParams")
