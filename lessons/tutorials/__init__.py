"""The public tutorial corpus: code as learners find it, from the places they find it.

Each module holds one kind of source: PyTorch's docstring examples (``docstrings``), PyTorch's
beginner tutorials (``pytorch``), micrograd's README and tests and Karpathy's lecture
(``micrograd``), and community and Chinese beginner courses (``courses``). A snippet is changed
only to run without downloads and to be reproducible (a seed first where it draws random
numbers), and its ``adapted`` field says how. tests/golden/make_tutorials_golden.py records what
real torch prints and leaves for each one; tests/lessons/test_tutorials.py holds the engine to it
and computes the figure the README reports.
"""

from lessons.tutorials.courses import COURSES
from lessons.tutorials.docstrings import DOCSTRINGS
from lessons.tutorials.micrograd import MICROGRAD
from lessons.tutorials.pytorch import PYTORCH
from lessons.tutorials.tutorial import Tutorial

TUTORIALS = {**DOCSTRINGS, **PYTORCH, **MICROGRAD, **COURSES}

__all__ = ["TUTORIALS", "Tutorial"]
