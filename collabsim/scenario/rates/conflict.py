"""Rates of conflict between organisations: episodes, severity, resolution.

No paper gives rates (docs/theory.md §C7): each default below is a modelling
assumption [M], declared per event or per week of calendar time with its range so
that sweeps and sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, Time, packed_type, param

__all__ = ["ConflictRates", "ConflictParams"]


class ConflictRates(Spec):
    """Conflict between partner organisations (theory §C2 conflict_AB; RF-1, RF-2)."""

    episode_rate: float = param(
        0.02,
        ge=0,
        le=1,
        unit="episodes per week",
        theory="§C3 ConflictEpisode [M]",
        description="Base rate of conflict episodes per partner pair per week.",
        time=Time.RATE,
    )
    episode_severity: float = param(
        0.35,
        ge=0,
        le=1,
        unit="conflict",
        theory="§C3 ConflictEpisode [M]",
        description="Conflict added by an episode before accountability dampens it.",
    )
    task_failure: float = param(
        0.12,
        ge=0,
        le=1,
        unit="conflict per failure",
        theory="IPT-18",
        description="Conflict added by a failed joint task.",
    )
    slow_progress: float = param(
        0.5,
        ge=0,
        le=5,
        unit="1",
        theory="IPT-14; SF9",
        description="Relative rise in episode chance at zero perceived progress.",
    )
    cultural: float = param(
        1.5,
        ge=0,
        le=5,
        unit="1",
        theory="IPT-15",
        description="Relative rise in episode chance at full cultural distance.",
    )
    competition: float = param(
        1.0,
        ge=0,
        le=5,
        unit="1",
        theory="RC-3",
        description="Relative rise in episode chance at full competition exposure.",
    )
    asymmetry: float = param(
        1.0,
        ge=0,
        le=5,
        unit="1",
        theory="§B(v) power; SF13",
        description="Relative rise in episode chance at full power asymmetry.",
    )
    vision_damping: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="IPT-16",
        description="Share of conflict pressure removed by a fully shared vision.",
    )
    accountability_damping: float = param(
        0.6,
        ge=0,
        le=1,
        unit="share",
        theory="RF-1; IPT-13",
        description="Share of conflict severity removed by full accountability.",
    )
    constructive_resolution: float = param(
        0.15,
        ge=0,
        le=1,
        unit="per week",
        theory="IPT-20",
        description=(
            "Share of conflict resolved per week under constructive resolution."
        ),
        time=Time.SHARE,
    )
    destructive_resolution: float = param(
        0.03,
        ge=0,
        le=1,
        unit="per week",
        theory="IPT-19",
        description="Share of conflict resolved per week under destructive resolution.",
        time=Time.SHARE,
    )
    constructive_repair: float = param(
        0.3,
        ge=0,
        le=1,
        unit="quality",
        theory="IPT-20; SF6",
        description=(
            "Positive quality on the pair's ties while conflict is resolved "
            "constructively."
        ),
    )
    destructive_damage: float = param(
        0.3,
        ge=0,
        le=1,
        unit="quality",
        theory="IPT-19; SF6",
        description=(
            "Negative quality on the pair's ties from a destructively handled episode."
        ),
    )
    competitive_act: float = param(
        0.01,
        ge=0,
        le=1,
        unit="conflict per act",
        theory="§B(v) competition",
        description="Conflict added to the partner by each competitive act.",
    )


#: ConflictRates packed for the numeric cores (:meth:`Spec.packed`).
ConflictParams = packed_type(ConflictRates, "ConflictParams")
