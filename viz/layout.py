"""layered_layout(graph): a left-to-right layered drawing of a computation graph.

Layers are topological depth (a node sits one layer right of its deepest input); leaves and
constants move right to sit just before their first consumer, which keeps edges short. The order
within each layer (crossing minimisation) and the positions come from python-igraph's Sugiyama
layout, which also routes edges that span several layers through bend points.
"""

from dataclasses import dataclass

import igraph

X_GAP = 1.0  # distance between layers
PARALLEL_BEND = 0.22  # how far apart parallel edges (x*x) bow, in layer units
SUGIYAMA_ITERATIONS = 20  # crossing-minimisation sweeps; more gains little on these graphs
# Sugiyama routes an edge spanning k layers through k - 1 bend points, which it then orders like
# nodes. One input feeding a thousand-term sum would need half a million of them, so edges join
# the layout shortest first until this many bend points are placed; longer ones are drawn straight.
BEND_BUDGET = 6_000


@dataclass(frozen=True)
class Layout:
    """Node positions (indexed by node id) and, per edge, the polyline it is drawn along."""

    x: tuple
    y: tuple
    routes: tuple  # per edge of graph.edges: ((x0, y0), (x1, y1), ...)
    layers: tuple  # per node: its layer


def depth_layers(graph):
    """Each node's layer: topological depth, with sources pulled right next to their consumers."""
    n = len(graph.nodes)
    layer = [0] * n
    incoming = [[] for _ in range(n)]
    outgoing = [[] for _ in range(n)]
    for e in graph.edges:
        if e.src < e.dst:  # node ids are topological; anything else is not a layering constraint
            incoming[e.dst].append(e.src)
            outgoing[e.src].append(e.dst)
    for v in range(n):
        if incoming[v]:
            layer[v] = 1 + max(layer[u] for u in incoming[v])
    for v in range(n):
        if not incoming[v] and outgoing[v]:
            layer[v] = min(layer[w] for w in outgoing[v]) - 1
    return layer


def layered_layout(graph):
    """Positions for every node and a route for every edge, layers running left to right."""
    n = len(graph.nodes)
    layers = depth_layers(graph)
    forward = sorted({(e.src, e.dst) for e in graph.edges if layers[e.src] < layers[e.dst]},
                     key=lambda uv: layers[uv[1]] - layers[uv[0]])
    routed, bends = [], 0
    for u, v in forward:
        bends += layers[v] - layers[u] - 1
        if bends > BEND_BUDGET:
            break
        routed.append((u, v))
    g = igraph.Graph(n=n, edges=routed, directed=True)
    coords, extended = g.layout_sugiyama(
        layers=layers, maxiter=SUGIYAMA_ITERATIONS, return_extended_graph=True
    )
    coords = _apart(coords.coords)
    # igraph's y is the layer and x the place in it; we turn it a quarter so layers run rightwards
    x = tuple(c[1] * X_GAP for c in coords)
    y = tuple(-c[0] for c in coords)
    bends = _bend_points(extended, n, x, y)  # dummy vertices' positions follow the n nodes'
    x, y = x[:n], y[:n]
    routes = []
    seen = {}
    for e in graph.edges:
        start, end = (x[e.src], y[e.src]), (x[e.dst], y[e.dst])
        middle = bends.get((e.src, e.dst), ())
        k = seen.get((e.src, e.dst), 0)
        seen[(e.src, e.dst)] = k + 1
        if k:  # a second edge between the same two nodes (x*x): bow it so both show
            middle = middle or (_midpoint(start, end),)
            middle = tuple((mx, my + PARALLEL_BEND * _alternate(k)) for mx, my in middle)
        routes.append((start, *middle, end))
    return Layout(x, y, tuple(routes), tuple(layers))


def _apart(coords):
    """The coordinates with no two vertices of a layer in one place: igraph's Sugiyama can put
    two there (two leaves of one op, beside a leaf moved to a later layer); each vertex of a
    layer keeps its order and sits at least one place after the one before it."""
    by_layer = {}
    for i, (_, layer) in enumerate(coords):
        by_layer.setdefault(layer, []).append(i)
    placed = [list(c) for c in coords]
    for members in by_layer.values():
        members.sort(key=lambda i: (coords[i][0], i))
        for before, i in zip(members, members[1:], strict=False):
            placed[i][0] = max(placed[i][0], placed[before][0] + 1.0)
    return placed


def _alternate(k):
    # 1, -1, 2, -2, ...: the k-th parallel edge's side and distance
    return (k + 1) // 2 * (1 if k % 2 else -1)


def _midpoint(a, b):
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def _bend_points(extended, n, x, y):
    """(src, dst) -> the dummy vertices' positions that a long edge runs through."""
    succ = {}
    for u, v in extended.get_edgelist():
        succ.setdefault(u, []).append(v)
    bends = {}
    for u in range(n):
        for d in succ.get(u, ()):
            if d < n:
                continue
            path = []
            while d >= n:  # dummies have ids >= n and exactly one successor each
                path.append(d)
                d = succ[d][0]
            bends[(u, d)] = tuple((x[p], y[p]) for p in path)
    return bends
