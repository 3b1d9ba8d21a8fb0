"""The stylised facts of docs/theory.md §D, read from facts/theory.toml.

The facts live only in the facts file; these tests run it through the same library
path as ``collabsim facts`` (plan, runs on the sweep machinery, paired verdicts).
The full set at 30 seeds is marked ``slow`` (``make validate``); a small subset at 8
seeds runs in the default suite.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests_paths import REPO

from collabsim.experiment.facts import FactsSpec, load_facts
from collabsim.report.facts import evaluate_facts
from collabsim.sweep.executors import ProcessBackend, SerialBackend
from collabsim.sweep.facts_plan import plan_facts

THEORY = load_facts(REPO / "facts" / "theory.toml")
IDS = [fact.id for fact in THEORY.facts]
FAST = ("SF1a", "SF3low", "SF6b", "SF10")

#: Facts of the file that are known not to hold at the defaults: reported, not
#: hidden (xfail strict: the test fails if one starts to hold).
KNOWN_FAILING = {
    "SF14trust": (
        "validation fact SF14 (trust half) does not hold: resisting minus accepting "
        "units' trust is -0.005 [-0.013, +0.002] over these 30 seeds and -0.004 "
        "[-0.009, +0.000] over 100; the model before the fidelity rework passed at "
        "its 30 seeds by chance (-0.001 [-0.004, +0.002] over 100). A validation "
        "fact, so nothing was tuned to it (docs/odd.md §4)"
    ),
}


def subset(spec: FactsSpec, ids: tuple[str, ...], **base: object) -> FactsSpec:
    """The facts ``ids`` of ``spec``, each with ``base`` added under its own base."""
    facts = tuple(
        fact.model_copy(update={"base": {**base, **fact.base}})
        for fact in spec.facts
        if fact.id in ids
    )
    return spec.model_copy(update={"facts": facts})


def verdicts(spec: FactsSpec, seeds: int, out: Path, *, pool: bool) -> pd.DataFrame:
    backend = ProcessBackend() if pool else SerialBackend()
    with backend:
        outputs = evaluate_facts(plan_facts(spec, seeds=seeds), out, backend=backend)
    return outputs.summary.set_index("fact")


@pytest.fixture(scope="module")
def thirty_seeds(tmp_path_factory) -> pd.DataFrame:
    return verdicts(THEORY, 30, tmp_path_factory.mktemp("facts") / "out", pool=True)


def _params() -> list[object]:
    return [
        pytest.param(i, marks=pytest.mark.xfail(strict=True, reason=KNOWN_FAILING[i]))
        if i in KNOWN_FAILING
        else i
        for i in IDS
    ]


@pytest.mark.slow
@pytest.mark.parametrize("fact_id", _params())
def test_stylised_fact(fact_id: str, thirty_seeds: pd.DataFrame) -> None:
    row = thirty_seeds.loc[fact_id]
    print(f"{fact_id}: {row.effect:+.4f} [{row.ci_low:+.4f}, {row.ci_high:+.4f}]")
    assert row.verdict == "holds", f"{row.claim}: {row.verdict}"


def test_stylised_facts_fast(tmp_path: Path) -> None:
    found = verdicts(subset(THEORY, FAST), 8, tmp_path / "out", pool=False)
    assert list(found.index) == list(FAST)
    assert (found["verdict"] == "holds").all(), found[["effect", "ci_low", "ci_high"]]


def test_known_failures_are_facts_of_the_file() -> None:
    assert set(KNOWN_FAILING) <= set(IDS)


#: Alternative parameter points: core rates scaled down and up by a quarter.
PERTURBATIONS: dict[str, dict[str, object]] = {
    "slower": {
        "dynamics.trust.gain": 0.06,
        "dynamics.trust.loss": 0.34,
        "dynamics.contact.base_rate": 0.375,
        "dynamics.conflict.episode_rate": 0.015,
    },
    "faster": {
        "dynamics.trust.gain": 0.10,
        "dynamics.trust.loss": 0.56,
        "dynamics.contact.base_rate": 0.625,
        "dynamics.conflict.episode_rate": 0.025,
    },
}
#: The facts this check has always covered: SF1-SF7 and, by their ids' prefixes,
#: SF10, SF11, SF13, SF15, SF18 and SF20 (SF14 has never been in it: with 15 seeds
#: its small faith effect is not resolved, and its trust half fails at the defaults).
CORE = tuple(
    i
    for i in IDS
    if i.startswith(("SF1", "SF2", "SF3", "SF4", "SF6", "SF7"))
    and not i.startswith("SF14")
)


@pytest.mark.slow
@pytest.mark.parametrize("point", sorted(PERTURBATIONS))
def test_core_facts_hold_away_from_defaults(point: str, tmp_path: Path) -> None:
    """The core facts also hold with the core rates moved by ±25%."""
    spec = subset(THEORY, CORE, **PERTURBATIONS[point])
    found = verdicts(spec, 15, tmp_path / "out", pool=True)
    failing = found[found["verdict"] != "holds"]
    assert failing.empty, failing[["effect", "ci_low", "ci_high", "verdict"]]
