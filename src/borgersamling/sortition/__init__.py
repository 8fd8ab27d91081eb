"""The selection engine: fair, verifiable stratified sortition.

Pure Python; imports no web framework. Read a pool and quotas, check them, compute the
LEXIMIN (or legacy) distribution over panels, round it to a transparent lottery and draw.
"""
