"""Losses: PyTorch's loss functions, interactive and exact (the tutorial's examples first)."""

import math

import streamlit as st

from lessons.losses import code as codegen
from lessons.losses import compute as numbers
from lessons.losses import state as model
from lessons.losses import tex
from ui import losses as widgets
from ui.caches import cached_analysis
from ui.frame import frame
from ui.i18n import current_language, t
from ui.widgets import (
    CHART_CONFIG,
    GROUPED_ABOVE,
    error_box,
    graph_panel,
    inspector,
    tensor_graph_panel,
    tensor_inspector,
    tensor_level_note,
)
from viz import losses as figures

frame()

# --- state: a link decides on the first visit; the widgets keep it while pages change ------
good = widgets.current_state()

st.title(t("losses.title"))
st.caption(t("losses.intro"))
widgets.controls(good)

# --- the tables: bad cells give a message here and the last good state stays on screen -----
candidate, problems = widgets.tables(good)
result = None
if not problems:
    try:
        result = numbers.compute(candidate)
    except (ValueError, TypeError) as err:  # the engine's own message, e.g. integer data
        problems = [model.Problem.from_error(err)]
if problems:
    st.error("\n\n".join(t(p.key, **p.params) for p in problems) + "\n\n"
             + t("losses.kept_last_good"))
    state = good
    result = numbers.compute(good)
else:
    state = st.session_state[widgets.GOOD] = candidate
    widgets.PAGE.publish(model.state_to_params(state))

# --- value, per-element losses and formula ------------------------------------------------
c_value, c_elements = st.columns([1, 2])
with c_value:
    st.subheader(t("losses.value"))
    st.code(result.printed, language=None)
    st.caption(t("losses.value.caption"))
    values = result.value if isinstance(result.value, list) else [result.value]
    if not all(math.isfinite(v) for v in values):
        st.warning(t("losses.nonfinite"))
with c_elements:
    st.subheader(t("losses.elements"))
    st.caption(t("losses.elements.caption"))
    st.plotly_chart(
        figures.element_losses_figure(
            result.elements, result.element_labels,
            t({"sequence": "losses.elements.title.sequence"}.get(
                state.spec.layout, "losses.elements.title.rows" if state.rowwise
                else "losses.elements.title")),
        ),
        config=CHART_CONFIG, key=widgets.key("elements_chart"),
    )
st.subheader(t("losses.formula"))
st.caption(t("losses.formula.caption"))
for line in tex.formula_tex(state) + tex.substituted_tex(state, result.value, result.elements):
    st.latex(line)

# --- the gradient, beside its closed form --------------------------------------------------
st.subheader(t("losses.grad"))
st.caption(t("losses.grad.caption"))
if state.reduction == "none":
    st.info(t("losses.grad.none_note"))
st.latex(tex.gradient_tex(state))
axes = (t("losses.grad.rows"), t("losses.grad.cols"))
c_auto, c_closed = st.columns(2)
c_auto.plotly_chart(figures.gradient_heatmap(result.grad, t("losses.grad.autograd"), labels=axes),
                    config=CHART_CONFIG, key=widgets.key("grad_chart"))
c_closed.plotly_chart(figures.gradient_heatmap(result.closed, t("losses.grad.closed"), labels=axes),
                      config=CHART_CONFIG, key=widgets.key("closed_chart"))
diff = numbers.max_difference(result.grad, result.closed)
if diff <= 1e-9:
    st.success(t("losses.grad.match", diff=f"{diff:.1e}"))
else:
    st.warning(t("losses.grad.mismatch", diff=f"{diff:.1e}"))

# --- the graph, reusing the Explore page's panel, and the code -----------------------------
code = codegen.pytorch_code(state)
analysis = cached_analysis(code)
st.subheader(t("losses.graph"))
st.caption(t("losses.graph.caption" + (".tensor" if analysis.level == "tensor" else "")))
if analysis.problem:
    error_box(analysis.problem, code)
elif analysis.level == "tensor" and analysis.tensor is not None:  # CTC: no scalar level
    tensor_level_note(analysis)
    picked = tensor_graph_panel(analysis, "losses_tensor_graph", code)
    with st.expander(t("losses.inspect")):
        tensor_inspector(analysis.tensor, picked)
elif analysis.scalar is not None:
    zoom = "losses_graph_zoom"
    if zoom not in st.session_state and len(analysis.scalar.values()) <= GROUPED_ABOVE:
        st.session_state[zoom] = "grouped"  # this page opens on the tensor-level view
    graph, picked = graph_panel(analysis, "losses_graph", code, tensor_level=False)
    if graph is not None:
        with st.expander(t("losses.inspect")):
            inspector(graph, picked)

st.subheader(t("losses.code"))
st.caption(t("losses.code.caption"))
st.code(code, language="python")
lang = current_language()
st.link_button(t("losses.open_explore"), model.explore_link(code, None if lang == "en" else lang),
               icon=":material/open_in_new:")
widgets.elsewhere(lang)

widgets.teaching_panels(state)
