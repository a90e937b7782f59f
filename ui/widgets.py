"""Widgets the pages share, written once: language, errors, graph, inspector, gradient check."""

import dataclasses
import html
import re
from functools import partial

import streamlit as st

from engine.autograd.graph import GROUP, LEAF, VALUE, format_number, forward_text, gradient_sum
from lessons.explore import (
    MAX_DRAWN_NODES,
    MAX_SCALAR_VALUES,
    MAX_STEP_VALUES,
    MAX_TRACED_VALUES,
)
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
# Printed output and formulas are drawn as <pre> blocks with st.html, whose code is in Streamlit's
# main bundle: st.code would load its syntax highlighter (1.5 MB of JavaScript) before a page
# shows. The text is escaped (a visitor's output is text, never markup); st.html sanitizes again.
TEXT_STYLE = """<style>
pre.text-block {font-family: "Source Code Pro", monospace; font-size: 0.875rem; margin: 0;
  background: var(--st-secondary-background-color, rgba(128, 128, 128, 0.1));
  border-radius: 0.5rem; padding: 0.75rem 1rem; overflow-x: auto; white-space: pre-wrap;
  overflow-wrap: anywhere;}
pre.text-block.scroll {white-space: pre; overflow-wrap: normal;}
div.text-table {overflow: auto; max-height: 28rem;}
div.text-table table {border-collapse: collapse; font-size: 0.875rem; width: 100%;}
div.text-table th, div.text-table td {border: 1px solid rgba(128, 128, 128, 0.3);
  padding: 0.25rem 0.5rem; text-align: left; vertical-align: top;}
div.text-table th {background: var(--st-secondary-background-color, rgba(128, 128, 128, 0.1));
  position: sticky; top: 0;}
div.text-panel p {margin: 0 0 0.5rem 0;}
div.text-panel p.label {font-weight: 600; margin-top: 1rem;}
div.text-panel p.label:first-child {margin-top: 0;}
div.text-panel p.note {font-size: 0.875rem; opacity: 0.6; margin-top: 0.5rem;}
</style>"""
TEXT_BLOCK = re.compile(r'<pre class="text-block(?: scroll)?">(.*)</pre>', re.S)
TEXT_TABLE = re.compile(r'<div class="text-table"><table>(.*)</table></div>', re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
PANEL_PART = re.compile(r'<(p|pre) class="(label|note|text-block(?: scroll)?)">(.*?)</\1>', re.S)
CELL = re.compile(r"<t[hd]>(.*?)</t[hd]>", re.S)
CHART_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "toImageButtonOptions": {"format": "png", "filename": "backprop-graph", "scale": 2},
}


def text_style():
    """The style of text blocks (see text_block), sent once per page."""
    st.html(TEXT_STYLE)


def section(title, key, draw):
    """A section under ``title`` that the learner opens: ``draw()`` runs only while it is open.

    It starts closed, so opening a page draws none of it; the URL carries it open
    (``?key=true``), so a shared link opens it too.
    """
    box = st.expander(title, key=key, bind="query-params")
    with box:
        if box.open:
            draw()


def text_block(text, wrap=True):
    """``text`` in a monospace block, every space and line kept, nothing parsed; long lines wrap,
    or scroll with ``wrap=False`` (printed tensors stay aligned)."""
    st.html(_pre(text, wrap))


def _pre(text, wrap):
    css = "text-block" if wrap else "text-block scroll"
    return f'<pre class="{css}">{html.escape(str(text))}</pre>'


def block_text(body):
    """The text a text block's HTML ``body`` shows; None if ``body`` is not a text block."""
    match = TEXT_BLOCK.fullmatch(body)
    return html.unescape(match.group(1)) if match else None


def text_panel(parts):
    """Labels, notes and text blocks in one element: ``parts`` is a list of (kind, text), kind
    "label" (bold), "note" (small, faint, as st.caption), "block" (as text_block) or "output"
    (as text_block with wrap=False: printed tensors stay aligned). One element instead of one
    per part: a page draws sooner the fewer elements it sends."""
    def part(kind, text):
        if kind in ("block", "output"):
            return _pre(text, wrap=kind == "block")
        return f'<p class="{kind}">{html.escape(str(text))}</p>'

    st.html('<div class="text-panel">' + "".join(part(k, text) for k, text in parts) + "</div>")


