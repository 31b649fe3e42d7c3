from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from outreach.demo import seed_outreach
from policies.demo import (
    DEMO_PASSWORD,
    seed_audience,
    seed_comments,
    seed_drafts,
    seed_identity,
    seed_people,
    seed_units,
)
from policies.demo.followers import seed_followers
from policies.models import DraftIndexPage
from policies.setup import setup_portal
from reports.demo import seed_reports


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (đơn vị, tài khoản, dự thảo…) sau khi thiết lập cổng. Chạy lại không tạo thêm gì."

    def handle(self, *args, **options):
        with transaction.atomic():
            setup_portal()  # what a real install gets: roles, workflow, catalogues, page tree
            seed_identity()
            units = seed_units()
            accounts = seed_people(units)
            seed_drafts(DraftIndexPage.objects.get())
            seed_comments()  # after the drafts exist
            seed_followers()
            seed_audience()
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
