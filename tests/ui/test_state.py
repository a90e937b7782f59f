"""PageState in a running app (AppTest): links fill new widgets, bad params fall back, the URL
follows the widgets and is written only when something changed."""

import pytest
from streamlit.testing.v1 import AppTest


def demo_page():
    """A page with two settings bound to the URL; it writes what it filled and what it changed."""
    import streamlit as st

    from ui.state import PageState

    shapes = ("circle", "square")
    defaults = {"size": 3, "shape": "circle"}

    def from_params(params):
        size, shape = params.get("size", ""), params.get("shape")
        return {
            "size": int(size) if size.isdigit() and 1 <= int(size) <= 9 else defaults["size"],
            "shape": shape if shape in shapes else defaults["shape"],
        }

    if st.session_state.get("away"):  # another page of the app runs instead
        st.stop()
    state = PageState("demo", ("size", "shape"), ("size", "shape"), from_params)
    filled = state.bind()
    st.slider("size", 1, 9, **state.widget("size"))
    st.radio("shape", shapes, **state.widget("shape"))
    values = state.values()
    changed = state.publish({k: str(v) for k, v in values.items() if v != defaults[k]})
    st.text(f"filled {sorted(filled)} changed {changed}")


def open_demo(**params):
    at = AppTest.from_function(demo_page, default_timeout=30)
    at.query_params.update(params)
    return at.run()


def report(at):
    assert not at.exception, at.exception
    return at.text[0].value


def test_a_link_fills_the_widgets_and_is_left_as_it_is():
    at = open_demo(size="7", shape="square")
    assert report(at) == "filled ['shape', 'size'] changed []"
    assert at.slider(key="demo.size").value == 7
    assert at.radio(key="demo.shape").value == "square"
    assert at.query_params == {"size": "7", "shape": "square"}


def test_bad_params_fall_back_to_defaults_and_leave_the_url():
    at = open_demo(size="99", shape="<script>", lang="zh")
    assert report(at) == "filled ['shape', 'size'] changed ['size', 'shape']"
    assert at.slider(key="demo.size").value == 3
    assert at.radio(key="demo.shape").value == "circle"
    assert at.query_params == {"lang": "zh"}  # another owner's param is untouched


def test_a_widget_change_is_written_once():
    at = open_demo()
    assert report(at) == "filled ['shape', 'size'] changed []"
    at.slider(key="demo.size").set_value(5).run()
    assert report(at) == "filled [] changed ['size']"
    assert at.query_params == {"size": "5"}
    at.run()  # a rerun that changes nothing writes nothing
    assert report(at) == "filled [] changed []"
    at.radio(key="demo.shape").set_value("circle").run()  # the same value again
    assert report(at) == "filled [] changed []"


@pytest.mark.parametrize("link", [{}, {"size": "2"}])
def test_the_session_keeps_its_values_while_another_page_runs(link):
    at = open_demo(**link)
    at.slider(key="demo.size").set_value(8).run()
    at.session_state["away"] = True
    at.run()
    assert not at.slider  # the widgets were not drawn, so Streamlit forgot their state
    at.session_state["away"] = False
    at.query_params.update({"size": "4"})  # an older link does not win over the session
    at.run()
    assert report(at) == "filled [] changed ['size']"
    assert at.slider(key="demo.size").value == 8
    assert at.query_params["size"] == "8"
