"""Registry of the theory's causal links, each switchable off for ablation studies.

Every arrow of the web of causality (theory.md §B(iv)) that the model implements is a
named :class:`Mechanism` with its theory reference and the function that implements
it. A scenario lists names in ``mechanisms.disabled``; kernels receive a
:class:`MechanismSwitches` and multiply that link's contribution by 0.

References:
    theory.md §B(iv) web of causality, §C4 update rules, §C5 context levers.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["MECHANISMS", "Mechanism", "MechanismSwitches", "suggest_mechanism"]


@dataclass(frozen=True, slots=True)
class Mechanism:
    """One causal link of the theory.

    Attributes:
        name: Identifier used in scenario files and outputs.
        link: The link in words, e.g. "conflict -> trust (-)".
        theory: theory.md ids, e.g. "RF-2".
        location: Dotted path of the function that implements it.
    """

    name: str
    link: str
    theory: str
    location: str


_D = "collabsim.dynamics"
_B = "collabsim.behaviour"
_P = "collabsim.perception"
_C = "collabsim.contexts"
_M = "collabsim.measures"
_A = "collabsim.agents"

MECHANISMS: dict[str, Mechanism] = {
    m.name: m
    for m in (
        # contact and interaction quality (tie level)
        Mechanism(
            "distance_reduces_contact",
            "distance -> contact rate (-)",
            "§C5 distance; NIHR alert",
            f"{_D}.contact_probability",
        ),
        Mechanism(
            "protected_time_raises_contact",
            "protected time -> contact rate (+)",
            "§C5 time_budget; P4",
            f"{_D}.contact_probability",
        ),
        Mechanism(
            "connectivity_raises_contact",
            "shared venues -> contact rate (+)",
            "§C5 connectivity; P2-D; SF15",
            f"{_D}.contact_probability",
        ),
        Mechanism(
            "central_figure_sustains_contact",
            "central figure -> contact (+)",
            "§C3 CentralFigureLoss; P2",
            f"{_D}.contact_probability",
        ),
        Mechanism(
            "relational_strategies_build_trust",
            "relational acts -> interaction quality (+)",
            "§C6 Metz; P3 Table 1",
            f"{_D}.interaction_quality",
        ),
        Mechanism(
            "technical_strategies_build_trust",
            "technical acts -> interaction quality (+)",
            "§C6 Metz; P3 Table 1",
            f"{_D}.interaction_quality",
        ),
        Mechanism(
            "leadership_builds_trust",
            "leader vulnerability -> trust gain (+)",
            "RC-9; SF20; P1-RE",
            f"{_D}.interaction_quality",
        ),
        Mechanism(
            "cultural_mismatch_spoils_contact",
            "cultural distance -> negative interactions (+)",
            "IPT-15; §C5 cross_sector",
            f"{_D}.negative_interaction_probability",
        ),
        # trust
        Mechanism(
            "conflict_erodes_trust",
            "conflict -> trust (-)",
            "RF-2; IPT-14..18",
            f"{_D}.update_trust",
        ),
        Mechanism(
            "trust_decays_without_contact",
            "no contact -> trust drifts to base",
            "§C4 trust (δ term) [M]",
            f"{_D}.update_trust",
        ),
        Mechanism(
            "latent_distrust",
            "cross-sector pair -> lower baseline trust",
            "P4; SF10",
            f"{_C}.tie_baseline",
        ),
        Mechanism(
            "power_asymmetry_lowers_trust",
            "statutory power asymmetry -> weaker party's trust (-)",
            "P4; SF13",
            f"{_C}.tie_baseline",
        ),
        Mechanism(
            "history_raises_initial_trust",
            "prior success -> initial trust (+)",
            "IPT-21; RC-2; SF7",
            f"{_C}.tie_baseline",
        ),
        Mechanism(
            "trust_raises_ambition",
            "trust -> ambition of joint acts (+)",
            "IPT-21; SF7",
            f"{_C}.effective_ambition",
        ),
        Mechanism(
            "quick_wins_build_trust",
            "early low-risk success -> trust, progress (+)",
            "P3 quick wins; SF9",
            f"{_B}.act_outcomes",
        ),
        # conflict
        Mechanism(
            "task_failure_breeds_conflict",
            "task failure -> conflict (+)",
            "IPT-18; SF8",
            f"{_D}.conflict_pressure",
        ),
        Mechanism(
            "slow_progress_breeds_conflict",
            "slow progress -> conflict (+)",
            "IPT-14; SF9",
            f"{_D}.conflict_pressure",
        ),
        Mechanism(
            "cultural_mismatch_breeds_conflict",
            "cultural distance -> conflict (+)",
            "IPT-15; SF10",
            f"{_D}.conflict_pressure",
        ),
        Mechanism(
            "competition_breeds_conflict",
            "competition -> conflict (+)",
            "RC-3; §B(v) competition",
            f"{_D}.conflict_pressure",
        ),
        Mechanism(
            "power_asymmetry_breeds_conflict",
            "power asymmetry -> conflict (+)",
            "§B(v) power; P4; SF13",
            f"{_D}.conflict_pressure",
        ),
        Mechanism(
            "shared_vision_reduces_conflict",
            "shared vision -> conflict (-)",
            "IPT-16",
            f"{_D}.conflict_pressure",
        ),
        Mechanism(
            "accountability_reduces_conflict",
            "accountability -> conflict (-)",
            "RF-1; IPT-13",
            f"{_D}.conflict_pressure",
        ),
        Mechanism(
            "resolution_style_decides_recovery",
            "constructive resolution -> recovery; destructive -> damage",
            "RF-1; IPT-19; IPT-20; SF6",
            f"{_D}.resolve_conflict",
        ),
        # confidence and risk threshold
        Mechanism(
            "contracts_build_confidence",
            "contract -> confidence (+)",
            "RC-1; IPT-22; §C3 ContractSigned",
            f"{_D}.confidence_target",
        ),
        Mechanism(
            "mandate_builds_confidence",
            "mandate -> confidence (+)",
            "IPT-5; §B(v) mandated",
            f"{_D}.confidence_target",
        ),
        Mechanism(
            "leadership_builds_confidence",
            "leader persuasiveness -> confidence (+)",
            "RC-9; P1-RE",
            f"{_D}.confidence_target",
        ),
        Mechanism(
            "breaches_lower_confidence",
            "unsanctioned breach -> confidence (-)",
            "§B(i) confidence erodes [M]",
            f"{_D}.update_confidence",
        ),
        Mechanism(
            "trust_raises_threshold",
            "trust -> risk threshold (+)",
            "RF-3; SF1",
            f"{_D}.risk_threshold",
        ),
        Mechanism(
            "confidence_raises_threshold",
            "confidence -> risk threshold (+)",
            "RF-4; SF1; SF2",
            f"{_D}.risk_threshold",
        ),
        Mechanism(
            "pressure_lowers_threshold",
            "financial/regulatory pressure, competition -> threshold (-)",
            "RC-7; §B(ii)",
            f"{_D}.risk_threshold",
        ),
        # behaviour and effectiveness
        Mechanism(
            "threshold_gates_behaviour",
            "risk threshold -> collaborative acts (+)",
            "RF-6; SF1",
            f"{_B}.choose_acts",
        ),
        Mechanism(
            "faith_drives_behaviour",
            "faith -> low-risk collaborative acts (+)",
            "RF-7; SF3",
            f"{_B}.choose_acts",
        ),
        Mechanism(
            "interpersonal_compensation",
            "frontline trust compensates low organisational trust",
            "P4; §C6 Poulsen; SF11",
            f"{_B}.choose_acts",
        ),
        Mechanism(
            "behaviour_builds_effectiveness",
            "collaborative acts -> effectiveness (+)",
            "RF-8",
            f"{_B}.act_outcomes",
        ),
        # perception of progress and faith
        Mechanism(
            "effectiveness_feeds_progress",
            "visible success -> progress (+)",
            "§B(iv) feedback loop [M]",
            f"{_P}.progress_target",
        ),
        Mechanism(
            "evaluation_raises_progress",
            "ongoing evaluation -> progress (+)",
            "IPT-11; SF4",
            f"{_P}.progress_target",
        ),
        Mechanism(
            "role_clarity_raises_progress",
            "clear roles -> progress (+)",
            "IPT-12; SF4",
            f"{_P}.progress_target",
        ),
        Mechanism(
            "flexibility_raises_progress",
            "flexibility -> progress (+)",
            "IPT-9; SF4",
            f"{_P}.progress_target",
        ),
        Mechanism(
            "intra_conflict_lowers_progress",
            "internal conflict -> progress (-)",
            "IPT-6",
            f"{_P}.progress_target",
        ),
        Mechanism(
            "unambitious_aims_cap_progress",
            "low ambition caps progress",
            "IPT-7",
            f"{_P}.progress_target",
        ),
        Mechanism(
            "absent_actors_lower_progress",
            "absent actors -> progress (-)",
            "IPT-8",
            f"{_P}.progress_target",
        ),
        Mechanism(
            "turnover_lowers_progress",
            "workforce instability -> progress (-)",
            "IPT-10",
            f"{_P}.update_progress",
        ),
        Mechanism(
            "progress_feeds_faith",
            "perception of progress -> faith (+)",
            "RF-5",
            f"{_P}.update_faith",
        ),
        Mechanism(
            "trust_feeds_faith",
            "trust -> faith (+)",
            "IPT-19; IPT-20",
            f"{_P}.update_faith",
        ),
        Mechanism(
            "leadership_builds_faith",
            "leader enthusiasm -> faith (+)",
            "RC-9; NIHR alert; SF20",
            f"{_P}.update_faith",
        ),
        # events handled by agents
        Mechanism(
            "turnover_resets_ties",
            "staff turnover -> ties reset to baseline",
            "§C3 StaffTurnover [M]",
            f"{_A}.Professional.leave",
        ),
        Mechanism(
            "mandate_resistance",
            "imposed mandate -> faith (-), conflict (+)",
            "§B(v) mandated [R/M]; P2",
            f"{_A}.Organisation.receive_mandate",
        ),
        Mechanism(
            "system_change_resistance",
            "losing services under centralisation -> conflict (+), faith (-)",
            "§C3 MajorSystemChange; P2; SF14",
            f"{_A}.Organisation.undergo_change",
        ),
        # measurement sub-processes
        Mechanism(
            "trust_builds_comb",
            "tie trust -> capability, opportunity, motivation",
            "P3; SF18",
            f"{_M}.update_comb",
        ),
        Mechanism(
            "comb_builds_resilience",
            "COM-B -> commitment -> resilience",
            "P3; SF18",
            f"{_M}.update_comb",
        ),
        Mechanism(
            "documentation_enables_alignment",
            "dialogue and documentation -> alignment",
            "P5 EAA",
            f"{_M}.update_coproduction",
        ),
        Mechanism(
            "agreement_feeds_vision",
            "co-production agreement -> shared vision; alignment -> role clarity",
            "§C6 Masterson",
            f"{_M}.coproduction_effects",
        ),
    )
}


def suggest_mechanism(name: str) -> str:
    """Return " (did you mean 'x'?)" for an unknown mechanism name, or ""."""
    close = difflib.get_close_matches(name, MECHANISMS, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True, slots=True)
class MechanismSwitches:
    """Which mechanisms are active; ``on(name)`` is 1.0 or 0.0 for use in kernels.

    Args:
        disabled: Names of mechanisms switched off.
    """

    disabled: frozenset[str] = frozenset()

    @classmethod
    def from_names(cls, disabled: Iterable[str]) -> MechanismSwitches:
        """Build switches, refusing unknown names."""
        names = frozenset(disabled)
        for name in names:
            if name not in MECHANISMS:
                msg = f"unknown mechanism {name!r}{suggest_mechanism(name)}"
                raise KeyError(msg)
        return cls(names)

    def on(self, name: str) -> float:
        """Return 1.0 if ``name`` is active, else 0.0 (multiplies a link's term)."""
        if name not in MECHANISMS:
            msg = f"unknown mechanism {name!r}{suggest_mechanism(name)}"
            raise KeyError(msg)
        return 0.0 if name in self.disabled else 1.0

    @property
    def active(self) -> tuple[str, ...]:
        """Names of the active mechanisms, in registry order."""
        return tuple(n for n in MECHANISMS if n not in self.disabled)
