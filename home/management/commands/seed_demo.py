from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from home.demo import seed_home
from outreach.demo import seed_outreach
from policies.demo import (
    DEMO_PASSWORD,
    seed_comments,
    seed_draft_editing,
    seed_draft_index,
    seed_drafts,
    seed_people,
    seed_units,
)
from reports.demo import seed_reports


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (đơn vị, tài khoản, trang chủ…). Chạy lại nhiều lần không tạo thêm gì."

    def handle(self, *args, **options):
        with transaction.atomic():
            units = seed_units()
            accounts = seed_people(units)
            home = seed_home()
            draft_index = seed_draft_index(home)
            seed_drafts(draft_index)
            seed_draft_editing(draft_index)
            seed_comments()  # after the drafts exist
            seed_outreach(units)
            seed_reports()
        self.print_accounts(accounts)

    def print_accounts(self, accounts):
        self.stdout.write("Tài khoản mẫu / demo accounts:")
        for username, role, unit in accounts:
            self.stdout.write(f"  {username:<10} {role} – {unit}")
        if settings.DEBUG:
            self.stdout.write(f"  Mật khẩu chung / password: {DEMO_PASSWORD}")
        else:
            self.stdout.write("  Chưa đặt mật khẩu: dùng `python manage.py changepassword TÊN` cho từng tài khoản.")
