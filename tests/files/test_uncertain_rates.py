"""experiments/uncertain_rates.toml is the schema's dynamics.* rates at +/- 30%.

The box of `collabsim facts --box` must follow the schema: a rate added, removed or
given a new default or range changes the box. On failure, regenerate the factors
from the rule below (default x 0.7 .. default x 1.3, clipped to the schema range;
rates whose default is 0 are left out).
"""

from __future__ import annotations

import math

from tests_paths import REPO

from collabsim.experiment.spec import load_experiment
from collabsim.scenario.params import parameter_table
from collabsim.scenario.scenario import load_scenario

BOX = REPO / "experiments" / "uncertain_rates.toml"


def _expected() -> dict[str, tuple[float, float]]:
    rows = parameter_table(
        load_scenario(REPO / "scenarios" / "voluntary_baseline.toml")
    )
    expected = {}
    for row in rows:
        if not row.path.startswith("dynamics.") or row.kind not in {"float", "int"}:
            continue
        if row.default == 0:
            continue  # no relative range
        low, high = 0.7 * row.default, 1.3 * row.default
        low = max(low, row.low) if row.low is not None else low
        high = min(high, row.high) if row.high is not None else high
        expected[row.path] = (low, high)
    return expected


def test_box_is_every_dynamics_rate_at_thirty_percent():
    spec = load_experiment(BOX)
    found = {f.path: f.bounds for f in spec.factors}
    expected = _expected()
    assert sorted(found) == sorted(expected), (
        f"missing {sorted(set(expected) - set(found))}, "
        f"extra {sorted(set(found) - set(expected))}"
    )
    wrong = {
        path: (found[path], bounds)
        for path, bounds in expected.items()
        if not all(
            math.isclose(a, b, rel_tol=1e-9)
            for a, b in zip(found[path], bounds, strict=True)
        )
    }
    assert not wrong, wrong
    assert spec.design.method == "lhs"
    assert len(expected) > 100  # every rate group is in
