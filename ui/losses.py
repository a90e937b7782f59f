"""The Losses page's widgets: its state bound to the URL, the controls and tables that edit it,
and the teaching panels. Every option widget comes from the loss catalogue."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from lessons.losses import catalogue, teaching
from lessons.losses import state as model
from lessons.losses.catalogue import OPTIONS
from lessons.losses.closed_form import log_sum_exp
from ui.caches import cached_analysis
from ui.i18n import labels, t
from ui.state import PageState
from ui.widgets import CHART_CONFIG, error_box
from viz import losses as figures
from viz.losses import short_number

FIELDS = ("loss", "reduction", "dtype")
BASE = "losses:base"  # the tables the data editors start from, by name (input, other, target)
VERSION = "losses:version"  # bumped when the tables are replaced, so the editors start afresh


def _values(state):
    """The settings that show a state: the last valid state ("good") and every widget's value."""
    values = {name: getattr(state, name) for name in FIELDS}
    for name, option in OPTIONS.items():
        value = state.get(name)
        values[name] = model.vector_text(value, ", ") if option.kind == "vector" else value
    return values | {
        "good": state,
        "shape": model.shape_text(state.shape),
        "rows": len(state.input),
        "cols": len(state.input[0]),
        "target_length": len(state.target[0]),
        "preset": next((k for k, v in model.PRESETS.items() if v == state), None),
    }


PAGE = PageState(
    "losses", tuple(_values(model.PRESETS[model.DEFAULT_PRESET])), model.PARAMS,
    lambda params: _values(model.state_from_params(params)),
)
GOOD = PAGE.key("good")  # the last valid LossState: what everything below the tables shows
key = PAGE.key


def load(state):
    """Put a state into the widgets; the data editors start afresh from its tables."""
    PAGE.load(_values(state))
    st.session_state[VERSION] = st.session_state.get(VERSION, 1) + 1


def current_state():
    """The last valid state: a link's on the first visit, else this session's."""
    ss = st.session_state
    PAGE.bind()
    ss.setdefault(VERSION, 1)
    if BASE not in ss or key(f"input_{ss[VERSION]}") not in ss:
        # a new state, or back from another page (which forgets the editors' edits)
        ss[BASE] = {table: getattr(ss[GOOD], table) for table in catalogue.TABLES}
    return ss[GOOD]


def _on_preset():
    if st.session_state[key("preset")] is not None:
        load(model.PRESETS[st.session_state[key("preset")]])


def _on_loss():
    load(model.switch_loss(st.session_state[GOOD], st.session_state[key("loss")]))


def _on_choice(name):
    load(model.set_option(st.session_state[GOOD], name, st.session_state[key(name)]))


def _on_size():
    ss = st.session_state
    load(model.fit_tables(ss[GOOD], ss[key("rows")], ss[key("cols")]))


def _on_target_length():
    load(model.fit_target(st.session_state[GOOD], st.session_state[key("target_length")]))


def _loss_help():
    """The catalogue by group, as the loss selector's help (with the losses only Explore runs)."""
    return "\n\n".join(
        f"**{t(f'losses.group.{group}')}**: " + ", ".join(names)
        for group, names in catalogue.by_group().items()
    ) + "\n\n" + t("losses.elsewhere.help", names=", ".join(catalogue.EXPLORE_ONLY))


def _loss_labels():
    """Each loss under its group's name, so the picker reads group by group."""
    return {name: f"{t(f'losses.group.{group}')} · {name}"
            for group, names in catalogue.by_group().items() for name in names}.get


def elsewhere(lang):
    """The torch losses this page does not draw, each with a link to its example on Explore."""
    with st.expander(t("losses.elsewhere")):
        st.caption(t("losses.elsewhere.caption"))
        for name, (group, code) in catalogue.EXPLORE_ONLY.items():
            st.link_button(f"{t(f'losses.group.{group}')} · {name}",
                           model.explore_link(code, None if lang == "en" else lang),
                           icon=":material/open_in_new:")


def option_widget(container, name):
    """The widget of one catalogue option, in ``container``."""
    option = OPTIONS[name]
    common = {**PAGE.widget(name), "help": t(f"losses.{name}.help")}
    label = t(f"losses.{name}")
    if option.widget == "radio":
        container.radio(label, option.choices, on_change=_on_choice, args=(name,),
                        format_func=labels(f"losses.{name}", option.choices), **common)
    elif option.widget == "slider":
        container.slider(label, option.low, option.high, step=option.step, **common)
    elif option.widget == "number":
        container.number_input(label, option.low, option.high, step=option.step,
                               format=option.format, **common)
    elif option.widget == "toggle":
        container.toggle(label, **common)
    else:
        container.text_input(label, placeholder="1, 2, 0.5", **common)


