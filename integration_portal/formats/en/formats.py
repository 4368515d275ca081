# British English: days before months, 24-hour clock.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
# A day with its weekday: "Wednesday 16 May 2018".
DAY_FORMAT = "l j F Y"
# The first day of a span whose last day gives the month and year: "from 7 to 8 June 2019".
SPAN_START_SAME_MONTH = "j"
SPAN_START_SAME_YEAR = "j F"
