"""Descent: gradient descent on a function, a regression or a classification, step by step."""

import math
from dataclasses import fields, replace

import numpy as np
import streamlit as st

from engine import InputError
from lessons import descent as logic
from lessons.explore import Problem
from ui.frame import frame
from ui.i18n import labels, t
from ui.state import write_param
from ui.widgets import error_box

frame()

PREFIX = "descent."  # session-state keys of this page's widgets
RUNS = "descent:runs"  # session-state key of the trained runs


def key(name):
    """The session-state key of a setting's widget."""
    return PREFIX + name


def _load(settings):
    for f in fields(logic.Settings):
        st.session_state[key(f.name)] = getattr(settings, f.name)


def _current():
    return logic.Settings(**{f.name: st.session_state[key(f.name)] for f in fields(logic.Settings)})


def _on_task():
    _load(logic.for_task(_current(), st.session_state[key("task")]))


def _on_function():
    _load(logic.for_function(_current(), st.session_state[key("fn")]))


def _on_expression():
    st.session_state[key("fn")] = "custom"


def _number(value):
    return f"{value:.4g}" if math.isfinite(value) else str(value)


# --- settings: the link fills in any widget this session has not seen yet ------------------
linked = logic.from_query(st.query_params)
for f in fields(logic.Settings):
    # re-assigning keeps the value of a widget that is hidden on this run (another task's)
    st.session_state[key(f.name)] = st.session_state.get(key(f.name), getattr(linked, f.name))

st.title(t("descent.title"))
st.caption(t("descent.intro"))

controls, results = st.columns([1, 2.3], gap="large")

with controls:
    task = st.radio(
        t("descent.task"),
        logic.TASKS,
        key=key("task"),
        on_change=_on_task,
        format_func=labels("descent.task", logic.TASKS),
    )
    if task == "function":
        st.selectbox(
            t("descent.fn"),
            logic.FUNCTION_CHOICES,
            key=key("fn"),
            on_change=_on_function,
            format_func=labels("descent.fn", logic.FUNCTION_CHOICES),
        )
        st.text_input(
            t("descent.expr"),
            key=key("expr"),
            max_chars=logic.MAX_EXPR,
            help=t("descent.expr.help"),
            on_change=_on_expression,
        )
        for column, start in zip(st.columns(2), ("x0", "y0"), strict=True):
            column.number_input(
                t(f"descent.{start}"),
                key=key(start),
                step=0.1,
                format="%.3f",
                min_value=-logic.MAX_START,
                max_value=logic.MAX_START,
            )
    else:
        if task == "regression":
            st.selectbox(
                t("descent.data"),
                logic.REGRESSION_DATA,
                key=key("data"),
                format_func=labels("descent.data", logic.REGRESSION_DATA),
            )
            model = st.selectbox(
                t("descent.model"),
                logic.MODELS,
                key=key("model"),
                format_func=labels("descent.model", logic.MODELS),
            )
            if model == "polynomial":
                st.slider(t("descent.degree"), *logic.BOUNDS["degree"], key=key("degree"))
            st.selectbox(
                t("descent.loss"),
                logic.REGRESSION_LOSSES,
                key=key("reg_loss"),
                format_func=labels("descent.loss", logic.REGRESSION_LOSSES),
            )
        else:
            st.selectbox(
                t("descent.dataset"),
                logic.DATASETS,
                key=key("dataset"),
                format_func=labels("descent.dataset", logic.DATASETS),
            )
            st.selectbox(
                t("descent.loss"),
                logic.CLASSIFICATION_LOSSES,
                key=key("cls_loss"),
                format_func=labels("descent.loss", logic.CLASSIFICATION_LOSSES),
            )
        if task == "classification" or st.session_state[key("model")] == "mlp":
            left, right = st.columns(2)
            left.text_input(
                t("descent.hidden"),
                key=key("hidden"),
                help=t("descent.hidden.help", layers=logic.MAX_LAYERS, units=logic.MAX_UNITS),
            )
            right.selectbox(t("descent.act"), logic.ACTIVATIONS, key=key("act"))
        left, right = st.columns(2)
        left.slider(t("descent.noise"), *logic.BOUNDS["noise"], step=0.01, key=key("noise"))
        right.number_input(
            t("descent.seed"),
            *logic.BOUNDS["seed"],
            step=1,
            key=key("seed"),
            help=t("descent.seed.help"),
        )

    st.subheader(t("descent.optimizer"), divider="gray")

    def optimizer_widgets(suffix=""):
        """Optimizer, learning rate, momentum and Nesterov of the first run or the second."""
        opt = st.radio(
            t("descent.optimizer"),
            logic.OPTIMIZERS,
            key=key("opt" + suffix),
            horizontal=True,
            format_func=lambda v: "SGD" if v == "sgd" else "Adam",
        )
        st.select_slider(
            t("descent.lr"),
            logic.LEARNING_RATES,
            key=key("lr" + suffix),
            format_func=lambda v: f"{v:g}",
        )
        if opt == "sgd":
            left, right = st.columns([2, 1], vertical_alignment="bottom")
            momentum = left.slider(
                t("descent.momentum"),
                *logic.BOUNDS["momentum"],
                step=0.01,
                key=key("momentum" + suffix),
            )
            right.checkbox(
                t("descent.nesterov"), key=key("nesterov" + suffix), disabled=momentum == 0
            )

    optimizer_widgets()
    if task != "function":
        full_batch = t("descent.batch.full")
        st.select_slider(
            t("descent.batch"),
            logic.BATCH_SIZES,
            key=key("batch"),
            format_func=lambda v: full_batch if v == 0 else str(v),
        )
    st.select_slider(
        t("descent.l2"),
        logic.WEIGHT_DECAYS,
        key=key("l2"),
        help=t("descent.l2.help"),
        format_func=lambda v: f"{v:g}",
    )
    st.number_input(t("descent.steps"), *logic.BOUNDS["steps"], step=50, key=key("steps"))
    if st.toggle(t("descent.compare"), key=key("compare"), help=t("descent.compare.help")):
        st.caption(t("descent.second"))
        optimizer_widgets("2")

