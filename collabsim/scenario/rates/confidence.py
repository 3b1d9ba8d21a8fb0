"""Rates of confidence: obligations, leadership and breaches (theory §B(i)).

No paper gives rates (docs/theory.md §C7): each default below is a modelling
assumption [M], declared per week of calendar time where it has a time basis.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, Time, packed_type, param

__all__ = ["ConfidenceRates", "ConfidenceParams"]


class ConfidenceRates(Spec):
    """Confidence in a partner through obligations (theory §B(i), RC-1)."""

    contract_weight: float = param(
        0.8,
        ge=0,
        le=1,
        unit="confidence",
        theory="RC-1; IPT-22",
        description=(
            "Confidence a contract of full strength and enforcement gives on its own "
            "(combined with a mandate by noisy-OR)."
        ),
    )
    mandate_level: float = param(
        0.6,
        ge=0,
        le=1,
        unit="confidence",
        theory="IPT-5; §B(v)",
        description=(
            "Confidence a mandate gives on its own (combined with a contract by "
            "noisy-OR)."
        ),
    )
    enforcement_floor: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="RC-1 [M]",
        description=(
            "Share of a contract's confidence that holds without accountability "
            "clauses."
        ),
    )
    leader_boost: float = param(
        0.1,
        ge=0,
        le=1,
        unit="confidence",
        theory="RC-9",
        description="Confidence added at full leader persuasiveness of the partner.",
    )
    rate: float = param(
        0.5,
        ge=0,
        le=1,
        unit="per week",
        theory="§B(i) fast step [M]",
        description="Share of the gap to the obligation level closed per week.",
        time=Time.SHARE,
    )
    breach_penalty: float = param(
        0.05,
        ge=0,
        le=1,
        unit="confidence per breach",
        theory="§B(i) [M]",
        description=(
            "Confidence lost per unsanctioned competitive act under obligation."
        ),
    )


#: ConfidenceRates packed for the numeric cores (:meth:`Spec.packed`).
ConfidenceParams = packed_type(ConfidenceRates, "ConfidenceParams")
