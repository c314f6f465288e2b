"""What anyone may see: public city profiles, trends over the years and comparisons between cities."""
