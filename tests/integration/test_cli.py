"""The collabsim command line: each command, and each bad input of issue 4."""

import json
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from collabsim.cli import main
from collabsim.cli.options import parse_value
from collabsim.errors import ResultsError
from collabsim.results.manifest import file_sha256
from collabsim.scenario.rates import TrustRates

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "scenarios" / "voluntary_baseline.toml"
SMALL = ["--steps", "5", "--quiet"]


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def edited(tmp_path, old, new, name="edited.toml"):
    text = BASELINE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


# --- commands -----------------------------------------------------------------------


def test_validate_accepts_shipped_scenarios(capsys):
    files = sorted((REPO / "scenarios").glob("*.toml"))
    code, out, err = run_cli(capsys, "validate", *files)
    assert code == 0, err
    assert out.count("ok ") == len(files)
    assert "voluntary_baseline" in out


def test_validate_detects_experiment_files(capsys, tmp_path):
    experiment = tmp_path / "exp.toml"
    experiment.write_text(
        f'name = "exp"\nscenario = "{BASELINE.as_posix()}"\nseed = 1\n'
        'replicates = 2\n[design]\nmethod = "factorial"\nlevels = 2\n'
        '[[factors]]\npath = "dynamics.trust.gain"\nbounds = [0.02, 0.2]\n',
        encoding="utf-8",
    )
    code, out, err = run_cli(capsys, "validate", experiment)
    assert code == 0, err
    assert "experiment 'exp'" in out
    bad = tmp_path / "bad_exp.toml"
    bad.write_text(
        experiment.read_text(encoding="utf-8").replace("trust.gain", "trust.gian"),
        encoding="utf-8",
    )
    code, _, err = run_cli(capsys, "validate", bad)
    assert code == 2
    assert "bad_exp.toml" in err


def test_params_lists_every_parameter(capsys):
    code, out, _ = run_cli(capsys, "params")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["path", "type", "range", "default"]
    text = "\n".join(lines)
    assert "partnerships.*.governance" in text
    assert "network.n_organisations" in text
    row = next(line for line in lines if line.startswith("dynamics.trust.gain "))
    default = TrustRates.model_fields["gain"].default
    assert row.split()[1:4] == ["float", "[0,", "1]"]
    assert row.split()[4] == f"{default}"
    assert "§C4" in row


def test_params_json_of_a_scenario_shows_its_values(capsys):
    code, out, _ = run_cli(capsys, "params", BASELINE, "--json")
    assert code == 0
    records = {r["path"]: r for r in json.loads(out)}
    assert records["n_steps"]["value"] == 156
    assert records["partnerships.0.governance"]["choices"] == ["mandated", "voluntary"]
    assert {"path", "kind", "low", "high", "default", "unit", "theory"} <= set(
        records["dynamics.trust.gain"]
    )


