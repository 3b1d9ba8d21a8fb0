"""Properties every rule shares, from one table: switches, bounds, purity, relabelling.

Each rule is called through an adapter that takes named float arrays (one value per
element) and the packed switches; flags and counts are derived from the floats
elementwise (``> 0.5``), so every adapted rule is elementwise and relabelling the
elements must relabel the outputs. Each causal link the rules implement has at least
one case: with its switch off, the input its term reads no longer changes the output
(and with the switch on, it does).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pytest
from handmade import in_unit, switch_sets, switched_off, unit_rows
from hypothesis import given, settings
from hypothesis import strategies as st

from collabsim.rules import acts as act_rules
from collabsim.rules import comb as comb_rules
from collabsim.rules import conflict as conflict_rules
from collabsim.rules import contact as contact_rules
from collabsim.rules import contexts, gate, perception
from collabsim.rules import coproduction as coproduction_rules
from collabsim.rules import trust as trust_rules
from collabsim.rules.coproduction import Eaa
from collabsim.scenario.mechanisms import MECHANISMS, MechanismSwitches
from collabsim.scenario.rates import Dynamics

#: Default rates of every group, packed for a step of one week.
R = {name: getattr(Dynamics(), name).packed() for name in Dynamics.model_fields}

Inputs = dict[str, np.ndarray]


def _flag(x: np.ndarray) -> np.ndarray:
    return (x > 0.5).astype(np.float64)


def _count(x: np.ndarray) -> np.ndarray:
    return np.floor(3.0 * x)  # 0 to 3 events


class Rule(NamedTuple):
    """An adapted rule: its named inputs, the call, and its outputs in [0, 1]."""

    inputs: tuple[str, ...]
    call: Callable[[Inputs, np.ndarray], Any]
    bounded: tuple[int, ...]  # indices of the outputs that stay in [0, 1]


def _pair_trust(x: Inputs, on: np.ndarray) -> Any:
    n = x["trust"].shape[0]
    ones = np.ones(n)
    offsets = np.arange(n + 1, dtype=np.int64)  # one tie per pair: elementwise
    return gate.pair_trust(
        x["trust"], ones, offsets, ones, _flag(x["cross_sector"]), R["trust"], on
    )


def _update_comb(x: Inputs, on: np.ndarray) -> Any:
    comb = tuple(x[k] for k in ("c", "o", "m", "commitment", "resilience"))
    targets = (x["target_c"], x["target_o"], x["target_m"])
    return comb_rules.update_comb(comb, targets, _count(x["failures"]), R["comb"], on)


def _update_coproduction(x: Inputs, on: np.ndarray) -> Any:
    eaa = Eaa(x["engagement"], x["alignment"], x["understanding"], x["agreement"])
    levers = tuple(
        x[k]
        for k in (
            "intentions",
            "assets",
            "dialogue",
            "divergent",
            "documentation",
            "interpretation",
        )
    )
    n = x["trust"].shape[0]
    draws = (x["u_sessions"].reshape(1, n), x["u_reflections"].reshape(1, n))
    parts = np.ones(n)
    return coproduction_rules.update_coproduction(
        eaa, levers, x["trust"], draws, parts, R["coproduction"], on
    )


RULES: dict[str, Rule] = {
    "contact_propensity": Rule(
        ("connectivity", "distance", "protected_time", "figures"),
        lambda x, on: contact_rules.contact_propensity(
            x["connectivity"],
            x["distance"],
            x["protected_time"],
            x["figures"],
            R["contact"],
            on,
        ),
        (),
    ),
    "access": Rule(
        ("frontline", "present", "opportunity"),
        lambda x, on: contact_rules.access(
            np.where(x["frontline"] > 0.5, 2, 0),
            _flag(x["present"]),
            x["opportunity"],
            R["contact"],
            on,
        ),
        (),
    ),
    "contact_chance": Rule(
        ("propensity", "access_product"),
        lambda x, _: contact_rules.contact_chance(
            3.0 * x["propensity"], 2.0 * x["access_product"]
        ),
        (0,),
    ),
    "update_acquaintance": Rule(
        ("acquaintance", "keep_room", "contacted"),
        lambda x, _: contact_rules.update_acquaintance(
            x["acquaintance"], x["keep_room"], _flag(x["contacted"]), R["trust"]
        ),
        (0,),
    ),
    "interaction_quality": Rule(
        ("relational", "technical", "vulnerability"),
        lambda x, on: trust_rules.interaction_quality(
            x["relational"], x["technical"], x["vulnerability"], R["trust"], on
        ),
        (),
    ),
    "negative_interaction_probability": Rule(
        ("cultural_distance",),
        lambda x, on: trust_rules.negative_interaction_probability(
            x["cultural_distance"], R["trust"], on
        ),
        (0,),
    ),
    "success_quality": Rule(
        ("stake", "technical", "quick"),
        lambda x, on: trust_rules.success_quality(
            0.5 + x["stake"], x["technical"], _flag(x["quick"]), R["trust"], on
        ),
        (),
    ),
    "failure_quality": Rule(
        ("stake",),
        lambda x, on: trust_rules.failure_quality(0.5 + x["stake"], R["trust"], on),
        (),
    ),
    "update_trust": Rule(
        ("trust", "baseline", "keep_room", "keep_trust", "conflict", "contacted"),
        lambda x, on: trust_rules.update_trust(
            x["trust"],
            x["baseline"],
            x["keep_room"],
            x["keep_trust"],
            x["conflict"],
            _flag(x["contacted"]),
            R["trust"],
            on,
        ),
        (0,),
    ),
    "confidence_target": Rule(
        ("contract", "accountability", "mandated", "persuasiveness"),
        lambda x, on: gate.confidence_target(
            x["contract"],
            x["accountability"],
            _flag(x["mandated"]),
            x["persuasiveness"],
            R["confidence"],
            on,
        ),
        (0,),
    ),
    "update_confidence": Rule(
        ("confidence", "target", "breaches", "accountability"),
        lambda x, on: gate.update_confidence(
            x["confidence"],
            x["target"],
            _count(x["breaches"]),
            x["accountability"],
            R["confidence"],
            on,
        ),
        (0,),
    ),
    "risk_threshold": Rule(
        ("trust", "confidence", "pressure"),
        lambda x, on: gate.risk_threshold(
            x["trust"], x["confidence"], x["pressure"], R["threshold"], on
        ),
        (0,),
    ),
    "pair_trust": Rule(("trust", "cross_sector"), _pair_trust, (0,)),
    "tie_baseline": Rule(
        ("cross_sector", "asymmetry", "history"),
        lambda x, on: contexts.tie_baseline(
            _flag(x["cross_sector"]),
            2.0 * x["asymmetry"] - 1.0,
            x["history"],
            R["trust"],
            on,
        ),
        (0,),
    ),
    "effective_ambition": Rule(
        ("ambition", "pair_trust"),
        lambda x, on: contexts.effective_ambition(
            x["ambition"], x["pair_trust"], R["behaviour"], on
        ),
        (0,),
    ),
    "external_pressure": Rule(
        ("slack", "regulation", "competition", "scrutiny"),
        lambda x, _: contexts.external_pressure(
            x["slack"], x["regulation"], x["competition"], x["scrutiny"]
        ),
        (0,),
    ),
    "conflict_pressure": Rule(
        ("cd", "competition", "asymmetry", "progress", "vision", "accountability"),
        lambda x, on: conflict_rules.conflict_pressure(
            x["cd"],
            x["competition"],
            2.0 * x["asymmetry"] - 1.0,
            x["progress"],
            x["vision"],
            x["accountability"],
            R["conflict"],
            on,
        ),
        (0, 1, 2),
    ),
    "added_conflict": Rule(
        ("episode", "severity", "failures", "per_failure", "competitive"),
        lambda x, on: conflict_rules.added_conflict(
            _flag(x["episode"]),
            x["severity"],
            _count(x["failures"]),
            x["per_failure"],
            _count(x["competitive"]),
            R["conflict"],
            on,
        ),
        (),
    ),
    "resolve_conflict": Rule(
        ("conflict", "added", "episode", "constructive"),
        lambda x, on: conflict_rules.resolve_conflict(
            x["conflict"],
            2.0 * x["added"],
            _flag(x["episode"]),
            _flag(x["constructive"]),
            R["conflict"],
            on,
        ),
        (0,),
    ),
    "act_risk": Rule(
        ("draw", "ambition", "low_only"),
        lambda x, _: act_rules.act_risk(
            x["draw"], x["ambition"], x["low_only"] > 0.5, R["behaviour"]
        ),
        (0,),
    ),
    "uptake_chance": Rule(
        ("motivation",),
        lambda x, on: act_rules.uptake_chance(x["motivation"], R["behaviour"], on),
        (0,),
    ),
    "choose_acts": Rule(
        ("risk", "threshold", "personal", "faith", "uptake", "u_uptake", "u_faith"),
        lambda x, on: act_rules.choose_acts(
            x["risk"],
            x["threshold"],
            x["personal"],
            x["faith"],
            x["uptake"],
            (x["u_uptake"], x["u_faith"]),
            R["behaviour"],
            on,
        ),
        (0, 1),
    ),
    "act_outcomes": Rule(
        ("collaborative", "risk", "capability", "draw", "early"),
        lambda x, on: act_rules.act_outcomes(
            x["collaborative"] > 0.5,
            x["risk"],
            x["capability"],
            x["draw"],
            x["early"] > 0.5,
            R["behaviour"],
            on,
        ),
        (0, 1, 2),
    ),
    "work_weights": Rule(
        ("commitment", "present"),
        lambda x, on: act_rules.work_weights(x["commitment"], _flag(x["present"]), on),
        (0,),
    ),
    "observed_progress": Rule(
        ("value", "ambition"),
        lambda x, _: perception.observed_progress(
            1.5 * x["value"], x["ambition"], R["progress"]
        ),
        (0,),
    ),
    "update_signal": Rule(
        ("signal", "observed"),
        lambda x, _: perception.update_signal(
            x["signal"], x["observed"], R["progress"]
        ),
        (0,),
    ),
    "progress_target": Rule(
        (
            "observed",
            "evaluation",
            "role_clarity",
            "flexibility",
            "internal",
            "absent",
            "ambition",
        ),
        lambda x, on: perception.progress_target(
            x["observed"],
            x["evaluation"],
            x["role_clarity"],
            x["flexibility"],
            (x["internal"], x["absent"]),
            x["ambition"],
            R["progress"],
            on,
        ),
        (0,),
    ),
    "update_progress": Rule(
        ("progress", "target", "turnover"),
        lambda x, on: perception.update_progress(
            x["progress"], x["target"], x["turnover"], R["progress"], on
        ),
        (0,),
    ),
    "update_faith": Rule(
        ("faith", "progress", "trust", "leadership"),
        lambda x, on: perception.update_faith(
            x["faith"], x["progress"], x["trust"], x["leadership"], R["faith"], on
        ),
        (0,),
    ),
    "comb_targets": Rule(
        ("technical", "expertise", "protected_time", "vision", "faith", "trust"),
        lambda x, on: comb_rules.comb_targets(
            tuple(
                x[k]
                for k in (
                    "technical",
                    "expertise",
                    "protected_time",
                    "vision",
                    "faith",
                    "trust",
                )
            ),
            R["comb"],
            on,
        ),
        (0, 1, 2),
    ),
    "update_comb": Rule(
        (
            *("c", "o", "m", "commitment", "resilience"),
            *("target_c", "target_o", "target_m", "failures"),
        ),
        _update_comb,
        (0, 1, 2, 3, 4),
    ),
    "update_coproduction": Rule(
        (
            *("engagement", "alignment", "understanding", "agreement"),
            *("intentions", "assets", "dialogue", "divergent", "documentation"),
            *("interpretation", "trust", "u_sessions", "u_reflections"),
        ),
        _update_coproduction,
        (0, 1, 2, 3),
    ),
    "coproduction_effects": Rule(
        ("vision", "clarity", "alignment", "agreement"),
        lambda x, on: coproduction_rules.coproduction_effects(
            x["vision"],
            x["clarity"],
            x["alignment"],
            x["agreement"],
            R["coproduction"],
            on,
        ),
        (0, 1),
    ),
}


class Case(NamedTuple):
    """A switch, the rule reading it, the input of its term, the outputs it moves."""

    mechanism: str
    rule: str
    varied: str
    outputs: tuple[int, ...] | None = None  # None: every output
    fixed: tuple[tuple[str, float], ...] = ()  # inputs held at a value


CASES = [
    Case("distance_reduces_contact", "contact_propensity", "distance"),
    Case("protected_time_raises_contact", "contact_propensity", "protected_time"),
    Case("connectivity_raises_contact", "contact_propensity", "connectivity"),
    Case("central_figure_sustains_contact", "contact_propensity", "figures"),
    Case("vacancy_blocks_contact", "access", "present"),
    Case("opportunity_raises_contact", "access", "opportunity"),
    Case("relational_strategies_build_trust", "interaction_quality", "relational"),
    Case("technical_strategies_build_trust", "interaction_quality", "technical"),
    Case("technical_strategies_build_trust", "success_quality", "technical"),
    Case("leadership_builds_trust", "interaction_quality", "vulnerability"),
    Case(
        "cultural_mismatch_spoils_contact",
        "negative_interaction_probability",
        "cultural_distance",
    ),
    Case("success_builds_trust", "success_quality", "stake"),
    Case("quick_wins_build_trust", "success_quality", "quick"),
    Case("task_failure_lowers_trust", "failure_quality", "stake"),
    Case("conflict_erodes_trust", "update_trust", "conflict"),
    Case("trust_decays_without_contact", "update_trust", "contacted"),
    Case("trust_decays_without_contact", "update_trust", "baseline"),
    Case("latent_distrust", "tie_baseline", "cross_sector"),
    Case("latent_distrust", "pair_trust", "cross_sector"),
    Case("power_asymmetry_lowers_trust", "tie_baseline", "asymmetry"),
    Case("history_raises_initial_trust", "tie_baseline", "history"),
    Case("trust_raises_ambition", "effective_ambition", "pair_trust"),
    Case("task_failure_breeds_conflict", "conflict_pressure", "accountability", (2,)),
    Case("slow_progress_breeds_conflict", "conflict_pressure", "progress"),
    Case("cultural_mismatch_breeds_conflict", "conflict_pressure", "cd"),
    Case("competition_breeds_conflict", "conflict_pressure", "competition"),
    Case("power_asymmetry_breeds_conflict", "conflict_pressure", "asymmetry"),
    Case("shared_vision_reduces_conflict", "conflict_pressure", "vision"),
    Case("accountability_reduces_conflict", "conflict_pressure", "accountability"),
    Case("competitive_acts_breed_conflict", "added_conflict", "competitive"),
    Case("resolution_style_decides_recovery", "resolve_conflict", "constructive"),
    Case("contracts_build_confidence", "confidence_target", "contract"),
    Case("mandate_builds_confidence", "confidence_target", "mandated"),
    Case("leadership_builds_confidence", "confidence_target", "persuasiveness"),
    Case("breaches_lower_confidence", "update_confidence", "breaches"),
    Case("trust_raises_threshold", "risk_threshold", "trust"),
    Case("confidence_raises_threshold", "risk_threshold", "confidence"),
    Case("pressure_lowers_threshold", "risk_threshold", "pressure"),
    Case("threshold_gates_behaviour", "choose_acts", "threshold"),
    Case("faith_drives_behaviour", "choose_acts", "faith"),
    Case("interpersonal_compensation", "choose_acts", "personal"),
    Case("motivation_drives_uptake", "uptake_chance", "motivation"),
    Case("capability_raises_success", "act_outcomes", "capability"),
    Case("commitment_shares_joint_work", "work_weights", "commitment"),
    Case("behaviour_builds_effectiveness", "act_outcomes", "risk", (3,)),
    Case("effectiveness_feeds_progress", "progress_target", "observed"),
    Case("evaluation_informs_progress", "progress_target", "evaluation"),
    Case("role_clarity_raises_progress", "progress_target", "role_clarity"),
    Case("flexibility_raises_progress", "progress_target", "flexibility"),
    Case("intra_conflict_lowers_progress", "progress_target", "internal"),
    Case("unambitious_aims_cap_progress", "progress_target", "ambition"),
    Case("absent_actors_lower_progress", "progress_target", "absent"),
    Case("turnover_lowers_progress", "update_progress", "turnover"),
    Case("progress_feeds_faith", "update_faith", "progress"),
    Case("trust_feeds_faith", "update_faith", "trust"),
    Case("leadership_builds_faith", "update_faith", "leadership"),
    Case("trust_builds_comb", "comb_targets", "trust"),
    Case("technical_strategies_build_capability", "comb_targets", "technical"),
    Case("technical_strategies_build_capability", "comb_targets", "expertise"),
    Case("protected_time_builds_opportunity", "comb_targets", "protected_time"),
    Case("vision_and_faith_build_motivation", "comb_targets", "vision"),
    Case("vision_and_faith_build_motivation", "comb_targets", "faith"),
    Case("comb_builds_resilience", "update_comb", "target_m", (3, 4)),
    Case(
        "resilience_speeds_recovery",
        "update_comb",
        "resilience",
        (3,),
        (("failures", 0.0),),
    ),
    Case("failure_shocks_commitment", "update_comb", "failures"),
    Case("trust_enables_dialogue", "update_coproduction", "trust"),
    Case("documentation_enables_alignment", "update_coproduction", "documentation"),
    Case("divergent_views_enable_alignment", "update_coproduction", "divergent"),
    Case("alignment_grounds_understanding", "update_coproduction", "alignment", (2,)),
    Case(
        "understanding_enables_agreement", "update_coproduction", "understanding", (3,)
    ),
    Case("agreement_feeds_vision", "coproduction_effects", "agreement"),
    Case("agreement_feeds_vision", "coproduction_effects", "alignment"),
]


def _outputs(value: Any, keep: tuple[int, ...] | None = None) -> list[np.ndarray]:
    values = list(value) if isinstance(value, tuple) else [value]
    return [np.asarray(values[k]) for k in (keep or range(len(values)))]


def _inputs(rule: Rule, values: list[np.ndarray]) -> Inputs:
    return dict(zip(rule.inputs, values, strict=False))


def _case_id(case: Case) -> str:
    return f"{case.mechanism}-{case.rule}-{case.varied}"


def test_every_switch_of_the_rules_has_a_case():
    ruled = {
        n for n, m in MECHANISMS.items() if m.location.startswith("collabsim.rules")
    }
    assert ruled == {case.mechanism for case in CASES}
    for case in CASES:
        assert case.varied in RULES[case.rule].inputs
        assert MECHANISMS[case.mechanism].location.endswith(case.rule) or (
            case.rule in {"success_quality", "pair_trust"}  # second readers
        )


#: The switch cases are many and each is a structural check (exact equality): a
#: third of the profile's examples each.
FEWER = settings(max_examples=max(10, settings().max_examples // 3))


@pytest.mark.parametrize("case", CASES, ids=_case_id)
@FEWER
@given(unit_rows(16))
def test_switched_off_term_no_longer_reads_its_input(case, values):
    rule = RULES[case.rule]
    x = _inputs(rule, values[2:])
    x.update((name, np.full(len(values[0]), v)) for name, v in case.fixed)
    first, second = dict(x), dict(x)
    first[case.varied], second[case.varied] = values[0], values[1]
    off = switched_off(case.mechanism)
    left = _outputs(rule.call(first, off), case.outputs)
    right = _outputs(rule.call(second, off), case.outputs)
    for a, b in zip(left, right, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_switched_on_term_reads_its_input(case):
    """The cases are not vacuous: with every switch on, the input matters."""
    rule = RULES[case.rule]
    gen = np.random.default_rng(20261201)
    x = {name: gen.random(400) for name in rule.inputs}
    x.update((name, np.full(400, v)) for name, v in case.fixed)
    low, high = dict(x), dict(x)
    low[case.varied], high[case.varied] = np.zeros(400), np.ones(400)
    on = MechanismSwitches().packed()
    left = _outputs(rule.call(low, on), case.outputs)
    right = _outputs(rule.call(high, on), case.outputs)
    assert any(not np.array_equal(a, b) for a, b in zip(left, right, strict=True))


@pytest.mark.parametrize("name", sorted(RULES))
@given(unit_rows(14), switch_sets, st.randoms(use_true_random=False))
def test_rule_is_pure_bounded_and_permutation_equivariant(name, values, switches, rnd):
    """Inputs are not mutated; [0, 1] outputs stay there; relabelling elements
    relabels the outputs, bit for bit."""
    rule = RULES[name]
    x = _inputs(rule, values)
    copies = {k: v.copy() for k, v in x.items()}
    on = switches.packed()
    out = _outputs(rule.call(x, on))
    for k, v in x.items():
        np.testing.assert_array_equal(v, copies[k])
    for k in rule.bounded:
        assert in_unit(out[k]), (name, k)
    n = len(values[0])
    perm = np.array(rnd.sample(range(n), n))
    permuted = _outputs(rule.call({k: v[perm] for k, v in x.items()}, on))
    for a, b in zip(permuted, out, strict=True):
        np.testing.assert_array_equal(a, b[perm])
