"""From scenes to outputs, in three layers; each imports only the layers below it.

build (the package ``targets``)
    What the command line asks for: the targets (section videos with subtitles and
    decks, the numbers manifest, the full video, slides, web embeds, the cover), each a
    task with declared inputs and outputs, run by a small engine (stamps, dependencies,
    parallel jobs, Ctrl-C, one run at a time). The only layer that calls the quality
    checks, through the function the command line hands it (the pipeline imports
    nothing of ``quality``, which itself uses the leaves).
``steps``
    One job each, given its paths: render a scene with Manim, publish its video, make
    its captions, keep its deck, assemble the full video, encode for the web, write the
    web pages, fetch reveal.js, export slides, make the cover, the presenter command.
``leaves``
    Small utilities: project paths, scene look-up and fingerprints, files (atomic writes,
    stamps, the lock), cancellable programs, media probing and ffmpeg, subtitle text,
    the headless-browser probe, tool install hints.

``tests/test_import_graph.py`` keeps it so: no import circle, no import upwards.
(The build layer's package is not named ``build``: ruff, pytest and ``.gitignore``
patterns skip folders of that name.)
"""
