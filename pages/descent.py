"""Descent: gradient descent on a function, a regression or a classification, step by step."""

import streamlit as st

from engine import InputError
from lessons import descent as logic
from lessons.explore import Problem
from ui import descent as panels
from ui.frame import frame
from ui.i18n import t
from ui.widgets import error_box

frame()
panels.STATE.bind()  # a link fills in any widget this session has not seen yet

st.title(t("descent.title"))
st.caption(t("descent.intro"))
controls, results = st.columns([1, 2.3], gap="large")
with controls:
    panels.controls()

settings, hidden_error = logic.checked(panels.current())
panels.STATE.publish(logic.to_query(settings))

with results:
    if hidden_error:
        st.warning(t("descent.hidden.bad", error=t(hidden_error.key, **hidden_error.params),
                     default=logic.DEFAULTS.hidden))
    try:
        stored = panels.stored_runs(settings)
    except InputError as err:
        error_box(Problem.from_error(err), settings.expr)
        st.stop()
    runs, labels = stored["runs"], logic.run_labels(settings)

    panels.buttons(stored, settings.steps)
    panels.stops(labels, runs)
    if not any(run.steps_done or run.stopped for run in runs):
        st.info(t("descent.hint", steps=settings.steps))
    panels.metrics(labels, runs)
    panels.figures(settings, labels, runs)
    panels.loss_curves(labels, runs)
    if stored["reports"]:
        panels.step_reports(labels, runs, stored["reports"], settings.l2)
