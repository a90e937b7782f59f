"""Streamlit glue shared by the pages: strings in both languages, URL state, common widgets."""
