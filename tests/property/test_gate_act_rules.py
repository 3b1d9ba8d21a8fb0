"""Hypothesis properties of the gate (confidence, threshold, organisation trust) and
of joint acts (risk, uptake, the routes to an act, outcomes, who does it)."""

from __future__ import annotations

import numpy as np
from handmade import arrays, call, in_unit, switch_sets, switched_off, unit, unit_rows
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from collabsim.rules import acts as act_rules
from collabsim.rules import gate
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import (
    BehaviourRates,
    ConfidenceRates,
    ThresholdWeights,
    TrustRates,
)

confidence_rates = st.builds(
    ConfidenceRates,
    contract_weight=unit,
    mandate_level=unit,
    enforcement_floor=unit,
    leader_boost=unit,
)


def _target(
    strength: np.ndarray,
    accountability: np.ndarray,
    mandated: np.ndarray,
    persuasiveness: np.ndarray,
    rates: ConfidenceRates | None = None,
    switches: MechanismSwitches | None = None,
) -> np.ndarray:
    return call(
        gate.confidence_target,
        strength,
        accountability,
        mandated,
        persuasiveness,
        rates=rates or ConfidenceRates(),
        switches=switches or MechanismSwitches(),
    )


# --- confidence --------------------------------------------------------------------


@given(unit_rows(3))
def test_a_contract_inside_a_mandate_adds_confidence(a):
    """Noisy-OR (theory §B(i)): each obligation is a separate reason to expect the
    partner to act, so a contract adds to a mandate, and neither adds more than
    both together would on their own."""
    strength, accountability, persuasiveness = a
    zero, one = np.zeros_like(strength), np.ones_like(strength)
    mandate = _target(zero, accountability, one, persuasiveness)
    contract = _target(strength, accountability, zero, persuasiveness)
    both = _target(strength, accountability, one, persuasiveness)
    assert np.all(both >= mandate)
    assert np.all(both >= contract)
    # at the defaults (no clipping at 1), any contract strictly adds
    assert np.all(both[strength > 0] > mandate[strength > 0])
    # substitutes, not complements: with a middling leader, less than the two added
    half = np.full_like(strength, 0.5)
    assert np.all(
        _target(strength, accountability, one, half)
        <= _target(zero, accountability, one, half)
        + _target(strength, accountability, zero, half)
        + 1e-12
    )


@given(unit_rows(3), confidence_rates)
def test_accountability_without_a_contract_adds_nothing(a, rates):
    accountability, other, persuasiveness = a
    zero = np.zeros_like(other)
    for mandated in (zero, np.ones_like(other)):
        without = _target(zero, accountability, mandated, persuasiveness, rates)
        more = _target(zero, other, mandated, persuasiveness, rates)
        np.testing.assert_array_equal(without, more)


@given(unit_rows(5), confidence_rates)
def test_confidence_rises_with_each_obligation_and_the_partners_persuasiveness(
    a, rates
):
    strength, accountability, mandated, persuasiveness, extra = a
    mandated = (mandated > 0.5).astype(float)
    base = _target(strength, accountability, mandated, persuasiveness, rates)
    assert in_unit(base)
    up = np.minimum(strength + extra, 1)
    assert np.all(_target(up, accountability, mandated, persuasiveness, rates) >= base)
    up = np.minimum(accountability + extra, 1)
    assert np.all(_target(strength, up, mandated, persuasiveness, rates) >= base)
    assert np.all(
        _target(strength, accountability, 1 + 0 * mandated, persuasiveness, rates)
        >= base
    )
    up = np.minimum(persuasiveness + extra, 1)
    assert np.all(_target(strength, accountability, mandated, up, rates) >= base)


@given(unit_rows(4), confidence_rates)
def test_confidence_needs_no_trust(a, rates):
    """Obligations alone set confidence (no trust enters the rules), and with no
    trust at all confidence still opens the risk threshold."""
    strength, accountability, mandated, persuasiveness = a
    mandated = (mandated > 0.5).astype(float)
    target = _target(strength, accountability, mandated, persuasiveness, rates)
    floor = rates.enforcement_floor
    contract = rates.contract_weight * strength * (floor + (1 - floor) * accountability)
    mandate = rates.mandate_level * mandated
    obliged = (contract > 1e-6) | (mandate > 1e-6)
    free = (contract == 0) & (mandate == 0)
    # obligations with a middling partner leader: positive confidence
    half = np.full_like(strength, 0.5)
    calm = _target(strength, accountability, mandated, half, rates)
    assert np.all(calm[obliged] > 0)
    assert np.all(target[free] == 0)  # no obligation: no leader term either
    zero = np.zeros_like(strength)
    moved = call(gate.update_confidence, zero, calm, zero, accountability, rates=rates)
    assert np.all(moved[obliged] > 0)
    threshold = call(gate.risk_threshold, zero, moved, zero, rates=ThresholdWeights())
    assert np.all(threshold[obliged] > 0)
    assert np.all(threshold[free] == 0)


