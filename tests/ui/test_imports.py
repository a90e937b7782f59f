"""Imports that several visitors' page runs may make at the same moment on a fresh server."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# In a fresh interpreter: one thread imports what the Losses page does (it brings pandas along)
# while another, as the Explore page, draws a chart. Plotly looks pandas up in sys.modules
# without importing it, so before ``ui`` imported pandas itself the chart found a half-imported
# pandas ("partially initialized module 'pandas' has no attribute 'Series"), seen by the load
# test as an exception on the page of visitors opening the app together.
RACE = textwrap.dedent("""
    import threading
    import plotly.graph_objects as go
    import ui.widgets
    figure = go.Figure(go.Scatter(x=[0.0, 1.0], y=[1.0, 0.0]))
    losses = threading.Thread(target=lambda: __import__("ui.losses"))
    losses.start()
    while losses.is_alive():
        figure.to_dict()
    losses.join()
    figure.to_dict()
    print("drawn")
""")


def test_a_chart_drawn_while_another_page_imports_pandas_finds_it_whole():
    run = subprocess.run([sys.executable, "-c", RACE], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "drawn"