def test_schema_prints_json_schema(capsys):
    code, out, _ = run_cli(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert "n_steps" in schema["properties"]


def test_help_of_every_command_has_an_example(capsys):
    for command in ("validate", "params", "schema", "run", "plot"):
        with pytest.raises(SystemExit) as exit_info:
            main([command, "--help"])
        assert exit_info.value.code == 0
        out = capsys.readouterr().out
        assert "example:" in out
        assert f"collabsim {command}" in out


def test_run_and_plot_write_results_and_figures(capsys, tmp_path):
    out_dir = tmp_path / "demo"
    code, out, err = run_cli(
        capsys,
        "run",
        BASELINE,
        "--seeds",
        3,
        *SMALL,
        "--set",
        "partnerships.0.governance=mandated",
        "--out",
        out_dir,
    )
    assert code == 0, err
    assert out == ""  # --quiet
    runs = pd.read_parquet(out_dir / "runs.parquet")
    assert len(runs) == 3
    assert runs["seed"].nunique() == 3
    assert (runs["partnerships.0.governance"] == "mandated").all()
    assert (runs["n_steps"] == 5).all()
    steps = pd.read_parquet(out_dir / "steps.parquet")
    assert steps.groupby("run_id")["step"].max().tolist() == [5, 5, 5]
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok"
    assert manifest["overrides"] == {"partnerships.0.governance": "mandated"}
    assert manifest["seeds"] == runs["seed"].tolist()
    assert manifest["command"][:2] == ["collabsim", "run"]
    assert manifest["scenario"]["sha256"] == file_sha256(BASELINE)

    code, out, err = run_cli(capsys, "plot", out_dir, "--metric", "org_faith_mean")
    assert code == 0, err
    figures = {p.name for p in (out_dir / "figures").iterdir()}
    for stem in (
        "trajectories",
        "organisations",
        "network",
        "trajectory_org_faith_mean",
    ):
        assert {f"{stem}.png", f"{stem}.svg"} <= figures
    assert (out_dir / "figures" / "network.png").stat().st_size > 5000


def test_single_seed_run_is_reproducible(capsys, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out_dir in (first, second):
        code, _, err = run_cli(
            capsys, "run", BASELINE, "--seed", 11, *SMALL, "--out", out_dir
        )
        assert code == 0, err
    pd.testing.assert_frame_equal(
        pd.read_parquet(first / "steps.parquet"),
        pd.read_parquet(second / "steps.parquet"),
    )
    assert pd.read_parquet(first / "runs.parquet")["seed"].tolist() == [11]


def test_python_dash_m_entry_point_exists():
    assert (REPO / "collabsim" / "__main__.py").is_file()
    assert shutil.which("collabsim") or Path(sys.executable).with_name("collabsim")


def test_set_values_are_toml_literals():
    assert parse_value("0.25") == 0.25
    assert parse_value("true") is True
    assert parse_value("[1, 2]") == [1, 2]
    assert parse_value("mandated") == "mandated"
    assert parse_value('"quoted"') == "quoted"


# --- bad input: one message naming file and field, exit code 2 --------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "n_steps = 156",
            "n_step = 156",
            "n_step: unknown key (did you mean 'n_steps'?)",
        ),
        (
            "n_steps = 156",
            'n_steps = "many"',
            "n_steps: Input should be a valid integer",
        ),
        (
            "shared_vision = 0.5",
            "shared_vision = 1.5",
            "partnerships.0.shared_vision: Input should be less than or equal to 1",
        ),
        (
            "shared_vision = 0.5",
            "shared_vision = nan",
            "partnerships.0.shared_vision: Input should be a finite number",
        ),
        ("ambition = 0.5", "ambition = -inf", "partnerships.0.ambition: Input should"),
        (
            'id = "gp_federation"',
            'id = "acute_trust"',
            "duplicate organisation id(s) ['acute_trust']",
        ),
        (
            '"gp_federation"]',
            '"gp_federaton"]',
            "names unknown organisation(s) ['gp_federaton']",
        ),
        ("[[partnerships]]", "[[partnerships]\n", "malformed TOML"),
    ],
    ids=[
        "unknown-key",
        "wrong-type",
        "out-of-range",
        "nan",
        "inf",
        "duplicate-id",
        "unknown-organisation",
        "malformed",
    ],
)
def test_bad_scenario_gives_one_clear_message(capsys, tmp_path, old, new, expected):
    path = edited(tmp_path, old, new)
    for command in (["validate", path], ["run", path, "--out", tmp_path / "out"]):
        code, _, err = run_cli(capsys, *command)
        assert code == 2
        assert str(path) in err
        assert expected in err
        assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kind", ["missing", "empty"])
def test_missing_or_empty_file(capsys, tmp_path, kind):
    path = tmp_path / f"{kind}.toml"
    if kind == "empty":
        path.write_text("  \n", encoding="utf-8")
    code, _, err = run_cli(capsys, "run", path, "--out", tmp_path / "out")
    assert code == 2
    assert str(path) in err
    assert ("file not found" if kind == "missing" else "file is empty") in err


def test_unknown_set_path_is_named_with_a_suggestion(capsys, tmp_path):
    code, _, err = run_cli(
        capsys,
        "run",
        BASELINE,
        "--set",
        "dynamics.trust.gian=0.1",
        "--out",
        tmp_path / "out",
    )
    assert code == 2
    assert "voluntary_baseline.toml" in err
    assert "--set no parameter 'dynamics.trust.gian'" in err
    assert "did you mean 'dynamics.trust.gain'" in err
    assert not (tmp_path / "out").exists()


def test_set_value_out_of_range_or_not_finite(capsys, tmp_path):
    for value, expected in (("2.0", "less than or equal to 1"), ("nan", "finite")):
        code, _, err = run_cli(
            capsys,
            "run",
            BASELINE,
            "--set",
            f"dynamics.trust.gain={value}",
            "--out",
            tmp_path / "o",
        )
        assert code == 2
        assert "dynamics.trust.gain" in err
        assert expected in err


