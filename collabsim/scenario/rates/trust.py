"""Rates of tie-level trust and acquaintance (theory §C4 Trust).

No paper gives rates (docs/theory.md §C7): each default below is a modelling
assumption [M], declared per event or per week of calendar time with its range so
that sweeps and sensitivity analysis can explore it. The negativity asymmetry is
β ≫ α per event: one failure costs several times what one success of the same stake
gains (theory §C4, SF8).
"""

from __future__ import annotations

from collabsim.scenario.fields import Spec, Time, packed_type, param

__all__ = ["TrustParams", "TrustRates"]


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
        unit="per event",
        theory="§C4 α; P3",
        description=(
            "α: share of the room to full trust gained per positive event of full "
            "quality (a good contact, a success, repair)."
        ),
    )
    loss: float = param(
        0.45,
        ge=0,
        le=1,
        unit="per event",
        theory="§C4 β; IPT-17; IPT-18; SF8",
        description=(
            "β: share of trust lost per negative event of full quality (a bad "
            "contact, a failure, damage); β ≫ α."
        ),
    )
    conflict_erosion: float = param(
        0.02,
        ge=0,
        le=1,
        unit="per week",
        theory="§C4 γ; RF-2",
        description="γ: share of trust lost per week at full conflict.",
        time=Time.SHARE,
    )
    decay: float = param(
        0.01,
        ge=0,
        le=0.5,
        unit="per week",
        theory="§C4 δ [M]",
        description=(
            "δ: share of the gap to baseline trust closed per week without contact."
        ),
        time=Time.SHARE,
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
        description=(
            "Baseline trust removed for strangers across sectors (latent distrust)."
        ),
    )
    organisational_distrust: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="P4; SF11",
        description=(
            "Share of organisation-level trust withheld across sectors: latent "
            "distrust of the context, which acquainted professionals do not hold."
        ),
    )
    knowing: float = param(
        0.25,
        ge=0,
        le=1,
        unit="acquaintance",
        theory="P4 (time to build knowledge-based relationships); SF11",
        description=(
            "Acquaintance at which two professionals know each other well enough "
            "for their own trust to carry frontline case work."
        ),
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
        description="Contact quality added at full use of relational strategies.",
    )
    technical_boost: float = param(
        0.35,
        ge=0,
        le=2,
        unit="quality",
        theory="P3 technical strategies",
        description="Contact quality added at full use of technical strategies.",
    )
    delivery_boost: float = param(
        1.0,
        ge=0,
        le=3,
        unit="1",
        theory="P3 technical strategies (delivering on commitments); FB-2",
        description=(
            "Relative rise in the trust a success builds at full use of technical "
            "strategies (expertise, responsiveness, delivering on commitments)."
        ),
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
        description="Share of the room to full acquaintance gained per contact.",
    )
    acquaintance_decay: float = param(
        0.004,
        ge=0,
        le=0.5,
        unit="per week",
        theory="P2-D [M]",
        description="Share of acquaintance lost per week without contact.",
        time=Time.SHARE,
    )
    success_quality: float = param(
        0.15,
        ge=0,
        le=1,
        unit="quality per unit stake",
        theory="FB-2; P3 technical strategies; SF8",
        description=(
            "Positive quality a successful joint act puts on the pair's ties, per "
            "unit of its stake (½ + risk)."
        ),
    )
    failure_severity: float = param(
        0.15,
        ge=0,
        le=1,
        unit="quality per unit stake",
        theory="IPT-18; SF8",
        description=(
            "Negative quality a failed joint act puts on the pair's ties, per unit "
            "of its stake (½ + risk)."
        ),
    )
    quick_win_gain: float = param(
        0.25,
        ge=0,
        le=1,
        unit="quality",
        theory="P3 quick wins; SF9",
        description="Positive quality a quick win adds to that of its success.",
    )


#: TrustRates packed for the numeric cores (:meth:`Spec.packed`).
TrustParams = packed_type(TrustRates, "TrustParams")
