"""eventpipe: news article text to ACLED/CAMEO-style event records in DuckDB."""

__version__ = "0.1.0"
