"""The table of the theory's causal links: name, link, theory ids, code location.

Each row is one arrow of the web of causality (theory.md §B(iv)) that the model
implements; :mod:`collabsim.scenario.mechanisms` builds the registry from it.
"""

from __future__ import annotations

__all__ = ["LINKS"]

_D = "collabsim.rules.trust."
_N = "collabsim.rules.contact."
_E = "collabsim.rules.coproduction."
_K = "collabsim.rules.conflict."
_G = "collabsim.rules.gate."
_B = "collabsim.rules.acts."
_P = "collabsim.rules.perception."
_C = "collabsim.rules.contexts."
_M = "collabsim.rules.comb."
_A = "collabsim.model.agents."


#: (name, link in words, theory ids, dotted path of the implementing function)
LINKS: tuple[tuple[str, str, str, str], ...] = (
    (
        "distance_reduces_contact",
        "distance -> contact rate (-)",
        "§C5 distance; NIHR alert",
        _N + "contact_propensity",
    ),
    (
        "protected_time_raises_contact",
        "protected time -> contact rate (+)",
        "§C5 time_budget; P4",
        _N + "contact_propensity",
    ),
    (
        "connectivity_raises_contact",
        "shared venues -> contact rate (+)",
        "§C5 connectivity; P2-D; SF15",
        _N + "contact_propensity",
    ),
    (
        "central_figure_sustains_contact",
        "central figure -> contact (+)",
        "§C3 CentralFigureLoss; P2",
        _N + "contact_propensity",
    ),
    (
        "relational_strategies_build_trust",
        "relational acts -> interaction quality (+)",
        "§C6 Metz; P3 Table 1",
        _D + "interaction_quality",
    ),
    (
        "technical_strategies_build_trust",
        "technical acts -> interaction quality (+)",
        "§C6 Metz; P3 Table 1",
        _D + "interaction_quality",
    ),
    (
        "leadership_builds_trust",
        "leader vulnerability -> trust gain (+)",
        "RC-9; SF20; P1-RE",
        _D + "interaction_quality",
    ),
    (
        "cultural_mismatch_spoils_contact",
        "cultural distance -> negative interactions (+)",
        "IPT-15; §C5 cross_sector",
        _D + "negative_interaction_probability",
    ),
    (
        "conflict_erodes_trust",
        "conflict -> trust (-)",
        "RF-2; IPT-14..18",
        _D + "update_trust",
    ),
    (
        "trust_decays_without_contact",
        "no contact -> trust drifts to base",
        "§C4 trust (δ term) [M]",
        _D + "update_trust",
    ),
    (
        "latent_distrust",
        "cross-sector pair -> lower baseline trust",
        "P4; SF10",
        _C + "tie_baseline",
    ),
    (
        "power_asymmetry_lowers_trust",
        "statutory power asymmetry -> weaker party's trust (-)",
        "P4; SF13",
        _C + "tie_baseline",
    ),
    (
        "history_raises_initial_trust",
        "prior success -> initial trust (+)",
        "IPT-21; RC-2; SF7",
        _C + "tie_baseline",
    ),
    (
        "trust_raises_ambition",
        "trust -> ambition of joint acts (+)",
        "IPT-21; SF7",
        _C + "effective_ambition",
    ),
    (
        "quick_wins_build_trust",
        "early low-risk success -> trust, progress (+)",
        "P3 quick wins; SF9",
        _B + "act_outcomes",
    ),
    (
        "task_failure_breeds_conflict",
        "task failure -> conflict (+)",
        "IPT-18; SF8",
        _K + "conflict_pressure",
    ),
    (
        "slow_progress_breeds_conflict",
        "slow progress -> conflict (+)",
        "IPT-14; SF9",
        _K + "conflict_pressure",
    ),
    (
        "cultural_mismatch_breeds_conflict",
        "cultural distance -> conflict (+)",
        "IPT-15; SF10",
        _K + "conflict_pressure",
    ),
    (
        "competition_breeds_conflict",
        "competition -> conflict (+)",
        "RC-3; §B(v) competition",
        _K + "conflict_pressure",
    ),
    (
        "power_asymmetry_breeds_conflict",
        "power asymmetry -> conflict (+)",
        "§B(v) power; P4; SF13",
        _K + "conflict_pressure",
    ),
    (
        "shared_vision_reduces_conflict",
        "shared vision -> conflict (-)",
        "IPT-16",
        _K + "conflict_pressure",
    ),
    (
        "accountability_reduces_conflict",
        "accountability -> conflict (-)",
        "RF-1; IPT-13",
        _K + "conflict_pressure",
    ),
    (
        "resolution_style_decides_recovery",
        "constructive resolution -> recovery; destructive -> damage",
        "RF-1; IPT-19; IPT-20; SF6",
        _K + "resolve_conflict",
    ),
    (
        "contracts_build_confidence",
        "contract -> confidence (+)",
        "RC-1; IPT-22; §C3 ContractSigned",
        _G + "confidence_target",
    ),
    (
        "mandate_builds_confidence",
        "mandate -> confidence (+)",
        "IPT-5; §B(v) mandated",
        _G + "confidence_target",
    ),
    (
        "leadership_builds_confidence",
        "leader persuasiveness -> confidence (+)",
        "RC-9; P1-RE",
        _G + "confidence_target",
    ),
    (
        "breaches_lower_confidence",
        "unsanctioned breach -> confidence (-)",
        "§B(i) confidence erodes [M]",
        _G + "update_confidence",
    ),
    (
        "trust_raises_threshold",
        "trust -> risk threshold (+)",
        "RF-3; SF1",
        _G + "risk_threshold",
    ),
    (
        "confidence_raises_threshold",
        "confidence -> risk threshold (+)",
        "RF-4; SF1; SF2",
        _G + "risk_threshold",
    ),
    (
        "pressure_lowers_threshold",
        "financial/regulatory pressure, competition -> threshold (-)",
        "RC-7; §B(ii)",
        _G + "risk_threshold",
    ),
    (
        "threshold_gates_behaviour",
        "risk threshold -> collaborative acts (+)",
        "RF-6; SF1",
        _B + "choose_acts",
    ),
    (
        "faith_drives_behaviour",
        "faith -> low-risk collaborative acts (+)",
        "RF-7; SF3",
        _B + "choose_acts",
    ),
    (
        "interpersonal_compensation",
        "frontline trust compensates low organisational trust",
        "P4; §C6 Poulsen; SF11",
        _B + "choose_acts",
    ),
    (
        "behaviour_builds_effectiveness",
        "collaborative acts -> effectiveness (+)",
        "RF-8",
        _B + "act_outcomes",
    ),
    (
        "effectiveness_feeds_progress",
        "visible success -> progress (+)",
        "§B(iv) feedback loop [M]",
        _P + "progress_target",
    ),
    (
        "evaluation_raises_progress",
        "ongoing evaluation -> progress (+)",
        "IPT-11; SF4",
        _P + "progress_target",
    ),
    (
        "role_clarity_raises_progress",
        "clear roles -> progress (+)",
        "IPT-12; SF4",
        _P + "progress_target",
    ),
    (
        "flexibility_raises_progress",
        "flexibility -> progress (+)",
        "IPT-9; SF4",
        _P + "progress_target",
    ),
    (
        "intra_conflict_lowers_progress",
        "internal conflict -> progress (-)",
        "IPT-6",
        _P + "progress_target",
    ),
    (
        "unambitious_aims_cap_progress",
        "low ambition caps progress",
        "IPT-7",
        _P + "progress_target",
    ),
    (
        "absent_actors_lower_progress",
        "absent actors -> progress (-)",
        "IPT-8",
        _P + "progress_target",
    ),
    (
        "turnover_lowers_progress",
        "workforce instability -> progress (-)",
        "IPT-10",
        _P + "update_progress",
    ),
    (
        "progress_feeds_faith",
        "perception of progress -> faith (+)",
        "RF-5",
        _P + "update_faith",
    ),
    ("trust_feeds_faith", "trust -> faith (+)", "IPT-19; IPT-20", _P + "update_faith"),
    (
        "leadership_builds_faith",
        "leader enthusiasm -> faith (+)",
        "RC-9; NIHR alert; SF20",
        _P + "update_faith",
    ),
    (
        "turnover_resets_ties",
        "staff turnover -> ties reset to baseline",
        "§C3 StaffTurnover [M]",
        _A + "Professional.leave",
    ),
    (
        "mandate_resistance",
        "imposed mandate -> faith (-), conflict (+)",
        "§B(v) mandated [R/M]; P2",
        _A + "Organisation.receive_mandate",
    ),
    (
        "system_change_resistance",
        "losing services under centralisation -> conflict (+), faith (-)",
        "§C3 MajorSystemChange; P2; SF14",
        _A + "Organisation.undergo_change",
    ),
    (
        "trust_builds_comb",
        "tie trust -> capability, opportunity, motivation",
        "P3; SF18",
        _M + "update_comb",
    ),
    (
        "comb_builds_resilience",
        "COM-B -> commitment -> resilience",
        "P3; SF18",
        _M + "update_comb",
    ),
    (
        "documentation_enables_alignment",
        "dialogue and documentation -> alignment",
        "P5 EAA",
        _E + "update_coproduction",
    ),
    (
        "agreement_feeds_vision",
        "co-production agreement -> shared vision; alignment -> role clarity",
        "§C6 Masterson",
        _E + "coproduction_effects",
    ),
)
