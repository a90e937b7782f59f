"""The Descent page's widgets: its settings (bound to the URL), the training buttons, the numbers,
figures and step reports of the runs."""

import math
from dataclasses import asdict, fields

import numpy as np
import streamlit as st

from lessons import descent as logic

from .i18n import labels, t
from .state import PageState

NAMES = tuple(f.name for f in fields(logic.Settings))
STATE = PageState("descent", NAMES, NAMES, lambda params: asdict(logic.from_query(params)))
RUNS = "descent:runs"  # session-state key of the trained runs


def current():
    """The settings the widgets show."""
    return logic.Settings(**STATE.values())


def _on_task():
    STATE.load(asdict(logic.for_task(current(), st.session_state[STATE.key("task")])))


def _on_function():
    STATE.load(asdict(logic.for_function(current(), st.session_state[STATE.key("fn")])))


def _on_expression():
    STATE.load({"fn": "custom"})


def number(value):
    """A loss or a norm as the page shows it: 4 significant digits, or inf / nan."""
    return f"{value:.4g}" if math.isfinite(value) else str(value)


def _select(label, choices, name, **options):
    return st.selectbox(t(label), choices, **STATE.widget(name),
                        format_func=labels(label, choices), **options)


def problem_controls(task):
    """What the runs learn: a function and its start, or a data set and a model."""
    if task == "function":
        _select("descent.fn", logic.FUNCTION_CHOICES, "fn", on_change=_on_function)
        st.text_input(t("descent.expr"), **STATE.widget("expr"), max_chars=logic.MAX_EXPR,
                      help=t("descent.expr.help"), on_change=_on_expression)
        for column, start in zip(st.columns(2), ("x0", "y0"), strict=True):
            column.number_input(t(f"descent.{start}"), **STATE.widget(start), step=0.1,
                                format="%.3f", min_value=-logic.MAX_START,
                                max_value=logic.MAX_START)
        return
    if task == "regression":
        _select("descent.data", logic.REGRESSION_DATA, "data")
        if _select("descent.model", logic.MODELS, "model") == "polynomial":
            st.slider(t("descent.degree"), *logic.BOUNDS["degree"], **STATE.widget("degree"))
        _select("descent.loss", logic.REGRESSION_LOSSES, "reg_loss")
    else:
        _select("descent.dataset", logic.DATASETS, "dataset")
        _select("descent.loss", logic.CLASSIFICATION_LOSSES, "cls_loss")
    if task == "classification" or st.session_state[STATE.key("model")] == "mlp":
        left, right = st.columns(2)
        left.text_input(t("descent.hidden"), **STATE.widget("hidden"), help=t(
            "descent.hidden.help", layers=logic.MAX_LAYERS, units=logic.MAX_UNITS))
        right.selectbox(t("descent.act"), logic.ACTIVATIONS, **STATE.widget("act"))
    left, right = st.columns(2)
    left.slider(t("descent.noise"), *logic.BOUNDS["noise"], step=0.01, **STATE.widget("noise"))
    right.number_input(t("descent.seed"), *logic.BOUNDS["seed"], step=1, **STATE.widget("seed"),
                       help=t("descent.seed.help"))


def optimizer_controls(suffix=""):
    """Optimizer, learning rate, momentum and Nesterov of the first run or the second."""
    opt = st.radio(t("descent.optimizer"), logic.OPTIMIZERS, **STATE.widget("opt" + suffix),
                   horizontal=True, format_func=lambda v: "SGD" if v == "sgd" else "Adam")
    st.select_slider(t("descent.lr"), logic.LEARNING_RATES, **STATE.widget("lr" + suffix),
                     format_func=lambda v: f"{v:g}")
    if opt == "sgd":
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        momentum = left.slider(t("descent.momentum"), *logic.BOUNDS["momentum"], step=0.01,
                               **STATE.widget("momentum" + suffix))
        right.checkbox(t("descent.nesterov"), **STATE.widget("nesterov" + suffix),
                       disabled=momentum == 0)


def controls():
    """Every setting's widget: the task, its problem, the optimizers and the training length."""
    task = st.radio(t("descent.task"), logic.TASKS, **STATE.widget("task"), on_change=_on_task,
                    format_func=labels("descent.task", logic.TASKS))
    problem_controls(task)
    st.subheader(t("descent.optimizer"), divider="gray")
    optimizer_controls()
    if task != "function":
        full_batch = t("descent.batch.full")
        st.select_slider(t("descent.batch"), logic.BATCH_SIZES, **STATE.widget("batch"),
                         format_func=lambda v: full_batch if v == 0 else str(v))
    st.select_slider(t("descent.l2"), logic.WEIGHT_DECAYS, **STATE.widget("l2"),
                     help=t("descent.l2.help"), format_func=lambda v: f"{v:g}")
    st.number_input(t("descent.steps"), *logic.BOUNDS["steps"], step=50,
                    **STATE.widget("steps"))
    if st.toggle(t("descent.compare"), **STATE.widget("compare"),
                 help=t("descent.compare.help")):
        st.caption(t("descent.second"))
        optimizer_controls("2")


def stored_runs(settings):
    """The runs of these settings: kept across reruns, rebuilt when the settings change.

    Raises engine.InputError for a function that does not parse (and forgets the old runs).
    """
    wanted = logic.problem_key(settings)
    stored = st.session_state.get(RUNS)
    if stored is None or stored["key"] != wanted:
        st.session_state.pop(RUNS, None)
        stored = {"key": wanted, "runs": logic.make_runs(settings), "reports": None}
        st.session_state[RUNS] = stored
    return stored


