"""From an uploaded sheet to the importer's rows: find the header, map the columns, skip blank and total rows."""

from dataclasses import dataclass
from itertools import chain, islice

import tablib

from outreach.columns import COLUMNS, HEADER_NOT_FOUND, HEADINGS, REQUIRED, accepted_headings, column_key
from outreach.spreadsheets import SheetError, read_sheet
from policies.naming import clean_text, fold

HEADER_SEARCH_ROWS = 30
TOTAL_WORDS = ("tong cong", "cong", "tong", "tong so", "cong so")


@dataclass
class ParsedSheet:
    """The data rows of the first sheet with a header, each cut to the importer's columns."""

    sheet_name: str
    header_row: int
    headings: dict  # key → heading as written in the sheet
    extra_columns: list
    ignored_columns: list
    row_numbers: list
    rows: list  # tuples in COLUMNS order (canonical headings)
    skipped_rows: int = 0

    def dataset(self, start=0, stop=None):
        data = tablib.Dataset(headers=[HEADINGS[key] for key, _h, _v in COLUMNS])
        data.extend(self.rows[start:stop])
        return data


def find_header(rows):
    """The first row (among the first few) whose cells name the required columns."""
    for position, (number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = [column_key(value) if isinstance(value, str) else None for value in values]
        if all(key in keys for key in REQUIRED):
            return position, number, keys
    return None


def is_total_row(values):
    return any(isinstance(value, str) and fold(value) in TOTAL_WORDS for value in values[:4])


def is_blank(values):
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def parse_sheet(content: bytes, file_name: str) -> ParsedSheet:
    """Find the data of an uploaded sheet; raises SheetError when the file as a whole is unusable.

    Rows stream from the reader: only the first few are held to find the header, and each
    data row keeps just the importer's columns.
    """
    for sheet in read_sheet(content, file_name):
        head = list(islice(sheet.rows, HEADER_SEARCH_ROWS))
        found = find_header(head)
        if found:
            break
    else:
        raise SheetError(HEADER_NOT_FOUND % {"columns": accepted_headings()})
    position, header_number, keys = found
    header_values = head[position][1]
    headings, extra, ignored, index_of = {}, [], [], {}
    for column, key in enumerate(keys):
        text = clean_text(header_values[column]) if header_values[column] is not None else ""
        if (key is None and text) or (key and key != "ignored" and key in index_of):
            extra.append(text)  # unknown, or a second column of a kind already read
        elif key == "ignored":
            ignored.append(text)
        elif key and key not in index_of:
            index_of[key] = column
            headings[key] = text
    order = [index_of.get(key) for key, _h, _v in COLUMNS]
    parsed = ParsedSheet(sheet.name, header_number, headings, extra, ignored, [], [])
    for number, values in chain(head[position + 1 :], sheet.rows):
        if is_blank(values) or is_total_row(values):
            parsed.skipped_rows += 1
            continue
        width = len(values)
        parsed.row_numbers.append(number)
        parsed.rows.append(tuple(values[col] if col is not None and col < width else None for col in order))
    return parsed
