"""Losses: PyTorch's loss functions, interactive and exact (the tutorial's examples first)."""

import math
from dataclasses import replace

import pandas as pd
import streamlit as st

from lessons import losses as logic
from ui.caches import cached_analysis
from ui.frame import frame
from ui.i18n import current_language, labels, t
from ui.state import write_param
from ui.widgets import CHART_CONFIG, GROUPED_ABOVE, error_box, graph_panel, inspector
from viz import losses as figures

frame()

PREFIX = "losses."  # session-state keys of this page's widgets
GOOD = "losses:good"  # the last valid LossState: what everything below the tables shows
BASE = "losses:base"  # the (input, target) tables the data editors start from
VERSION = "losses:version"  # bumped when the tables are replaced, so the editors start afresh
OPTIONS = ("loss", "reduction", "dtype", "target_kind", "ignore_index", "label_smoothing",
           "delta", "beta")  # fmt: skip


def key(name):
    """The session-state key of a widget of this page."""
    return PREFIX + name


def _vector_text(vector):
    return ", ".join(logic.format_number(v) for v in vector) if vector else ""


def _load(state):
    """Put a state into the widgets and the data editors."""
    ss = st.session_state
    ss[GOOD] = state
    ss[BASE] = (state.input, state.target)
    ss[VERSION] = ss.get(VERSION, 0) + 1
    for name in OPTIONS:
        ss[key(name)] = getattr(state, name)
    ss[key("shape")] = ", ".join(str(n) for n in state.shape) if state.shape else ""
    ss[key("weight")] = _vector_text(state.weight)
    ss[key("pos_weight")] = _vector_text(state.pos_weight)
    ss[key("rows")], ss[key("cols")] = len(state.input), len(state.input[0])
    ss[key("preset")] = next((k for k, v in logic.PRESETS.items() if v == state), None)


def _on_preset():
    if st.session_state[key("preset")] is not None:
        _load(logic.PRESETS[st.session_state[key("preset")]])


def _on_loss():
    _load(logic.switch_loss(st.session_state[GOOD], st.session_state[key("loss")]))


def _on_target_kind():
    _load(logic.set_target_kind(st.session_state[GOOD], st.session_state[key("target_kind")]))


def _on_size():
    ss = st.session_state
    _load(logic.fit_tables(ss[GOOD], ss[key("rows")], ss[key("cols")]))


def _editor(table, name, columns):
    frame = pd.DataFrame([list(row) for row in table], columns=columns, dtype="string")
    config = {c: st.column_config.TextColumn(c, required=True) for c in columns}
    return st.data_editor(
        frame,
        key=key(f"{name}_{st.session_state[VERSION]}"),
        column_config=config,
        width="stretch",
    )


def _cells(frame):
    return [[None if pd.isna(v) else v for v in row] for row in frame.astype(object).values]


def _read(parse, *args):
    """(parsed value, None) or (None, Problem) for one table or option."""
    try:
        return parse(*args), None
    except logic.TableError as err:
        return None, err.problem


def _number(x):
    return f"{x:.4g}" if math.isfinite(x) else str(x)


# --- state: a link decides on the first visit; the widgets keep it while pages change ------
ss = st.session_state
if GOOD not in ss:
    _load(logic.state_from_params(st.query_params))
elif key("loss") not in ss:  # widgets are forgotten after another page ran
    _load(ss[GOOD])
good = ss[GOOD]
spec = good.spec

st.title(t("losses.title"))
st.caption(t("losses.intro"))

c_preset, c_loss, c_reduction, c_dtype = st.columns([3, 2, 2, 2])
c_preset.selectbox(
    t("losses.preset"), list(logic.PRESETS), key=key("preset"), on_change=_on_preset,
    format_func=labels("losses.preset", logic.PRESETS), placeholder=t("losses.preset.custom"),
)
c_loss.selectbox(t("losses.loss"), logic.LOSS_NAMES, key=key("loss"), on_change=_on_loss)
c_reduction.radio(
    t("losses.reduction"), logic.REDUCTIONS, key=key("reduction"), horizontal=True,
    help=t("losses.reduction.help"),
)
c_dtype.selectbox(
    t("losses.dtype"), logic.DTYPES, key=key("dtype"),
    format_func=labels("losses.dtype", logic.DTYPES),
)

