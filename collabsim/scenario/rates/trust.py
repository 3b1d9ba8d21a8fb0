"""Rates of tie-level trust and acquaintance (theory §C4 Trust).

No paper gives rates (theory.md §C7): each default below is a modelling assumption [M],
documented with its range so that sweeps and sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, packed_type, param

__all__ = ["TrustRates", "TrustParams"]


class TrustRates(Spec):
    """Tie-level trust and acquaintance (theory §C2 trust_ij, §C4 Trust)."""

    cross_sector_culture_gap: float = param(
        0.4,
        ge=0,
        le=1,
        unit="distance",
        theory="IPT-15; §B(v) cross-sector",
        description=(
            "Cultural distance added between organisations of different sectors."
        ),
    )
    gain: float = param(
        0.08,
        ge=0,
        le=1,
        unit="per step",
        theory="§C4 α; P3",
        description="α: trust gain per positive contact of full quality.",
    )
    loss: float = param(
        0.45,
        ge=0,
        le=1,
        unit="per event",
        theory="§C4 β; IPT-17; IPT-18",
        description="β: trust loss per negative event of full quality (β ≫ α).",
    )
    conflict_erosion: float = param(
        0.02,
        ge=0,
        le=1,
        unit="per step",
        theory="§C4 γ; RF-2",
        description="γ: trust lost per step per unit of conflict.",
    )
    decay: float = param(
        0.01,
        ge=0,
        le=0.5,
        unit="per step",
        theory="§C4 δ [M]",
        description="δ: drift of trust towards its baseline per step without contact.",
    )
    initial: float = param(
        0.4,
        ge=0,
        le=1,
        unit="trust",
        theory="§C2 trust_ij [M]",
        description=(
            "Baseline trust between professionals of same-sector partners with no "
            "history."
        ),
    )
    history_boost: float = param(
        0.3,
        ge=0,
        le=1,
        unit="trust",
        theory="IPT-21; SF7",
        description="Extra baseline trust at full history of successful collaboration.",
    )
    latent_distrust: float = param(
        0.2,
        ge=0,
        le=1,
        unit="trust",
        theory="P4; SF10",
        description="Baseline trust removed for cross-sector pairs (latent distrust).",
    )
    asymmetry_distrust: float = param(
        0.25,
        ge=0,
        le=1,
        unit="trust",
        theory="P4; SF13",
        description="Baseline trust the weaker party loses at full power asymmetry.",
    )
    positive_quality: float = param(
        0.5,
        ge=0,
        le=1,
        unit="quality",
        theory="§C4 q+ [M]",
        description="Quality of an ordinary positive contact.",
    )
    relational_boost: float = param(
        0.5,
        ge=0,
        le=2,
        unit="quality",
        theory="P3 relational strategies",
        description="Quality added at full use of relational strategies.",
    )
    technical_boost: float = param(
        0.35,
        ge=0,
        le=2,
        unit="quality",
        theory="P3 technical strategies",
        description="Quality added at full use of technical strategies.",
    )
    leader_boost: float = param(
        0.5,
        ge=0,
        le=2,
        unit="1",
        theory="RC-9; SF20",
        description="Relative trust gain added by a leader who shows vulnerability.",
    )
    negative_rate: float = param(
        0.03,
        ge=0,
        le=1,
        unit="probability per contact",
        theory="§C4 q- [M]",
        description=(
            "Chance that a contact goes badly between culturally identical partners."
        ),
    )
    cultural_negative_weight: float = param(
        0.12,
        ge=0,
        le=1,
        unit="probability per contact",
        theory="IPT-15",
        description="Extra chance of a bad contact at full cultural distance.",
    )
    acquaintance_gain: float = param(
        0.08,
        ge=0,
        le=1,
        unit="per contact",
        theory="P2-D acquaintanceship",
        description="Acquaintance gained per contact.",
    )
    acquaintance_decay: float = param(
        0.004,
        ge=0,
        le=0.5,
        unit="per step",
        theory="P2-D [M]",
        description="Acquaintance lost per step without contact.",
    )
    failure_severity: float = param(
        0.15,
        ge=0,
        le=1,
        unit="quality",
        theory="IPT-18; SF8",
        description="Negative quality a failed joint task puts on the pair's ties.",
    )
    quick_win_gain: float = param(
        0.25,
        ge=0,
        le=1,
        unit="quality",
        theory="P3 quick wins; SF9",
        description="Positive quality added to a pair's ties by a quick win.",
    )


#: TrustRates packed for the numeric cores (:meth:`Spec.packed`).
TrustParams = packed_type(TrustRates, "TrustParams")
