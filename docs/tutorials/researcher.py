# %% [markdown]
# # Researcher: a sweep and its sensitivity analysis
#
# You want to know which rates of the model matter for collaboration. This tutorial
# writes a small scenario and an experiment, runs the experiment's design as a sweep,
# and computes Morris elementary effects with their seed noise. It runs in seconds;
# the shipped experiments (`collabsim scenarios`) do the same at full size, e.g.
# `morris_screening_voluntary` with 106 factors.
#
# Every step has a command-line twin, shown in the text; the Python here is what the
# commands call.
#
# ## 1. A scenario
#
# A scenario is a TOML file: organisations, the partnerships joining them, and any
# parameter you want to move from its default (`collabsim params` lists them all,
# with range, unit and theory reference). This one is a three-organisation
# discharge partnership, run for half a year of weekly steps.

# %%
from pathlib import Path

Path("study").mkdir(exist_ok=True)
Path("study/discharge.toml").write_text(
    """
name = "discharge"
description = "A hospital, a GP federation and a council's social care team."
n_steps = 26
professionals_per_organisation = 3

[[organisations]]
id = "hospital"
sector = "health"

[[organisations]]
id = "gp_federation"
sector = "health"

[[organisations]]
id = "social_care"
sector = "social_care"

[[partnerships]]
id = "discharge"
members = ["hospital", "gp_federation", "social_care"]
governance = "voluntary"
""",
    encoding="utf-8",
)

# %% [markdown]
# Check it as `collabsim validate study/discharge.toml` would:

# %%
from collabsim import load_scenario, run_scenario

spec = load_scenario("study/discharge.toml")
print(spec.name, [org.id for org in spec.organisations], spec.n_steps, "steps")
result = run_scenario(spec, seed=1)
print(result.steps[["step", "tie_trust_mean", "collaboration_rate"]].tail(3))

# %% [markdown]
# ## 2. An experiment
#
# An experiment names the scenario (a path relative to the experiment file, or a
# shipped scenario's name), the factors to vary by dotted path with their bounds, a
# design, the replicates per design point and a root seed. Seeds come from each
# run's coordinates, so results never depend on the order runs finish in, and a
# sweep resumes exactly. Morris screening with 4 trajectories over 3 factors plans
# (3 + 1) x 4 = 16 design points, each run twice.

# %%
Path("study/morris.toml").write_text(
    """
name = "discharge_morris"
scenario = "discharge.toml"
seed = 2026
replicates = 2
outcomes = ["collaboration_rate_final", "org_faith_mean_final"]

[design]
method = "morris"
trajectories = 4
num_levels = 4

[[factors]]
path = "dynamics.trust.gain"
bounds = [0.02, 0.3]

[[factors]]
path = "dynamics.trust.loss"
bounds = [0.1, 0.9]

[[factors]]
path = "partnerships.0.shared_vision"
bounds = [0.1, 0.9]
""",
    encoding="utf-8",
)

from collabsim.experiment.spec import expand_design, load_experiment

experiment = load_experiment("study/morris.toml")
design = expand_design(experiment)
print(len(design), "runs planned")
print(design.head(3))

# %% [markdown]
# ## 3. The sweep
#
# `collabsim sweep study/morris.toml --out results/morris` runs the design on all
# cores (or a Dask cluster: `--dask-local 8`, `--dask-scheduler tcp://...`), streams
# the results to Parquet parts, and can be resumed after a crash with
# `collabsim resume results/morris`. Here one process is enough:

# %%
from collabsim.sweep.executors import SerialBackend
from collabsim.sweep.runner import run_experiment

summary = run_experiment(
    experiment, "results/morris", backend=SerialBackend(), resume=True
)
print(summary.completed, "of", summary.planned, "runs;", summary.failed, "failed")

# %% [markdown]
# The results folder holds tidy tables keyed by `run_id` (see
# [file formats](../formats.md)); `read_sweep` reads one into pandas, and
# `query_sweep` runs DuckDB SQL over sweeps larger than memory.

# %%
from collabsim.results.ledger import query_sweep, read_sweep

runs = read_sweep("results/morris", "runs")
print(runs[["run_id", "dynamics.trust.gain", "collaboration_rate_final"]].head(3))
print(
    query_sweep("results/morris", "SELECT status, count(*) AS n FROM runs GROUP BY 1")
)

# %% [markdown]
# ## 4. Sensitivity
#
# `collabsim sensitivity results/morris` computes the indices of the design's own
# method (Morris here) on the replicate means of each design point, with bootstrap
# confidence intervals, the share of variance that is seed noise, and convergence
# warnings; it writes tables and figures beside the sweep.

# %%
from collabsim.analysis.study import StudyOptions, sensitivity_study

study = sensitivity_study("results/morris", StudyOptions())
table = study.indices.pivot_table(
    index=["outcome", "parameter"], columns="kind", values="estimate"
)
print(table.round(3))
print(study.spread[["outcome", "seed_noise_share"]])

# %% [markdown]
# A large `mu_star` with a confidence interval clear of the others marks a factor
# that matters; a high seed-noise share says to add replicates before trusting the
# ranking. With a handful of influential factors found, a Sobol' design
# (`method = "sobol"`) estimates their first- and total-order indices: see the
# shipped `sobol_top_voluntary` experiment.
