"""Rates and weights of the update rules: every one a declared, sweepable parameter.

No paper gives rates (theory.md §C7): each default below is a modelling assumption [M],
documented with its range so that sweeps and sensitivity analysis can explore it.
"""

from __future__ import annotations

from collabsim.fields import Spec, param

__all__ = [
    "BehaviourRates",
    "CoProductionRates",
    "CombRates",
    "ConfidenceRates",
    "ConflictRates",
    "ContactRates",
    "Dynamics",
    "FaithRates",
    "ProgressRates",
    "ThresholdWeights",
    "TrustRates",
]


class ContactRates(Spec):
    """Contact between professionals of partner organisations (theory §C3 Interaction; §C5)."""

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
        description="Chance that two tied professionals meet in a step at full connectivity.",
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
        description="Relative increase in contact at full protected time for relationship work.",
    )
    frontline_access: float = param(
        0.4,
        ge=0,
        le=1,
        unit="share",
        theory="SF15; P2",
        description="Access of frontline staff to shared venues relative to leaders and managers.",
    )
    central_figure_boost: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="§C3 CentralFigureLoss; P2",
        description="Extra contact while an active central figure convenes the network.",
    )


class TrustRates(Spec):
    """Tie-level trust and acquaintance (theory §C2 trust_ij, §C4 Trust)."""

    cross_sector_culture_gap: float = param(
        0.4,
        ge=0,
        le=1,
        unit="distance",
        theory="IPT-15; §B(v) cross-sector",
        description="Cultural distance added between organisations of different sectors.",
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
        0.03,
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
        description="Baseline trust between professionals of same-sector partners with no history.",
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
        0.04,
        ge=0,
        le=1,
        unit="probability per contact",
        theory="§C4 q- [M]",
        description="Chance that a contact goes badly between culturally identical partners.",
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
        0.2,
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


class ConflictRates(Spec):
    """Conflict between partner organisations (theory §C2 conflict_AB; RF-1, RF-2)."""

    episode_rate: float = param(
        0.02,
        ge=0,
        le=1,
        unit="probability per step",
        theory="§C3 ConflictEpisode [M]",
        description="Base chance of a conflict episode per partner pair per step.",
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
        unit="conflict",
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
        unit="per step",
        theory="IPT-20",
        description="Share of conflict resolved per step under constructive resolution.",
    )
    destructive_resolution: float = param(
        0.03,
        ge=0,
        le=1,
        unit="per step",
        theory="IPT-19",
        description="Share of conflict resolved per step under destructive resolution.",
    )
    constructive_repair: float = param(
        0.3,
        ge=0,
        le=1,
        unit="quality",
        theory="IPT-20; SF6",
        description="Positive quality on the pair's ties while conflict is resolved constructively.",
    )
    destructive_damage: float = param(
        0.3,
        ge=0,
        le=1,
        unit="quality",
        theory="IPT-19; SF6",
        description="Negative quality on the pair's ties from a destructively handled episode.",
    )
    competitive_act: float = param(
        0.01,
        ge=0,
        le=1,
        unit="conflict",
        theory="§B(v) competition",
        description="Conflict added to the partner by each competitive act.",
    )


class ConfidenceRates(Spec):
    """Confidence in a partner through obligations (theory §B(i), RC-1)."""

    contract_weight: float = param(
        0.8,
        ge=0,
        le=1,
        unit="confidence",
        theory="RC-1; IPT-22",
        description="Confidence from a contract of full strength and enforcement.",
    )
    mandate_level: float = param(
        0.6,
        ge=0,
        le=1,
        unit="confidence",
        theory="IPT-5; §B(v)",
        description="Confidence floor while a mandate is in force.",
    )
    enforcement_floor: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="RC-1 [M]",
        description="Share of a contract's confidence that holds without accountability clauses.",
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
        unit="per step",
        theory="§B(i) fast step [M]",
        description="Share of the gap to the obligation level closed per step.",
    )
    breach_penalty: float = param(
        0.05,
        ge=0,
        le=1,
        unit="confidence",
        theory="§B(i) [M]",
        description="Confidence lost per unsanctioned competitive act under obligation.",
    )


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


