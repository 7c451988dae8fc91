"""A picture of the actor–event network: actors and places coloured by class, events in red."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import networkx as nx

from .errors import InputError
from .export import EVENT_COLOUR, atomic_write, check_file_target, colour
from .lookups import Graph
from .networks import build

FORMATS = {".svg": "svg", ".png": "png"}


def _layout(g: nx.Graph) -> dict[str, tuple[float, float]]:
    """Kamada–Kawai per connected component: the largest fills the left, the rest stack right."""
    components = sorted(nx.connected_components(g), key=len, reverse=True)
    positions = {}
    boxes = [(0.0, 0.0, 7.0, 5.0)]
    others = len(components) - 1
    for i in range(others):
        height = 5.0 / others
        boxes.append((7.6, i * height, 9.6, (i + 1) * height - 0.4))
    for members, (x0, y0, x1, y1) in zip(components, boxes):
        sub = g.subgraph(members)
        layout = nx.kamada_kawai_layout(sub) if len(sub) > 1 else {next(iter(members)): (0.0, 0.0)}
        xs = [p[0] for p in layout.values()]
        ys = [p[1] for p in layout.values()]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        for node, (x, y) in layout.items():
            positions[node] = (x0 + 0.05 * (x1 - x0) + 0.9 * (x1 - x0) * (x - min(xs)) / span_x,
                               y0 + 0.05 * (y1 - y0) + 0.9 * (y1 - y0) * (y - min(ys)) / span_y)
    return positions


def render(graph: Graph, output: Path, force: bool) -> None:
    fmt = FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise InputError(f"{output}: give a file ending in .svg or .png.")
    check_file_target(output, force)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    g = nx.Graph(build(graph).actor_event)
    positions = _layout(g)
    figure, axes = plt.subplots(figsize=(18, 13), dpi=110)
    rgb = {n: tuple(c / 255 for c in colour(a)) for n, a in g.nodes(data=True)}
    events = [n for n, a in g.nodes(data=True) if a["type"] == "event"]
    others = [n for n in g if n not in events]
    nx.draw_networkx_edges(g, positions, ax=axes, edge_color="#b0b0b0", width=1.0)
    nx.draw_networkx_nodes(g, positions, nodelist=others, node_color=[rgb[n] for n in others],
                           node_size=[220 + 90 * g.degree(n) for n in others], ax=axes)
    nx.draw_networkx_nodes(g, positions, nodelist=events, node_color=[rgb[n] for n in events],
                           node_shape="s", node_size=260, ax=axes)
    labels = {n: "\n".join(textwrap.wrap(a["label"], 22)) for n, a in g.nodes(data=True)}
    nx.draw_networkx_labels(g, positions, labels, font_size=7.5, ax=axes,
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
    classes = sorted({(a["class"], colour(a)) for n, a in g.nodes(data=True) if a["type"] != "event"})
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=tuple(c / 255 for c in rgb_),
                      label=name) for name, rgb_ in classes]
    handles.append(Line2D([], [], marker="s", linestyle="", markersize=8,
                          color=tuple(c / 255 for c in EVENT_COLOUR), label="event"))
    axes.legend(handles=handles, loc="lower left", fontsize=9, frameon=True, title="node type")
    axes.set_title("Actors, places and events (edges: roles in events)", fontsize=13)
    axes.axis("off")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    plt.close(figure)
    atomic_write(output, buffer.getvalue(), force)
