"""Helpers that write small real sheets for the importer tests."""

import io

import openpyxl

HEADER = [
    "STT",
    "Ngày thực hiện",
    "Đơn vị thực hiện",
    "Địa bàn (xã)",
    "Dự thảo chính sách",
    "Hình thức truyền thông",
    "Nội dung",
    "Số buổi/lượt",
    "Số người tham dự",
    "Kinh phí (đồng)",
    "Ghi chú",
]


def xlsx_bytes(rows, header=HEADER, title_rows=(), sheet_title="Hoạt động"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in title_rows:
        sheet.append(list(row))
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, header=HEADER, bom=True, encoding="utf-8", delimiter=","):
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def row(
    day="21/02/2026",
    unit="UBND xã Ia Tơi",
    commune="Ia Tơi",
    draft="",
    form="Hội nghị",
    content="Hội nghị",
    n=1,
    people=50,
    cost=0,
    note=None,
    number=1,
):
    return [number, day, unit, commune, draft, form, content, n, people, cost, note]