settings = _current()
hidden_error = None
try:
    logic.parse_hidden(settings.hidden)
except ValueError as err:
    hidden_error = str(err)
    settings = replace(settings, hidden=logic.DEFAULTS.hidden)
linked = logic.to_query(settings)
for f in fields(logic.Settings):
    write_param(f.name, linked.get(f.name, ""))


def _labels(settings):
    return [
        logic.run_label(o["optimizer"], o["lr"], o["momentum"], o["nesterov"])
        for o in logic.optimizers(settings)
    ]


def _stored_runs(settings):
    """The runs of these settings: kept across reruns, rebuilt when the settings change."""
    wanted = logic.problem_key(settings)
    stored = st.session_state.get(RUNS)
    if stored is None or stored["key"] != wanted:
        stored = {"key": wanted, "runs": logic.make_runs(settings), "reports": None}
        st.session_state[RUNS] = stored
    return stored


with results:
    if hidden_error:
        st.warning(t("descent.hidden.bad", error=hidden_error, default=logic.DEFAULTS.hidden))
    try:
        stored = _stored_runs(settings)
    except InputError as err:
        st.session_state.pop(RUNS, None)
        error_box(Problem(err.message, err.line, err.col), settings.expr)
        st.stop()
    runs, labels = stored["runs"], _labels(settings)

    train, step, reset, _ = st.columns([1, 1, 1, 3])
    if train.button(
        t("descent.train"),
        key="train",
        type="primary",
        help=t("descent.train.help"),
        width="stretch",
    ):
        bar = st.progress(0.0, text=t("descent.progress", done=0, total=settings.steps))
        total = settings.steps * len(runs)
        for i, run in enumerate(runs):
            done_before = i * settings.steps

            def show(done, _steps, before=done_before):
                bar.progress(
                    (before + done) / total,
                    text=t("descent.progress", done=done, total=settings.steps),
                )

            run.reset()
            run.train(settings.steps, show)
        bar.empty()
        stored["reports"] = None
    if step.button(t("descent.step"), key="step", help=t("descent.step.help"), width="stretch"):
        stored["reports"] = [run.step() for run in runs]
    if reset.button(t("descent.reset"), key="reset", width="stretch"):
        for run in runs:
            run.reset()
        stored["reports"] = None

    for label, run in zip(labels, runs, strict=True):
        if run.stopped is not None:
            lr = run.settings["lr"]
            # an unbounded function is a property of f, not a mistake: a warning, not an error
            show = st.warning if run.stopped.reason == "unbounded" else st.error
            show(
                t(
                    f"descent.stopped.{run.stopped.reason}",
                    label=label,
                    step=run.stopped.step,
                    loss=_number(run.stopped.loss),
                    smaller=f"lr = {lr / 10:g}",
                )
            )

    if not any(run.steps_done for run in runs) and not any(run.stopped for run in runs):
        st.info(t("descent.hint", steps=settings.steps))

    for label, run in zip(labels, runs, strict=True):
        start, now = run.measure_start(), run.measure()
        cells = iter(st.columns(4 if now[1] is not None else 3))
        first = next(cells)
        first.metric(t("descent.loss_start"), _number(start[0]))
        if len(runs) > 1:
            first.caption(label)
        next(cells).metric(
            t("descent.loss_now"),
            _number(now[0]),
            delta=_number(now[0] - start[0]) if run.steps_done else None,
            delta_color="inverse",
        )
        if now[1] is not None:
            next(cells).metric(
                t("descent.accuracy"),
                f"{now[1]:.0%}",
                delta=f"{now[1] - start[1]:+.0%}" if run.steps_done else None,
            )
        next(cells).metric(t("descent.steps_done"), run.steps_done)

    if settings.task == "function":
        one = len(runs[0].problem.params) == 1
        st.markdown(f"**{t('descent.chart.curve' if one else 'descent.chart.contour')}**")
        st.plotly_chart(logic.function_figure(settings, runs, labels), key="descent:main")
    elif settings.task == "regression":
        st.markdown(f"**{t('descent.chart.fit')}**")
        st.plotly_chart(logic.fit_figure(runs, labels), key="descent:main")
    else:
        columns = st.columns(len(runs))
        for i, (column, label, run) in enumerate(zip(columns, labels, runs, strict=True)):
            column.markdown(f"**{t('descent.chart.boundary', label=label)}**")
            column.plotly_chart(logic.boundary_figure(run), key=f"descent:boundary:{i}")

    head, toggle = st.columns([3, 1], vertical_alignment="bottom")
    head.subheader(t("descent.loss_curve"))
    log = toggle.toggle(t("descent.chart.log"), key=key("log"))
    curves = [(label, run.losses, run.accuracies) for label, run in zip(labels, runs, strict=True)]
    st.plotly_chart(
        logic.figures.loss_figure(
            curves,
            log=log,
            titles=(t("descent.chart.loss"), t("descent.chart.accuracy")),
            step_title=t("descent.chart.step"),
        ),
        key="descent:loss",
    )
    if runs[0].batch_size < len(runs[0].problem.data):
        st.caption(t("descent.minibatch_note"))

    for label, run, report in zip(labels, runs, stored["reports"] or [], strict=False):
        st.subheader(t("descent.report.title", step=run.steps_done, label=label))
        if report is None:
            st.info(t("descent.report.stopped"))
            continue
        st.caption(logic.update_rule(run.settings, settings.l2, t))
        st.markdown(
            t(
                "descent.report.norms",
                loss=_number(report.loss),
                grad=_number(float(np.hypot.reduce(report.grads))),
                update=_number(float(np.hypot.reduce(report.updates))),
            )
        )
        st.dataframe(
            {
                t("descent.report.parameter"): report.names,
                t("descent.report.before"): report.before,
                t("descent.report.gradient"): report.grads,
                t("descent.report.update"): report.updates,
                t("descent.report.after"): report.after,
            },
            hide_index=True,
            height=min(400, 38 + 35 * len(report.names)),
        )
