"""Hypothesis properties of the trust and contact rules, the engine's event
primitives and the conversion of weekly rates to steps.

Bounds, purity, relabelling and the switches of every rule are in
``test_rule_table.py``; the gate and acts, the organisations, and conflict and
co-production have their own files.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from handmade import arrays, call, in_unit, switch_sets, unit
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from collabsim.model.damour import damour_level
from collabsim.rules import contact as contact_rules
from collabsim.rules import trust as trust_rules
from collabsim.rules.engine import event_counts, repeated_keep
from collabsim.scenario.fields import Time, per_step, time_basis
from collabsim.scenario.rates import (
    BehaviourRates,
    ContactRates,
    Dynamics,
    TrustRates,
)

#: Trust rates whose conflict erosion and drift per step sum to at most 1: within
#: these the update is monotone in its events (see the positive-events property).
trust_rates = st.builds(
    TrustRates,
    gain=unit,
    loss=unit,
    conflict_erosion=st.floats(0.0, 0.5),
    decay=st.floats(0.0, 0.5),
)


def _trust(
    trust: np.ndarray,
    keep_room: np.ndarray,
    keep_trust: np.ndarray,
    rates: TrustRates,
    *others: np.ndarray,
) -> np.ndarray:
    """update_trust; ``others`` are (baseline, conflict, contacted), else neutral."""
    baseline, conflict, contacted = others or (trust, 0.0 * trust, 1.0 + 0.0 * trust)
    return call(
        trust_rules.update_trust,
        trust,
        baseline,
        keep_room,
        keep_trust,
        conflict,
        contacted,
        rates=rates,
    )


# --- trust -----------------------------------------------------------------------


@given(arrays(6), arrays(1), trust_rates)
def test_positive_events_never_lower_trust_and_negative_never_raise(a, more, rates):
    """More positive events (a smaller kept room) never lower trust, more negative
    ones (a smaller kept trust) never raise it, whatever the conflict and contact.

    Holds while γ·conflict + δ·(1 − contact) ≤ 1 per step (``trust_rates``).
    """
    trust, base, room, kept, conflict, contact = a
    factor = np.resize(more[0], len(trust))
    contacted = (contact > 0.5).astype(float)
    others = (base, conflict, contacted)
    now = _trust(trust, room, kept, rates, *others)
    assert np.all(_trust(trust, room * factor, kept, rates, *others) >= now - 1e-12)
    assert np.all(_trust(trust, room, kept * factor, rates, *others) <= now + 1e-12)


def _one_event_each(
    trust: float, stake: float, technical: float, rates: TrustRates
) -> tuple[float, float]:
    """(gain from one success, loss from one failure) of the same stake, as the act
    phase puts them on a tie: keep 1 − α·q_s of the room, 1 − β·q_f of the trust."""
    t, one = np.array([trust]), np.ones(1)
    q_success = call(
        trust_rules.success_quality,
        stake * one,
        technical * one,
        0.0 * one,
        rates=rates,
    )
    q_failure = call(trust_rules.failure_quality, stake * one, rates=rates)
    keep_room = 1.0 - np.minimum(rates.gain * q_success, 1.0)
    keep_trust = 1.0 - np.minimum(rates.loss * q_failure, 1.0)
    gained = _trust(t, keep_room, one, rates) - t
    lost = t - _trust(t, one, keep_trust, rates)
    return float(gained[0]), float(lost[0])


@given(st.floats(0.3, 0.9), st.floats(0.5, 1.5), unit)
def test_one_failure_costs_more_than_one_success_of_the_same_stake_gains(
    trust, stake, technical
):
    """Negativity asymmetry per event (theory §C4, SF8), at the default rates, even
    with technical strategies making each delivery count for more."""
    gained, lost = _one_event_each(trust, stake, technical, TrustRates())
    assert lost > gained > 0.0


@given(st.floats(0.5, 1.5), unit)
def test_at_even_trust_a_failure_costs_beta_over_alpha_times_a_success(
    stake, technical
):
    """At T = ½ the gain is α·q_s/2 and the loss β·q_f/2:
    loss/gain = β·f / (α·s·(1 + d·technical)) ≥ β/α · 1/(1 + d) when f = s."""
    rates = TrustRates()
    gained, lost = _one_event_each(0.5, stake, technical, rates)
    ratio = (rates.loss * rates.failure_severity) / (
        rates.gain * rates.success_quality * (1.0 + rates.delivery_boost * technical)
    )
    assert lost / gained == pytest.approx(ratio, rel=1e-9)
    assert rates.failure_severity == rates.success_quality
    bound = rates.loss / rates.gain / (1.0 + rates.delivery_boost)
    assert lost / gained >= bound * (1 - 1e-12)
    assert bound > 1.0


@given(arrays(3))
def test_at_even_trust_a_bad_meeting_costs_more_than_any_good_one_gains(a):
    """Like-for-like contacts keep the asymmetry with trust-building strategies and a
    vulnerable leader (theory §C4): β·q₀ > α·q⁺ at the default rates, so at even
    trust a bad meeting costs more than any good one gains."""
    relational, technical, vulnerability = a
    rates = TrustRates()
    quality = call(
        trust_rules.interaction_quality,
        relational,
        technical,
        vulnerability,
        rates=rates,
    )
    assert np.all(rates.loss * rates.positive_quality > rates.gain * quality)
    t, one = np.full_like(quality, 0.5), np.ones_like(quality)
    gained = _trust(t, 1.0 - rates.gain * quality, one, rates) - t
    lost = t - _trust(t, one, one - rates.loss * rates.positive_quality, rates)
    assert np.all(lost > gained)


@given(arrays(3), st.floats(0.01, 1.0), st.floats(0.01, 3.0), st.floats(0.0, 0.99))
def test_success_with_technical_strategies_builds_more_trust(a, gain, delivery, trust):
    stake, technical, extra = a
    stake = 0.5 + stake
    rates = TrustRates(gain=gain, delivery_boost=delivery)
    more = np.minimum(technical + extra, 1.0)
    zero = np.zeros_like(stake)
    plain = call(trust_rules.success_quality, stake, technical, zero, rates=rates)
    expert = call(trust_rules.success_quality, stake, more, zero, rates=rates)
    assert np.all(expert >= plain)
    clearly = more > technical + 1e-6
    assert np.all(expert[clearly] > plain[clearly])
    t = np.full_like(stake, trust)
    built = _trust(t, 1 - rates.gain * expert, np.ones_like(t), rates)
    assert np.all(built >= _trust(t, 1 - rates.gain * plain, np.ones_like(t), rates))
    # a quick win adds to the success it crowns
    quick = call(trust_rules.success_quality, stake, technical, zero + 1, rates=rates)
    assert np.all(quick > plain)


@given(arrays(2), switch_sets)
def test_joint_work_qualities_grow_with_the_stake(a, switches):
    stake, technical = a
    zero, kw = np.zeros_like(stake), {"rates": TrustRates(), "switches": switches}
    low = call(trust_rules.success_quality, 0.5 + stake, technical, zero, **kw)
    high = call(trust_rules.success_quality, 1.5 + stake, technical, zero, **kw)
    assert np.all(high >= low)
    assert np.all(low >= 0)
    low = call(trust_rules.failure_quality, 0.5 + stake, **kw)
    high = call(trust_rules.failure_quality, 1.5 + stake, **kw)
    assert np.all(high >= low)
    assert np.all(low >= 0)


@given(arrays(4))
def test_contact_quality_and_badness_are_monotone_in_their_drivers(a):
    relational, technical, vulnerability, distance = a
    rates = TrustRates()

    def quality(r: np.ndarray, t: np.ndarray, v: np.ndarray) -> np.ndarray:
        return call(trust_rules.interaction_quality, r, t, v, rates=rates)

    base = quality(relational, technical, vulnerability)
    assert np.all(base >= 0)
    for k in range(3):
        raised = [relational, technical, vulnerability]
        raised[k] = np.minimum(raised[k] + 0.1, 1.0)
        assert np.all(quality(*raised) >= base - 1e-12)
    bad = call(trust_rules.negative_interaction_probability, distance, rates=rates)
    far = call(
        trust_rules.negative_interaction_probability,
        np.minimum(distance + 0.1, 1.0),
        rates=rates,
    )
    assert np.all(far >= bad)


# --- contact ---------------------------------------------------------------------


@given(arrays(4), switch_sets)
def test_contact_propensity_falls_with_distance_and_rises_with_the_others(a, switches):
    kw = {"rates": ContactRates(), "switches": switches}
    base = call(contact_rules.contact_propensity, *a, **kw)
    assert np.all(base >= 0)
    for k in range(4):
        raised = list(a)
        raised[k] = np.minimum(raised[k] + 0.1, 1.0)
        moved = call(contact_rules.contact_propensity, *raised, **kw)
        if k == 1:  # distance
            assert np.all(moved <= base + 1e-12)
        else:
            assert np.all(moved >= base - 1e-12)


@given(arrays(2))
def test_access_is_none_when_vacant_lower_on_the_frontline_and_rises_with_opportunity(
    a,
):
    opportunity, extra = a
    rates = ContactRates()
    n = len(opportunity)
    leader, frontline = np.zeros(n, np.int64), np.full(n, 2, np.int64)
    present, vacant = np.ones(n), np.zeros(n)

    def access(role: np.ndarray, here: np.ndarray, opp: np.ndarray) -> np.ndarray:
        return call(contact_rules.access, role, here, opp, rates=rates)

    reach = access(leader, present, opportunity)
    assert np.all(reach >= 0)
    assert np.all(access(leader, vacant, opportunity) == 0)
    assert np.all(access(frontline, present, opportunity) <= reach)
    more = np.minimum(opportunity + extra, 1.0)
    assert np.all(access(leader, present, more) >= reach)
    # middling opportunity (½) is neutral: access is that of the role
    half = np.full(n, 0.5)
    np.testing.assert_allclose(access(leader, present, half), 1.0)
    np.testing.assert_allclose(access(frontline, present, half), rates.frontline_access)


@given(arrays(2), st.builds(TrustRates, acquaintance_gain=unit))
def test_meetings_build_acquaintance_and_its_absence_erodes_it(a, rates):
    acquaintance, keep = a
    one = np.ones_like(acquaintance)

    def update(keep_room: np.ndarray, contacted: np.ndarray) -> np.ndarray:
        return call(
            contact_rules.update_acquaintance,
            acquaintance,
            keep_room,
            contacted,
            rates=rates,
            switches=None,
        )

    met = update(keep, one)
    assert in_unit(met)
    assert np.all(met >= acquaintance - 1e-12)
    assert np.all(update(keep * 0.5, one) >= met - 1e-12)  # more meetings
    assert np.all(update(one, 0 * one) <= acquaintance + 1e-12)  # none: decays


# --- the engine's event primitives -------------------------------------------------


@given(
    hnp.arrays(np.float64, st.integers(0, 30), elements=unit),
    st.data(),
)
def test_repeated_keep_is_the_power_of_keep(keep, data):
    counts = data.draw(
        hnp.arrays(np.int64, len(keep), elements=st.integers(0, 40)), label="counts"
    )
    out = repeated_keep(keep, counts)
    np.testing.assert_allclose(out, keep**counts, rtol=1e-12, atol=1e-300)
    assert np.all(out[counts == 0] == 1.0)


@st.composite
def sub_interval_draws(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    """Chances per element and uniforms per (sub-interval, element)."""
    k, n = draw(st.integers(1, 6)), draw(st.integers(0, 20))
    chance = draw(hnp.arrays(np.float64, n, elements=unit))
    u = draw(
        hnp.arrays(np.float64, (k, n), elements=st.floats(0.0, 1.0, exclude_max=True))
    )
    return chance, u


@given(sub_interval_draws(), unit)
def test_event_counts_are_bounded_and_monotone_in_the_chance(case, extra):
    chance, u = case
    counts = event_counts(chance, u)
    assert counts.dtype == np.int64
    assert np.all((counts >= 0) & (counts <= u.shape[0]))
    np.testing.assert_array_equal(counts, (u < chance).sum(axis=0))
    more = event_counts(np.minimum(chance + extra, 1.0), u)
    assert np.all(more >= counts)
    assert np.all(event_counts(np.zeros_like(chance), u) == 0)
    assert np.all(event_counts(np.ones_like(chance), u) == u.shape[0])


def test_event_counts_are_binomial():
    """k sub-intervals of chance p: mean k·p and variance k·p·(1 − p), within 5σ."""
    gen = np.random.default_rng(7)
    k, n, p = 4, 40_000, 0.3
    counts = event_counts(np.full(n, p), gen.random((k, n)))
    assert abs(counts.mean() - k * p) < 5 * math.sqrt(k * p * (1 - p) / n)
    assert abs(counts.var() - k * p * (1 - p)) < 0.02
    assert np.bincount(counts, minlength=k + 1)[k] > 0  # all k occur


# --- weekly rates over a step of dt weeks ------------------------------------------


@given(unit, st.floats(0.0, 20.0), st.sampled_from([0.5, 1.0, 2.0, 4.0, 13 / 3]))
def test_packing_converts_shares_rates_and_weeks(x, rate, dt):
    share = TrustRates(conflict_erosion=x).packed(dt).conflict_erosion
    assert share == approx(1.0 - (1.0 - x) ** dt)
    behaviour = BehaviourRates(acts_per_week=rate, quick_win_weeks=12.0).packed(dt)
    assert behaviour.acts_per_week == approx(rate * dt)
    assert behaviour.quick_win_weeks == approx(12.0 / dt)
    assert TrustRates(gain=x).packed(dt).gain == x  # per event: no time basis


def approx(value: float) -> object:
    """Equal up to the rounding of ``math.pow`` and of the sums."""
    return pytest.approx(value, rel=1e-12, abs=1e-15)


def test_a_share_per_week_over_four_weeks_compounds():
    x = 0.1
    expected = 1.0 - (1.0 - x) * (1.0 - x) * (1.0 - x) * (1.0 - x)
    assert math.isclose(
        TrustRates(conflict_erosion=x).packed(4.0).conflict_erosion,
        expected,
        rel_tol=1e-14,
    )
    assert math.isclose(per_step(x, Time.SHARE, 4.0), 0.3439, rel_tol=1e-12)
    assert per_step(0.5, Time.RATE, 4.0) == 2.0
    assert per_step(6.0, Time.WEEKS, 4.0) == 1.5
    assert per_step(0.3, None, 4.0) == 0.3


@given(st.floats(0.25, 8.0), st.floats(0.25, 8.0))
def test_two_steps_equal_one_step_of_their_length(dt1, dt2):
    """Calendar time: a step of dt1 + dt2 weeks does what one of dt1 then dt2 does."""
    for group_name in Dynamics.model_fields:
        group = getattr(Dynamics(), group_name)
        fields = type(group).model_fields
        whole, first, second = (
            group.packed(dt1 + dt2),
            group.packed(dt1),
            group.packed(dt2),
        )
        for name in whole._fields:
            basis = time_basis(fields[name])
            a, b, w = getattr(first, name), getattr(second, name), getattr(whole, name)
            if basis == Time.SHARE:
                assert 1 - (1 - a) * (1 - b) == approx(w), name
            elif basis == Time.RATE:
                assert a + b == approx(w), name
            elif basis == Time.WEEKS:
                assert 1 / a + 1 / b == approx(1 / w), name
            else:
                assert a == b == w == getattr(group, name), name


def test_every_time_basis_is_used():
    bases = {
        time_basis(field)
        for group in Dynamics.model_fields
        for field in type(getattr(Dynamics(), group)).model_fields.values()
    }
    assert {Time.SHARE, Time.RATE, Time.WEEKS, None} <= bases


def test_damour_levels():
    np.testing.assert_array_equal(
        damour_level(np.array([0.0, 0.34, 0.7, 1.0])), [1, 2, 3, 3]
    )
