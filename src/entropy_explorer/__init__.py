"""Entropy Explorer: animated, verified explainers for "The Curious Case of KL Divergence"."""

__version__ = "0.1.0"
