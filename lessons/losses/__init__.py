"""The Losses page's model, one concept per module; nothing here draws.

``catalogue``: one ``LossSpec`` per loss (function, options, inputs, formulas, closed forms,
examples); every other module iterates it. ``state``: the page's state, its checks and its
link. ``closed_form``: the textbook gradient. ``tex``: formulas in symbols and with numbers.
``code``: the equivalent PyTorch program. ``compute``: the numbers, from the engine.
``teaching``: the panels that explain mean versus sum, cross-entropy's parts and class weights.
"""
