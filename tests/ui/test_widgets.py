"""The pure parts of the shared widgets: the caret under an error's column, the graph's click."""

from ui.widgets import caret_lines


def test_caret_sits_under_the_column():
    source = "a = 1\nb = a +* 2\n"
    line, caret = caret_lines(source, 2, 8)
    assert line == "b = a +* 2"
    assert caret == "       ^"
    assert line[caret.index("^")] == "*"


def test_caret_keeps_tabs_so_it_lines_up():
    line, caret = caret_lines("for i in range(3):\n\tx = ?\n", 2, 6)
    assert caret == "\t    ^"


def test_no_caret_for_a_line_out_of_range():
    assert caret_lines("x = 1", 0, 1) is None
    assert caret_lines("x = 1", 3, 1) is None


def clicked_page():
    """A page that hands the graph's click handler a selection of an edge label, then a node."""
    import streamlit as st

    from ui.widgets import _select_clicked

    st.session_state.setdefault("pick", 0)
    points = [{"customdata": ["x", "v4", "0.5", "1.0", "0.5"]}]  # an edge label: its hover
    if st.session_state.get("with_node"):
        points.append({"customdata": 7})
    st.session_state["chart"] = {"selection": {"points": points}}
    _select_clicked("chart", "pick")


def test_a_click_picks_a_node_and_passes_over_an_edge_label():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(clicked_page).run()
    assert not at.exception and at.session_state["pick"] == 0  # the edge label picks nothing
    at.session_state["with_node"] = True
    at.run()
    assert at.session_state["pick"] == 7
