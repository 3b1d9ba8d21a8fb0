"""Experiment files: designs, schema checks and every error case."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from collabsim.errors import ExperimentError
from collabsim.experiment.spec import (
    expand_design,
    experiment_hash,
    load_experiment,
    n_runs_planned,
    salib_problem,
)
from collabsim.rng import run_seed

TINY = Path(__file__).resolve().parents[1] / "data" / "tiny.toml"

HEAD = f"""
name = "t"
scenario = "{TINY}"
seed = 11
replicates = 2
"""
GAIN = """
[[factors]]
path = "dynamics.trust.gain"
bounds = [0.02, 0.3]
"""
LOSS = """
[[factors]]
path = "dynamics.trust.loss"
bounds = [0.1, 0.9]
"""


def write(tmp_path: Path, text: str, name: str = "exp.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str):
    return load_experiment(write(tmp_path, text))


def test_factorial_is_every_combination_times_replicates(tmp_path):
    spec = load(
        tmp_path,
        HEAD
        + """
[design]
method = "factorial"
levels = 3

[[factors]]
path = "partnerships.*.governance"
levels = ["voluntary", "mandated"]

[[factors]]
path = "dynamics.trust.gain"
bounds = [0.0, 0.2]

[[factors]]
path = "partnerships.0.quick_wins"
levels = [false, true]
""",
    )
    runs = expand_design(spec)
    assert len(runs) == 2 * 3 * 2 * 2 == n_runs_planned(spec)
    assert list(runs.columns[:4]) == ["run_id", "design_index", "replicate", "seed"]
    points = runs[runs["replicate"] == 0][spec.factor_paths]
    combos = set(map(tuple, points.to_numpy().tolist()))
    expected = itertools.product(
        ["voluntary", "mandated"], [0.0, 0.1, 0.2], [False, True]
    )
    assert combos == set(expected)
    assert runs["partnerships.0.quick_wins"].dtype == bool


def test_seeds_come_from_coordinates_and_ids_are_stable(tmp_path):
    spec = load(tmp_path, HEAD + '[design]\nmethod = "lhs"\nn_samples = 7\n' + GAIN)
    runs = expand_design(spec)
    seeds = [
        run_seed(11, d, r)
        for d, r in zip(runs.design_index, runs.replicate, strict=True)
    ]
    assert runs["seed"].tolist() == seeds
    assert runs["run_id"].is_unique
    pd.testing.assert_frame_equal(runs, expand_design(spec))


def test_lhs_stays_in_bounds_and_rounds_integer_parameters(tmp_path):
    text = HEAD + '[design]\nmethod = "lhs"\nn_samples = 50\n' + GAIN
    text += '[[factors]]\npath = "boundary_spanners"\nbounds = [0, 3]\n'
    runs = expand_design(load(tmp_path, text))
    assert len(runs) == 100
    assert runs["dynamics.trust.gain"].between(0.02, 0.3).all()
    spanners = runs["boundary_spanners"]
    assert spanners.dtype == "int64"
    assert spanners.between(0, 3).all()
    assert spanners.nunique() == 4
    # a Latin hypercube puts one point in each of the 50 strata
    strata = ((runs["dynamics.trust.gain"] - 0.02) / 0.28 * 50).astype(int)
    assert strata[runs.replicate == 0].nunique() == 50


def test_sobol_size_and_salib_problem(tmp_path):
    text = HEAD + '[design]\nmethod = "sobol"\nn_base = 16\n' + GAIN + LOSS
    spec = load(tmp_path, text)
    assert len(expand_design(spec)) == 16 * (2 + 2) * 2
    problem = salib_problem(spec)
    assert problem["names"] == ["dynamics.trust.gain", "dynamics.trust.loss"]
    assert problem["bounds"] == [[0.02, 0.3], [0.1, 0.9]]
    second = load(
        tmp_path, text.replace("n_base = 16", "n_base = 16\nsecond_order = true")
    )
    assert n_runs_planned(second) == 16 * (2 * 2 + 2) * 2


def test_sobol_n_base_not_power_of_two_warns(tmp_path):
    spec = load(tmp_path, HEAD + '[design]\nmethod = "sobol"\nn_base = 12\n' + GAIN)
    with pytest.warns(UserWarning, match="not a power of two"):
        expand_design(spec)


def test_morris_and_fast_sizes(tmp_path):
    morris = load(
        tmp_path, HEAD + '[design]\nmethod = "morris"\ntrajectories = 5\n' + GAIN + LOSS
    )
    assert len(expand_design(morris)) == 5 * 3 * 2
    fast = load(tmp_path, HEAD + '[design]\nmethod = "fast"\nn_samples = 65\n' + GAIN)
    assert len(expand_design(fast)) == 65 * 2


def test_distributions_in_salib_convention(tmp_path):
    text = HEAD + '[design]\nmethod = "lhs"\nn_samples = 40\n'
    text += GAIN.replace(
        "bounds = [0.02, 0.3]", 'bounds = [0.0, 0.3]\ndist = "triang"\npeak = 0.5'
    )
    text += LOSS.replace(
        "bounds = [0.1, 0.9]",
        'bounds = [0.1, 0.9]\ndist = "truncnorm"\nmean = 0.4\nsd = 0.1',
    )
    spec = load(tmp_path, text)
    assert salib_problem(spec)["bounds"] == [[0.0, 0.3, 0.5], [0.1, 0.9, 0.4, 0.1]]
    runs = expand_design(spec)
    assert runs["dynamics.trust.loss"].between(0.1, 0.9).all()
    assert abs(runs["dynamics.trust.loss"].mean() - 0.4) < 0.05


def test_hash_ignores_comments_but_not_content(tmp_path):
    text = HEAD + '[design]\nmethod = "lhs"\nn_samples = 4\n' + GAIN
    first = experiment_hash(load(tmp_path, text))
    assert experiment_hash(load(tmp_path, "# a comment\n" + text)) == first
    assert (
        experiment_hash(load(tmp_path, text.replace("seed = 11", "seed = 12"))) != first
    )


LHS = '[design]\nmethod = "lhs"\nn_samples = 4\n'


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            HEAD + LHS + GAIN.replace("trust.gain", "trust.gian"),
            r"factors\.0\.path: .*did you mean 'dynamics\.trust\.gain'",
        ),
        (
            HEAD + LHS + GAIN.replace("[0.02, 0.3]", "[0.1, 1.5]"),
            (
                r"factors\.0\.bounds: \[0\.1, 1\.5\] lies outside the schema range "
                r"\[0\.0, 1\.0\]"
            ),
        ),
        (
            HEAD + LHS + GAIN.replace("[0.02, 0.3]", "[0.3, 0.1]"),
            "bounds must be increasing",
        ),
        (HEAD.replace("replicates = 2", "replicates = 0") + LHS + GAIN, "replicates"),
        (
            HEAD + '[design]\nmethod = "lhs"\nn_samples = 6000000\n' + GAIN,
            "too large: 12,000,000 runs planned",
        ),
        (HEAD + LHS, "factors"),
        (HEAD + '[design]\nmethod = "lhs"\n' + GAIN, r"n_samples"),
        (HEAD + '[design]\nmethod = "grid"\n' + GAIN, "design"),
        (
            HEAD
            + LHS
            + '[[factors]]\npath = "partnerships.*.governance"\n'
            + 'levels = ["mandated"]\n',
            "samples ranges",
        ),
        (
            HEAD
            + LHS
            + '[[factors]]\npath = "partnerships.*.governance"\nbounds = [0, 1]\n',
            "choice parameter; give 'levels'",
        ),
        (
            HEAD
            + '[design]\nmethod = "factorial"\n'
            + '[[factors]]\npath = "partnerships.*.governance"\nlevels = ["imposed"]\n',
            r"'imposed' is not one of \['mandated', 'voluntary'\]",
        ),
        (
            HEAD
            + '[design]\nmethod = "factorial"\n'
            + '[[factors]]\npath = "boundary_spanners"\nlevels = [1.5]\n',
            "takes int values",
        ),
        (
            HEAD + '[design]\nmethod = "fast"\nn_samples = 60\n' + GAIN,
            "n_samples must exceed 4",
        ),
        (
            HEAD
            + '[design]\nmethod = "morris"\ntrajectories = 4\nnum_levels = 3\n'
            + GAIN,
            "even",
        ),
        (HEAD + LHS + GAIN + "colour = 1\n", "colour: unknown key"),
        (HEAD + LHS + GAIN + GAIN, "given twice"),
    ],
    ids=[
        "unknown-path",
        "bounds-outside-schema",
        "bounds-reversed",
        "zero-replicates",
        "design-too-large",
        "no-factors",
        "missing-size",
        "unknown-method",
        "levels-with-lhs",
        "bounds-for-choice",
        "bad-choice-level",
        "non-integer-level",
        "fast-too-small",
        "morris-odd-levels",
        "unknown-key",
        "duplicate-factor",
    ],
)
def test_bad_experiment_names_file_and_field(tmp_path, text, match):
    path = write(tmp_path, text)
    with pytest.raises(ExperimentError, match=match) as info:
        load_experiment(path)
    assert str(path) in str(info.value)


def test_malformed_toml(tmp_path):
    path = write(tmp_path, HEAD + "[design\n")
    with pytest.raises(ExperimentError, match=r"exp\.toml: malformed TOML"):
        load_experiment(path)


def test_missing_experiment_file(tmp_path):
    with pytest.raises(ExperimentError, match="experiment file not found"):
        load_experiment(tmp_path / "absent.toml")


def test_missing_scenario_file_is_relative_to_experiment(tmp_path):
    text = HEAD.replace(str(TINY), "../scenarios/absent.toml") + LHS + GAIN
    (tmp_path / "experiments").mkdir()
    path = write(tmp_path / "experiments", text)
    with pytest.raises(ExperimentError, match="scenario: file not found") as info:
        load_experiment(path)
    assert str(tmp_path / "scenarios" / "absent.toml") in str(info.value)
