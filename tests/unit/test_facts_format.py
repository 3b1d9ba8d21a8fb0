"""Facts files: every kind of mistake is one message naming file, fact and field.

Through the CLI the message comes with exit code 2 and nothing is written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests_paths import REPO

from collabsim.cli import main
from collabsim.errors import FactsError
from collabsim.experiment.facts import load_facts
from collabsim.sweep.facts_plan import plan_facts

TINY = REPO / "tests" / "data" / "facts"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the tiny facts file and its scenario, to break."""
    shutil.copytree(TINY, tmp_path / "facts")
    return tmp_path / "facts"


def _broken(folder: Path, old: str, new: str) -> Path:
    path = folder / "tiny.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_tiny_file_is_valid():
    spec = load_facts(TINY / "tiny.toml")
    assert [f.id for f in spec.facts] == ["MANDATE", "HISTORY", "POWER"]
    assert spec.facts[0].scenario == (TINY / "tiny12.toml").resolve()
    plan_facts(spec, seeds=2)


def test_the_shipped_theory_file_is_valid_and_found_by_name():
    spec = load_facts("theory")
    assert spec.source == (REPO / "facts" / "theory.toml").resolve()
    plan_facts(spec, seeds=2)


# (old text, new text, fact id, field, words of the message)
MISTAKES = [
    (
        '"partnerships.0.governance" = "mandated"',
        '"partnerships.0.governence" = "mandated"',
        "MANDATE",
        "treatment",
        "did you mean 'partnerships.0.governance'",
    ),
    (
        '"partnerships.0.governance" = "mandated"',
        '"partnerships.0.governance" = "mandatory"',
        "MANDATE",
        "treatment",
        "governance",
    ),
    (
        '"partnerships.0.contract.strength" = 0.0',
        '"partnerships.0.contract.strenght" = 0.0',
        "HISTORY",
        "base",
        "did you mean 'partnerships.0.contract.strength'",
    ),
    ("window = [2, 12]", "window = [2, 40]", "MANDATE", "window", "n_steps = 12"),
    ("window = [2, 12]", "window = [12, 2]", "MANDATE", "window", "start < end"),
    ('direction = "up"', 'direction = "upward"', "MANDATE", "direction", "'up'"),
    ('role = "calibration"', 'role = "tuning"', "MANDATE", "role", "calibration"),
    (
        'construction = "by_construction"',
        'construction = "constructed"',
        "MANDATE",
        "construction",
        "emergent",
    ),
    ('scenario = "tiny12.toml"', 'scenario = "tiny21.toml"', "MANDATE", "scenario",
     "file not found"),
    ('treatment = { "partnerships.0.governance" = "mandated" }', "treatment = {}",
     "MANDATE", "treatment", "both arms are the same run"),
    ('reason = "mandate_builds_confidence"', 'reasons = "x"', "MANDATE", "reasons",
     "unknown key"),
    ('treatment = ["city_council"]', 'treatment = ["city_concil"]', "POWER",
     "organisations.treatment", "did you mean 'city_council'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "fact", "field", "words"),
    MISTAKES,
    ids=[f"{m[2]}-{m[3]}-{k}" for k, m in enumerate(MISTAKES)],
)
def test_a_mistake_names_file_fact_and_field(folder, old, new, fact, field, words):
    path = _broken(folder, old, new)
    with pytest.raises(FactsError) as caught:
        load_facts(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert f"fact {fact!r}" in message
    assert f"{field}:" in message
    assert words in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('metric = "org_confidence_mean"', 'metric = "org_confidense_mean"',
         "did you mean 'org_confidence_mean'"),
        ('metric = "org_confidence_mean"', 'metric = "faith"',
         "organisations table"),
        ('metric = "trust"', 'metric = "trusty"', "did you mean 'trust'"),
    ],
)  # fmt: skip
def test_an_unknown_metric_is_refused_before_any_run(folder, old, new, words):
    path = _broken(folder, old, new)
    spec = load_facts(path)  # metric names belong to the model: checked when planned
    with pytest.raises(FactsError, match="metric: unknown") as caught:
        plan_facts(spec, seeds=2)
    assert str(path) in str(caught.value)
    assert words in str(caught.value)


def test_repeated_ids_and_malformed_toml(folder):
    path = _broken(folder, 'id = "HISTORY"', 'id = "MANDATE"')
    with pytest.raises(FactsError, match="given twice"):
        load_facts(path)
    path.write_text("[[facts]\n", encoding="utf-8")
    with pytest.raises(FactsError, match="malformed TOML"):
        load_facts(path)


def test_a_scenario_file_is_not_a_facts_file():
    with pytest.raises(FactsError, match="this is a scenario file"):
        load_facts(TINY / "tiny12.toml")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('"partnerships.0.governance" = "mandated"',
         '"partnerships.0.governence" = "mandated"', "treatment:"),
        ("window = [2, 12]", "window = [2, 40]", "window:"),
        ('metric = "org_confidence_mean"', 'metric = "org_confidense_mean"',
         "metric:"),
    ],
)  # fmt: skip
def test_cli_exit_2_one_message_nothing_written(
    folder, tmp_path, capsys, old, new, words
):
    path = _broken(folder, old, new)
    out = tmp_path / "out"
    code = main(["facts", str(path), "--seeds", "2", "--out", str(out), "--quiet"])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("collabsim: error: ")
    assert str(path) in err
    assert "fact 'MANDATE'" in err
    assert words in err
    assert len(err.splitlines()) == 1
    assert not out.exists()


def test_cli_refuses_seeds_below_two_and_points_without_box(tmp_path, capsys):
    out = tmp_path / "out"
    tiny = str(TINY / "tiny.toml")
    assert main(["facts", tiny, "--seeds", "1", "--out", str(out)]) == 2
    assert "at least 2 seeds" in capsys.readouterr().err
    assert main(["facts", tiny, "--points", "3", "--out", str(out)]) == 2
    assert "--points needs --box" in capsys.readouterr().err
    assert not out.exists()


def test_validate_checks_facts_files(folder, capsys):
    assert main(["validate", str(TINY / "tiny.toml")]) == 0
    assert (
        "facts 'tiny': 3 facts (1 calibration, 2 validation)" in capsys.readouterr().out
    )
    path = _broken(folder, 'metric = "trust"', 'metric = "trusty"')
    assert main(["validate", str(path)]) == 2
    assert "fact 'POWER' (facts.2): metric: unknown" in capsys.readouterr().err
