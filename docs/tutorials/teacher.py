# %% [markdown]
# # Teacher: a class with the teaching page
#
# `collabsim ui` opens a page in the browser (it needs the optional extra `ui`:
# `pip install 'collabsim[ui]'`). It runs on your machine, bound to localhost, and
# needs no network in the lecture room. On the page you:
#
# 1. pick a **preset**: any shipped scenario (`collabsim scenarios` lists them with
#    the question each answers); the page says what to watch for;
# 2. press play and watch trust, confidence, faith, the risk threshold and the
#    collaboration rate build up (or collapse) week by week, with the partner
#    network coloured by trust and the D'Amour collaboration levels;
# 3. turn on **levers** (governance, contract strength, turnover, protected time,
#    evaluation, leadership) and **mechanism switches** to ask "what if?";
# 4. choose a **side-by-side** comparison: the same seed, one thing changed.
#
# ```bash
# collabsim ui                      # http://127.0.0.1:8765/
# collabsim ui --scenarios my_class # presets from your own folder of scenarios
# ```
#
# ## A lesson plan, prepared in Python
#
# Before class you can check what the page will show. The page's model is
# `collabsim.viz.uimodel.UIModel`: one keyword per control, exactly as the page
# builds it.

# %%
from collabsim.viz.levers import preset_question, presets
from collabsim.viz.uimodel import UIModel

print(len(presets()), "presets; the first:", presets()[0])
print(preset_question("conflict_destructive"))

# %% [markdown]
# The lesson: conflict resolved constructively or destructively. Run the
# destructive preset next to its constructive twin, on the same seed, for a year:

# %%
model = UIModel(preset="conflict_destructive", compare="resolution_style", rng=3)
for _ in range(52):
    model.step()
for side in model.sides:
    weeks = side.datacollector.get_model_vars_dataframe()
    final, last_quarter = weeks.iloc[-1], weeks.tail(13)
    print(
        f"{side.label:45s} trust {final['tie_trust_mean']:.2f}  "
        f"faith {final['org_faith_mean']:.2f}  collaboration (last 13 weeks) "
        f"{last_quarter['collaboration_rate'].mean():.2f}"
    )

# %% [markdown]
# A question for the class: *why does faith fall further than trust?* (theory
# §C4: faith follows perceived progress, which conflict episodes set back). Then
# switch the mechanism `faith_drives_behaviour` off on the page and see how much of
# the collaboration faith was carrying.
#
# To give students their own copies of the scenarios to edit, run
# `collabsim init class_files`, edit `class_files/scenarios/*.toml`, and start the
# page with `collabsim ui --scenarios class_files/scenarios`.
