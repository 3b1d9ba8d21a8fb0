"""Rates of the perception of progress (theory §C2 perception_of_progress_A).

No paper gives rates (theory.md §C7): each default below is a modelling assumption [M],
documented with its range so that sweeps and sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, packed_type, param

__all__ = ["ProgressRates", "ProgressParams"]


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


#: ProgressRates packed for the numeric cores (:meth:`Spec.packed`).
ProgressParams = packed_type(ProgressRates, "ProgressParams")
