from django.core.management.base import BaseCommand

from policies.setup import setup_modules, setup_portal


class Command(BaseCommand):
    help = (
        "Thiết lập cổng cho một cơ sở dữ liệu mới (sau migrate): nhóm vai trò, quy trình duyệt dự thảo, quyền của "
        "biên tập viên, danh mục loại văn bản và hình thức truyền thông, trang chủ và trang danh sách dự thảo. "
        "Không tạo dữ liệu mẫu. Chạy lại nhiều lần không tạo thêm gì."
    )

    def handle(self, *args, **options):
        setup_portal()
        apps = ", ".join(module.__name__.split(".")[0] for module in setup_modules())
        self.stdout.write(self.style.SUCCESS(f"Đã thiết lập cổng ({apps})."))
        self.stdout.write(
            "Tiếp theo: tạo tài khoản quản trị (createsuperuser), rồi vào Cài đặt → Thông tin cơ quan "
            "để ghi tên cơ quan, địa danh, người ký, đường dây nóng."
        )