# --- the options this loss has, and the table sizes ----------------------------------------
classes = spec.kind == "classes"
options = st.columns(6)
c_rows, c_cols, *slots = options
c_rows.number_input(
    t("losses.rows.classes" if classes else "losses.rows"), 1, logic.MAX_ROWS, step=1,
    key=key("rows"), on_change=_on_size,
)
c_cols.number_input(
    t("losses.cols.classes" if classes else "losses.cols"), 1, logic.MAX_COLS, step=1,
    key=key("cols"), on_change=_on_size,
)
widgets = []
if not classes:
    widgets.append(lambda c: c.text_input(t("losses.shape"), key=key("shape"),
                                          help=t("losses.shape.help")))
if good.uses("target_kind"):
    widgets.append(lambda c: c.radio(
        t("losses.target_kind"), logic.TARGET_KINDS, key=key("target_kind"),
        on_change=_on_target_kind, format_func=labels("losses.target_kind", logic.TARGET_KINDS),
    ))
for name in ("weight", "pos_weight"):
    if good.uses(name):
        widgets.append(lambda c, name=name: c.text_input(
            t(f"losses.{name}"), key=key(name), help=t(f"losses.{name}.help"),
            placeholder="1, 2, 0.5"))
if good.uses("ignore_index"):
    widgets.append(lambda c: c.number_input(
        t("losses.ignore_index"), -1000, 1000, step=1, key=key("ignore_index"),
        help=t("losses.ignore_index.help")))
if good.uses("label_smoothing"):
    widgets.append(lambda c: c.slider(
        t("losses.label_smoothing"), 0.0, 1.0, step=0.05, key=key("label_smoothing"),
        help=t("losses.label_smoothing.help")))
if good.uses("delta"):
    widgets.append(lambda c: c.number_input(
        t("losses.delta"), 0.01, 100.0, step=0.25, key=key("delta"), help=t("losses.delta.help")))
if good.uses("beta"):
    widgets.append(lambda c: c.number_input(
        t("losses.beta"), 0.0, 100.0, step=0.25, key=key("beta"), help=t("losses.beta.help")))
for widget, slot in zip(widgets, slots, strict=False):
    widget(slot)

# --- the tables: bad cells give a message here and the last good state stays on screen -----
if classes:
    input_help = {"CrossEntropyLoss": "logits", "NLLLoss": "logprobs"}[good.loss]
    target_help = "index" if good.index_target else "probs"
else:
    input_help = {"BCELoss": "probabilities", "BCEWithLogitsLoss": "logits_binary"}.get(
        good.loss, "elementwise")
    target_help = "binary" if spec.kind == "binary" else "elementwise"
c_input, c_target = st.columns([3, 1] if good.index_target else [1, 1])
with c_input:
    st.markdown(f"**{t('losses.input')}**")
    st.caption(t(f"losses.input.help.{input_help}"))
    edited_input = _editor(ss[BASE][0], "input", [str(c) for c in range(len(ss[BASE][0][0]))])
with c_target:
    st.markdown(f"**{t('losses.target')}**")
    st.caption(t(f"losses.target.help.{target_help}"))
    target_columns = ["y"] if good.index_target else [str(c) for c in range(len(ss[BASE][1][0]))]
    edited_target = _editor(ss[BASE][1], "target", target_columns)

inp, bad_input = _read(logic.parse_table, _cells(edited_input))
target, bad_target = _read(logic.parse_table, _cells(edited_target), good.index_target)
shape, bad_shape = _read(logic.parse_shape, ss.get(key("shape"), "")) if not classes else (
    None, None)
weight, bad_weight = _read(logic.parse_vector, ss.get(key("weight"), ""))
pos_weight, bad_pos = _read(logic.parse_vector, ss.get(key("pos_weight"), ""))
problems = [p for p in (bad_input, bad_target, bad_shape, bad_weight, bad_pos) if p]
candidate = replace(
    good,
    reduction=ss[key("reduction")],
    dtype=ss[key("dtype")],
    input=inp or good.input,
    target=target or good.target,
    shape=shape,
    weight=weight,
    pos_weight=pos_weight,
    **{name: ss[key(name)] for name in ("ignore_index", "label_smoothing", "delta", "beta")
       if good.uses(name)},
)
if not problems:
    problems = logic.check_state(candidate)
