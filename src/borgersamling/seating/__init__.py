"""Seating: which theme table each member sits at in each session.

For now the secretariat seats members by hand (Django admin) and the demo seats its members;
the seating engine (``borgersamling.grouping``) will fill the same table later.
"""