def controls(good):
    """The example, loss, reduction and dtype pickers, the table sizes and the loss's options."""
    c_preset, c_loss, c_reduction, c_dtype = st.columns([3, 2, 2, 2])
    c_preset.selectbox(
        t("losses.preset"), list(model.PRESETS), **PAGE.widget("preset"), on_change=_on_preset,
        format_func=labels("losses.preset", model.PRESETS), placeholder=t("losses.preset.custom"),
    )
    c_loss.selectbox(t("losses.loss"), catalogue.LOSS_NAMES, **PAGE.widget("loss"),
                     on_change=_on_loss, help=_loss_help(), format_func=_loss_labels())
    c_reduction.radio(t("losses.reduction"), good.spec.reductions, **PAGE.widget("reduction"),
                      horizontal=True, help=t("losses.reduction.help"))
    c_dtype.selectbox(t("losses.dtype"), model.DTYPES, **PAGE.widget("dtype"),
                      format_func=labels("losses.dtype", model.DTYPES))
    slots = list(st.columns(6))
    kind = {"classes": ".classes", "rows": ".classes", "triples": ".triples",
            "sequence": ".sequence"}.get(good.spec.layout, "")
    slots.pop(0).number_input(t(f"losses.rows{kind}"), 1, model.MAX_ROWS, step=1,
                              **PAGE.widget("rows"), on_change=_on_size)
    if not good.spec.inputs[0].column:  # a loss of one number per row has one column
        slots.pop(0).number_input(t(f"losses.cols{kind}"), 1, model.MAX_COLS, step=1,
                                  **PAGE.widget("cols"), on_change=_on_size)
    if good.spec.layout == "sequence":
        slots.pop(0).number_input(t("losses.target_length"), 1, model.MAX_COLS, step=1,
                                  **PAGE.widget("target_length"), on_change=_on_target_length)
    if not good.rowwise:
        slots.pop(0).text_input(t("losses.shape"), **PAGE.widget("shape"),
                                help=t("losses.shape.help"))
    for name, slot in zip(good.spec.options, slots, strict=False):
        option_widget(slot, name)


def _editor(table, name, columns):
    frame = pd.DataFrame([list(row) for row in table], columns=columns, dtype="string")
    config = {c: st.column_config.TextColumn(c, required=True) for c in columns}
    edited = st.data_editor(frame, key=key(f"{name}_{st.session_state[VERSION]}"),
                            column_config=config, width="stretch")
    return [[None if pd.isna(v) else v for v in row] for row in edited.astype(object).values]


def _read(parse, *args):
    """(parsed value, None) or (None, Problem) for one table or option."""
    try:
        return parse(*args), None
    except model.TableError as err:
        return None, err.problem


def _widths(good):
    """The editors' relative widths: a column of class indices or numbers is narrow."""
    if good.spec.layout == "sequence":
        return [3, 2]
    return [1 if a.column or (a.table == "target" and good.index_target) else 3
            for a in good.spec.inputs]


def tables(good):
    """The data editors, read with the option widgets: (the state they make, its problems)."""
    ss = st.session_state
    parsed, problems = {}, []
    for column, argument in zip(st.columns(_widths(good)), good.spec.inputs, strict=True):
        table = ss[BASE][argument.table]
        if argument.column:
            names = [argument.name]
        elif argument.table == "target" and good.index_target:
            names = ["y"]
        else:
            names = [str(c) for c in range(len(table[0]))]
        with column:
            st.markdown(f"**{t(f'losses.{argument.name}')}**")
            st.caption(t(model.argument_help(good, argument)))
            cells = _editor(table, argument.table, names)
        integer = argument.table == "target" and good.integer_target
        parsed[argument.table], problem = _read(model.parse_table, cells, integer)
        problems += [problem] if problem else []
    shape, bad_shape = (None, None) if good.rowwise else _read(model.parse_shape, ss[key("shape")])
    problems += [bad_shape] if bad_shape else []
    options = {}
    for name in good.spec.options:
        if OPTIONS[name].kind == "vector":
            options[name], problem = _read(model.parse_vector, ss[key(name)])
            problems += [problem] if problem else []
        elif OPTIONS[name].kind != "choice":  # a choice changes the state when it is made
            options[name] = ss[key(name)]
    tables = {name: table or getattr(good, name) for name, table in parsed.items()}
    candidate = replace(good, reduction=ss[key("reduction")], dtype=ss[key("dtype")],
                        shape=shape, **tables).with_options(**options)
    return candidate, problems or model.check_state(candidate)


# --- teaching panels ---------------------------------------------------------------------------


def mean_sum_panel(state):
    """Mean versus sum: the gradient of one element as the data is repeated."""
    if state.spec.layout == "sequence":  # one loss per sequence: its mean is another story
        st.markdown(t("losses.mean_sum.sequence"))
        return
    st.markdown(t("losses.mean_sum.intro"))
    k = st.slider(t("losses.mean_sum.repeat"), 1, teaching.MAX_REPEATS, 2, key=key("repeat"))
    series = teaching.mean_vs_sum(state)
    element = "[{}, {}]".format(*series["element"])
    n = series["sizes"][k - 1]
    words = {"mean": t("losses.mean_sum.mean"), "sum": t("losses.mean_sum.sum"),
             "x": t("losses.mean_sum.x"), "y": t("losses.mean_sum.y", element=element)}
    st.plotly_chart(figures.mean_sum_figure(series["sizes"], series["mean"], series["sum"], n,
                                            words), config=CHART_CONFIG, key=key("mean_sum_chart"))
    g_mean, g_sum = series["mean"][k - 1], series["sum"][k - 1]
    st.markdown(t(
        "losses.mean_sum.result", n=n, element=element,
        mean_loss=short_number(series["mean_loss"][k - 1]),
        sum_loss=short_number(series["sum_loss"][k - 1]), g_mean=short_number(g_mean),
        g_sum=short_number(g_sum), ratio=short_number(g_sum / g_mean) if g_mean else "—",
    ))


