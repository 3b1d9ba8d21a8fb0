"""Rates of co-production with service users: engagement, alignment, agreement.

Dialogue sessions and reflections on their records are events per week; each
outcome moves only when its enabling conditions hold (theory P5). No paper gives
rates (docs/theory.md §C7): each default below is a modelling assumption [M].
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, Time, packed_type, param

__all__ = ["CoProductionParams", "CoProductionRates"]


class CoProductionRates(Spec):
    """Co-production (theory §A5, §C6 Masterson; P5 EAA framework)."""

    engagement_rate: float = param(
        0.08,
        ge=0,
        le=1,
        unit="per week",
        theory="P5 intentions + assets",
        description=(
            "Share of the gap to the engagement that intentions and assets allow "
            "closed per week."
        ),
        time=Time.SHARE,
    )
    session_rate: float = param(
        1.0,
        ge=0,
        le=5,
        unit="sessions per week",
        theory="P5 dialogue",
        description=(
            "Dialogue sessions per week of a fully engaged, fully trusting partnership."
        ),
        time=Time.RATE,
    )
    alignment_gain: float = param(
        0.1,
        ge=0,
        le=1,
        unit="per session",
        theory="P5 dialogue + documentation",
        description=(
            "Share of the room to full alignment gained per documented session in "
            "which divergent views were heard."
        ),
    )
    reflection_rate: float = param(
        0.3,
        ge=0,
        le=5,
        unit="reflections per week",
        theory="P5 interpretation",
        description="Reflections on the records per week at full interpretation.",
        time=Time.RATE,
    )
    understanding_gain: float = param(
        0.1,
        ge=0,
        le=1,
        unit="per reflection",
        theory="P5 interpretation + understanding",
        description=(
            "Share of the room to full understanding gained per reflection on "
            "records, in proportion to how aligned they are."
        ),
    )
    agreement_gain: float = param(
        0.08,
        ge=0,
        le=1,
        unit="per reflection",
        theory="P5 agreement",
        description=(
            "Share of the room to full agreement gained per reflection, in "
            "proportion to understanding."
        ),
    )
    decay: float = param(
        0.01,
        ge=0,
        le=1,
        unit="per week",
        theory="P5 iterative [M]",
        description="Share of alignment, understanding and agreement lost per week.",
        time=Time.SHARE,
    )
    vision_weight: float = param(
        0.4,
        ge=0,
        le=1,
        unit="vision",
        theory="§C6 agreement feeds shared vision",
        description="Shared vision added at full agreement.",
    )
    role_weight: float = param(
        0.3,
        ge=0,
        le=1,
        unit="clarity",
        theory="§C6 alignment feeds role clarity",
        description="Role clarity added at full alignment.",
    )


#: CoProductionRates packed for the numeric cores (:meth:`Spec.packed`).
CoProductionParams = packed_type(CoProductionRates, "CoProductionParams")
