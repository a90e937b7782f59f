"""Explore: type code, see what it prints, its computation graph, and backprop step by step."""

import streamlit as st

from lessons.corpus import DEFAULT_PRESET, PRESETS
from lessons.explore import (
    MAX_CODE_CHARS,
    MAX_TRACED_VALUES,
    SECTIONS,
    linked_code,
    pinned,
)
from ui import widgets
from ui.caches import cached_analysis
from ui.frame import frame
from ui.i18n import labels, t
from ui.state import PageState

frame()


def from_link(params):
    """The editor's code from a link: its ``code`` param, else the default preset."""
    return {"source": linked_code(params.get("code"), PRESETS[DEFAULT_PRESET])[0]}


STATE = PageState("explore", ("source",), ("code",), from_link)


def load_code(code):
    """Put ``code`` in the editor (a repair the learner applied)."""
    STATE.load({"source": code})


def load_preset():
    """Put the chosen preset's code in the editor."""
    key = st.session_state.get("preset")
    if key in PRESETS:
        STATE.load({"source": PRESETS[key]})


st.title(t("explore.title"))
st.caption(t("explore.intro"))
if "source" in STATE.bind() and linked_code(STATE.link().get("code"), "")[1]:  # a new session
    st.error(t("error.too_long", limit=MAX_CODE_CHARS))

editor_col, console_col = st.columns([3, 2])
with editor_col:
    st.selectbox(
        t("explore.preset"), list(PRESETS), index=None, key="preset", on_change=load_preset,
        format_func=labels("preset", PRESETS), placeholder=t("explore.preset_placeholder"),
    )
    source = st.text_area(t("explore.code"), **STATE.widget("source"), height=320,
                          max_chars=MAX_CODE_CHARS)
    STATE.publish({"code": source})

analysis = cached_analysis(source)
with console_col:
    if analysis.problem is None:
        printed = "\n".join(analysis.printed) or t("explore.console_empty")
        widgets.text_panel([("label", t("explore.console")), ("output", printed)])
        if analysis.seed is not None:  # random numbers the code did not seed: offer to pin them
            st.caption(t("explore.seed", seed=analysis.seed))
            st.button(t("explore.seed_pin"), key="pin_seed", on_click=STATE.load,
                      args=({"source": pinned(source, analysis.seed)},))
        widgets.user_plots(analysis.plots, source)
    else:
        st.markdown(f"**{t('explore.console')}**")
        widgets.error_box(analysis.problem, source)
        widgets.repair_offer(analysis.problem.repair, load_code)
if analysis.problem is not None:
    st.stop()

if analysis.level == "tensor":  # too large for the scalar graph: the tensor level's is drawn
    widgets.tensor_level_note(analysis)
    if analysis.tensor is None:
        st.info(t("explore.no_tensor_graph"))
        st.stop()
    st.subheader(t("explore.tensor_graph"))
    graph_col, inspect_col = st.columns([5, 2])
    with graph_col:
        picked = widgets.tensor_graph_panel(analysis, key="tensor_graph", source=source)
    with inspect_col:
        st.markdown(f"#### {t('explore.inspector')}")
        widgets.tensor_inspector(analysis.tensor, picked)
    widgets.section(t("explore.export"), SECTIONS["export"], lambda: widgets.exports(analysis))
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
    graph, picked = widgets.graph_panel(analysis, key="graph", source=source)
if graph is not None:
    with inspect_col:
        st.markdown(f"#### {t('explore.inspector')}")
        widgets.inspector(graph, picked)

# below the graph, sections the learner opens: drawn only then (a link can open them)
leaves = sum(1 for n in analysis.scalar.values() if n.kind == "leaf")
widgets.section(t("explore.steps"), SECTIONS["steps"], lambda: widgets.stepper(analysis, source))
widgets.section(t("explore.gradcheck"), SECTIONS["check"],
                lambda: widgets.gradcheck_table(analysis.checks, leaves=leaves))
widgets.section(t("explore.export"), SECTIONS["export"], lambda: widgets.exports(analysis))
