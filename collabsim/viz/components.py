"""Page components: guide, live trends, network view and D'Amour table.

Every component reads the model under ``model.lock`` (play runs steps in a thread)
and re-renders on each step through Mesa's ``update_counter``. Figures are drawn on
``matplotlib.figure.Figure`` objects, never through pyplot's global state, and
everything is served from the Solara server itself (no CDN, so a lecture room
without internet works).
"""

from __future__ import annotations

import math
from html import escape

import networkx as nx
import numpy as np
import solara
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from mesa.visualization.utils import update_counter

from collabsim.model.collaboration import CollaborationModel
from collabsim.model.damour import DAMOUR_INDICATORS, DAMOUR_LABELS, damour_level
from collabsim.model.observe import HEADLINE_METRICS, METRICS, damour_table
from collabsim.scenario.parts import Sector
from collabsim.viz.levers import preset_question, what_to_look_for
from collabsim.viz.uimodel import Side, UIModel

__all__ = ["TRENDS", "MainView"]

#: Metrics plotted live, in panel order.
TRENDS = HEADLINE_METRICS
LAYOUT_SEED = 7
_SECTOR_COLOURS = {s.value: f"C{i}" for i, s in enumerate(Sector)}
_LEVELS = DAMOUR_LABELS
_SIDE_STYLES = ("-", "--")


def _history(side: Side) -> dict[str, list[float]]:
    columns = side.datacollector.model_vars
    n = min(len(columns[name]) for name in TRENDS)
    return {name: list(columns[name][:n]) for name in TRENDS}


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.3f}"


def _table(header: list[str], rows: list[list[str]], css: str) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        f'<table class="{css}" style="border-collapse:collapse;font-size:13px">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _html(markup: str, css: str) -> None:
    # plain HTML, not solara.Markdown: its math renderer would come from a CDN
    solara.HTML(tag="div", unsafe_innerHTML=markup, classes=[css])


@solara.component
def Guide(model: UIModel) -> None:
    """Preset, its question, what to look for, and any fallbacks taken."""
    title = model.preset.replace("_", " ").capitalize()
    question = preset_question(model.preset)
    parts = [f"<h3>{escape(title)}</h3>"]
    if question:
        parts.append(f"<p><b>Question.</b> {escape(question)}</p>")
    parts += [
        f"<p><b>What to look for.</b> {escape(what_to_look_for(model.preset))}</p>",
        (
            "<p><i>Choose a preset or move a control in the sidebar, then press "
            "<b>Reset</b> to apply it; <b>Step</b> or <b>&#9654;</b> to run.</i></p>"
        ),
    ]
    _html("".join(parts), "collabsim-guide")
    for note in model.notes:
        solara.Warning(note)


@solara.component
def Readout(model: UIModel) -> None:
    """Current values of the plotted metrics, one column per configuration."""
    update_counter.get()
    with model.lock:
        step = model.t
        values = [
            [side.datacollector.model_vars[name][-1] for side in model.sides]
            for name in TRENDS
        ]
    labels = [s.label for s in model.sides] if len(model.sides) > 1 else ["value"]
    rows = [
        [METRICS[name].label, *(_fmt(v) for v in row)]
        for name, row in zip(TRENDS, values, strict=True)
    ]
    _html(
        f'<p><b class="collabsim-step">Week {step} of {model.spec.n_steps}</b></p>'
        + _table(["Metric", *labels], rows, "collabsim-readout-table"),
        "collabsim-readout",
    )


@solara.component
def Trends(model: UIModel) -> None:
    """Live trust, confidence, faith, threshold, collaboration and effectiveness."""
    update_counter.get()
    with model.lock:
        histories = [(side.label, _history(side)) for side in model.sides]
        step = model.t
    fig = Figure(figsize=(6.4, 6.0), layout="constrained")
    axes = fig.subplots(3, 2, sharex=True)
    for ax, name in zip(axes.flat, TRENDS, strict=True):
        for style, (label, history) in zip(_SIDE_STYLES, histories, strict=False):
            ax.plot(history[name], style, marker="." if step < 2 else "", label=label)
        ax.set_xlim(0, model.spec.n_steps)
        ax.set_title(METRICS[name].label, fontsize=9)
        ax.tick_params(labelsize=8)
        if name != "partnership_effectiveness":
            ax.set_ylim(-0.02, 1.02)
    for ax in axes[-1]:
        ax.set_xlabel(model.spec.step_unit.value, fontsize=8)
    if len(histories) > 1:
        fig.legend(
            *axes.flat[0].get_legend_handles_labels(),
            loc="outside lower center",
            ncols=2,
            fontsize=8,
        )
    solara.FigureMatplotlib(fig, format="png")