class BehaviourRates(Spec):
    """Joint acts and their outcomes (theory §C4 Behaviour, Effectiveness)."""

    acts_per_step: int = param(
        1,
        ge=1,
        le=20,
        unit="acts per partner per step",
        theory="§C4 Behaviour [M]",
        description="Candidate joint acts each organisation considers per partner per step.",
    )
    low_risk_cutoff: float = param(
        0.3,
        ge=0,
        le=1,
        unit="risk",
        theory="§B(ii) [M]; SF3",
        description="Acts at or below this risk are low-risk: faith alone can carry them.",
    )
    base_risk: float = param(
        0.35,
        ge=0,
        le=1,
        unit="risk",
        theory="§B(ii) ambition [M]",
        description="Highest act risk of a partnership with no ambition.",
    )
    ambition_risk: float = param(
        0.6,
        ge=0,
        le=1,
        unit="risk",
        theory="§B(ii); IPT-21",
        description="Extra highest act risk at full ambition.",
    )
    motivation_base: float = param(
        0.5,
        ge=0,
        le=1,
        unit="probability",
        theory="§C4 g(faith) [M]",
        description="Chance an act within the threshold is taken up with zero faith.",
    )
    faith_motivation: float = param(
        0.5,
        ge=0,
        le=1,
        unit="probability",
        theory="RF-7; §C4 g(faith)",
        description="Extra uptake chance at full faith.",
    )
    faith_drive: float = param(
        0.6,
        ge=0,
        le=1,
        unit="probability",
        theory="RF-7; SF3",
        description="Chance at full faith that a low-risk act is done outside the threshold.",
    )
    frontline_share: float = param(
        0.3,
        ge=0,
        le=1,
        unit="share",
        theory="P4; SF11",
        description="Share of acts that are frontline case work judged on interpersonal trust.",
    )
    success_base: float = param(
        0.9,
        ge=0,
        le=1,
        unit="probability",
        theory="§C3 TaskFailure [M]",
        description="Chance a collaborative act succeeds with average capability.",
    )
    risk_failure: float = param(
        0.3,
        ge=0,
        le=1,
        unit="probability",
        theory="§C3 TaskFailure [M]",
        description="Extra failure chance at the highest act risk.",
    )
    capability_success: float = param(
        0.2,
        ge=0,
        le=1,
        unit="probability",
        theory="P3 COM-B",
        description="Extra success chance at full professional capability.",
    )
    quick_win_steps: int = param(
        12,
        ge=0,
        le=1000,
        unit="steps",
        theory="P3 quick wins; SF9",
        description="Early window in which a successful low-risk act counts as a quick win.",
    )
    ambition_trust_gain: float = param(
        0.4,
        ge=0,
        le=1,
        unit="ambition",
        theory="IPT-21; SF7",
        description="Ambition added per unit of pair trust above 0.5.",
    )


class ProgressRates(Spec):
    """Perception of progress (theory §C2 perception_of_progress_A; IPT-6..12)."""

    expected_success: float = param(
        0.6,
        ge=0.05,
        le=1,
        unit="share",
        theory="§C4 observed_progress [M]",
        description="Share of acts succeeding that counts as full progress at mid ambition.",
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
        description="Extra share of progress perceived in partnerships with ongoing evaluation.",
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
        description="Progress perception removed when no one has protected time to take part.",
    )
    turnover_loss: float = param(
        0.2,
        ge=0,
        le=1,
        unit="progress",
        theory="IPT-10",
        description="Progress lost when an organisation's whole staff turns over in a step.",
    )
    initial: float = param(
        0.4,
        ge=0,
        le=1,
        unit="progress",
        theory="§C2 [M]",
        description="Perception of progress at the start.",
    )


