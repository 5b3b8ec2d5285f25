"""Reusable mobjects: distribution bars, readouts, axes, cards, and text by role."""

from __future__ import annotations

from entropy_explorer.mobjects.advantage_bars import AdvantageBars
from entropy_explorer.mobjects.bars import DistributionBars
from entropy_explorer.mobjects.cards import CardGrid
from entropy_explorer.mobjects.density import DensityPanel
from entropy_explorer.mobjects.gauge import Gauge
from entropy_explorer.mobjects.heatmap import BandedHeatmap
from entropy_explorer.mobjects.logit_plane import EstimateCloud, GradientArrow, LogitPlane
from entropy_explorer.mobjects.lossplot import LossPlot, StepCurve
from entropy_explorer.mobjects.readout import Readout
from entropy_explorer.mobjects.signed_bars import SignedBars
from entropy_explorer.mobjects.surprise import SurpriseCurve
from entropy_explorer.mobjects.term_bars import TermBars
from entropy_explorer.mobjects.tex import MeaningTex
from entropy_explorer.mobjects.text import Verdict, caption, label, tag, title

__all__ = [
    "AdvantageBars",
    "BandedHeatmap",
    "CardGrid",
    "DensityPanel",
    "DistributionBars",
    "EstimateCloud",
    "Gauge",
    "GradientArrow",
    "LogitPlane",
    "LossPlot",
    "MeaningTex",
    "Readout",
    "SignedBars",
    "StepCurve",
    "SurpriseCurve",
    "TermBars",
    "Verdict",
    "caption",
    "label",
    "tag",
    "title",
]
