"""The build layer: targets, the task engine and the commands (see the package docstring)."""
