"""Hypothesis properties of the organisations' rules: perceived progress and faith,
and the professionals' COM-B, commitment and resilience."""

from __future__ import annotations

import numpy as np
from handmade import call, in_unit, switch_sets, unit, unit_rows
from hypothesis import given
from hypothesis import strategies as st

from collabsim.rules import comb as comb_rules
from collabsim.rules import perception
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import CombRates, FaithRates, ProgressRates

ALL_ON = MechanismSwitches()


def _target(
    x: dict[str, np.ndarray],
    rates: ProgressRates | None = None,
    switches: MechanismSwitches = ALL_ON,
) -> np.ndarray:
    return call(
        perception.progress_target,
        x["observed"],
        x["evaluation"],
        x["role_clarity"],
        x["flexibility"],
        (x["internal"], x["absent"]),
        x["ambition"],
        rates=rates or ProgressRates(),
        switches=switches,
    )


TARGET = (
    *("observed", "evaluation", "role_clarity", "flexibility", "internal"),
    *("absent", "ambition"),
)

#: Progress rates whose visibility with full evaluation stays a weight (≤ 1).
progress_rates = st.floats(0.0, 1.0).flatmap(
    lambda v: st.builds(
        ProgressRates,
        visibility=st.just(v),
        evaluation_visibility=st.floats(0.0, 1.0 - v),
        initial=unit,
    )
)


# --- perceived progress ------------------------------------------------------------


@given(unit_rows(3))
def test_observed_progress_rises_with_value_and_falls_with_ambition(a):
    value, ambition, extra = a
    rates = ProgressRates()

    def observed(v: np.ndarray, amb: np.ndarray) -> np.ndarray:
        return call(perception.observed_progress, v, amb, rates=rates, switches=None)

    base = observed(1.5 * value, ambition)
    assert in_unit(base)
    assert np.all(observed(1.5 * value + extra, ambition) >= base)
    assert np.all(observed(1.5 * value, np.minimum(ambition + extra, 1)) <= base)
    signal = call(perception.update_signal, value, base, rates=rates, switches=None)
    low, high = np.minimum(value, base), np.maximum(value, base)
    assert np.all((signal >= low - 1e-12) & (signal <= high + 1e-12))


@given(unit_rows(8), progress_rates)
def test_evaluation_moves_perception_towards_what_is_observed_up_and_down(a, rates):
    """IPT-11, theory events table (Evaluation): evaluation raises perceived
    progress where more is observed than believed, and lowers it where less is."""
    x = dict(zip(TARGET, a, strict=False))
    plain = _target({**x, "evaluation": np.zeros_like(a[0])}, rates)
    evaluated = _target({**x, "evaluation": np.ones_like(a[0])}, rates)
    above, below = x["observed"] > rates.initial, x["observed"] < rates.initial
    assert np.all(evaluated[above] >= plain[above] - 1e-12)
    assert np.all(evaluated[below] <= plain[below] + 1e-12)


@given(st.floats(0.0, 0.8), st.floats(0.2, 1.0), unit)
def test_evaluated_perception_lies_between_belief_and_observation(
    visibility, evaluation, observed
):
    """Alone (no other driver, no cap), the target is seen progress: a weighted
    mean of the prior belief and what is observed, nearer the observation the more
    is evaluated; with full evaluation at the defaults it is the observation."""
    rates = ProgressRates(
        visibility=visibility, evaluation_visibility=min(0.2, 1 - visibility)
    )
    zero, one = np.zeros(1), np.ones(1)
    x = dict(zip(TARGET, (observed * one, *(zero,) * 5, one), strict=True))
    prior = rates.initial
    for level in (0.0, evaluation):
        seen = _target({**x, "evaluation": level * one}, rates)[0]
        assert min(prior, observed) - 1e-12 <= seen <= max(prior, observed) + 1e-12
    full = _target({**x, "evaluation": one}, ProgressRates())
    np.testing.assert_allclose(full, observed, atol=1e-15)
    # strictly down: nothing observed, evaluated, lowers a prior belief of 0.4
    down = _target({**x, "observed": zero, "evaluation": one}, ProgressRates())
    assert down[0] < ProgressRates().initial


@given(unit_rows(8), switch_sets)
def test_progress_target_drivers_and_cap(a, switches):
    x = dict(zip(TARGET, a, strict=False))
    extra = a[7]
    rates = ProgressRates()
    base = _target(x, rates, switches)
    for name, sign in (
        ("role_clarity", 1),
        ("flexibility", 1),
        ("internal", -1),
        ("absent", -1),
        ("observed", 1),
    ):
        moved = _target({**x, name: np.minimum(x[name] + extra, 1)}, rates, switches)
        assert np.all(sign * (moved - base) >= -1e-12), name
    if switches.on("unambitious_aims_cap_progress"):
        cap = rates.ambition_ceiling + (1 - rates.ambition_ceiling) * x["ambition"]
        assert np.all(base <= cap + 1e-12)


