"""Stand-ins for the programs the pipeline runs (Manim), and a tiny project to run them in."""
