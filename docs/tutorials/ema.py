# %% [markdown]
# # The EMA Workbench and Mesa's batch_run
#
# collabsim speaks the tools the field already uses. This page needs the optional
# extra `ema` (`pip install 'collabsim[ema]'`); it works with EMA Workbench 2.5 and
# 3.0.
#
# ## EMA: `perform_experiments` on a collabsim scenario
#
# `collabsim.ema.scenario_model` wraps a scenario as an EMA `Model`. Its uncertainties
# default to the schema's ranges of every real-valued rate in `dynamics`; name
# dotted paths to choose others (their schema ranges or choices are used), or give
# bounds. EMA names must be identifiers, so `dynamics.trust.gain` appears as
# `dynamics__trust__gain`. Each experiment is seeded from its values, so the same
# experiment gives the same outcome on any evaluator.

# %%
import warnings

import numpy as np
import pandas as pd

pd.set_option("display.width", 120)
pd.set_option("display.max_columns", 8)

warnings.filterwarnings("ignore", message=".*ipyparallel")  # EMA's import notice

from ema_workbench import SequentialEvaluator, perform_experiments

from collabsim import load_scenario
from collabsim.ema import load_sweep, scenario_model

spec = load_scenario("voluntary_baseline", {"n_steps": 26})
model = scenario_model(
    spec,
    outcomes=["collaboration_rate_final", "org_faith_mean_final"],
    uncertainties={
        "dynamics.trust.gain": (0.02, 0.3),
        "dynamics.trust.loss": (0.1, 0.9),
        "partnerships.0.governance": ["voluntary", "mandated"],
    },
)
with SequentialEvaluator(model) as evaluator:
    experiments, outcomes = perform_experiments(model, 8, evaluator=evaluator)
print(experiments.drop(columns=["policy", "model"]).head())
print(np.round(outcomes["collaboration_rate_final"], 3))

# %% [markdown]
# For a large design use EMA's `MultiprocessingEvaluator` (the model pickles), or
# run the design as a collabsim sweep, which streams to disk and resumes, and load
# the sweep into EMA's analysis.
#
# ## EMA analysis on a collabsim sweep
#
# `load_sweep(DIR)` returns EMA's `(experiments, outcomes)` pair for any sweep folder
# (`collabsim sweep`, `collabsim rank`), so PRIM, feature scoring and dimensional
# stacking run on collabsim results. A tiny sweep first:

# %%
from pathlib import Path

from collabsim.experiment.spec import load_experiment
from collabsim.sweep.executors import SerialBackend
from collabsim.sweep.runner import run_experiment

Path("study").mkdir(exist_ok=True)
Path("study/lhs.toml").write_text(
    """
name = "lhs_small"
scenario = "voluntary_baseline"
seed = 3
outcomes = ["collaboration_rate_final"]

[design]
method = "lhs"
n_samples = 24

[[factors]]
path = "dynamics.trust.gain"
bounds = [0.02, 0.3]

[[factors]]
path = "partnerships.0.shared_vision"
bounds = [0.1, 0.9]
""",
    encoding="utf-8",
)
run_experiment(
    load_experiment("study/lhs.toml"),
    "results/lhs",
    backend=SerialBackend(),
    resume=True,
)
experiments, outcomes = load_sweep("results/lhs")
print(experiments.head(3))

# %% [markdown]
# PRIM, as EMA's users call it (EMA 2.5 also wants a `threshold`, 3.0 has none):

# %%
import inspect

from ema_workbench.analysis import prim

y = outcomes["collaboration_rate_final"]
cases = y < np.median(y)
x = experiments.drop(columns=["scenario", "policy", "model"])
extra = (
    {"threshold": 0.5} if "threshold" in inspect.signature(prim.Prim).parameters else {}
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    warnings.simplefilter("ignore", FutureWarning)
    box = prim.Prim(x, cases, **extra).find_box()
print(box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].tail(3))

# %% [markdown]
# ## Mesa: `batch_run`
#
# `CollaborationModel` follows Mesa's conventions: it takes keyword arguments that
# `mesa.batch_run` can vary (a scenario name or path, and dotted overrides), keeps a
# Mesa `DataCollector` of the step metrics in `model.datacollector`, and stops at the
# scenario's `n_steps`. A Mesa tutorial's first move works as written:

# %%
import mesa

from collabsim import CollaborationModel

parameters = {
    "scenario": "voluntary_baseline",
    "n_steps": 26,
    "dynamics.trust.gain": [0.05, 0.2],
}
seeds = {"rng": [1, 2]} if "rng" in inspect.signature(mesa.batch_run).parameters else {}
if not seeds:  # Mesa before 3.5 varies the seed as a parameter
    parameters["rng"] = [1, 2]
results = mesa.batch_run(
    CollaborationModel,
    parameters,
    number_processes=1,
    max_steps=100,
    display_progress=False,
    **seeds,
)
frame = pd.DataFrame(results)
print(frame.groupby("dynamics.trust.gain")["collaboration_rate"].mean())
