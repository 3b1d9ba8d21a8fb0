"""Rates of joint acts: how many, how risky, collaborative or not, and success.

No paper gives rates (docs/theory.md §C7): each default below is a modelling
assumption [M], declared per week of calendar time where it has a time basis.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, Time, packed_type, param

__all__ = ["BehaviourParams", "BehaviourRates"]


class BehaviourRates(Spec):
    """Joint acts and their outcomes (theory §C4 Behaviour, Effectiveness)."""

    acts_per_week: float = param(
        1.0,
        ge=0,
        le=20,
        unit="acts per partner per week",
        theory="§C4 Behaviour [M]",
        description=(
            "Expected candidate joint acts an organisation considers per partner per "
            "week."
        ),
        time=Time.RATE,
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
    uptake: float = param(
        0.75,
        ge=0,
        le=1,
        unit="probability",
        theory="§C4 Behaviour [M]; P3 COM-B motivation",
        description=(
            "Chance that an act within the threshold is taken up by a professional "
            "of middling motivation."
        ),
    )
    motivation_uptake: float = param(
        0.5,
        ge=0,
        le=1,
        unit="probability",
        theory="P3 COM-B motivation",
        description=(
            "Extra uptake chance per unit of the acting professional's motivation "
            "above ½."
        ),
    )
    faith_drive: float = param(
        0.6,
        ge=0,
        le=1,
        unit="probability",
        theory="RF-7; SF3",
        description=(
            "Chance at full faith that a low-risk act goes ahead on faith alone, "
            "whether or not the threshold is met."
        ),
    )
    frontline_share: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="P4; SF11",
        description=(
            "Share of acts that are frontline case work: low-risk, done by two "
            "frontline professionals."
        ),
    )
    success_base: float = param(
        0.9,
        ge=0,
        le=1,
        unit="probability",
        theory="§C3 TaskFailure [M]",
        description="Chance a collaborative act succeeds with middling capability.",
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
        theory="P3 COM-B capability",
        description=(
            "Extra success chance per unit of the acting professional's capability "
            "above ½."
        ),
    )
    quick_win_weeks: float = param(
        12.0,
        ge=0,
        le=520,
        unit="weeks",
        theory="P3 quick wins; SF9",
        description=(
            "Early window in which a partnership with a quick-win plan keeps its "
            "acts low-risk, and a success counts as a quick win."
        ),
        time=Time.WEEKS,
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
