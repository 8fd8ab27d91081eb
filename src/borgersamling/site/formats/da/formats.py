"""Danish date and time formats as the Danish Language Council writes them: 17.00, not 17:00."""

TIME_FORMAT = "H.i"
DATETIME_FORMAT = "j. F Y \\k\\l. H.i"
SHORT_DATETIME_FORMAT = "d.m.Y H.i"
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "d.m.Y"
