import sys

from streamlit import logger as streamlit_logger

# The report's queries are the dashboard's, cached with st.cache_data: outside a Streamlit server each
# cache warns, at import and at first use, that it runs "without a runtime" (dozens of lines a report).
# They say nothing to whoever runs a report; errors still show. Set before the dashboard modules load.
streamlit_logger.set_log_level("error")

from dashboard.laporan.cli import main  # noqa: E402

sys.exit(main())