class FaithRates(Spec):
    """Faith in the partnership (theory §C2 faith_A; RF-5, RF-7)."""

    progress_rate: float = param(
        0.08,
        ge=0,
        le=1,
        unit="per step",
        theory="RF-5; §C4 λ",
        description="λ: pull of faith towards perceived progress per step.",
    )
    trust_rate: float = param(
        0.03,
        ge=0,
        le=1,
        unit="per step",
        theory="IPT-19; IPT-20; §C4 μ",
        description="μ: pull of faith towards the organisation's trust per step.",
    )
    leader_rate: float = param(
        0.01,
        ge=0,
        le=1,
        unit="per step",
        theory="RC-9; NIHR alert",
        description="Faith added per step at full leader enthusiasm.",
    )
    destructive_loss: float = param(
        0.08,
        ge=0,
        le=1,
        unit="faith",
        theory="IPT-19; SF6",
        description="Faith and progress lost in a destructively handled conflict episode.",
    )
    mandate_penalty: float = param(
        0.0,
        ge=-0.5,
        le=0.5,
        unit="faith",
        theory="§C7 mandate [R/M]",
        description="Faith lost when a mandate is imposed (signed; default 0 as theory §C7).",
    )
    change_loss: float = param(
        0.25,
        ge=0,
        le=1,
        unit="faith",
        theory="P2; SF14",
        description="Faith lost by a unit that loses services and resists centralisation.",
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


class CombRates(Spec):
    """Professionals' COM-B, commitment and resilience (theory §C6 Metz; P3)."""

    rate: float = param(
        0.05,
        ge=0,
        le=1,
        unit="per step",
        theory="P3",
        description="Pull of capability, opportunity and motivation towards tie trust.",
    )
    commitment_rate: float = param(
        0.05,
        ge=0,
        le=1,
        unit="per step",
        theory="P3",
        description="Pull of commitment towards mean COM-B.",
    )
    resilience_rate: float = param(
        0.02,
        ge=0,
        le=1,
        unit="per step",
        theory="P3",
        description="Pull of resilience towards commitment.",
    )
    shock_loss: float = param(
        0.5,
        ge=0,
        le=1,
        unit="share",
        theory="P3; SF18 [M]",
        description="Share of commitment lost to a task failure by a professional with no resilience.",
    )


class CoProductionRates(Spec):
    """Engagement, alignment and agreement (theory §C6 Masterson; P5 EAA)."""

    engagement_rate: float = param(
        0.08,
        ge=0,
        le=1,
        unit="per step",
        theory="P5 intentions + assets",
        description="Engagement gained per step from intentions and assets.",
    )
    alignment_rate: float = param(
        0.06,
        ge=0,
        le=1,
        unit="per step",
        theory="P5 dialogue + documentation",
        description="Alignment gained per step from dialogue and documentation.",
    )
    agreement_rate: float = param(
        0.05,
        ge=0,
        le=1,
        unit="per step",
        theory="P5 interpretation + understanding",
        description="Agreement gained per step from interpretation of aligned records.",
    )
    decay: float = param(
        0.01,
        ge=0,
        le=1,
        unit="per step",
        theory="P5 iterative [M]",
        description="Share of each outcome lost per step without reinforcement.",
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


class Dynamics(Spec):
    """All rates of the model, grouped by sub-process (theory §C4)."""

    contact: ContactRates = ContactRates()
    trust: TrustRates = TrustRates()
    conflict: ConflictRates = ConflictRates()
    confidence: ConfidenceRates = ConfidenceRates()
    threshold: ThresholdWeights = ThresholdWeights()
    behaviour: BehaviourRates = BehaviourRates()
    progress: ProgressRates = ProgressRates()
    faith: FaithRates = FaithRates()
    comb: CombRates = CombRates()
    coproduction: CoProductionRates = CoProductionRates()
