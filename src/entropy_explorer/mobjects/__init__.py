"""Reusable mobjects: distribution bars, readouts, axes."""

from __future__ import annotations

from entropy_explorer.mobjects.bars import DistributionBars
from entropy_explorer.mobjects.gauge import Gauge
from entropy_explorer.mobjects.readout import Readout
from entropy_explorer.mobjects.surprise import SurpriseCurve

__all__ = ["DistributionBars", "Gauge", "Readout", "SurpriseCurve"]
