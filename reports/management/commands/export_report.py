from django.core.management.base import BaseCommand, CommandError

from policies.models import Unit
from reports import documents, figures, tables
from reports.models import ReportPeriod

FORMATS = ("docx", "xlsx")


class Command(BaseCommand):
    help = "Xuất báo cáo kết quả truyền thông dự thảo chính sách của một kỳ ra tệp DOCX hoặc XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="Kỳ báo cáo: 2026-H1 (6 tháng) hoặc 2026 (năm).")
        parser.add_argument("--unit", default="", help="Mã đơn vị (ví dụ: phong-tp); bỏ trống: toàn bộ các đơn vị.")
        parser.add_argument("--format", required=True, help="docx hoặc xlsx.")
        parser.add_argument("-o", "--output", required=True, help="Đường dẫn tệp kết quả.")

    def handle(self, *args, **options):
        try:
            period = ReportPeriod.from_code(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        kind = (options["format"] or "").strip().lower()
        if kind not in FORMATS:
            raise CommandError(f"Định dạng “{options['format']}” không hợp lệ: chọn docx hoặc xlsx.")
        unit = None
        code = (options["unit"] or "").strip()
        if code:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã “{code}”. Xem mã đơn vị trong trang quản trị, mục Đơn vị.")
        result = figures.compute(period, unit)
        output = options["output"]
        try:
            if kind == "xlsx":
                documents.write_xlsx(result, output)
            else:
                with open(output, "wb") as handle:
                    handle.write(documents.docx_bytes(result, documents.narrative_for(period, unit)))
        except OSError as error:
            raise CommandError(f"Không ghi được tệp “{output}”: {error.strerror or error}.") from error
        self.stdout.write(f"Đã xuất báo cáo {period} – {tables.unit_label(result)}: {output}")
