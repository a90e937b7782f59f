"""One snippet of the public tutorial corpus: where it was published, and its code."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Tutorial:
    """A snippet as published at ``source``; ``adapted`` says what was changed to run it here."""

    source: str  # a public URL, or "torch 2.13 docstring of torch.nn.<Name>"
    code: str
    adapted: str = ""  # "" when the code is exactly as published
