from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from outreach import importing


class Command(BaseCommand):
    help = (
        "Nhập hoạt động truyền thông từ bảng tính (.xlsx hoặc .csv UTF-8). Có lỗi ở bất kỳ dòng nào thì không ghi gì "
        "và thoát với mã khác 0."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp bảng tính")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra và báo cáo, không ghi gì")
        parser.add_argument(
            "--user",
            help="Nhập với quyền của tài khoản này (chỉ nhận dòng của đơn vị tài khoản đó). Bỏ trống: mọi đơn vị.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp “{path}”.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"Không có tài khoản đang hoạt động tên “{options['user']}”.")
        content = path.read_bytes()
        try:
            report = importing.preview(content, path.name, user=user)
            if report.ok and not options["dry_run"] and report.new:
                report = importing.confirm(report.pending, user=user)
        except importing.SheetError as error:
            raise CommandError(str(error)) from error
        for error in report.errors:
            self.stderr.write(str(error))
        summary = (
            f"{report.total} dòng dữ liệu: {report.new} mới, {report.unchanged} đã có, "
            f"{report.error_rows} dòng có lỗi."
        )
        if report.errors:
            raise CommandError(f"{summary} Không ghi gì; hãy sửa bảng tính rồi chạy lại.")
        if options["dry_run"]:
            self.stdout.write(f"{summary} (chạy thử: không ghi gì)")
        elif report.batch:
            self.stdout.write(f"{summary} Đã ghi lần nhập #{report.batch.pk}.")
        else:
            self.stdout.write(f"{summary} Không có gì mới để ghi.")
