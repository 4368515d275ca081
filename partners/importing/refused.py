"""The refused rows of an import, written to a file as they come rather than held in memory.

The file is a CSV for Excel (UTF-8 with BOM, ``;``): the file's columns plus the line number
and the reasons of the refusal, so that it can be corrected and imported again. Formula-like
cells are neutralised (core.spreadsheet); the import removes that mark again. Writing
stops, the rows still being counted, before the file would outgrow the size an import accepts.
"""

import csv
import io

from core.spreadsheet import neutralise


class RefusedRows:
    def __init__(self, out, header: list[str], max_bytes: int):
        self.out, self.header, self.max_bytes = out, header, max_bytes
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, delimiter=";", lineterminator="\r\n")
        self.size = 0
        self.written = 0  # rows written
        self.full = False

    def add(self, line: int, cells: list[str], reasons: list[str]) -> None:
        if self.full:
            return
        if not self.size:
            self.buffer.write("\ufeff")
            self.writer.writerow([*map(neutralise, self.header), "ligne", "motif du refus"])
        width = len(self.header)
        padded = cells[:width] + [""] * (width - len(cells))
        self.writer.writerow([*map(neutralise, padded), line, " ; ".join(reasons)])
        data = self.buffer.getvalue().encode("utf-8")
        self.buffer.seek(0)
        self.buffer.truncate()
        if self.size + len(data) > self.max_bytes:
            self.full = True
            return
        self.out.write(data)
        self.size += len(data)
        self.written += 1