result = None
if not problems:
    try:
        result = logic.compute(candidate)
    except (ValueError, TypeError) as err:  # the engine's own message, e.g. integer data
        problems = [logic.Problem("losses.err.engine", {"message": str(err)})]
if problems:
    st.error("\n\n".join(t(p.key, **p.args) for p in problems) + "\n\n"
             + t("losses.kept_last_good"))
    state = good
    result = logic.compute(good)
else:
    state = ss[GOOD] = candidate
    params = logic.state_to_params(state)
    for name in logic.PARAMS:
        write_param(name, params.get(name, ""))

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
            t("losses.elements.title.rows" if classes else "losses.elements.title"),
        ),
        config=CHART_CONFIG, key=key("elements_chart"),
    )
st.subheader(t("losses.formula"))
st.caption(t("losses.formula.caption"))
for tex in logic.formula_tex(state) + logic.substituted_tex(state, result.value, result.elements):
    st.latex(tex)

# --- the gradient, beside its closed form --------------------------------------------------
st.subheader(t("losses.grad"))
st.caption(t("losses.grad.caption"))
if state.reduction == "none":
    st.info(t("losses.grad.none_note"))
st.latex(logic.gradient_tex(state))
axes = (t("losses.grad.rows"), t("losses.grad.cols"))
c_auto, c_closed = st.columns(2)
c_auto.plotly_chart(figures.gradient_heatmap(result.grad, t("losses.grad.autograd"), labels=axes),
                    config=CHART_CONFIG, key=key("grad_chart"))
c_closed.plotly_chart(figures.gradient_heatmap(result.closed, t("losses.grad.closed"), labels=axes),
                      config=CHART_CONFIG, key=key("closed_chart"))
diff = logic.max_difference(result.grad, result.closed)
if diff <= 1e-9:
    st.success(t("losses.grad.match", diff=f"{diff:.1e}"))
else:
    st.warning(t("losses.grad.mismatch", diff=f"{diff:.1e}"))

# --- the graph, reusing the Explore page's panel, and the code -----------------------------
code = logic.pytorch_code(state)
analysis = cached_analysis(code)
st.subheader(t("losses.graph"))
st.caption(t("losses.graph.caption"))
if analysis.problem:
    error_box(analysis.problem, code)
elif analysis.scalar is not None:
    zoom = "losses_graph_zoom"
    if zoom not in ss and len(analysis.scalar.values()) <= GROUPED_ABOVE:
        ss[zoom] = "grouped"  # this page opens on the tensor-level view
    graph, picked = graph_panel(analysis, "losses_graph")
    if graph is not None:
        with st.expander(t("losses.inspect")):
            inspector(graph, picked)

st.subheader(t("losses.code"))
st.caption(t("losses.code.caption"))
st.code(code, language="python")
lang = current_language()
st.link_button(t("losses.open_explore"), logic.explore_link(code, None if lang == "en" else lang),
               icon=":material/open_in_new:")

# --- teaching panels -----------------------------------------------------------------------
st.subheader(t("losses.teach"))
tab_sum, tab_ce, tab_weights, tab_float = st.tabs(
    [t("losses.teach.mean_sum"), t("losses.teach.ce_parts"), t("losses.teach.weights"),
     t("losses.teach.float")]
)

with tab_sum:
    st.markdown(t("losses.mean_sum.intro"))
    k = st.slider(t("losses.mean_sum.repeat"), 1, logic.MAX_REPEATS, 2, key=key("repeat"))
    series = logic.mean_vs_sum(state)
    element = "[{}, {}]".format(*series["element"])
    n = series["sizes"][k - 1]
    st.plotly_chart(
        figures.mean_sum_figure(
            series["sizes"], series["mean"], series["sum"], n,
            {"mean": t("losses.mean_sum.mean"), "sum": t("losses.mean_sum.sum"),
             "x": t("losses.mean_sum.x"), "y": t("losses.mean_sum.y", element=element)},
        ),
        config=CHART_CONFIG, key=key("mean_sum_chart"),
    )
    g_mean, g_sum = series["mean"][k - 1], series["sum"][k - 1]
    st.markdown(t(
        "losses.mean_sum.result", n=n, element=element,
        mean_loss=_number(series["mean_loss"][k - 1]), sum_loss=_number(series["sum_loss"][k - 1]),
        g_mean=_number(g_mean), g_sum=_number(g_sum),
        ratio=_number(g_sum / g_mean) if g_mean else "—",
    ))

