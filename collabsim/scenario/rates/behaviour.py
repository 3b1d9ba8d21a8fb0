"""Rates of joint acts and of the perception of progress they feed.

No paper gives rates (theory.md §C7): each default below is a modelling assumption [M],
documented with its range so that sweeps and sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, param

__all__ = ["BehaviourRates", "ProgressRates"]


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


class ProgressRates(Spec):
    """Perception of progress (theory §C2 perception_of_progress_A; IPT-6..12)."""

    expected_success: float = param(
        0.6,
        ge=0.05,
        le=1,
        unit="share",
        theory="§C4 observed_progress [M]",
        description=(
            "Share of acts succeeding that counts as full progress at mid ambition."
        ),
    )
    rate: float = param(
        0.1,
        ge=0,
        le=1,
        unit="per step",
        theory="§C4 κ",
        description="κ: share of the gap to perceived progress closed per step.",
    )
    memory: float = param(
        0.1,
        ge=0.001,
        le=1,
        unit="per step",
        theory="§C4 observed_progress [M]",
        description="Weight of the latest step in the running success signal.",
    )
    visibility: float = param(
        0.7,
        ge=0,
        le=1,
        unit="share",
        theory="IPT-11 [M]",
        description="Share of real progress actors perceive without evaluation.",
    )
    evaluation_visibility: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="IPT-11; SF4",
        description=(
            "Extra share of progress perceived in partnerships with ongoing evaluation."
        ),
    )
    role_clarity: float = param(
        0.15,
        ge=0,
        le=1,
        unit="progress",
        theory="IPT-12; SF4",
        description="Progress perceived at full role clarity.",
    )
    flexibility: float = param(
        0.1,
        ge=0,
        le=1,
        unit="progress",
        theory="IPT-9; SF4",
        description="Progress perceived at full organisational flexibility.",
    )
    intra_conflict: float = param(
        0.3,
        ge=0,
        le=1,
        unit="progress",
        theory="IPT-6",
        description="Progress perception removed at full internal conflict.",
    )
    ambition_ceiling: float = param(
        0.5,
        ge=0,
        le=1,
        unit="progress",
        theory="IPT-7",
        description="Highest perceived progress of a partnership with no ambition.",
    )
    absent_actors: float = param(
        0.3,
        ge=0,
        le=1,
        unit="progress",
        theory="IPT-8",
        description=(
            "Progress perception removed when no one has protected time to take part."
        ),
    )
    turnover_loss: float = param(
        0.2,
        ge=0,
        le=1,
        unit="progress",
        theory="IPT-10",
        description=(
            "Progress lost when an organisation's whole staff turns over in a step."
        ),
    )
    initial: float = param(
        0.4,
        ge=0,
        le=1,
        unit="progress",
        theory="§C2 [M]",
        description="Perception of progress at the start.",
    )
