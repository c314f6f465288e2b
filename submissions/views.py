"""Views of the submissions app."""
