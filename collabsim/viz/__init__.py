"""Teaching UI (optional extra ``ui``): a Solara page for classes.

Start it with ``collabsim ui``. One session per browser page
(:mod:`~collabsim.viz.session`) plays a Mesa model (:mod:`~collabsim.viz.uimodel`)
and sends the page small frames that the browser draws (:mod:`~collabsim.viz.board`);
setups travel in the address (:mod:`~collabsim.viz.setups`) and lessons in TOML files
(:mod:`~collabsim.viz.lesson`). The core package never imports this package.
"""
