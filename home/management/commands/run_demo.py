"""`make run`: migrate and seed only when something changed, then serve, all in one process start.

Each `manage.py` start loads Django and Wagtail (about two seconds here); `migrate`, `seed_demo` and
`runserver` one after the other paid that three times, and runserver's reloader once more. This command
checks for unapplied migrations and a current demo (home/demo_stamp.py) in the reloader's first process,
then hands over to runserver.
"""

import os

from django.core.management import call_command, get_commands, load_command_class
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

# The runserver in use (django.contrib.staticfiles' when installed), whichever app provides it.
RunserverCommand = type(load_command_class(get_commands()["runserver"], "runserver"))


class Command(RunserverCommand):
    help = "Thiết lập (nếu cần) dữ liệu mẫu rồi chạy máy chủ phát triển."

    def handle(self, *args, **options):
        if os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":  # the reloader's child has nothing to prepare
            self.prepare()
        super().handle(*args, **options)

    def prepare(self):
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", "--noinput")
        call_command("seed_demo")
