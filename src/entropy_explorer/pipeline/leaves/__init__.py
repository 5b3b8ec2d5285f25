"""The leaves: small utilities every other layer uses (see the package docstring)."""
