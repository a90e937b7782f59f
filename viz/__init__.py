"""Plotly figure builders: pure functions of engine data that return go.Figure; no streamlit."""
