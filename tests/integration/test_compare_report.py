"""``collabsim compare``, ``discover`` and ``report``: tables, HTML, browser."""

import html
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from collabsim.analysis.contrasts import (
    COMPARED_METRICS,
    damour_summary,
    paired_differences,
)
from collabsim.cli import main
from collabsim.experiment.spec import parse_experiment
from collabsim.report.figures import PALETTE, difference_forest, ranking_plot
from collabsim.report.html import format_number
from collabsim.results.files import read_table
from collabsim.sweep.executors import SerialBackend
from collabsim.sweep.runner import run_experiment

REPO = Path(__file__).resolve().parents[2]
TINY = REPO / "tests" / "data" / "tiny.toml"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def compared(tmp_path_factory) -> Path:
    """Voluntary vs mandated tiny partnership: 2 configurations x 3 seeds x 8 steps."""
    root = tmp_path_factory.mktemp("compare")
    text = TINY.read_text(encoding="utf-8")
    voluntary = root / "voluntary.toml"
    voluntary.write_text(text.replace('name = "tiny"', 'name = "voluntary"'))
    mandated = root / "mandated.toml"
    mandated.write_text(
        text.replace('name = "tiny"', 'name = "mandated"').replace(
            "contract = { strength = 0.5 }",
            'contract = { strength = 0.5 }\ngovernance = "mandated"',
        )
    )
    out = root / "out"
    args = [voluntary, mandated, "--seeds", "3", "--steps", "8", "--bootstrap", "300"]
    code = main([str(a) for a in ["compare", *args, "--out", out, "--quiet"]])
    assert code == 0
    return out


def _table_cells(page: str, table_id: str) -> list[list[str]]:
    match = re.search(rf'<table id="{table_id}">(.*?)</table>', page, re.S)
    assert match, f"no table {table_id}"
    body = match.group(1).split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]


def test_compare_writes_tidy_tables(compared):
    runs = read_table(compared, "runs")
    assert list(runs.columns[:2]) == ["run_id", "configuration"]
    seeds = runs.groupby("configuration", observed=True)["seed"].apply(frozenset)
    assert seeds.iloc[0] == seeds.iloc[1]  # common random numbers
    assert len(runs) == 6
    configurations = read_table(compared, "configurations")
    assert list(configurations["configuration"]) == ["voluntary", "mandated"]
    steps = read_table(compared, "steps")
    assert set(steps["run_id"]) == set(runs["run_id"])
    assert not read_table(compared, "mechanisms").empty


def test_report_numbers_come_from_the_tables(compared):
    runs = read_table(compared, "runs")
    runs["configuration"] = pd.Categorical(
        runs["configuration"].astype(str), ["voluntary", "mandated"], ordered=True
    )
    stored = read_table(compared, "differences")
    outcomes = [f"{m}_final" for m in COMPARED_METRICS]
    again = paired_differences(runs, outcomes, n_boot=300, seed=0)
    pd.testing.assert_frame_equal(stored, again)
    damour = damour_summary(read_table(compared, "steps"), runs)
    pd.testing.assert_frame_equal(read_table(compared, "damour"), damour)

    page = (compared / "report.html").read_text(encoding="utf-8")
    cells = _table_cells(page, "differences")
    assert len(cells) == len(stored)
    for row, (_, expected) in zip(cells, stored.iterrows(), strict=True):
        for column, position in (("difference", 5), ("conf_low", 6), ("conf_high", 7)):
            assert row[position] == format_number(expected[column])
    first = stored.iloc[0]
    assert format_number(abs(first["difference"])) in page  # in a summary sentence
    assert "Compared with voluntary, mandated" in page