def test_set_without_equals_is_a_usage_error(capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["run", str(BASELINE), "--set", "n_steps", "--out", str(tmp_path)])
    assert exit_info.value.code == 2
    assert "expected PATH=VALUE" in capsys.readouterr().err


def test_oversized_scenario_is_refused_with_an_estimate(capsys, tmp_path):
    path = tmp_path / "huge.toml"
    path.write_text(
        'name = "huge"\n[network]\ngenerator = "complete"\nn_organisations = 100000\n',
        encoding="utf-8",
    )
    code, _, err = run_cli(capsys, "run", path, "--out", tmp_path / "out")
    assert code == 2
    assert "huge.toml" in err
    assert "scenario too large" in err
    assert "GiB" in err
    assert not (tmp_path / "out").exists()


def test_existing_output_folder_is_refused_without_overwrite(capsys, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "keep.txt").write_text("precious", encoding="utf-8")
    code, _, err = run_cli(capsys, "run", BASELINE, *SMALL, "--out", out_dir)
    assert code == 2
    assert "--overwrite" in err
    assert [p.name for p in out_dir.iterdir()] == ["keep.txt"]
    code, _, err = run_cli(
        capsys, "run", BASELINE, *SMALL, "--out", out_dir, "--overwrite"
    )
    assert code == 0, err
    assert not (out_dir / "keep.txt").exists()
    assert (out_dir / "runs.parquet").exists()


def test_failure_while_writing_leaves_nothing_half_written(
    capsys, tmp_path, monkeypatch
):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "keep.txt").write_text("precious", encoding="utf-8")

    def broken(*args, **kwargs):
        raise ResultsError("disk full (simulated)")

    monkeypatch.setattr("collabsim.results.manifest.write_manifest", broken)
    code, _, err = run_cli(
        capsys, "run", BASELINE, *SMALL, "--out", out_dir, "--overwrite"
    )
    assert code == 2
    assert "disk full" in err
    assert [p.name for p in out_dir.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failed_runs_are_recorded_and_exit_code_is_one(capsys, tmp_path, monkeypatch):
    def crash(spec, *, seed, run_id=None):
        raise RuntimeError(f"model crashed for seed {seed}")

    def crash_batch(spec, seeds, **_):
        raise RuntimeError("the batch crashed")

    # a batch that raises is run again run by run: each run's own error is its row
    monkeypatch.setattr("collabsim.sweep.compare.run_batch", crash_batch)
    monkeypatch.setattr("collabsim.sweep.compare.run_scenario", crash)
    code, _, err = run_cli(
        capsys, "run", BASELINE, "--seeds", 2, *SMALL, "--out", tmp_path / "out"
    )
    assert code == 1
    assert "2 run(s) failed" in err
    runs = pd.read_parquet(tmp_path / "out" / "runs.parquet")
    assert runs["status"].tolist() == ["failed", "failed"]
    assert runs["error"].str.startswith("RuntimeError: model crashed").all()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "failed"


def test_traceback_only_with_verbose(capsys, tmp_path):
    path = tmp_path / "empty.toml"
    path.write_text("", encoding="utf-8")
    _, _, quiet = run_cli(capsys, "validate", path)
    assert "Traceback" not in quiet
    code, _, loud = run_cli(capsys, "-v", "run", path, "--out", tmp_path / "o")
    assert code == 2
    assert "Traceback" in loud
    code, _, loud_after = run_cli(capsys, "run", path, "--out", tmp_path / "o", "-v")
    assert "Traceback" in loud_after


def test_plot_of_a_folder_without_results_fails_cleanly(capsys, tmp_path):
    code, _, err = run_cli(capsys, "plot", tmp_path)
    assert code == 2
    assert "not a results folder" in err


def test_plot_refuses_an_unknown_metric(capsys, tmp_path):
    out_dir = tmp_path / "r"
    assert run_cli(capsys, "run", BASELINE, *SMALL, "--out", out_dir)[0] == 0
    code, _, err = run_cli(capsys, "plot", out_dir, "--metric", "tie_trust_maen")
    assert code == 2
    assert "tie_trust_maen" in err
    assert not (out_dir / "figures").exists()
