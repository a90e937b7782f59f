"""Explore: type code, see what it prints, its computation graph, and backprop step by step."""

import pandas as pd
import streamlit as st

from lessons.corpus import DEFAULT_PRESET, PRESETS
from lessons.explore import MAX_STEP_VALUES, MAX_TRACED_VALUES
from ui import widgets
from ui.caches import cached_analysis
from ui.frame import frame
from ui.i18n import labels, t
from ui.state import MAX_CODE_CHARS, read_code, write_param
from viz.stepper import stepper_figure

frame()

SAVED = "explore_code"  # the code, kept while another page is open (widget state is not)


def load_preset():
    """Put the chosen preset's code in the editor."""
    key = st.session_state.get("preset")
    if key in PRESETS:
        st.session_state["source"] = PRESETS[key]


st.title(t("explore.title"))
st.caption(t("explore.intro"))

if "source" not in st.session_state:
    code, cut = read_code(st.session_state.get(SAVED, PRESETS[DEFAULT_PRESET]))
    st.session_state["source"] = code
    if cut:
        st.error(t("error.too_long", limit=MAX_CODE_CHARS))

editor_col, console_col = st.columns([3, 2])
with editor_col:
    st.selectbox(
        t("explore.preset"), list(PRESETS), index=None, key="preset", on_change=load_preset,
        format_func=labels("preset", PRESETS), placeholder=t("explore.preset_placeholder"),
    )
    source = st.text_area(t("explore.code"), key="source", height=320,
                          max_chars=MAX_CODE_CHARS)
    st.session_state[SAVED] = source
    write_param("code", source)
    st.caption(t("explore.link"))

analysis = cached_analysis(source)
with console_col:
    st.markdown(f"**{t('explore.console')}**")
    if analysis.problem is None:
        st.code("\n".join(analysis.printed) or t("explore.console_empty"), language=None)
    else:
        widgets.error_box(analysis.problem, source)
if analysis.problem is not None:
    st.stop()

if analysis.untraced:
    st.info(t("explore.too_big", n=analysis.untraced, limit=MAX_TRACED_VALUES))
    st.stop()
if analysis.scalar is None:
    st.info(t("explore.no_graph"))
    st.stop()
if analysis.scalar.nonfinite:
    st.warning(t("explore.nonfinite", n=len(analysis.scalar.nonfinite)))

st.subheader(t("explore.graph"))
graph_col, inspect_col = st.columns([5, 2])
with graph_col:
    graph, picked = widgets.graph_panel(analysis, key="graph")
if graph is not None:
    with inspect_col:
        st.markdown(f"#### {t('explore.inspector')}")
        widgets.inspector(graph, picked)

st.subheader(t("explore.steps"))
values = analysis.scalar.values()
if analysis.steps:
    st.caption(t("explore.steps_help"))
    st.plotly_chart(
        stepper_figure(analysis.scalar, analysis.steps, analysis.scalar_layout,
                       widgets.figure_labels(), widgets.stepper_controls()),
        key="stepper", config=widgets.CHART_CONFIG, width="stretch",
    )
    with st.expander(t("explore.steps_table")):
        st.dataframe(pd.DataFrame({
            t("explore.step_pass"): [t(f"explore.{s.phase}") for s in analysis.steps],
            t("explore.step_text"): [s.text for s in analysis.steps],
        }), width="stretch")
else:
    st.info(t("explore.steps_too_big", limit=MAX_STEP_VALUES, n=len(values)))

st.subheader(t("explore.gradcheck"))
widgets.gradcheck_table(analysis.checks, leaves=sum(1 for n in values if n.kind == "leaf"))

st.subheader(t("explore.export"))
if analysis.torch_code:
    st.markdown(f"**{t('explore.torch_code')}**")
    st.code(analysis.torch_code, language="python")
else:
    st.caption(t("explore.torch_native"))
if analysis.json:
    st.download_button(t("explore.json"), analysis.json, file_name="graph.json",
                       mime="application/json")
st.caption(t("explore.png"))
