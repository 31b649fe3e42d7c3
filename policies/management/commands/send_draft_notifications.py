"""Tell e-mail followers what happened to the drafts they follow. Run daily (cron or a systemd timer).

Idempotent and safe to overlap: see `policies.following`.
"""

from django.core.management.base import BaseCommand

from policies.following import send_due


class Command(BaseCommand):
    help = (
        "Gửi thư báo cho người theo dõi dự thảo (bắt đầu lấy ý kiến, còn ba ngày, hết hạn, công bố tổng hợp): "
        "mỗi người nhận nhiều nhất một thư mỗi lần chạy, người chọn tóm tắt hằng tuần nhận mỗi tuần một thư."
    )

    def handle(self, *args, **options):
        count = send_due()
        self.stdout.write(f"Đã xếp hàng gửi {count} thư báo.")
