"""The one colour scheme of every figure: a colour-blind-safe diverging palette for gradient sign.

ColorBrewer's PuOr (purple-orange) stays distinguishable under the common colour-vision
deficiencies: negative gradients are purple, positive ones orange, zero is a light neutral.
"""

import math

NEGATIVE = "#5e3c99"
NEGATIVE_LIGHT = "#b2abd2"
ZERO = "#f7f7f7"
POSITIVE_LIGHT = "#fdb863"
POSITIVE = "#e66101"
# plotly colorscale from -max|g| (0.0) through 0 (0.5) to +max|g| (1.0)
DIVERGING = [
    [0.0, NEGATIVE],
    [0.25, NEGATIVE_LIGHT],
    [0.5, ZERO],
    [0.75, POSITIVE_LIGHT],
    [1.0, POSITIVE],
]

NEUTRAL = "#7f7f7f"  # a curve or bar that carries no sign
INK = "#252525"  # text and outlines drawn over colour
SEQUENTIAL = "cividis"  # magnitudes (a loss surface): perceptually uniform and colour-blind safe
# Okabe and Ito's qualitative palette, safe for colour-vision deficiencies: runs, classes
QUALITATIVE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442")
CLASSES = (NEGATIVE, POSITIVE, "#009e73", "#0072b2", "#cc79a7")  # class k of a dataset

FLAG = "#d7191c"  # inf / nan: red, always paired with an "x" marker and the word inf or nan
UNKNOWN = "#ffffff"  # a value or gradient not computed yet (step-through)
OP = "#d9d9d9"  # op nodes
CONSTANT = "#eeeeee"
OUTLINE = "#525252"
EDGE = "#a0a0a0"
HIGHLIGHT = "#1b9e77"  # the current node of the step-through, the inspected node


def _rgb(hex_colour):
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))


def gradient_color(grad, scale):
    """The palette colour of a gradient, relative to the largest |gradient| ``scale``."""
    if not math.isfinite(grad):
        return FLAG
    t = 0.5
    if 0 < scale < math.inf:
        t += 0.5 * max(-1.0, min(1.0, grad / scale))
    for (t0, c0), (t1, c1) in zip(DIVERGING, DIVERGING[1:], strict=False):
        if t <= t1:
            f = (t - t0) / (t1 - t0)
            rgb = [round(a + (b - a) * f) for a, b in zip(_rgb(c0), _rgb(c1), strict=True)]
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return POSITIVE


def gradient_scale(grads):
    """The largest finite |gradient|: what the colour and size of every node are relative to."""
    finite = [abs(g) for g in grads if math.isfinite(g)]
    return max(finite, default=0.0)


def series(i):
    """The colour of the i-th run or curve of a chart."""
    return QUALITATIVE[i % len(QUALITATIVE)]
