"""Teaching UI (optional extra ``ui``): a Solara page built on Mesa's SolaraViz.

Start it with ``collabsim ui``. The core package never imports this package.
"""
