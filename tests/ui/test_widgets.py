"""The pure parts of the shared widgets: the caret under an error's column."""

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