def panel_parts(body):
    """The (kind, text) parts a text panel's HTML ``body`` shows (see text_panel; an "output"
    reads back as a "block"); a lone text block is one "block" part; [] for anything else."""
    if (text := block_text(body)) is not None:
        return [("block", text)]
    if not body.startswith('<div class="text-panel">'):
        return []
    return [("block" if kind.startswith("text-block") else kind, html.unescape(text))
            for _, kind, text in PANEL_PART.findall(body)]


def text_table(columns):
    """A table of text (``columns``: header -> cells), escaped like text_block; drawn as HTML, it
    loads none of the Arrow and data-grid code (1.2 MB) that st.dataframe and st.table need."""
    def row(cells, tag):
        return "<tr>" + "".join(f"<{tag}>{html.escape(str(c))}</{tag}>" for c in cells) + "</tr>"
    rows = [row(cells, "td") for cells in zip(*columns.values(), strict=True)]
    st.html(f'<div class="text-table"><table><thead>{row(columns, "th")}</thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def table_text(body):
    """(headers, rows) a text table's HTML ``body`` shows; None if it is not a text table."""
    match = TEXT_TABLE.fullmatch(body)
    if not match:
        return None
    rows = [[html.unescape(c) for c in CELL.findall(r)] for r in ROW.findall(match.group(1))]
    return rows[0], rows[1:]


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
    parts = [("label", t("explore.formula")), ("block", forward_text(graph, node_id))]
    if n.kind == LEAF:
        parts.append(("note", t("explore.leaf")))
    parts.append(("label", t("explore.consumers")))
    consumers = graph.consumers(node_id)
    if consumers:
        parts.append(("block", "\n".join(forward_text(graph, c.id) for c, _ in consumers)))
    else:
        parts.append(("note", t("explore.no_consumers")))
    parts += [("label", t("explore.gradient")), ("block", gradient_sum(graph, node_id))]
    text_panel(parts)


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
        text_block("\n".join(lines))
    if n.kind != OP:
        return
    st.markdown(f"**{t('explore.tensor_forward')}**")
    text_block(n.formula)
    st.markdown(f"**{t('explore.tensor_rule')}**")
    lines = backward_lines(graph, node_id)
    if lines:
        g = upstream(graph, node_id)
        text_block("\n".join([f"g = {g}", *lines]))
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
    text_table({
        t("gradcheck.leaf"): [r.leaf for r in checks],
        t("gradcheck.value"): [f"{r.value:.6g}" for r in checks],
        t("gradcheck.autograd"): [f"{r.autograd:.6g}" for r in checks],
        t("gradcheck.numeric"): [f"{r.numeric:.6g}" for r in checks],
        t("gradcheck.rel_error"): [f"{r.rel_error:.1e}" for r in checks],
        t("gradcheck.ok"): [t("gradcheck.pass") if r.ok else t("gradcheck.fail") for r in checks],
        t("gradcheck.note"): [t(r.note.key, **r.note.params) if r.note else "" for r in checks],
    })
    st.caption(t("gradcheck.help"))


def stepper(analysis, source):
    """The forward and backward pass step by step: a figure with a slider, every step as text;
    past the step-through's limit, a note saying so.

    The figure is built once per code text and language (see graph_panel).
    """
    if not analysis.steps:
        st.info(t("explore.steps_too_big", limit=MAX_STEP_VALUES,
                  n=len(analysis.scalar.values())))
        return
    texts = [t(s.message.key, **s.message.params) for s in analysis.steps]
    st.caption(t("explore.steps_help"))
    spec = cached_figure(
        "stepper", "scalar", current_language(), source,
        lambda: stepper_figure(analysis.scalar, analysis.steps, analysis.scalar_layout,
                               figure_labels(), stepper_controls(), texts),
    )
    st.plotly_chart(SpecFigure(spec), key="stepper", config=CHART_CONFIG, width="stretch")
    with st.expander(t("explore.steps_table")):
        text_table({
            "#": range(1, len(texts) + 1),  # as the slider counts them
            t("explore.step_pass"): [t(f"explore.{s.phase}") for s in analysis.steps],
            t("explore.step_text"): texts,
        })


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
        text_block(analysis.torch_code, wrap=False)
    else:
        st.caption(t("explore.torch_native"))
    if analysis.json:
        st.download_button(t("explore.json"), analysis.json, file_name="graph.json",
                           mime="application/json")
    if analysis.tensor_json:  # beside the scalar graph: the tensor level's too
        st.download_button(t("explore.json_tensor"), analysis.tensor_json,
                           file_name="tensor-graph.json", mime="application/json")
    st.caption(t("explore.png"))
