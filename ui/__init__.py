"""Streamlit glue shared by the pages: strings in both languages, URL state, common widgets."""

# Plotly looks pandas up in sys.modules without importing it (to tell a pandas Series from a
# list), so a page drawing a chart while another visitor's page imports pandas for the first
# time finds it half imported and fails. Every page imports this package first: imported here,
# pandas is whole before any page draws, and a page that arrives meanwhile waits for it.
import pandas  # noqa: F401
