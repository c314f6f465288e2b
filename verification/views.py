"""Views of the verification app."""
