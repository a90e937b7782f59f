"""Widgets the pages share, written once: language, errors, graph, inspector, gradient check."""

import dataclasses
from functools import partial

import streamlit as st

from engine.autograd.graph import GROUP, LEAF, VALUE, format_number, forward_text, gradient_sum
from lessons.explore import MAX_DRAWN_NODES, MAX_SCALAR_VALUES, MAX_TRACED_VALUES
from lessons.tensor_graph import OP, TensorGraph, backward_lines, upstream
from viz.graph import graph_figure
from viz.plots import plot_figure
from viz.spec import SpecFigure, with_highlight
from viz.stepper import stepper_figure
from viz.tensor_graph import preview_text, shape_text, tensor_graph_figure

from .caches import cached_figure
from .i18n import LANGUAGE, LANGUAGE_NAMES, LANGUAGES, browser_language, current_language, labels, t

ZOOMS = ("scalar", "grouped")
MAX_LISTED = 20  # problems listed under an error; the rest are counted
GROUPED_ABOVE = 300  # scalar Values beyond which the grouped view is shown first
CHART_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "toImageButtonOptions": {"format": "png", "filename": "backprop-graph", "scale": 2},
}


def language_switch():
    """The sidebar's language choice; the URL's ``lang`` param says it if the browser would not."""
    LANGUAGE.bind()
    lang = st.sidebar.radio(
        t("lang.label"), LANGUAGES, format_func=LANGUAGE_NAMES.get, **LANGUAGE.widget("lang"),
        horizontal=True,
    )
    LANGUAGE.publish({} if lang == browser_language() else {"lang": lang})


def figure_labels():
    """The words inside figures (hover text, controls), in the current language."""
    keys = ("data", "grad", "local", "upstream", "flow", "shape", "elements", "edges", "dtype",
            "rule")
    return {k: t(f"figure.{k}") for k in keys}


def stepper_controls():
    """The step-through's Play, Pause and slider words, in the current language."""
    return {k: t(f"stepper.{k}") for k in ("play", "pause", "step")}


def caret_lines(source, line, col):
    """(the source's line ``line``, a caret under column ``col``), both 1-based; None if absent."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    # keep tabs so the caret lines up under a tab-indented line
    pad = "".join(c if c == "\t" else " " for c in text[: max(col - 1, 0)])
    return text, pad + "^"


def error_text(problem, source):
    """A Problem in the page's language: its line and column, the line quoted with a caret under
    the column, and every other problem the check found, each with its line."""
    message = t(problem.key, **problem.params)
    if not problem.line:
        return message
    body = t("error.input", line=problem.line, col=problem.col, message=message)
    quoted = caret_lines(source, problem.line, problem.col)
    if quoted:
        body += "\n\n```text\n" + "\n".join(quoted) + "\n```"
    if len(problem.listed) > 1:
        items = [t("error.input", line=line, col=col, message=t(m.key, **m.params))
                 for line, col, m in problem.listed[:MAX_LISTED]]
        if len(problem.listed) > MAX_LISTED:
            items.append(t("error.more", n=len(problem.listed) - MAX_LISTED))
        body += "\n\n" + t("error.listed") + "\n" + "".join(f"\n- {item}" for item in items)
    return body


def error_box(problem, source):
    """The error box: a Problem in the page's language (see error_text)."""
    st.error(error_text(problem, source))


def repair_offer(repair, apply):
    """Code repaired beside its error, and a button that calls ``apply(repair)``."""
    if not repair:
        return
    st.info(t("explore.repair"))
    st.code(repair, language="python")
    st.button(t("explore.repair_apply"), key="repair", on_click=apply, args=(repair,),
              type="primary")


def zoom_choice(analysis, key):
    """The zoom level radio (only when the code has tensors); grouped first for large graphs.

    None when no view is small enough to draw (the page says so).
    """
    n = len(analysis.scalar.values())
    zooms = [z for z in (ZOOMS if analysis.has_groups else ZOOMS[:1])
             if analysis.layout(z) is not None]
    if not zooms:
        st.info(t("explore.too_big_to_draw", n=n, limit=MAX_DRAWN_NODES))
        return None
    if len(zooms) == 1:
        if analysis.has_groups and zooms[0] == "grouped":
            st.info(t("explore.big_graph", n=n))
        return zooms[0]
    big = n > GROUPED_ABOVE
    if big:
        st.info(t("explore.big_graph", n=n))
    return st.radio(
        t("graph.zoom"), zooms, index=1 if big else 0, key=key, horizontal=True,
        format_func=labels("graph.zoom", zooms),
    )


def _select_clicked(chart_key, pick_key):
    # a click selects a point whose customdata is a value node's id (op nodes carry the id of
    # the value they compute; an edge label's are the names and numbers of its hover); the
    # inspector's selectbox follows it
    event = st.session_state.get(chart_key)
    points = (event or {}).get("selection", {}).get("points", [])
    for point in points:
        node = point.get("customdata")
        if isinstance(node, list):
            node = node[0] if node else None
        if isinstance(node, int | float) and not isinstance(node, bool):
            st.session_state[pick_key] = int(node)
            return


