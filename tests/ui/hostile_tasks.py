"""What the sandbox tests send to a worker, in a module of its own: a worker imports only this
(the test module would bring pytest and streamlit along, on the worker's CPU time)."""

from ui.sandbox import MAX_RESULT_MB


def hog_memory():
    """Allocate until something says no."""
    blocks = []
    while True:
        blocks.append(bytearray(8 << 20))


def spin():
    """Compute forever."""
    while True:
        pass


def big_result():
    """A result larger than a worker may send back."""
    return bytes((MAX_RESULT_MB + 1) << 20)
