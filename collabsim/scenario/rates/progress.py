"""Rates of the perception of progress (theory §C2 perception_of_progress_A).

No paper gives rates (docs/theory.md §C7): each default below is a modelling
assumption [M], declared per week of calendar time where it has a time basis.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, Time, packed_type, param

__all__ = ["ProgressParams", "ProgressRates"]


class ProgressRates(Spec):
    """Perception of progress (theory §C4 PoP; IPT-6..IPT-12)."""

    expected_value: float = param(
        0.6,
        ge=0.01,
        le=2,
        unit="value per act",
        theory="§C4 observed_progress [M]",
        description=(
            "Effectiveness per joint act that counts as full progress at middling "
            "ambition (a success is worth ½ + its risk)."
        ),
    )
    rate: float = param(
        0.1,
        ge=0,
        le=1,
        unit="per week",
        theory="§C4 κ",
        description="κ: share of the gap to perceived progress closed per week.",
        time=Time.SHARE,
    )
    memory: float = param(
        0.1,
        ge=0,
        le=1,
        unit="per week",
        theory="§C4 observed_progress [M]",
        description=(
            "Weight of the latest week in the running record of observed effectiveness."
        ),
        time=Time.SHARE,
    )
    visibility: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="IPT-11 [M]",
        description=(
            "Weight of observed effectiveness in what actors perceive without "
            "evaluation; the rest is their prior belief."
        ),
    )
    evaluation_visibility: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="IPT-11; SF4",
        description=(
            "Extra weight of observed effectiveness with ongoing evaluation "
            "(perception then tracks what is achieved, up or down)."
        ),
    )
    role_clarity: float = param(
        0.15,
        ge=0,
        le=1,
        unit="progress",
        theory="IPT-12; SF4",
        description="Progress perceived at full role clarity of a contract in force.",
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
        description="Progress perception removed when all partners' posts are vacant.",
    )
    turnover_loss: float = param(
        0.2,
        ge=0,
        le=1,
        unit="progress",
        theory="IPT-10",
        description="Progress lost when an organisation's whole staff turns over.",
    )
    initial: float = param(
        0.4,
        ge=0,
        le=1,
        unit="progress",
        theory="§C2 [M]",
        description=(
            "Perception of progress at the start, and the prior belief perception "
            "leans on without evaluation."
        ),
    )


#: ProgressRates packed for the numeric cores (:meth:`Spec.packed`).
ProgressParams = packed_type(ProgressRates, "ProgressParams")