@given(unit_rows(4), switch_sets)
def test_confidence_moves_towards_its_target_and_breaches_lower_it(a, switches):
    confidence, target, accountability, extra = a
    kw = {"rates": ConfidenceRates(), "switches": switches}
    zero = np.zeros_like(confidence)
    moved = call(gate.update_confidence, confidence, target, zero, accountability, **kw)
    low, high = np.minimum(confidence, target), np.maximum(confidence, target)
    assert np.all((moved >= low - 1e-12) & (moved <= high + 1e-12))
    breached = call(
        gate.update_confidence, confidence, target, zero + 2, accountability, **kw
    )
    assert np.all(breached <= moved)
    shielded = call(
        gate.update_confidence,
        confidence,
        target,
        zero + 2,
        np.minimum(accountability + extra, 1),
        **kw,
    )
    assert np.all(shielded >= breached)


# --- threshold and organisation trust ----------------------------------------------


@given(
    unit_rows(4),
    st.builds(
        ThresholdWeights,
        trust_weight=unit,
        confidence_weight=unit,
        pressure_weight=unit,
    ),
    switch_sets,
)
def test_risk_threshold_monotone_and_trust_and_confidence_substitute(
    a, weights, switches
):
    trust, conf, pressure, extra = a
    kw = {"rates": weights, "switches": switches}

    def theta(t: np.ndarray, c: np.ndarray, p: np.ndarray) -> np.ndarray:
        return call(gate.risk_threshold, t, c, p, **kw)

    base = theta(trust, conf, pressure)
    assert np.all(theta(np.minimum(trust + extra, 1), conf, pressure) >= base - 1e-12)
    assert np.all(theta(trust, np.minimum(conf + extra, 1), pressure) >= base - 1e-12)
    assert np.all(theta(trust, conf, np.minimum(pressure + extra, 1)) <= base + 1e-12)
    zero = np.zeros_like(trust)
    alone = theta(trust, zero, zero) + theta(zero, conf, zero)
    assert np.all(theta(trust, conf, zero) <= alone + 1e-12)


@st.composite
def pair_layouts(draw: st.DrawFn) -> tuple[np.ndarray, ...]:
    """Tie trust, tie weights and the CSR offsets of 1-6 pairs of 1-5 ties each."""
    sizes = draw(
        hnp.arrays(np.int64, draw(st.integers(1, 6)), elements=st.integers(1, 5))
    )
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    n = int(offsets[-1])
    trust = draw(hnp.arrays(np.float64, n, elements=unit))
    weight = draw(
        hnp.arrays(np.float64, n, elements=st.sampled_from([1.0, 1.5, 2.0, 4.0]))
    )
    return trust, weight, offsets


@given(pair_layouts(), unit)
def test_organisation_trust_is_a_weighted_mean_less_latent_distrust(layout, share):
    trust, weight, offsets = layout
    n_pairs = len(offsets) - 1
    pair_weight = np.add.reduceat(weight, offsets[:-1])
    rates = TrustRates(organisational_distrust=share)

    def pair_trust(cross: float, switches: MechanismSwitches) -> np.ndarray:
        return call(
            gate.pair_trust,
            trust,
            weight,
            offsets,
            pair_weight,
            np.full(n_pairs, cross),
            rates=rates,
            switches=switches,
        )

    same = pair_trust(0.0, MechanismSwitches())
    for k in range(n_pairs):
        ties = slice(offsets[k], offsets[k + 1])
        assert trust[ties].min() - 1e-12 <= same[k] <= trust[ties].max() + 1e-12
        expected = np.dot(trust[ties], weight[ties]) / weight[ties].sum()
        np.testing.assert_allclose(same[k], expected, rtol=1e-12, atol=1e-15)
    cross = pair_trust(1.0, MechanismSwitches())
    np.testing.assert_allclose(cross, same * (1 - share), rtol=1e-12, atol=1e-15)
    off = MechanismSwitches.from_names(["latent_distrust"])
    np.testing.assert_array_equal(pair_trust(1.0, off), same)


# --- acts: risk, uptake, routes ----------------------------------------------------


@given(unit_rows(3))
def test_act_risk_stays_under_its_ceiling_and_low_risk_acts_stay_low(a):
    draw, ambition, extra = a
    rates = BehaviourRates()
    low_only = extra > 0.5
    risk = call(
        act_rules.act_risk, draw, ambition, low_only, rates=rates, switches=None
    )
    assert np.all(risk >= 0)
    assert np.all(risk[low_only] <= rates.low_risk_cutoff)
    ceiling = rates.base_risk + rates.ambition_risk * ambition
    assert np.all(risk[~low_only] <= ceiling[~low_only] + 1e-12)
    bolder = call(
        act_rules.act_risk,
        draw,
        np.minimum(ambition + extra, 1),
        low_only,
        rates=rates,
        switches=None,
    )
    assert np.all(bolder >= risk)


@given(unit_rows(2), switch_sets)
def test_uptake_rises_with_motivation(a, switches):
    motivation, extra = a
    kw = {"rates": BehaviourRates(), "switches": switches}
    base = call(act_rules.uptake_chance, motivation, **kw)
    assert in_unit(base)
    more = call(act_rules.uptake_chance, np.minimum(motivation + extra, 1), **kw)
    assert np.all(more >= base)


