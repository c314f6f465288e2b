"""Views of the reports app."""
