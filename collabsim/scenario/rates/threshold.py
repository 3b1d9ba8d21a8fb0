"""Weights of the risk threshold: trust, confidence and pressure (RF-3, RF-4).

No paper gives rates (docs/theory.md §C7): each default below is a modelling
assumption [M], declared per week of calendar time where it has a time basis.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, packed_type, param

__all__ = ["ThresholdWeights", "ThresholdParams"]


class ThresholdWeights(Spec):
    """Risk threshold from trust, confidence and pressure (theory §B(ii))."""

    trust_weight: float = param(
        0.9,
        ge=0,
        le=1,
        unit="1",
        theory="RF-3; §C4 w_T",
        description="w_T: weight of trust in opening the risk threshold.",
    )
    confidence_weight: float = param(
        0.7,
        ge=0,
        le=1,
        unit="1",
        theory="RF-4; §C4 w_C",
        description="w_C: weight of confidence in opening the risk threshold.",
    )
    pressure_weight: float = param(
        0.4,
        ge=0,
        le=1,
        unit="1",
        theory="RC-7; §C4 w_P",
        description="w_P: share of the threshold closed at full external pressure.",
    )


#: ThresholdWeights packed for the numeric cores (:meth:`Spec.packed`).
ThresholdParams = packed_type(ThresholdWeights, "ThresholdParams")
