"""Backprop Explorer: the entry point (`streamlit run app.py`)."""

import streamlit as st

st.set_page_config(page_title="Backprop Explorer", page_icon="∂", layout="wide")
st.title("Backprop Explorer")
st.write("A scalar autograd engine with PyTorch's semantics. The pages are on their way.")
