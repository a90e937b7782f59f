"""Page models in pure Python (no streamlit): explore analysis, losses, descent, the corpus."""