def cross_entropy_panel(state):
    """Cross-entropy's two parts as one logit moves, beside the softmax."""
    st.markdown(t("losses.ce.intro"))
    logits, label = teaching.sweep_source(state)
    own = state.loss == "CrossEntropyLoss" and state.index_target
    st.caption(t("losses.ce.source.page", target=label) if own else t("losses.ce.source.tutorial"))
    j = st.selectbox(
        t("losses.ce.logit"), range(len(logits)), key=key("sweep_logit"),
        format_func=({c: f"x[{c}]" for c in range(len(logits))}
                     | {label: f"x[{label}] {t('losses.ce.target_mark')}"}).get,
    )
    j = min(j, len(logits) - 1)
    lo, hi = teaching.sweep_range(logits)
    moved = st.slider(t("losses.ce.value", j=j), lo, hi, logits[j], 0.1,
                      key=key(f"sweep_value_{j}_" + "_".join(f"{v:g}" for v in logits)))
    words = {name: t(f"losses.ce.{name}") for name in ("loss", "lse", "neg_target")}
    words |= {"grad": t("losses.ce.grad", j=j), "x": f"x[{j}]",
              "loss_axis": t("losses.ce.loss_axis"), "grad_axis": t("losses.ce.grad", j=j)}
    now = list(logits)
    now[j] = moved
    probabilities = teaching.softmax(now)
    c_sweep, c_softmax = st.columns([3, 2])
    sweep = teaching.logit_sweep(logits, label, j)
    c_sweep.plotly_chart(figures.logit_sweep_figure(sweep, moved, words), config=CHART_CONFIG,
                         key=key("sweep_chart"))
    c_softmax.plotly_chart(
        figures.softmax_figure(probabilities, label, t("losses.ce.softmax"), t("losses.ce.class")),
        config=CHART_CONFIG, key=key("softmax_chart"),
    )
    lse = log_sum_exp(now)
    c_softmax.markdown(t(
        "losses.ce.result", lse=short_number(lse), neg=short_number(-now[label]), target=label,
        loss=short_number(lse - now[label]), j=j,
        grad=short_number(probabilities[j] - (1.0 if j == label else 0.0)),
    ))


def weights_panel(state):
    """Class weights and ignore_index: what torch's mean divides by."""
    st.markdown(t("losses.weights.intro"))
    source = teaching.weighting_source(state)
    st.caption(t("losses.weights.source.page" if source is state
                 else "losses.weights.source.preset"))
    n_classes = len(source.input[0])
    start = source.get("weight") or (1.0,) * n_classes
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
    demo = source.with_options(weight=weights, ignore_index=OPTIONS["ignore_index"].default
                               if ignored is None else ignored)
    info = teaching.weighting_breakdown(demo)
    st.plotly_chart(
        figures.weighting_figure(
            info["rows"],
            {t("losses.weights.torch_mean"): info["mean"],
             t("losses.weights.plain_mean"): info["plain"]},
            {"ignored": t("losses.weights.ignored"), "bars": t("losses.weights.bars")},
        ),
        config=CHART_CONFIG, key=key("weights_chart"),
    )
    if info["mean"] != info["mean"]:
        st.warning(t("losses.weights.all_ignored"))
    else:
        st.markdown(t(
            "losses.weights.result", total=short_number(info["sum"]),
            denominator=short_number(info["denominator"]), mean=short_number(info["mean"]),
            rows=len(info["rows"]), plain=short_number(info["plain"]),
        ))


def float_panel():
    """The tutorial's integer tensors: the snippet language's error, then the dtype fixing it."""
    st.markdown(t("losses.float.intro"))
    with_dtype = st.toggle(t("losses.float.toggle"), value=False, key=key("float_dtype"))
    snippet = teaching.integer_snippet(with_dtype)
    st.code(snippet, language="python")
    outcome = cached_analysis(snippet)
    if outcome.problem:
        error_box(outcome.problem, snippet)
    else:
        st.markdown(t("losses.float.ok"))
        st.code("\n".join(outcome.printed), language=None)


def teaching_panels(state):
    """The four teaching tabs."""
    st.subheader(t("losses.teach"))
    tab_sum, tab_ce, tab_weights, tab_float = st.tabs(
        [t(f"losses.teach.{name}") for name in ("mean_sum", "ce_parts", "weights", "float")]
    )
    with tab_sum:
        mean_sum_panel(state)
    with tab_ce:
        cross_entropy_panel(state)
    with tab_weights:
        weights_panel(state)
    with tab_float:
        float_panel()
