"""From scenes to outputs: registry look-ups, rendering, assembly, GIF, slides, web."""
