"""The shipped scenarios and experiments: found by name, listed, copied, packaged."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from tests_paths import REPO

from collabsim import load_scenario
from collabsim.cli import main
from collabsim.errors import CollabsimError, ExperimentError, ScenarioError
from collabsim.experiment.spec import load_experiment
from collabsim.shipped import (
    EXPERIMENTS,
    SCENARIOS,
    copy_shipped,
    file_question,
    resolve_file,
    shipped_dir,
    shipped_names,
)


def test_shipped_names_are_the_top_level_files():
    assert shipped_names(SCENARIOS) == tuple(
        sorted(p.stem for p in (REPO / "scenarios").glob("*.toml"))
    )
    assert "lhs_core_rates" in shipped_names(EXPERIMENTS)


def test_a_name_resolves_to_the_shipped_file_and_a_path_stays(tmp_path):
    assert resolve_file("voluntary_baseline", SCENARIOS).samefile(
        REPO / "scenarios" / "voluntary_baseline.toml"
    )
    assert resolve_file("voluntary_baseline.toml", SCENARIOS).is_file()
    local = tmp_path / "voluntary_baseline.toml"
    assert resolve_file(local, SCENARIOS) == local  # a path is never swapped


def test_loaders_take_names():
    assert load_scenario("mandated_baseline").name == "mandated_baseline"
    spec = load_experiment("lhs_core_rates")
    assert spec.scenario is not None
    assert spec.scenario.name == "voluntary_baseline.toml"


def test_unknown_name_suggests_a_shipped_one():
    with pytest.raises(ScenarioError, match="did you mean 'voluntary_baseline'"):
        load_scenario("voluntary_basline")


def test_packaged_data_is_preferred_to_the_checkout(tmp_path, monkeypatch):
    """After a wheel install the files live in collabsim/data/ (importlib.resources)."""
    package = tmp_path / "collabsim"
    (package / "data" / "scenarios").mkdir(parents=True)
    (package / "data" / "scenarios" / "only_here.toml").write_text("", "utf-8")
    monkeypatch.setattr(resources, "files", lambda _name: package)
    assert shipped_dir(SCENARIOS) == package / "data" / "scenarios"
    assert shipped_names(SCENARIOS) == ("only_here",)


def test_ui_presets_follow_the_shipped_folder(tmp_path, monkeypatch):
    pytest.importorskip("mesa.visualization")
    from collabsim.viz import levers

    package = tmp_path / "collabsim"
    (package / "data" / "scenarios").mkdir(parents=True)
    source = REPO / "scenarios" / "voluntary_baseline.toml"
    (package / "data" / "scenarios" / source.name).write_bytes(source.read_bytes())
    monkeypatch.delenv("COLLABSIM_SCENARIOS", raising=False)
    monkeypatch.setattr(resources, "files", lambda _name: package)
    assert levers.presets() == ("voluntary_baseline",)


def test_file_question_reads_the_opening_comment():
    question = file_question(REPO / "scenarios" / "voluntary_baseline.toml")
    assert question.startswith("how do trust, confidence and faith develop")
    assert "Theory:" not in question


def test_scenarios_command_lists_names_and_questions(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for name in (*shipped_names(SCENARIOS), *shipped_names(EXPERIMENTS)):
        assert f"  {name}\n" in out
    assert "how do trust, confidence and faith develop" in out


def test_init_copies_files_that_then_run(tmp_path, capsys):
    target = tmp_path / "study"
    assert main(["init", str(target)]) == 0
    copied = sorted(p.name for p in (target / "scenarios").glob("*.toml"))
    assert copied == sorted(f"{n}.toml" for n in shipped_names(SCENARIOS))
    # the copied experiments still find their scenarios
    assert load_experiment(target / "experiments" / "lhs_core_rates.toml").scenario
    assert main(["init", str(target)]) == 2
    assert "--overwrite" in capsys.readouterr().err
    with pytest.raises(CollabsimError, match="exists"):
        copy_shipped(target)


def test_run_takes_a_shipped_name_and_records_the_file(tmp_path, capsys):
    out = tmp_path / "r"
    code = main(
        ["run", "voluntary_baseline", "--steps", "3", "--quiet", "--out", str(out)]
    )
    assert code == 0, capsys.readouterr().err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert Path(manifest["scenario"]["file"]).samefile(
        REPO / "scenarios" / "voluntary_baseline.toml"
    )


def test_validate_and_params_take_names(capsys):
    assert main(["validate", "voluntary_baseline", "lhs_core_rates"]) == 0
    assert "experiment 'lhs_core_rates'" in capsys.readouterr().out
    assert main(["params", "voluntary_baseline"]) == 0


def test_experiment_given_to_run_says_which_command_takes_it(tmp_path, capsys):
    out = tmp_path / "r"
    code = main(["run", "lhs_core_rates", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert "experiment file" in err
    assert "collabsim sweep" in err
    assert "unknown" not in err  # not a list of unknown keys
    assert not out.exists()


def test_scenario_given_to_sweep_says_which_command_takes_it(tmp_path, capsys):
    out = tmp_path / "s"
    code = main(["sweep", "voluntary_baseline", "--out", str(out), "--workers", "1"])
    err = capsys.readouterr().err
    assert code == 2
    assert "scenario file" in err
    assert "collabsim run" in err
    assert not out.exists()
    with pytest.raises(ExperimentError, match="collabsim run"):
        load_experiment(REPO / "scenarios" / "voluntary_baseline.toml")


def test_an_experiment_can_name_a_shipped_scenario(tmp_path):
    experiment = tmp_path / "exp.toml"
    experiment.write_text(
        'name = "exp"\nscenario = "voluntary_baseline"\nseed = 1\n'
        '[design]\nmethod = "factorial"\nlevels = 2\n'
        '[[factors]]\npath = "dynamics.trust.gain"\nbounds = [0.02, 0.2]\n',
        encoding="utf-8",
    )
    spec = load_experiment(experiment)
    assert spec.scenario is not None
    assert spec.scenario.samefile(REPO / "scenarios" / "voluntary_baseline.toml")
    # a file beside the experiment wins over a shipped name
    (tmp_path / "voluntary_baseline").write_text(
        (REPO / "tests" / "data" / "tiny.toml").read_text(encoding="utf-8"), "utf-8"
    )
    assert load_experiment(experiment).scenario == tmp_path / "voluntary_baseline"
