"""Date formats per language (FORMAT_MODULE_PATH): Django's own, with a few changes, plus the
portal's named formats, used as ``date_format(value, "DAY_FORMAT")`` or ``|date:"DAY_FORMAT"``.
"""