def _draw_network(ax: object, model: CollaborationModel, title: str) -> None:
    graph = nx.Graph()
    graph.add_nodes_from(org.key for org in model.organisations)
    keys = [org.key for org in model.organisations]
    state = model.state
    live = state.partnerships.active[state.pairs.partnership] > 0
    layout, pairs = state.layout, state.pairs
    trust: dict[tuple[str, str], list[float]] = {}
    for src, dst, value, on in zip(
        layout.pair_src, layout.pair_dst, pairs.trust, live, strict=True
    ):
        a, b = sorted((keys[int(src)], keys[int(dst)]))
        trust.setdefault((a, b), []).append(float(value) if on else math.nan)
    for (a, b), values in trust.items():
        graph.add_edge(a, b, trust=float(np.mean(values)))
    pos = nx.spring_layout(graph, seed=LAYOUT_SEED)
    norm = Normalize(0.0, 1.0)
    cmap = "RdYlGn"
    edges = list(graph.edges(data="trust"))
    active = [(a, b) for a, b, t in edges if not math.isnan(t)]
    idle = [(a, b) for a, b, t in edges if math.isnan(t)]
    nx.draw_networkx_edges(
        graph, pos, edgelist=idle, edge_color="0.8", style="dashed", ax=ax
    )
    nx.draw_networkx_edges(
        graph,
        pos,
        edgelist=active,
        edge_color=[graph.edges[e]["trust"] for e in active],
        edge_cmap=ScalarMappable(norm, cmap).get_cmap(),
        edge_vmin=0.0,
        edge_vmax=1.0,
        width=2.5,
        ax=ax,
    )
    colours = [_SECTOR_COLOURS[str(org.spec.sector)] for org in model.organisations]
    small = len(keys) <= 12
    nx.draw_networkx_nodes(
        graph,
        pos,
        nodelist=keys,
        node_color=colours,
        node_size=160 if small else 50,
        ax=ax,
    )
    if small:
        nx.draw_networkx_labels(graph, pos, font_size=7, ax=ax)
    ax.margins(0.2)  # type: ignore[attr-defined]
    ax.set_title(title, fontsize=9)  # type: ignore[attr-defined]
    ax.set_axis_off()  # type: ignore[attr-defined]


@solara.component
def Network(model: UIModel) -> None:
    """Organisations coloured by sector; ties coloured by organisation-pair trust."""
    update_counter.get()
    fig = Figure(figsize=(6.4, 3.4), layout="constrained")
    axes = fig.subplots(1, len(model.sides), squeeze=False)[0]
    with model.lock:
        for ax, side in zip(axes, model.sides, strict=True):
            _draw_network(ax, side.model, side.label)
        sectors = sorted({str(o.spec.sector) for o in model.organisations})
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            color=_SECTOR_COLOURS[s],
            label=s.replace("_", " "),
        )
        for s in sectors
    ]
    fig.legend(
        handles=handles, loc="outside lower center", ncols=len(handles), fontsize=8
    )
    fig.colorbar(
        ScalarMappable(Normalize(0.0, 1.0), "RdYlGn"),
        ax=list(axes),
        label="trust",
        shrink=0.8,
    )
    solara.FigureMatplotlib(fig, format="png")


@solara.component
def Damour(model: UIModel) -> None:
    """D'Amour et al. (2008) indicators: mean score over partnerships and level."""
    update_counter.get()
    with model.lock:
        tables = [(side.label, damour_table(side.model.state)) for side in model.sides]
    rows = []
    for name in DAMOUR_INDICATORS:
        cells = [name.replace("_", " ")]
        for _, table in tables:
            score = float(table.loc[table["indicator"] == name, "score"].mean())
            level = int(damour_level(np.array([score]))[0])
            cells.append(f"{score:.2f} ({_LEVELS[level]})")
        rows.append(cells)
    labels = [label for label, _ in tables] if len(tables) > 1 else ["score (level)"]
    _html(
        _table(["Indicator", *labels], rows, "collabsim-damour-table"),
        "collabsim-damour",
    )


@solara.component
def MainView(model: UIModel) -> None:
    """The main area: trends and network on the left; guide, values, D'Amour right."""
    with solara.Columns([3, 2]):
        with solara.Column():
            with solara.Card("Trends", margin=0):
                Trends(model)
            with solara.Card(
                "Network: organisations by sector, ties by trust", margin=0
            ):
                Network(model)
        with solara.Column():
            with solara.Card(margin=0):
                Guide(model)
            with solara.Card("Now", margin=0):
                Readout(model)
            with solara.Card("D'Amour indicators (1 potential - 3 active)", margin=0):
                Damour(model)
