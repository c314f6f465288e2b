"""Published data for everyone: the read-only API and the bulk open data files."""
