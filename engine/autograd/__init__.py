"""The scalar core, micrograd's API: op table, Value, graph, gradcheck, tape, MLP, SGD/Adam.

Imports nothing of ours.
"""
