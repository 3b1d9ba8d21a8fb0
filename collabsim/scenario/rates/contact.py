"""Rates of contact between professionals of partner organisations.

No paper gives rates (theory.md §C7): each default below is a modelling assumption [M],
documented with its range so that sweeps and sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, packed_type, param

__all__ = ["ContactRates", "ContactParams"]


class ContactRates(Spec):
    """Contact between professionals of partner organisations (theory §C3; §C5)."""

    vacancy_steps: int = param(
        4,
        ge=0,
        le=104,
        unit="steps",
        theory="IPT-8 absent actors; §C3 StaffTurnover",
        description="Steps a post stays vacant after a professional leaves.",
    )
    base_rate: float = param(
        0.5,
        ge=0,
        le=1,
        unit="probability per step",
        theory="§C3 Interaction [M]",
        description=(
            "Chance that two tied professionals meet in a step at full connectivity."
        ),
    )
    distance_penalty: float = param(
        0.6,
        ge=0,
        le=1,
        unit="share",
        theory="§C5 distance; NIHR alert",
        description="Share of contact lost at maximum distance between organisations.",
    )
    protected_time_boost: float = param(
        1.0,
        ge=0,
        le=3,
        unit="1",
        theory="§C5 time_budget; P4",
        description=(
            "Relative increase in contact at full protected time for relationship work."
        ),
    )
    frontline_access: float = param(
        0.4,
        ge=0,
        le=1,
        unit="share",
        theory="SF15; P2",
        description=(
            "Access of frontline staff to shared venues relative to leaders and "
            "managers."
        ),
    )
    central_figure_boost: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="§C3 CentralFigureLoss; P2",
        description=(
            "Extra contact while an active central figure convenes the network."
        ),
    )


#: ContactRates packed for the numeric cores (:meth:`Spec.packed`).
ContactParams = packed_type(ContactRates, "ContactParams")
