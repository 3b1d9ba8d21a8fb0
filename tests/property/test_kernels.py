"""Hypothesis properties of pure kernels: bounds, monotonicity, asymmetry, purity."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from collabsim.model.damour import damour_level
from collabsim.rules import acts as behaviour
from collabsim.rules import conflict as conflict_rules
from collabsim.rules import contact as contact_rules
from collabsim.rules import contexts, gate, perception
from collabsim.rules import coproduction as coproduction_rules
from collabsim.rules import trust as dynamics
from collabsim.scenario.fields import Spec
from collabsim.scenario.mechanisms import MECHANISMS, MechanismSwitches
from collabsim.scenario.rates import (
    BehaviourRates,
    ConfidenceRates,
    ConflictRates,
    ContactRates,
    CoProductionRates,
    FaithRates,
    ProgressRates,
    ThresholdWeights,
    TrustRates,
)

unit = st.floats(0.0, 1.0)
ALL_ON = MechanismSwitches()
switch_sets = st.sets(st.sampled_from(sorted(MECHANISMS))).map(
    MechanismSwitches.from_names
)


def call(
    rule: Callable[..., Any],
    *args: Any,
    rates: Spec,
    switches: MechanismSwitches | None = ALL_ON,
) -> Any:
    """Call a rule with its rates and switches packed, as the phases do."""
    packed = (
        (rates.packed(),) if switches is None else (rates.packed(), switches.packed())
    )
    return rule(*args, *packed)


trust_rates = st.builds(
    TrustRates, gain=unit, loss=unit, conflict_erosion=unit, decay=st.floats(0.0, 0.5)
)


@st.composite
def arrays(
    draw: st.DrawFn, k: int, low: float = 0.0, high: float = 1.0
) -> list[np.ndarray]:
    """k float arrays of one shared length with elements in [low, high]."""
    n = draw(st.integers(1, 40))
    elems = st.floats(low, high)
    return [draw(hnp.arrays(np.float64, n, elements=elems)) for _ in range(k)]


def in_unit(x: np.ndarray) -> bool:
    return bool(np.all((x >= 0.0) & (x <= 1.0)))


@given(arrays(6, 0.0, 1.0), trust_rates, switch_sets)
def test_trust_stays_in_unit_interval(a, rates, switches):
    trust, base, pos, neg, conflict, contact = a
    out = call(
        dynamics.update_trust,
        trust,
        base,
        2 * pos,
        2 * neg,
        conflict,
        contact,
        rates=rates,
        switches=switches,
    )
    assert in_unit(out)


@given(arrays(6), trust_rates, st.floats(0.0, 1.0))
def test_better_interactions_never_lower_trust(a, rates, extra):
    trust, base, pos, neg, conflict, contact = a
    kw = {"rates": rates, "switches": ALL_ON}
    worse = call(dynamics.update_trust, trust, base, pos, neg, conflict, contact, **kw)
    better = call(
        dynamics.update_trust, trust, base, pos + extra, neg, conflict, contact, **kw
    )
    less_bad = call(
        dynamics.update_trust,
        trust,
        base,
        pos,
        neg * (1 - extra),
        conflict,
        contact,
        **kw,
    )
    assert np.all(better >= worse - 1e-12)
    assert np.all(less_bad >= worse - 1e-12)


@given(st.floats(0.2, 0.8), st.floats(0.01, 0.5))
def test_negative_event_moves_trust_more_than_equal_positive(trust, quality):
    """Negativity asymmetry (β > α), theory §C4 and SF8, at the defaults."""
    rates = TrustRates()
    t = np.array([trust])
    zero, one = np.zeros(1), np.ones(1)
    kw = {"rates": rates, "switches": ALL_ON}
    up = call(dynamics.update_trust, t, t, quality * one, zero, zero, one, **kw) - t
    down = t - call(dynamics.update_trust, t, t, zero, quality * one, zero, one, **kw)
    # at trust ≥ 0.2 the proportional loss β·q·t exceeds the gain α·q·(1 − t)
    assert down[0] > up[0] > 0


@given(arrays(6), trust_rates)
def test_trust_does_not_mutate_inputs(a, rates):
    copies = [x.copy() for x in a]
    call(dynamics.update_trust, *a, rates=rates, switches=ALL_ON)
    for x, y in zip(a, copies, strict=True):
        np.testing.assert_array_equal(x, y)


@given(arrays(6), trust_rates, st.randoms(use_true_random=False))
def test_trust_is_permutation_equivariant(a, rates, random):
    """Relabelling ties (or organisations) relabels the outputs."""
    perm = np.array(random.sample(range(len(a[0])), len(a[0])))
    kw = {"rates": rates, "switches": ALL_ON}
    out = call(dynamics.update_trust, *a, **kw)
    permuted = call(dynamics.update_trust, *(x[perm] for x in a), **kw)
    np.testing.assert_allclose(permuted, out[perm])


@given(
    arrays(2),
    st.builds(TrustRates, acquaintance_gain=unit, acquaintance_decay=st.floats(0, 0.5)),
)
def test_acquaintance_bounded_and_monotone_in_contact(a, rates):
    acq, _ = a
    met = call(
        contact_rules.update_acquaintance,
        acq,
        np.ones_like(acq),
        rates=rates,
        switches=None,
    )
    apart = call(
        contact_rules.update_acquaintance,
        acq,
        np.zeros_like(acq),
        rates=rates,
        switches=None,
    )
    assert in_unit(met)
    assert in_unit(apart)
    assert np.all(met >= apart)


@given(
    arrays(3),
    st.builds(
        ThresholdWeights,
        trust_weight=unit,
        confidence_weight=unit,
        pressure_weight=unit,
    ),
    switch_sets,
)
def test_risk_threshold_bounded_and_monotone(a, weights, switches):
    trust, conf, pressure = a
    kw = {"rates": weights, "switches": switches}
    base = call(gate.risk_threshold, trust, conf, pressure, **kw)
    assert in_unit(base)
    assert np.all(
        call(gate.risk_threshold, np.minimum(trust + 0.1, 1), conf, pressure, **kw)
        >= base - 1e-12
    )
    assert np.all(
        call(gate.risk_threshold, trust, np.minimum(conf + 0.1, 1), pressure, **kw)
        >= base - 1e-12
    )
    assert np.all(
        call(gate.risk_threshold, trust, conf, np.minimum(pressure + 0.1, 1), **kw)
        <= base + 1e-12
    )


@given(arrays(1))
def test_confidence_needs_no_trust_and_rises_with_contract(a):
    """Confidence comes from obligations alone (theory §B(i)); contracts raise it."""
    (strength,) = a
    kw = {"rates": ConfidenceRates(), "switches": ALL_ON}
    zeros, half = np.zeros_like(strength), np.full_like(strength, 0.5)
    target = call(gate.confidence_target, strength, half, zeros, half, **kw)
    assert in_unit(target)
    assert np.all(
        call(gate.confidence_target, strength, half, np.ones_like(strength), half, **kw)
        >= target
    )
    stronger = call(
        gate.confidence_target, np.minimum(strength + 0.2, 1), half, zeros, half, **kw
    )
    assert np.all(stronger >= target - 1e-12)


@given(arrays(4), switch_sets)
def test_conflict_resolution_bounded_and_constructive_recovers_faster(a, switches):
    conflict, added, episode, _ = a
    episode = (episode > 0.5).astype(float)
    kw = {"rates": ConflictRates(), "switches": switches}
    good, repair, damage_good = call(
        conflict_rules.resolve_conflict,
        conflict,
        added,
        episode,
        np.ones_like(conflict),
        **kw,
    )
    bad, _, damage_bad = call(
        conflict_rules.resolve_conflict,
        conflict,
        added,
        episode,
        np.zeros_like(conflict),
        **kw,
    )
    assert in_unit(good)
    assert in_unit(bad)
    assert np.all(good <= bad + 1e-12)
    assert np.all(repair >= 0)
    assert np.all(damage_good == 0)
    assert np.all(damage_bad >= 0)


@given(arrays(6), switch_sets)
def test_conflict_pressure_is_a_probability_and_damped_by_accountability(a, switches):
    cd, comp, asym, progress, vision, acc = a
    kw = {"rates": ConflictRates(), "switches": switches}
    chance, severity, failure = call(
        conflict_rules.conflict_pressure, cd, comp, asym, progress, vision, acc, **kw
    )
    assert in_unit(chance)
    assert in_unit(severity)
    assert in_unit(failure)
    _, more_acc, _ = call(
        conflict_rules.conflict_pressure,
        cd,
        comp,
        asym,
        progress,
        vision,
        np.ones_like(acc),
        **kw,
    )
    assert np.all(more_acc <= severity + 1e-12)


@given(arrays(5), switch_sets)
def test_contact_probability_bounded_and_distance_lowers_it(a, switches):
    conn, dist, time, access, figure = a
    kw = {"rates": ContactRates(), "switches": switches}

    def chance(distance: np.ndarray) -> np.ndarray:
        factor = call(
            contact_rules.contact_propensity, conn, distance, time, figure, **kw
        )
        return contact_rules.contact_chance(factor, access)

    p, far = chance(dist), chance(np.ones_like(dist))
    assert in_unit(p)
    assert np.all(far <= p + 1e-12)


@given(arrays(2), st.integers(0, 2**31 - 1))
def test_faith_route_bypasses_threshold(a, seed):
    """With a zero threshold, faith alone still carries low-risk acts (RF-7, SF3)."""
    x, faith = a
    rates = BehaviourRates()
    risk = rates.low_risk_cutoff * (0.01 + 0.99 * x)  # low-risk, never zero
    gen = np.random.default_rng(seed)
    draws = (gen.random(len(risk)), gen.random(len(risk)))
    zero, nan = np.zeros_like(risk), np.full_like(risk, np.nan)
    collab, carried = call(
        behaviour.choose_acts, risk, zero, nan, faith, *draws, rates=rates
    )
    np.testing.assert_array_equal(collab, draws[1] < rates.faith_drive * faith)
    np.testing.assert_array_equal(carried, collab)
    off = MechanismSwitches.from_names(["faith_drives_behaviour"])
    collab_off, _ = call(
        behaviour.choose_acts, risk, zero, nan, faith, *draws, rates=rates, switches=off
    )
    assert not collab_off.any()


@given(arrays(3), st.integers(0, 2**31 - 1))
def test_more_faith_never_fewer_collaborative_acts(a, seed):
    risk, threshold, faith = a
    gen = np.random.default_rng(seed)
    draws = (gen.random(len(risk)), gen.random(len(risk)))
    kw = {"rates": BehaviourRates(), "switches": ALL_ON}
    nan = np.full_like(risk, np.nan)
    low, _ = call(behaviour.choose_acts, risk, threshold, nan, faith, *draws, **kw)
    high, _ = call(
        behaviour.choose_acts,
        risk,
        threshold,
        nan,
        np.minimum(faith + 0.2, 1),
        *draws,
        **kw,
    )
    assert np.all(high >= low)


@given(arrays(5), st.integers(0, 2**31 - 1))
def test_act_outcomes_partition_collaborative_acts(a, seed):
    risk, capability, draw, coll, early = a
    collaborative, early_b = coll > 0.5, early > 0.5
    success, failure, quick, value = call(
        behaviour.act_outcomes,
        collaborative,
        risk,
        capability,
        draw,
        early_b,
        rates=BehaviourRates(),
        switches=ALL_ON,
    )
    np.testing.assert_array_equal(success | failure, collaborative)
    assert not (success & failure).any()
    assert not (quick & ~success).any()
    assert np.all(value[~success] == 0)
    assert np.all(value[success] >= 0.5)


@given(arrays(4), switch_sets)
def test_progress_and_faith_bounded_and_monotone(a, switches):
    signal, progress, trust, lead = a
    zeros = np.zeros_like(signal)
    kw = {"rates": ProgressRates(), "switches": switches}
    target = call(
        perception.progress_target,
        signal,
        zeros,
        zeros + 0.5,
        zeros + 0.5,
        (zeros, zeros),
        zeros + 0.5,
        **kw,
    )
    evaluated = call(
        perception.progress_target,
        signal,
        zeros + 1,
        zeros + 0.5,
        zeros + 0.5,
        (zeros, zeros),
        zeros + 0.5,
        **kw,
    )
    assert in_unit(target)
    assert np.all(evaluated >= target - 1e-12)
    new = call(perception.update_progress, progress, target, zeros + 0.3, **kw)
    assert in_unit(new)
    fkw = {"rates": FaithRates(), "switches": switches}
    faith = call(perception.update_faith, progress, signal, trust, lead, **fkw)
    more = call(
        perception.update_faith,
        progress,
        np.minimum(signal + 0.1, 1),
        trust,
        lead,
        **fkw,
    )
    assert in_unit(faith)
    assert np.all(more >= faith - 1e-12)


@given(arrays(3))
def test_baseline_trust_lower_across_sectors_and_higher_with_history(a):
    asym, history, _ = a
    kw = {"rates": TrustRates(), "switches": ALL_ON}
    same = call(contexts.tie_baseline, np.zeros_like(asym), asym, history, **kw)
    cross = call(contexts.tie_baseline, np.ones_like(asym), asym, history, **kw)
    richer = call(
        contexts.tie_baseline,
        np.zeros_like(asym),
        asym,
        np.minimum(history + 0.2, 1),
        **kw,
    )
    assert in_unit(same)
    assert np.all(cross <= same)
    assert np.all(richer >= same - 1e-12)


def test_power_asymmetry_is_antisymmetric():
    p = np.array([0.0, 0.6, 0.2])
    s = np.array([100.0, 1000.0, 5000.0])
    np.testing.assert_allclose(
        contexts.power_asymmetry(p, p[::-1], s, s[::-1]),
        -contexts.power_asymmetry(p[::-1], p, s[::-1], s),
    )


@given(arrays(6))
def test_coproduction_needs_documentation_for_alignment(a):
    eng, _ali, _agr, intent, assets, dialogue = a
    rates = CoProductionRates()
    zeros = np.zeros_like(eng)
    state = (eng, zeros, zeros)
    with_docs = call(
        coproduction_rules.update_coproduction,
        state,
        (intent, assets, dialogue),
        zeros + 1,
        zeros + 1,
        zeros + 1,
        rates=rates,
        switches=ALL_ON,
    )
    without = call(
        coproduction_rules.update_coproduction,
        state,
        (intent, assets, dialogue),
        zeros,
        zeros + 1,
        zeros + 1,
        rates=rates,
        switches=ALL_ON,
    )
    assert all(in_unit(x) for x in with_docs + without)
    assert np.all(without[1] == 0)  # no documentation: no alignment
    assert np.all(with_docs[2] == 0)  # agreement needs prior alignment


def test_damour_levels():
    np.testing.assert_array_equal(
        damour_level(np.array([0.0, 0.34, 0.7, 1.0])), [1, 2, 3, 3]
    )
