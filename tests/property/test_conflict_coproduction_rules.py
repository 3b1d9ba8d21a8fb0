"""Hypothesis properties of conflict, co-production and the contexts' mappings."""

from __future__ import annotations

import numpy as np
from handmade import arrays, call, in_unit, switch_sets, unit, unit_rows
from hypothesis import given
from hypothesis import strategies as st

from collabsim.rules import conflict as conflict_rules
from collabsim.rules import contexts
from collabsim.rules import coproduction as coproduction_rules
from collabsim.rules.coproduction import Eaa
from collabsim.scenario.mechanisms import MechanismSwitches
from collabsim.scenario.rates import (
    BehaviourRates,
    ConflictRates,
    CoProductionRates,
    TrustRates,
)

ALL_ON = MechanismSwitches()

# --- conflict ------------------------------------------------------------------------

PRESSURE = ("cd", "competition", "asymmetry", "progress", "vision", "accountability")


@given(unit_rows(7), switch_sets)
def test_conflict_pressure_rises_with_its_drivers_and_falls_with_its_dampers(
    a, switches
):
    x = dict(zip(PRESSURE, a, strict=False))
    extra = a[6]
    kw = {"rates": ConflictRates(), "switches": switches}

    def pressure(y: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
        return call(conflict_rules.conflict_pressure, *(y[k] for k in PRESSURE), **kw)

    chance, severity, failure = pressure(x)
    for name, sign in (
        ("cd", 1),
        ("competition", 1),
        ("asymmetry", 1),
        ("progress", -1),
        ("vision", -1),
    ):
        moved, *_ = pressure({**x, name: np.minimum(x[name] + extra, 1)})
        assert np.all(sign * (moved - chance) >= -1e-12), name
    _, held, per_failure = pressure(
        {**x, "accountability": np.minimum(x["accountability"] + extra, 1)}
    )
    assert np.all(held <= severity + 1e-12)
    assert np.all(per_failure <= failure + 1e-12)


@given(unit_rows(5), st.floats(0.001, 1.0), st.integers(1, 5))
def test_competitive_acts_breed_conflict_only_with_their_switch(a, rate, more):
    episode, severity, failures, per_failure, competitive = a
    episode, failures = (episode > 0.5).astype(float), np.floor(3 * failures)
    competitive = np.floor(4 * competitive)
    rates = ConflictRates(competitive_act=rate)

    def added(acts: np.ndarray, switches: MechanismSwitches) -> np.ndarray:
        return call(
            conflict_rules.added_conflict,
            episode,
            severity,
            failures,
            per_failure,
            acts,
            rates=rates,
            switches=switches,
        )

    base = added(competitive, ALL_ON)
    assert np.all(base >= 0)
    assert np.all(added(competitive + more, ALL_ON) > base)
    off = MechanismSwitches.from_names(["competitive_acts_breed_conflict"])
    np.testing.assert_array_equal(
        added(competitive + more, off), added(competitive, off)
    )


@given(unit_rows(5), switch_sets)
def test_resolution_is_bounded_and_constructive_leaves_less_conflict(a, switches):
    conflict, added, episode, extra, _ = a
    added, episode = 2 * added, (episode > 0.5).astype(float)
    kw = {"rates": ConflictRates(), "switches": switches}

    def resolve(c: np.ndarray, style: float) -> tuple[np.ndarray, ...]:
        return call(
            conflict_rules.resolve_conflict,
            c,
            added,
            episode,
            np.full_like(c, style),
            **kw,
        )

    good, repair, no_damage = resolve(conflict, 1.0)
    bad, no_repair, damage = resolve(conflict, 0.0)
    raised = np.minimum(conflict + added * (1 - conflict), 1)
    for residual in (good, bad):
        assert np.all((residual >= 0) & (residual <= raised + 1e-12))
    assert np.all(good <= bad + 1e-12)
    assert np.all(repair >= 0)
    assert np.all(no_repair == 0)
    assert np.all(no_damage == 0)
    assert np.all(damage >= 0)
    assert np.all(damage[episode == 0] == 0)
    worse, *_ = resolve(np.minimum(conflict + extra, 1), 1.0)
    assert np.all(worse >= good - 1e-12)


# --- co-production -------------------------------------------------------------------

LEVERS = (
    *("intentions", "assets", "dialogue", "divergent", "documentation"),
    "interpretation",
)
STATE = ("engagement", "alignment", "understanding", "agreement")


@st.composite
def coproduction_inputs(draw: st.DrawFn) -> dict[str, np.ndarray]:
    """State, levers and trust per partnership, and 1-3 sub-intervals of draws."""
    rows = draw(unit_rows(11))
    x = dict(zip((*STATE, *LEVERS, "trust"), rows, strict=True))
    n, k = len(rows[0]), draw(st.integers(1, 3))
    gen = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x["u_sessions"], x["u_reflections"] = gen.random((k, n)), gen.random((k, n))
    return x


coproduction_rates = st.builds(
    CoProductionRates,
    session_rate=st.floats(0.0, 5.0),
    reflection_rate=st.floats(0.0, 5.0),
    alignment_gain=unit,
    understanding_gain=unit,
    agreement_gain=unit,
)


def _cycle(
    x: dict[str, np.ndarray],
    rates: CoProductionRates | None = None,
    switches: MechanismSwitches = ALL_ON,
) -> Eaa:
    return call(
        coproduction_rules.update_coproduction,
        Eaa(*(x[k] for k in STATE)),
        tuple(x[k] for k in LEVERS),
        x["trust"],
        (x["u_sessions"], x["u_reflections"]),
        np.full(x["trust"].shape[0], float(x["u_sessions"].shape[0])),
        rates=rates or CoProductionRates(),
        switches=switches,
    )


@given(coproduction_inputs(), coproduction_rates, st.sampled_from(LEVERS[3:5]))
def test_nothing_aligns_without_documentation_or_divergent_views(x, rates, missing):
    """P5: a session aligns only if divergent views were heard and it was
    documented; without alignment nothing is understood, without understanding
    nothing agreed."""
    zero = np.zeros_like(x["trust"])
    new = _cycle({**x, missing: zero}, rates)
    assert all(in_unit(v) for v in new)
    assert np.all(new.alignment <= x["alignment"])
    unaligned = _cycle({**x, missing: zero, "alignment": zero}, rates)
    assert np.all(unaligned.alignment == 0)
    assert np.all(unaligned.understanding <= x["understanding"])
    blank = {**x, missing: zero, "alignment": zero, "understanding": zero}
    agreed = _cycle(blank, rates)
    assert np.all(agreed.understanding == 0)
    assert np.all(agreed.agreement <= x["agreement"])


@given(coproduction_inputs(), coproduction_rates)
def test_no_alignment_no_understanding_and_no_understanding_no_agreement(x, rates):
    """Whatever the levers: where nothing is aligned after the step, understanding
    has not risen; where nothing is understood, agreement has not."""
    new = _cycle(x, rates)
    idle = new.alignment == 0
    assert np.all(new.understanding[idle] <= x["understanding"][idle])
    blind = new.understanding == 0
    assert np.all(new.agreement[blind] <= x["agreement"][blind])
    # however aligned, partners who understand nothing (and learn nothing) agree
    # on nothing new
    learning_nothing = rates.model_copy(update={"understanding_gain": 0.0})
    zero = np.zeros_like(x["trust"])
    stuck = _cycle({**x, "understanding": zero}, learning_nothing)
    assert np.all(stuck.understanding == 0)
    assert np.all(stuck.agreement <= x["agreement"])


@given(coproduction_inputs(), unit)
def test_more_documentation_interpretation_or_trust_never_less_coproduction(x, extra):
    new = _cycle(x)
    for name in ("documentation", "divergent", "dialogue", "trust"):
        more = _cycle({**x, name: np.minimum(x[name] + extra, 1)})
        assert np.all(more.alignment >= new.alignment), name
        assert np.all(more.understanding >= new.understanding - 1e-12), name
    reflective = _cycle(
        {**x, "interpretation": np.minimum(x["interpretation"] + extra, 1)}
    )
    assert np.all(reflective.understanding >= new.understanding - 1e-12)
    assert np.all(reflective.agreement >= new.agreement - 1e-12)
    target = x["intentions"] * x["assets"]
    low = np.minimum(x["engagement"], target)
    high = np.maximum(x["engagement"], target)
    assert np.all((new.engagement >= low - 1e-12) & (new.engagement <= high + 1e-12))


@given(coproduction_inputs())
def test_trust_enables_dialogue_only_through_its_link(x):
    """Distrustful partners still talk, at half the rate of trusting ones: zero
    trust aligns no more than full trust; with the link off trust changes nothing."""
    zero, one = np.zeros_like(x["trust"]), np.ones_like(x["trust"])
    wary, trusting = _cycle({**x, "trust": zero}), _cycle({**x, "trust": one})
    assert np.all(wary.alignment <= trusting.alignment)
    off = MechanismSwitches.from_names(["trust_enables_dialogue"])
    np.testing.assert_array_equal(
        _cycle({**x, "trust": zero}, switches=off).alignment,
        _cycle({**x, "trust": one}, switches=off).alignment,
    )
    # half the rate: full-trust sessions at half the session rate match zero trust
    halved = CoProductionRates(session_rate=CoProductionRates().session_rate / 2)
    np.testing.assert_allclose(
        _cycle({**x, "trust": one}, halved).alignment, wary.alignment, rtol=1e-12
    )


@given(arrays(5), switch_sets)
def test_coproduction_feeds_vision_and_role_clarity(a, switches):
    vision, clarity, alignment, agreement, extra = a
    kw = {"rates": CoProductionRates(), "switches": switches}
    fed = call(
        coproduction_rules.coproduction_effects,
        vision,
        clarity,
        alignment,
        agreement,
        **kw,
    )
    assert all(in_unit(v) for v in fed)
    assert np.all(fed[0] >= vision)
    assert np.all(fed[1] >= clarity)
    more = call(
        coproduction_rules.coproduction_effects,
        vision,
        clarity,
        np.minimum(alignment + extra, 1),
        np.minimum(agreement + extra, 1),
        **kw,
    )
    assert np.all(more[0] >= fed[0])
    assert np.all(more[1] >= fed[1])


# --- contexts --------------------------------------------------------------------


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


@given(unit_rows(6))
def test_trusting_pairs_aim_higher_and_pressure_is_a_mean(a):
    ambition, trust, slack, regulation, competition, scrutiny = a
    kw = {"rates": BehaviourRates(), "switches": ALL_ON}
    aim = call(contexts.effective_ambition, ambition, trust, **kw)
    assert in_unit(aim)
    more = call(contexts.effective_ambition, ambition, np.minimum(trust + 0.1, 1), **kw)
    assert np.all(more >= aim)
    pressure = contexts.external_pressure(slack, regulation, competition, scrutiny)
    assert in_unit(pressure)
    assert np.all(
        contexts.external_pressure(slack * 0.5, regulation, competition, scrutiny)
        >= pressure
    )