def _choose(
    x: dict[str, np.ndarray], switches: MechanismSwitches | None = None
) -> tuple[np.ndarray, np.ndarray]:
    return call(
        act_rules.choose_acts,
        x["risk"],
        x["threshold"],
        x["personal"],
        x["faith"],
        x["uptake"],
        (x["u_uptake"], x["u_faith"]),
        rates=BehaviourRates(),
        switches=switches or MechanismSwitches(),
    )


NAMES = ("risk", "threshold", "personal", "faith", "uptake", "u_uptake", "u_faith")


@given(unit_rows(8), switch_sets)
def test_faith_carries_low_risk_acts_whether_or_not_the_gate_opens(a, switches):
    """RF-7, SF3: a low-risk act on faith goes ahead at any threshold, personal
    trust or uptake; a high-risk act never goes ahead on faith."""
    x = dict(zip(NAMES, a, strict=False))
    rates = BehaviourRates()
    faithful_draw = x["u_faith"] < switches.on("faith_drives_behaviour") * (
        rates.faith_drive * x["faith"]
    )
    collaborative, carried = _choose(x, switches)
    low = x["risk"] <= rates.low_risk_cutoff
    assert np.all(collaborative[low & faithful_draw])
    for closed in (np.zeros_like(a[0]), a[7]):  # any other threshold, personal...
        y = {**x, "threshold": closed * x["risk"], "personal": closed - 1}
        again, _ = _choose(y, switches)
        assert np.all(again[low & faithful_draw])
    assert not carried[~low].any()
    organisational = (switches.on("threshold_gates_behaviour") > 0) & (
        x["risk"] <= x["threshold"]
    )
    opened = organisational & (x["u_uptake"] < x["uptake"])
    np.testing.assert_array_equal(collaborative[~low], opened[~low])


@given(unit_rows(7))
def test_the_interpersonal_route_helps_low_risk_acts_within_personal_trust_only(a):
    """With the organisations' gate shut and no faith, an act goes ahead only when
    low-risk, within the two professionals' threshold and taken up."""
    x = dict(zip(NAMES, a, strict=False))
    x.update(threshold=x["risk"] - 1.0, faith=np.zeros_like(x["risk"]))
    collaborative, carried = _choose(x)
    low = x["risk"] <= BehaviourRates().low_risk_cutoff
    expected = low & (x["risk"] <= x["personal"]) & (x["u_uptake"] < x["uptake"])
    np.testing.assert_array_equal(collaborative, expected)
    assert not carried.any()
    cut, _ = _choose(x, MechanismSwitches.from_names(["interpersonal_compensation"]))
    assert not cut.any()


@given(unit_rows(8))
def test_more_faith_threshold_or_personal_trust_never_fewer_collaborative_acts(a):
    x = dict(zip(NAMES, a, strict=False))
    extra = a[7]
    base, carried = _choose(x)
    assert not (carried & ~base).any()
    for name in ("faith", "threshold", "personal"):
        raised, _ = _choose({**x, name: np.minimum(x[name] + extra, 1)})
        assert np.all(raised >= base), name


# --- acts: outcomes and who does them ----------------------------------------------


@given(unit_rows(6))
def test_act_outcomes_partition_collaborative_acts(a):
    risk, capability, draw, coll, early, _ = a
    rates = BehaviourRates()
    success, failure, quick, value = call(
        act_rules.act_outcomes,
        coll > 0.5,
        risk,
        capability,
        draw,
        early > 0.5,
        rates=rates,
    )
    np.testing.assert_array_equal(success | failure, coll > 0.5)
    assert not (success & failure).any()
    expected_quick = success & (early > 0.5) & (risk <= rates.low_risk_cutoff)
    np.testing.assert_array_equal(quick, expected_quick)
    np.testing.assert_allclose(value, np.where(success, 0.5 + risk, 0.0))


@given(unit_rows(5))
def test_capability_raises_success_unless_switched_off(a):
    risk, capability, draw, extra, _ = a
    collaborative, early = np.ones_like(risk, bool), np.zeros_like(risk, bool)
    more = np.minimum(capability + extra, 1)

    def succeed(cap: np.ndarray, switches: MechanismSwitches) -> np.ndarray:
        success, *_ = call(
            act_rules.act_outcomes,
            collaborative,
            risk,
            cap,
            draw,
            early,
            rates=BehaviourRates(),
            switches=switches,
        )
        return success

    on = MechanismSwitches()
    assert np.all(succeed(more, on) >= succeed(capability, on))
    off = MechanismSwitches.from_names(["capability_raises_success"])
    np.testing.assert_array_equal(succeed(more, off), succeed(capability, off))


@given(arrays(2))
def test_work_weights_skip_vacant_posts_and_follow_commitment(a):
    commitment, present = a
    present = (present > 0.5).astype(float)
    weights = act_rules.work_weights(commitment, present, switched_off())
    np.testing.assert_allclose(weights, commitment * present, atol=1e-15)
    equal = act_rules.work_weights(
        commitment, present, switched_off("commitment_shares_joint_work")
    )
    np.testing.assert_array_equal(equal, present)