def buttons(stored, steps):
    """Train (with a progress bar), Step and Reset, acting on the stored runs."""
    runs = stored["runs"]
    train, step, reset, _ = st.columns([1, 1, 1, 3])
    if train.button(t("descent.train"), key="train", type="primary",
                    help=t("descent.train.help"), width="stretch"):
        bar = st.progress(0.0, text=t("descent.progress", done=0, total=steps))
        for i, run in enumerate(runs):
            def show(done, _steps, before=i * steps):
                bar.progress((before + done) / (steps * len(runs)),
                             text=t("descent.progress", done=done, total=steps))

            run.reset()
            run.train(steps, show)
        bar.empty()
        stored["reports"] = None
    if step.button(t("descent.step"), key="step", help=t("descent.step.help"), width="stretch"):
        stored["reports"] = [run.step() for run in runs]
    if reset.button(t("descent.reset"), key="reset", width="stretch"):
        for run in runs:
            run.reset()
        stored["reports"] = None


def stops(labels, runs):
    """Why a run stopped: an error for a mistake (lr too large), a warning for an unbounded f."""
    for label, run in zip(labels, runs, strict=True):
        if run.stopped is not None:
            show = st.warning if run.stopped.reason == "unbounded" else st.error
            show(t(f"descent.stopped.{run.stopped.reason}", label=label, step=run.stopped.step,
                   loss=number(run.stopped.loss), smaller=f"lr = {run.settings['lr'] / 10:g}"))


def metrics(labels, runs):
    """Each run's loss at the start and now, its accuracy (classification) and its steps."""
    for label, run in zip(labels, runs, strict=True):
        start, now = run.measure_start(), run.measure()
        cells = iter(st.columns(4 if now[1] is not None else 3))
        first = next(cells)
        first.metric(t("descent.loss_start"), number(start[0]))
        if len(runs) > 1:
            first.caption(label)
        next(cells).metric(t("descent.loss_now"), number(now[0]), delta_color="inverse",
                           delta=number(now[0] - start[0]) if run.steps_done else None)
        if now[1] is not None:
            next(cells).metric(t("descent.accuracy"), f"{now[1]:.0%}",
                               delta=f"{now[1] - start[1]:+.0%}" if run.steps_done else None)
        next(cells).metric(t("descent.steps_done"), run.steps_done)


def figures(settings, labels, runs):
    """The function with each run's path, the regression's fits, or each run's boundary."""
    words = {name: t(f"descent.chart.word.{name}") for name in logic.figures.WORDS}
    if settings.task == "function":
        one = len(runs[0].problem.names) == 1
        st.markdown(f"**{t('descent.chart.curve' if one else 'descent.chart.contour')}**")
        figure = logic.function_figure(settings, runs, labels, words=words)
        st.plotly_chart(figure, key="descent:main")
    elif settings.task == "regression":
        st.markdown(f"**{t('descent.chart.fit')}**")
        st.plotly_chart(logic.fit_figure(runs, labels, words=words), key="descent:main")
    else:
        for i, (column, label, run) in enumerate(
            zip(st.columns(len(runs)), labels, runs, strict=True)
        ):
            column.markdown(f"**{t('descent.chart.boundary', label=label)}**")
            figure = logic.boundary_figure(run, words=words)
            column.plotly_chart(figure, key=f"descent:boundary:{i}")


def loss_curves(labels, runs):
    """Every run's loss (and accuracy) per step, on a linear or log scale."""
    head, toggle = st.columns([3, 1], vertical_alignment="bottom")
    head.subheader(t("descent.loss_curve"))
    log = toggle.toggle(t("descent.chart.log"), **STATE.widget("log"))
    curves = [(label, run.losses, run.accuracies) for label, run in zip(labels, runs, strict=True)]
    st.plotly_chart(
        logic.figures.loss_figure(
            curves, log=log, titles=(t("descent.chart.loss"), t("descent.chart.accuracy")),
            step_title=t("descent.chart.step"),
        ),
        key="descent:loss",
    )
    if runs[0].batch_size < len(runs[0].problem.data):
        st.caption(t("descent.minibatch_note"))


def update_rule(opt, l2):
    """The sentence under a step: how this optimizer turns the gradient into the update."""
    if opt["optimizer"] == "adam":
        rule = t("descent.report.adam")
    elif opt["momentum"] > 0:
        nesterov = t("descent.report.nesterov") if opt["nesterov"] else ""
        rule = t("descent.report.momentum", momentum=f"{opt['momentum']:g}", nesterov=nesterov)
    else:
        rule = t("descent.report.sgd", lr=f"{opt['lr']:g}")
    return rule + (" " + t("descent.report.decay", l2=f"{l2:g}") if l2 else "")


def step_reports(labels, runs, reports, l2):
    """After Step: each parameter before, its gradient, the update and after, per run."""
    for label, run, report in zip(labels, runs, reports, strict=True):
        st.subheader(t("descent.report.title", step=run.steps_done, label=label))
        if report is None:
            st.info(t("descent.report.stopped"))
            continue
        st.caption(update_rule(run.settings, l2))
        st.markdown(t("descent.report.norms", loss=number(report.loss),
                      grad=number(float(np.hypot.reduce(report.grads))),
                      update=number(float(np.hypot.reduce(report.updates)))))
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