def graph_panel(analysis, key, source, tensor_level=True):
    """The graph with its zoom toggle; returns (graph shown, node picked for the inspector).

    Both are None when the graph is too large to draw. ``source`` is the code text the analysis
    is of: the figure is built once per code text, view and language, and a click, which only
    moves the ring, sends it again with the ring moved. The grouped view is the tensor level's
    graph where there is one, unless ``tensor_level`` is False: then it is the scalar graph's
    Values grouped by tensor, each op inside a loss function shown (the Losses page).
    """
    if not tensor_level:
        analysis = dataclasses.replace(analysis, tensor=None, tensor_layout=None)
    zoom = zoom_choice(analysis, f"{key}_zoom")
    if zoom is None:
        return None, None
    if zoom == "grouped" and analysis.tensor is not None:  # the tensor level's graph
        return analysis.tensor, tensor_graph_panel(analysis, f"{key}_tensor", source)
    graph = analysis.grouped if zoom == "grouped" else analysis.scalar
    layout = analysis.layout(zoom)
    pick_key = f"{key}_pick_{zoom}"
    choices = [n.id for n in graph.nodes if n.kind in (LEAF, VALUE, GROUP)]
    if st.session_state.get(pick_key) not in choices:
        st.session_state[pick_key] = graph.root
    spec = cached_figure("graph", zoom, current_language(), source,
                         lambda: graph_figure(graph, layout, labels=figure_labels()))
    _plotted(f"{key}_chart_{zoom}", pick_key, spec, layout)
    st.caption(t("graph.legend"))
    picked = st.selectbox(
        t("explore.inspect_pick"), choices, key=pick_key,
        format_func=lambda i: f"{graph.nodes[i].name} = {format_number(graph.nodes[i].data)}"
        if graph.nodes[i].kind != GROUP else graph.nodes[i].name,
    )
    return graph, picked


def inspector(graph, node_id):
    """A node's formula, its consumers, and its gradient as the sum over consumers (a tensor
    graph's node: see tensor_inspector)."""
    if isinstance(graph, TensorGraph):
        tensor_inspector(graph, node_id)
        return
    n = graph.nodes[node_id]
    if n.kind == GROUP:
        st.markdown(f"**{n.name}** · `{n.op}` · {t('figure.shape')} {tuple(n.shape)}")
        data, grad = zip(*n.elements, strict=True) if n.elements else ((), ())
        st.dataframe({t("figure.data"): data, t("figure.grad"): grad}, hide_index=False)
        return
    st.markdown(f"**{t('explore.formula')}**")
    st.code(forward_text(graph, node_id), language=None, wrap_lines=True)
    if n.kind == LEAF:
        st.caption(t("explore.leaf"))
    st.markdown(f"**{t('explore.consumers')}**")
    consumers = graph.consumers(node_id)
    if consumers:
        st.code("\n".join(forward_text(graph, c.id) for c, _ in consumers), language=None,
                wrap_lines=True)
    else:
        st.caption(t("explore.no_consumers"))
    st.markdown(f"**{t('explore.gradient')}**")
    st.code(gradient_sum(graph, node_id), language=None, wrap_lines=True)


def tensor_level_note(analysis):
    """Why the graph is the tensor level's, in the page's language (with the Values count when
    the scalar run counted it)."""
    reason = analysis.tensor_reason
    limit = MAX_TRACED_VALUES if reason == "count" else MAX_SCALAR_VALUES
    st.info(t(f"explore.tensor_level.{reason}", n=analysis.untraced, limit=limit))


def _plotted(chart_key, pick_key, spec, layout):
    """The chart with the ring on the picked node; a click on a node picks it."""
    pick = st.session_state[pick_key]
    st.plotly_chart(
        SpecFigure(with_highlight(spec, layout.x[pick], layout.y[pick])), key=chart_key,
        on_select=partial(_select_clicked, chart_key, pick_key), selection_mode="points",
        config=CHART_CONFIG, width="stretch",
    )


def tensor_graph_panel(analysis, key, source):
    """The tensor-level graph; returns the node picked for the inspector (built once per code
    text and language, as graph_panel's)."""
    graph, layout = analysis.tensor, analysis.tensor_layout
    if graph.hidden:
        hidden = "explore.tensor_hidden_more" if graph.hidden_more else "explore.tensor_hidden"
        st.caption(t(hidden, n=graph.hidden, shown=len(graph.nodes)))
    pick_key = f"{key}_pick"
    choices = [n.id for n in graph.nodes]
    if st.session_state.get(pick_key) not in choices:
        st.session_state[pick_key] = graph.root
    spec = cached_figure("tensor", "tensor", current_language(), source,
                         lambda: tensor_graph_figure(graph, layout, labels=figure_labels()))
    _plotted(f"{key}_chart", pick_key, spec, layout)
    st.caption(t("explore.tensor_legend"))
    return st.selectbox(
        t("explore.inspect_pick"), choices, key=pick_key,
        format_func=lambda i: " · ".join((graph.nodes[i].name, graph.nodes[i].grad_fn
                                          or shape_text(graph.nodes[i]))),
    )


