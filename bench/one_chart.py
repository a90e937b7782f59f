"""The reference page of bench_open: one plotly chart in Streamlit, nothing else.

    streamlit run bench/one_chart.py
"""

import plotly.graph_objects as go
import streamlit as st

st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3, 4], y=[1, 3, 2, 4])))
