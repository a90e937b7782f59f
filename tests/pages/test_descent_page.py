"""The Descent page in AppTest: train each task, step, reset, diverge, links, languages."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

PAGE = str(Path(__file__).parents[2] / "pages" / "descent.py")


def _page(**params):
    at = AppTest.from_file(PAGE, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def _metric(at, label, index=0):
    """The number a metric with this label shows (the index-th run's, when comparing)."""
    values = [m.value for m in at.metric if m.label == label]
    return values[index]


def _ok(at):
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize("task", ["function", "regression", "classification"])
def test_train_halves_the_loss_of_each_tasks_default(task):
    at = _page(task=task)
    _ok(at)
    assert float(_metric(at, "loss now")) == float(_metric(at, "loss at start"))
    at.button(key="train").click().run()
    _ok(at)
    start, now = float(_metric(at, "loss at start")), float(_metric(at, "loss now"))
    assert now <= start / 2, (start, now)
    steps = {"function": 100, "regression": 300, "classification": 500}[task]
    assert int(_metric(at, "steps taken")) == steps
    assert not at.error
    if task == "classification":
        assert int(_metric(at, "accuracy").rstrip("%")) >= 90


def test_a_learning_rate_of_100_on_the_bowl_diverges_with_an_explanation():
    at = _page(task="function", fn="bowl", lr="100")
    at.button(key="train").click().run()
    _ok(at)
    (message,) = [e.value for e in at.error]
    assert "learning rate too large: try 10x smaller (lr = 10)" in message
    assert int(_metric(at, "steps taken")) < 5


def test_step_shows_the_gradient_and_the_update():
    at = _page()  # the bowl x^2 + y^2 from (-2.5, 2) with SGD lr = 0.1
    at.button(key="step").click().run()
    _ok(at)
    table = at.dataframe[0].value
    assert table["parameter"].tolist() == ["x", "y"]
    # grad = (2x, 2y) = (-5, 4); update = -0.1 * grad
    assert table["gradient"].tolist() == pytest.approx([-5.0, 4.0])
    assert table["update"].tolist() == pytest.approx([0.5, -0.4])
    assert table["after"].tolist() == pytest.approx([-2.0, 1.6])
    assert any("−lr × gradient" in c.value for c in at.caption)
    at.button(key="step").click().run()
    assert at.dataframe[0].value["before"].tolist() == pytest.approx([-2.0, 1.6])
    assert int(_metric(at, "steps taken")) == 2


def test_results_persist_across_reruns_and_reset_clears_them():
    at = _page()
    at.button(key="train").click().run()
    trained = _metric(at, "loss now")
    at.toggle(key="descent.log").set_value(True).run()  # any other rerun
    assert _metric(at, "loss now") == trained and int(_metric(at, "steps taken")) == 100
    at.button(key="reset").click().run()
    assert int(_metric(at, "steps taken")) == 0
    assert _metric(at, "loss now") == _metric(at, "loss at start")


def test_two_runs_side_by_side():
    at = _page(task="classification", compare="1", opt2="adam", lr2="0.01", steps="100")
    at.button(key="train").click().run()
    _ok(at)
    assert len([m for m in at.metric if m.label == "loss now"]) == 2
    assert int(_metric(at, "steps taken", 1)) == 100
    assert [c.value for c in at.caption if c.value.startswith(("SGD", "Adam"))] == [
        "SGD+momentum 0.9 lr=0.05",
        "Adam lr=0.01",
    ]


def test_a_bad_expression_shows_the_error_box_and_a_good_one_trains():
    at = _page()
    at.text_input(key="descent.expr").input("x + z").run()
    _ok(at)
    assert at.selectbox(key="descent.fn").value == "custom"
    (message,) = [e.value for e in at.error]
    assert "line 1, column 5" in message.lower() and "name 'z'" in message
    assert "x + z\n    ^" in message  # the expression quoted, a caret under the z
    at.text_input(key="descent.expr").input("(x - 1)**2").run()
    at.button(key="train").click().run()
    _ok(at)
    assert float(_metric(at, "loss now")) < 1e-6
    assert at.query_params["expr"] == "(x - 1)**2"


def test_choosing_a_preset_loads_its_function_and_start():
    at = _page()
    at.selectbox(key="descent.fn").set_value("rosenbrock").run()
    assert at.text_input(key="descent.expr").value == "(1 - x)**2 + 100*(y - x**2)**2"
    assert at.number_input(key="descent.x0").value == -1.5
    assert at.query_params["fn"] == "rosenbrock"


def test_switching_task_loads_its_optimizer_defaults():
    at = _page()
    at.radio(key="descent.task").set_value("classification").run()
    _ok(at)
    assert at.slider(key="descent.momentum").value == 0.9
    assert at.number_input(key="descent.steps").value == 500


def test_settings_go_into_the_link():
    at = _page(task="regression")
    at.select_slider(key="descent.lr").set_value(0.5).run()
    at.selectbox(key="descent.model").set_value("mlp").run()
    assert at.query_params["lr"] == "0.5" and at.query_params["model"] == "mlp"
    assert at.query_params["task"] == "regression"
    link = dict(at.query_params)
    again = _page(**link)
    assert again.select_slider(key="descent.lr").value == 0.5
    assert again.selectbox(key="descent.model").value == "mlp"


def test_bad_params_fall_back_to_defaults():
    at = _page(task="nonsense", lr="-1e999", steps="10^9", seed="x", fn="<script>", hidden="0")
    _ok(at)
    assert at.radio(key="descent.task").value == "function"
    assert at.select_slider(key="descent.lr").value == 0.1
    assert at.number_input(key="descent.steps").value == 100


def test_bad_hidden_sizes_warn_and_use_the_default():
    at = _page(task="classification")
    at.text_input(key="descent.hidden").input("16, lots").run()
    _ok(at)
    assert "16,16" in at.warning[0].value


def test_the_page_in_chinese():
    at = _page(lang="zh", task="classification")
    _ok(at)
    assert at.title[0].value == "梯度下降"
    assert {m.label for m in at.metric} >= {"初始损失", "当前损失", "准确率", "已走步数"}
    at.button(key="train").click().run()
    _ok(at)
    assert float(_metric(at, "当前损失")) <= float(_metric(at, "初始损失")) / 2


def test_settings_stay_while_hidden_and_while_another_page_is_open():
    at = AppTest.from_file(str(Path(__file__).parents[2] / "app.py"), default_timeout=60)
    at.switch_page("pages/descent.py").run()
    at.radio(key="descent.task").set_value("regression").run()
    at.selectbox(key="descent.model").set_value("mlp").run()
    at.radio(key="descent.task").set_value("function").run()  # the model's widget is hidden
    at.switch_page("pages/explore.py").run()
    _ok(at)
    at.switch_page("pages/descent.py").run()
    assert at.radio(key="descent.task").value == "function"
    at.radio(key="descent.task").set_value("regression").run()
    _ok(at)
    assert at.selectbox(key="descent.model").value == "mlp"
    assert at.query_params["model"] == "mlp"