def tensor_inspector(graph, node_id):
    """A tensor node: its op, shape and dtype, its first elements and gradient, and for an op
    its forward formula and its backward rule as formulas."""
    n = graph.nodes[node_id]
    head = f"**{n.name}**" + (f" · `{n.grad_fn}`" if n.grad_fn else "")
    st.markdown(f"{head} · {t('figure.shape')} {list(n.shape)} · `{n.dtype}`")
    if n.kind != OP:
        st.caption(t("explore.tensor_leaf"))
    if n.values is None:
        st.caption(t("explore.tensor_no_values"))
    else:
        st.markdown(f"**{t('explore.tensor_values')}**")
        lines = [f"{t('figure.data')}: {preview_text(n.values, n.size)}"]
        if n.grad is not None:
            lines.append(f"{t('figure.grad')}: {preview_text(n.grad, n.size)}")
        st.code("\n".join(lines), language=None, wrap_lines=True)
    if n.kind != OP:
        return
    st.markdown(f"**{t('explore.tensor_forward')}**")
    st.code(n.formula, language=None, wrap_lines=True)
    st.markdown(f"**{t('explore.tensor_rule')}**")
    lines = backward_lines(graph, node_id)
    if lines:
        g = upstream(graph, node_id)
        st.code("\n".join([f"g = {g}", *lines]), language=None, wrap_lines=True)
        st.caption(t("explore.tensor_rule_help", g=g))
    else:
        st.caption(t("explore.tensor_no_rule"))


def gradcheck_table(checks, leaves=0):
    """Every leaf: value, autograd grad, finite-difference grad, relative error, pass/fail."""
    if checks is None:  # the graph was too large to check
        st.caption(t("gradcheck.skipped", leaves=leaves))
        return
    if not checks:
        st.caption(t("gradcheck.none"))
        return
    rows = [
        {
            t("gradcheck.leaf"): r.leaf,
            t("gradcheck.value"): f"{r.value:.6g}",
            t("gradcheck.autograd"): f"{r.autograd:.6g}",
            t("gradcheck.numeric"): f"{r.numeric:.6g}",
            t("gradcheck.rel_error"): f"{r.rel_error:.1e}",
            t("gradcheck.ok"): t("gradcheck.pass") if r.ok else t("gradcheck.fail"),
            t("gradcheck.note"): t(r.note.key, **r.note.params) if r.note else "",
        }
        for r in checks
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
    st.caption(t("gradcheck.help"))


def stepper(analysis, source):
    """The forward and backward pass step by step: a figure with a slider, every step as text.

    The figure is built once per code text and language (see graph_panel).
    """
    texts = [t(s.message.key, **s.message.params) for s in analysis.steps]
    st.caption(t("explore.steps_help"))
    spec = cached_figure(
        "stepper", "scalar", current_language(), source,
        lambda: stepper_figure(analysis.scalar, analysis.steps, analysis.scalar_layout,
                               figure_labels(), stepper_controls(), texts),
    )
    st.plotly_chart(SpecFigure(spec), key="stepper", config=CHART_CONFIG, width="stretch")
    with st.expander(t("explore.steps_table")):
        st.dataframe({
            t("explore.step_pass"): [t(f"explore.{s.phase}") for s in analysis.steps],
            t("explore.step_text"): texts,
        }, width="stretch")


def user_plots(plots, source):
    """The code's own matplotlib figures, each a chart under the printed output.

    A figure holds only the code's words, so it is built once per code text for both languages.
    """
    if not plots:
        return
    st.markdown(f"**{t('explore.plots')}**")
    for i, plot in enumerate(plots):
        spec = cached_figure("plot", str(i), "", source, partial(plot_figure, plot))
        st.plotly_chart(SpecFigure(spec), key=f"user_plot_{i}", width="stretch",
                        config=CHART_CONFIG | {"toImageButtonOptions": {
                            "format": "png", "filename": f"figure-{i + 1}", "scale": 2}})
    st.caption(t("explore.plots_note"))


def exports(analysis):
    """The same graph as PyTorch code, as JSON to download, and how to save it as a picture."""
    if analysis.torch_code:
        st.markdown(f"**{t('explore.torch_code')}**")
        st.code(analysis.torch_code, language="python")
    else:
        st.caption(t("explore.torch_native"))
    if analysis.json:
        st.download_button(t("explore.json"), analysis.json, file_name="graph.json",
                           mime="application/json")
    if analysis.tensor_json:  # beside the scalar graph: the tensor level's too
        st.download_button(t("explore.json_tensor"), analysis.tensor_json,
                           file_name="tensor-graph.json", mime="application/json")
    st.caption(t("explore.png"))