@given(unit_rows(4), switch_sets)
def test_turnover_lowers_progress_and_faith_follows_its_drivers(a, switches):
    progress, target, turnover, extra = a
    kw = {"rates": ProgressRates(), "switches": switches}
    new = call(perception.update_progress, progress, target, turnover, **kw)
    more = call(
        perception.update_progress,
        progress,
        target,
        np.minimum(turnover + extra, 1),
        **kw,
    )
    assert np.all(more <= new)
    fkw = {"rates": FaithRates(), "switches": switches}
    faith = call(perception.update_faith, progress, target, turnover, extra, **fkw)
    for k in range(1, 4):
        drivers = [progress, target, turnover, extra]
        drivers[k] = np.minimum(drivers[k] + 0.1, 1)
        assert np.all(
            call(perception.update_faith, *drivers, **fkw) >= faith - 1e-12
        ), k


# --- COM-B ---------------------------------------------------------------------------

DRIVERS = ("technical", "expertise", "protected_time", "vision", "faith", "trust")

#: Which of (C, O, M) each driver moves: its own component only (theory §A3, §C6).
OWN = {
    "technical": 0,
    "expertise": 0,
    "protected_time": 1,
    "vision": 2,
    "faith": 2,
}


def _targets(
    x: dict[str, np.ndarray], switches: MechanismSwitches = ALL_ON
) -> tuple[np.ndarray, ...]:
    drivers = tuple(x[k] for k in DRIVERS)
    return call(comb_rules.comb_targets, drivers, rates=CombRates(), switches=switches)


@given(unit_rows(7), switch_sets)
def test_each_comb_component_answers_to_its_own_sources(a, switches):
    """Technical strategies and expertise build capability only, protected time
    opportunity only, vision and faith motivation only."""
    x = dict(zip(DRIVERS, a, strict=False))
    extra = a[6]
    base = _targets(x, switches)
    assert all(in_unit(v) for v in base)
    for name, own in OWN.items():
        moved = _targets({**x, name: np.minimum(x[name] + extra, 1)}, switches)
        for k in range(3):
            if k == own:
                assert np.all(moved[k] >= base[k] - 1e-12), name
            else:
                np.testing.assert_array_equal(moved[k], base[k], err_msg=name)


@given(unit_rows(7))
def test_trust_raises_all_three_and_each_source_moves_its_own(a):
    x = dict(zip(DRIVERS, a, strict=False))
    base = _targets(x)
    trusting = _targets({**x, "trust": np.minimum(x["trust"] + a[6], 1)})
    for k in range(3):
        assert np.all(trusting[k] >= base[k])
    # at the middle of every source, full use strictly raises its component
    half = {k: np.full(3, 0.4) for k in DRIVERS}
    middle = _targets(half)
    for name, own in OWN.items():
        assert np.all(_targets({**half, name: np.ones(3)})[own] > middle[own]), name


def _update_comb(
    comb: list[np.ndarray],
    targets: list[np.ndarray],
    failures: np.ndarray,
    rates: CombRates | None = None,
    switches: MechanismSwitches = ALL_ON,
) -> tuple[np.ndarray, ...]:
    return call(
        comb_rules.update_comb,
        tuple(comb),
        tuple(targets),
        failures,
        rates=rates or CombRates(),
        switches=switches,
    )


@given(unit_rows(9), st.floats(0.0, 2.0))
def test_resilience_speeds_commitments_recovery(a, boost):
    """Without failures, a more resilient professional's commitment ends nearer
    their mean COM-B (P3; SF18)."""
    comb, targets, extra = list(a[:5]), list(a[5:8]), a[8]
    rates = CombRates(recovery_boost=boost)
    zero = np.zeros_like(extra)
    slow = _update_comb(comb, targets, zero, rates)
    resilient = [*comb[:4], np.minimum(comb[4] + extra, 1)]
    fast = _update_comb(resilient, targets, zero, rates)
    mean = (slow[0] + slow[1] + slow[2]) / 3.0
    assert np.all(np.abs(fast[3] - mean) <= np.abs(slow[3] - mean) + 1e-12)


@given(unit_rows(10), switch_sets)
def test_failures_shock_only_the_professionals_who_had_them(a, switches):
    comb, targets = list(a[:5]), list(a[5:8])
    failures = np.floor(3 * a[8])  # 0 to 2 failed acts
    calm = _update_comb(comb, targets, np.zeros_like(failures), switches=switches)
    hit = _update_comb(comb, targets, failures, switches=switches)
    for k in (0, 1, 2):  # capability, opportunity, motivation: untouched
        np.testing.assert_array_equal(hit[k], calm[k])
    spared = failures == 0
    np.testing.assert_array_equal(hit[3][spared], calm[3][spared])
    np.testing.assert_array_equal(hit[4][spared], calm[4][spared])
    assert np.all(hit[3] <= calm[3] + 1e-12)
    # one more failure never raises commitment
    more = _update_comb(comb, targets, failures + 1, switches=switches)
    assert np.all(more[3] <= hit[3] + 1e-12)
    if switches.on("failure_shocks_commitment"):
        shaken = ~spared & (comb[3] > 1e-6) & (comb[4] < 1 - 1e-6)
        assert np.all(hit[3][shaken] < calm[3][shaken])


@given(unit_rows(9))
def test_resilience_follows_commitment(a):
    comb, targets = list(a[:5]), list(a[5:8])
    out = _update_comb(comb, targets, np.floor(2 * a[8]))
    low, high = np.minimum(comb[4], out[3]), np.maximum(comb[4], out[3])
    assert np.all((out[4] >= low - 1e-12) & (out[4] <= high + 1e-12))
