"""The knowledge library (materialesamling): expert talks, documents, links and data series."""
