"""Rates of faith in the partnership (theory §C2 faith_A; RF-5).

No paper gives rates (docs/theory.md §C7): each default below is a modelling
assumption [M], declared per week of calendar time where it has a time basis.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, Time, packed_type, param

__all__ = ["FaithRates", "FaithParams"]


class FaithRates(Spec):
    """Faith in the partnership (theory §C2 faith_A; RF-5, RF-7)."""

    progress_rate: float = param(
        0.08,
        ge=0,
        le=1,
        unit="per week",
        theory="RF-5; §C4 λ",
        description="λ: pull of faith towards perceived progress per week.",
        time=Time.SHARE,
    )
    trust_rate: float = param(
        0.03,
        ge=0,
        le=1,
        unit="per week",
        theory="IPT-19; IPT-20; §C4 μ",
        description="μ: pull of faith towards the organisation's trust per week.",
        time=Time.SHARE,
    )
    leader_rate: float = param(
        0.01,
        ge=0,
        le=1,
        unit="faith per week",
        theory="RC-9; NIHR alert",
        description=(
            "Faith added per week at full leader enthusiasm and persuasiveness."
        ),
        time=Time.RATE,
    )
    destructive_loss: float = param(
        0.08,
        ge=0,
        le=1,
        unit="faith per episode",
        theory="IPT-19; SF6",
        description=(
            "Faith and progress lost in a destructively handled conflict episode."
        ),
    )
    mandate_penalty: float = param(
        0.0,
        ge=-0.5,
        le=0.5,
        unit="faith",
        theory="§C7 mandate [R/M]",
        description=(
            "Faith lost when a mandate is imposed (signed; default 0 as theory §C7)."
        ),
    )
    change_loss: float = param(
        0.25,
        ge=0,
        le=1,
        unit="faith",
        theory="P2; SF14",
        description=(
            "Faith lost by a unit that loses services and resists centralisation."
        ),
    )
    change_gain: float = param(
        0.1,
        ge=0,
        le=1,
        unit="faith",
        theory="P2; SF14",
        description="Faith gained by units that accept or gain from centralisation.",
    )
    initial: float = param(
        0.5,
        ge=0,
        le=1,
        unit="faith",
        theory="§C2 [M]",
        description="Faith at the start in a voluntary partnership.",
    )


#: FaithRates packed for the numeric cores (:meth:`Spec.packed`).
FaithParams = packed_type(FaithRates, "FaithParams")
