"""The steps layer: one job each, given its paths (see the package docstring)."""
