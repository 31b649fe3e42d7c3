"""A draft's code (`DT-<year>-<n>`): given by the system, unique, and never an error an editor has to solve."""

import re

from django.db import IntegrityError, transaction
from django.utils import timezone

# How many codes a new draft tries when others are being saved at the same moment.
CODE_ATTEMPTS = 5


class SystemCodeMixin:
    """Mixed into DraftPage before `Page`: proposes the next free code on clean and on save, and takes the
    next one when another draft stored the same code in between."""

    def full_clean(self, *args, **kwargs):
        self.propose_code()
        super().full_clean(*args, **kwargs)

    # True while the code is the system's proposal, which may be replaced until the draft is stored.
    code_is_proposed = False

    def propose_code(self):
        """Give a draft without a code the next free one; a proposal another draft took meanwhile is
        replaced. A stored draft's code never changes."""
        if self.code and not self.code_is_proposed:
            return
        if self.code and not type(self).objects.filter(code=self.code).exclude(pk=self.pk).exists():
            return
        self.code = self.next_free_code()
        self.code_is_proposed = True

    @classmethod
    def next_free_code(cls):
        """`DT-<year>-<n>`, n one past the year's highest number: a code below it is never handed out again
        (the highest one may be, once its draft is deleted for good)."""
        year = timezone.localdate().year
        pattern = re.compile(rf"^DT-{year}-(\d+)$")
        numbers = [
            int(match[1])
            for code in cls.objects.filter(code__startswith=f"DT-{year}-").values_list("code", flat=True)
            if (match := pattern.match(code))
        ]
        return f"DT-{year}-{max(numbers, default=0) + 1:02d}"

    def save(self, *args, **kwargs):
        self.propose_code()
        if not self.code_is_proposed:
            super().save(*args, **kwargs)
            return
        # Two editors saving new drafts at once both propose the same code; the database's unique index
        # lets one through, and the other takes the next code instead of failing.
        adding = self.pk is None
        for attempt in range(CODE_ATTEMPTS):
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
            except IntegrityError:
                taken = type(self).objects.filter(code=self.code).exclude(pk=self.pk).exists()
                if attempt == CODE_ATTEMPTS - 1 or not taken:
                    raise
                if adding:
                    self.id = self.page_ptr_id = None  # the rolled-back insert's id
                self.code = self.next_free_code()
            else:
                break
        self.code_is_proposed = False
