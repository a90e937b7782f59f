"""A figure as the plain data the browser draws, made once and sent again without rebuilding.

``figure_spec(fig)`` is ``fig.to_dict()`` less what plotly.js does not need: a frame's trace
updates name the traces they change by index, so they carry no trace type (plotly.py adds one
to each, which is a fifth of a step-through's frames). Its arrays of text are lists: plotly
hands a spec of plain data to orjson in one call, where a numpy array of strings sends it
walking every dict and list in Python first (tens of milliseconds a rerun for a step-through
of 200 steps).
``with_highlight(spec, x, y)`` is the same spec with the ring (its trace named ``highlight``)
moved, sharing everything else with it: a click on a node changes one trace, and nothing is rebuilt.
"""

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio


def figure_spec(fig):
    """The figure as a dict of plain data (numbers stay plotly's base64 arrays), frames without
    trace types."""
    spec = _plain(fig.to_dict())
    for frame in spec.get("frames", ()):
        frame["data"] = [{k: v for k, v in d.items() if k != "type"} for d in frame["data"]]
    return spec


def _plain(x):
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_plain(v) for v in x]
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x


def with_highlight(spec, x, y):
    """``spec`` with the highlight ring at (x, y) (as graph_figure's ``highlight`` puts it);
    ``spec`` is unchanged and shares everything else."""
    data = list(spec["data"])
    ring = next(i for i, trace in enumerate(data) if trace.get("name") == "highlight")
    data[ring] = data[ring] | {"x": [x], "y": [y]}
    return spec | {"data": data}


def spec_bytes(spec):
    """The size of the spec's JSON: what the page sends the browser for it."""
    return len(pio.to_json(spec, validate=False))


class SpecFigure(go.Figure):
    """A figure that is a spec already: ``to_dict()``, all ``st.plotly_chart`` and
    ``plotly.io.to_json`` ask of a figure, returns it as it is (no copy, no validation)."""

    def __init__(self, spec):
        super().__init__()
        self._spec = spec

    def to_dict(self):
        """The spec this figure was made from."""
        return self._spec
