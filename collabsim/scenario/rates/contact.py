"""Rates of contact between professionals of partner organisations.

No paper gives rates (docs/theory.md §C7): each default below is a modelling
assumption [M], declared per week of calendar time with its range so that sweeps and
sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, Time, packed_type, param

__all__ = ["ContactParams", "ContactRates"]


class ContactRates(Spec):
    """Contact between professionals of partner organisations (theory §C3; §C5)."""

    vacancy_weeks: float = param(
        6.0,
        ge=0,
        le=104,
        unit="weeks",
        theory="IPT-8 absent actors; §C3 StaffTurnover",
        description="Weeks a post stays vacant after a professional leaves.",
        time=Time.WEEKS,
    )
    base_rate: float = param(
        0.5,
        ge=0,
        le=5,
        unit="meetings per week",
        theory="§C3 Interaction [M]",
        description=(
            "Expected meetings a week of two tied professionals with full access, at "
            "middling connectivity."
        ),
        time=Time.RATE,
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
            "Extra contact while all of a partnership's central figures are in post."
        ),
    )
    opportunity_weight: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="P3 COM-B opportunity",
        description=(
            "Share of a professional's access to meetings set by their opportunity "
            "(COM-B): at 0, opportunity does not matter."
        ),
    )


#: ContactRates packed for the numeric cores (:meth:`Spec.packed`).
ContactParams = packed_type(ContactRates, "ContactParams")
