"""The production-shaped tests share the process fixtures of the browser tests."""
from ..e2e.conftest import artifacts, committed_catalogue, static_root  # noqa: F401