with tab_ce:
    st.markdown(t("losses.ce.intro"))
    logits, label = logic.sweep_source(state)
    own = state.loss == "CrossEntropyLoss" and state.index_target
    st.caption(t("losses.ce.source.page", target=label) if own else t("losses.ce.source.tutorial"))
    j = st.selectbox(
        t("losses.ce.logit"), range(len(logits)), key=key("sweep_logit"),
        format_func=({c: f"x[{c}]" for c in range(len(logits))}
                     | {label: f"x[{label}] {t('losses.ce.target_mark')}"}).get,
    )
    j = min(j, len(logits) - 1)
    lo, hi = logic.sweep_range(logits)
    moved = st.slider(t("losses.ce.value", j=j), lo, hi, logits[j], 0.1,
                      key=key(f"sweep_value_{j}_" + "_".join(f"{v:g}" for v in logits)))
    sweep = logic.logit_sweep(logits, label, j)
    labels = {name: t(f"losses.ce.{name}") for name in ("loss", "lse", "neg_target")}
    labels |= {"grad": t("losses.ce.grad", j=j), "x": f"x[{j}]",
               "loss_axis": t("losses.ce.loss_axis"), "grad_axis": t("losses.ce.grad", j=j)}
    now = list(logits)
    now[j] = moved
    probabilities = logic.softmax(now)
    c_sweep, c_softmax = st.columns([3, 2])
    c_sweep.plotly_chart(figures.logit_sweep_figure(sweep, moved, labels), config=CHART_CONFIG,
                         key=key("sweep_chart"))
    c_softmax.plotly_chart(
        figures.softmax_figure(probabilities, label, t("losses.ce.softmax"), t("losses.ce.class")),
        config=CHART_CONFIG, key=key("softmax_chart"),
    )
    lse = logic.log_sum_exp(now)
    c_softmax.markdown(t(
        "losses.ce.result", lse=_number(lse), neg=_number(-now[label]), target=label,
        loss=_number(lse - now[label]), j=j,
        grad=_number(probabilities[j] - (1.0 if j == label else 0.0)),
    ))

with tab_weights:
    st.markdown(t("losses.weights.intro"))
    source = logic.weighting_source(state)
    own = source is state
    st.caption(t("losses.weights.source.page" if own else "losses.weights.source.preset"))
    n_classes = len(source.input[0])
    start = source.weight or (1.0,) * n_classes
    sliders = st.columns(min(n_classes, 4))
    weights = tuple(
        sliders[c % len(sliders)].slider(t("losses.weights.weight", c=c), 0.0, 5.0,
                                         float(start[c]), 0.1, key=key(f"teach_w{c}_{start}"))
        for c in range(n_classes)
    )
    ignored = st.selectbox(
        t("losses.weights.ignore"), [None, *range(n_classes)], key=key(f"teach_ignore_{n_classes}"),
        format_func=({None: t("losses.weights.ignore_none")}
                     | {c: str(c) for c in range(n_classes)}).get,
    )
    demo = replace(source, weight=weights,
                   ignore_index=logic.IGNORE_INDEX if ignored is None else ignored)
    info = logic.weighting_breakdown(demo)
    st.plotly_chart(
        figures.weighting_figure(
            info["rows"],
            {t("losses.weights.torch_mean"): info["mean"],
             t("losses.weights.plain_mean"): info["plain"]},
            {"ignored": t("losses.weights.ignored"), "bars": t("losses.weights.bars")},
        ),
        config=CHART_CONFIG, key=key("weights_chart"),
    )
    if math.isnan(info["mean"]):
        st.warning(t("losses.weights.all_ignored"))
    else:
        st.markdown(t(
            "losses.weights.result", total=_number(info["sum"]),
            denominator=_number(info["denominator"]), mean=_number(info["mean"]),
            rows=len(info["rows"]), plain=_number(info["plain"]),
        ))

with tab_float:
    st.markdown(t("losses.float.intro"))
    with_dtype = st.toggle(t("losses.float.toggle"), value=False, key=key("float_dtype"))
    snippet = logic.integer_snippet(with_dtype)
    st.code(snippet, language="python")
    outcome = cached_analysis(snippet)
    if outcome.problem:
        error_box(outcome.problem, snippet)
    else:
        st.markdown(t("losses.float.ok"))
        st.code("\n".join(outcome.printed), language=None)