def test_report_is_self_contained(compared):
    page = (compared / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") >= 4
    for external in ("http://", "https://", "<script", '<link rel="stylesheet"'):
        assert external not in page
    for section in ("summary", "trajectories", "differences", "damour", "networks"):
        assert f'id="{section}"' in page
    assert 'id="mechanisms"' in page
    assert 'id="provenance"' in page


def test_report_command_rebuilds_the_same_comparison(compared, tmp_path, capsys):
    target = tmp_path / "again.html"
    assert main(["report", str(compared), "--output", str(target)]) == 0
    capsys.readouterr()
    assert _table_cells(target.read_text(), "differences") == _table_cells(
        (compared / "report.html").read_text(), "differences"
    )


@pytest.fixture(scope="module")
def swept(tmp_path_factory) -> Path:
    """A 2 x 2 factorial over the tiny scenario, 3 replicates of 6 steps."""
    root = tmp_path_factory.mktemp("sweep")
    scenario = root / "tiny.toml"
    scenario.write_text(TINY.read_text().replace("n_steps = 20", "n_steps = 6"))
    spec = parse_experiment(
        {
            "name": "tiny_factorial",
            "scenario": scenario,
            "seed": 5,
            "replicates": 3,
            "outcomes": ["collaboration_rate_final", "org_faith_mean_final"],
            "design": {"method": "factorial", "levels": 2},
            "factors": [
                {
                    "path": "partnerships.0.governance",
                    "levels": ["voluntary", "mandated"],
                },
                {"path": "partnerships.0.shared_vision", "bounds": [0.1, 0.9]},
            ],
        }
    )
    out = root / "out"
    run_experiment(spec, out, backend=SerialBackend())
    return out


def test_discover_and_report_on_a_sweep(swept, capsys):
    runs = read_table(swept, "runs")
    threshold = float(np.median(runs["org_faith_mean_final"]))
    code = main(
        [
            "discover",
            str(swept),
            "--outcome",
            "org_faith_mean_final",
            "--below",
            str(threshold),
            "--min-density",
            "0.5",
        ]
    )
    assert code == 0
    said = capsys.readouterr().out
    assert "runs have org_faith_mean_final below" in said
    pd.DataFrame(
        {
            "outcome": ["org_faith_mean_final"] * 2,
            "parameter": ["partnerships.0.shared_vision", "partnerships.0.governance"],
            "order": ["S1", "S1"],
            "estimate": [0.4, 0.2],
            "conf": [0.05, 0.1],
        }
    ).to_csv(swept / "indices.csv", index=False)
    assert main(["report", str(swept)]) == 0
    page = (swept / "report.html").read_text(encoding="utf-8")
    for section in (
        "overview",
        "figures",
        "ranking",
        "indices",
        "discovery",
        "provenance",
    ):
        assert f'id="{section}"' in page
    box = read_table(swept / "discovery", "prim_box")
    for factor in box["factor"]:
        assert factor in page


def test_report_handles_a_folder_without_optional_tables(swept, tmp_path, capsys):
    bare = tmp_path / "bare"
    shutil.copytree(swept, bare, ignore=shutil.ignore_patterns("discovery", "indices*"))
    shutil.rmtree(bare / "steps")
    assert main(["report", str(bare)]) == 0
    capsys.readouterr()
    page = (bare / "report.html").read_text()
    assert 'id="discovery"' not in page
    assert 'id="indices"' not in page


def test_report_figures_are_labelled_and_colour_blind_safe(compared):
    import seaborn as sns

    fig = difference_forest(read_table(compared, "differences"))
    for ax in fig.axes:
        if ax.get_visible():
            assert ax.get_xlabel()
            assert ax.get_title()
    ranking = pd.DataFrame(
        {
            "mean": [0.5, 0.4],
            "conf_low": [0.45, 0.2],
            "conf_high": [0.55, 0.6],
            "overlaps_best": [True, True],
        }
    )
    ax = ranking_plot(ranking, "collaboration_rate_final", ["x", "y"]).axes[0]
    assert "collaboration rate" in ax.get_xlabel()
    colour = tuple(ax.collections[-1].get_facecolor()[0][:3])
    assert colour in {tuple(c) for c in sns.color_palette(PALETTE, 2)}


@pytest.mark.browser
def test_report_opens_in_headless_chromium(compared, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed at /usr/bin/chromium (make browser)")
    playwright = pytest.importorskip("playwright.sync_api")
    from PIL import Image

    shot = tmp_path / "report.png"
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on(
                "console",
                lambda m: errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((compared / "report.html").as_uri())
            page.wait_for_load_state("load")
            assert page.locator("img").count() >= 4
            widths = page.eval_on_selector_all(
                "img", "els => els.map(e => e.naturalWidth)"
            )
            assert all(w > 0 for w in widths)
            page.screenshot(path=str(shot), full_page=False)
        finally:
            browser.close()
    assert errors == []
    pixels = np.asarray(Image.open(shot).convert("L"), dtype=float)
    assert pixels.std() > 10  # not a blank page
