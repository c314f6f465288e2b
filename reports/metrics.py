"""Prometheus metrics of the reports: how long a rendering takes (served at /metrics by u4ssc_site.metrics)."""
from prometheus_client import Histogram

# Buckets around the report's few seconds, up to the task's soft time limit.
RENDER_SECONDS = Histogram(
    "u4ssc_report_render_seconds", "Time to render one report to PDF (snapshot to bytes), in seconds",
    buckets=(0.5, 1, 2, 3, 5, 8, 13, 20, 30, 60, 120),
)
