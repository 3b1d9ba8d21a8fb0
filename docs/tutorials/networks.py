# %% [markdown]
# # Analyst: bring your own network
#
# An analyst who holds a partner map (which organisations work with which, in which
# partnership) can run the model on it instead of a generated network, and take the
# simulated network, with trust on its edges, back to Gephi or Cytoscape.
#
# A scenario's `[network]` names either one GraphML or GEXF file, or a pair of CSV
# files. collabsim ships one realistic example: `ics_partner_map`, a **synthetic**
# integrated care system of 40 organisations in five overlapping partnerships (its
# provenance is in `scenarios/networks/README.md`: no real system is described).

# %%
from pathlib import Path

import networkx as nx
import pandas as pd

from collabsim import load_scenario, run_scenario
from collabsim.cli import main as collabsim
from collabsim.shipped import SCENARIOS, shipped_dir

pd.set_option("display.width", 120)
folder = shipped_dir(SCENARIOS)
print(
    (folder / "ics_partner_map.toml").read_text(encoding="utf-8").split("[network]")[1]
)

# %% [markdown]
# The organisations file has one row per organisation: `id`, `sector` (required),
# and any organisation lever as a column (`size`, `culture`, `statutory_power`...;
# an empty cell keeps the default). The partnerships file has one row per link:
# `source`, `target`, an optional `partnership` grouping links, and partnership
# levers by dotted path (`governance`, `contract.strength`...).

# %%
organisations = pd.read_csv(folder / "networks" / "ics_partner_map_organisations.csv")
links = pd.read_csv(folder / "networks" / "ics_partner_map_partnerships.csv")
print(organisations.head(4))
print(links.groupby("partnership").size())

# %% [markdown]
# Loading turns the files into an ordinary scenario with explicit organisations and
# partnerships, so overrides, sweeps and manifests work as for any other:

# %%
spec = load_scenario("ics_partner_map", {"n_steps": 20})
print(
    len(spec.organisations),
    "organisations;",
    {p.id: len(p.members) for p in spec.partnerships},
)

# %% [markdown]
# ## Run it and export the simulated network
#
# `collabsim plot DIR --graphml` (or `collabsim report DIR --graphml`) writes
# `DIR/network.graphml`: organisations with their sector and final faith, and each
# partner pair with its final trust, confidence, share of collaborative joint acts
# and conflict, averaged over both directions and the runs.

# %%
code = collabsim(
    [
        "run",
        "ics_partner_map",
        "--seeds",
        "2",
        "--steps",
        "20",
        "--out",
        "results/ics",
        "--overwrite",
        "--quiet",
    ]
)
code = collabsim(["plot", "results/ics", "--graphml"])
simulated = nx.read_graphml("results/ics/network.graphml")
edges = pd.DataFrame(
    [{"a": a, "b": b, **data} for a, b, data in simulated.edges(data=True)]
)
print(
    edges.sort_values("trust").head(5)[
        ["a", "b", "trust", "confidence", "collaboration"]
    ]
)

# %% [markdown]
# ## Your own map, as GraphML
#
# Any tool that writes GraphML or GEXF will do; here networkx draws a small one.
# Node ids must be lower-case identifiers (put display names in `label`); attributes
# that drawing tools add (`label`, `weight`, `viz`) are ignored.

# %%
mine = nx.Graph()
mine.add_node("hospital", sector="health", size=4000, label="City Hospital")
mine.add_node("practice", sector="health", size=60)
mine.add_node("council", sector="local_authority", statutory_power=0.4)
mine.add_edge("hospital", "practice", partnership="discharge", governance="mandated")
mine.add_edge("hospital", "council", partnership="discharge", governance="mandated")
Path("study").mkdir(exist_ok=True)
nx.write_graphml(mine, "study/mine.graphml")
Path("study/mine.toml").write_text(
    'name = "mine"\nn_steps = 20\n\n[network]\nfile = "mine.graphml"\n',
    encoding="utf-8",
)
result = run_scenario(load_scenario("study/mine.toml"), seed=1)
print(result.steps[["step", "tie_trust_mean", "org_confidence_mean"]].tail(3))

# %% [markdown]
# A mistake in the file is reported with the file and the node or edge, and the
# command exits with code 2:

# %%
mine.add_node("charity")  # no sector
nx.write_graphml(mine, "study/mine.graphml")
code = collabsim(["validate", "study/mine.toml"])
print("exit code", code)
