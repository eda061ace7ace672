"""The read side: Streamlit dashboard helpers over the warehouse (never the raw files)."""
