"""The security tests share the process fixtures of the browser tests."""
from ..e2e.conftest import app_env, artifacts, committed_catalogue, static_root  # noqa: F401
