# A day with its weekday: « mercredi 16 mai 2018 ».
DAY_FORMAT = "l j F Y"
# The first day of a span whose last day gives the month and year: « du 7 au 8 juin 2019 ».
SPAN_START_SAME_MONTH = "j"
SPAN_START_SAME_YEAR = "j F"
DATETIME_FORMAT = "j F Y, H:i"
# French typography: a narrow no-break space between thousands (« 6 000 »).
THOUSAND_SEPARATOR = "\u202f"
