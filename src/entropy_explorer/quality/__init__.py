"""Quality gates: the numbers manifest, the claims audit and the layout lint."""
