"""Seating: which members sit together at which table in each session ("nye grupper").

Pure Python, no web framework: plain data in (``model``), plain data out. ``reader`` turns
files into a ``SeatingProblem``, ``engine.seat`` solves it, ``quality`` measures any seating
independently of how it was found, ``outputs`` writes seating.csv, report.json and report.html.
"""
