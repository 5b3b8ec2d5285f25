"""The build layer: the targets, the task engine and the commands (see the package docstring)."""
