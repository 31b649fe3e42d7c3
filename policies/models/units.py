"""Administrative and organisational units, and the staff who belong to them."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.search import index

from policies.naming import ABBREVIATION, ALIAS, EXACT, NameIndex, fold


def valid_on_q(day):
    return models.Q(
        models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day),
        models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day),
    )


class UnitQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(valid_on_q(day))

    def current_first(self, day=None):
        """Units valid on `day` (today) first, then merged, abolished or future ones; by name within each."""
        day = day or timezone.localdate()
        current = models.Case(models.When(valid_on_q(day), then=0), default=1, output_field=models.IntegerField())
        return self.select_related("successor").order_by(current, "name")


class Unit(index.Indexed, ClusterableModel):
    """A province, district, commune, office, court… at any depth of the tree.

    Units are never deleted when the map changes: a merged commune gets a
    `valid_to` date and a `successor`, so old records still name it.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Huyện, quận")
        COMMUNE = "commune", _("Xã, phường, thị trấn")
        OFFICE = "office", _("Cơ quan chuyên môn")
        MASS_ORGANISATION = "mass_org", _("Mặt trận, đoàn thể")
        COURT = "court", _("Tòa án")
        PROCURACY = "procuracy", _("Viện kiểm sát")
        COUNCIL = "council", _("Hội đồng")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên đầy đủ"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=100, blank=True)
    code = models.SlugField(
        _("mã"),
        max_length=50,
        unique=True,
        help_text=_("Mã ngắn không dấu, dùng trong báo cáo và dòng lệnh, ví dụ: phong-tu-phap."),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    aliases = models.TextField(
        _("tên gọi khác"),
        blank=True,
        help_text=_("Mỗi dòng một tên (có “UBND”, tên cũ, viết tắt). Dùng để nhận ra đơn vị khi nhập bảng tính."),
    )
    valid_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hết hiệu lực từ sau ngày"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("Đơn vị tiếp nhận khi đơn vị này sáp nhập hoặc giải thể."),
    )
    audience_languages = models.ManyToManyField(
        "policies.AudienceLanguage",
        verbose_name=_("ngôn ngữ người dân cần"),
        blank=True,
        related_name="units",
        help_text=_("Các bản dự thảo người dân trên địa bàn cần; bảng điều khiển nhắc dự thảo nào còn thiếu bản."),
    )
    folded_names = models.TextField(editable=False, blank=True)

    objects = UnitQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.SearchField("folded_names"),
        index.AutocompleteField("name"),
        index.AutocompleteField("folded_names"),
        index.FilterField("kind"),
    ]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("code")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
        FieldPanel("aliases"),
        FieldPanel("audience_languages", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_to")]), FieldPanel("successor")],
            heading=_("Hiệu lực và sáp nhập"),
        ),
        InlinePanel("memberships", heading=_("Cán bộ thuộc đơn vị"), label=_("cán bộ")),
    ]

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name"]
        permissions = [("oversee_all_units", _("Xem và tổng hợp số liệu của mọi đơn vị"))]

    def __str__(self):
        return self.name

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")})
        if self.pk and self.parent_id:
            ancestor = self.parent
            while ancestor is not None:
                if ancestor.pk == self.pk:
                    raise ValidationError({"parent": _("Một đơn vị không thể thuộc chính nó hoặc đơn vị con của nó.")})
                ancestor = ancestor.parent
        if self.pk and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Một đơn vị không thể kế thừa chính nó.")})

    def save(self, *args, **kwargs):
        self.folded_names = "\n".join(fold(name) for name in self.all_names())
        super().save(*args, **kwargs)

    def all_names(self):
        names = [self.name, self.short_name, self.code.replace("-", " ")]
        names += self.aliases.splitlines()
        return [name.strip() for name in names if name and name.strip()]

    def names_with_kinds(self):
        """Every name with how it names the unit: its name, its short name and code, its aliases."""
        names = [(self.name, EXACT), (self.short_name, ABBREVIATION), (self.code.replace("-", " "), ABBREVIATION)]
        names += [(alias, ALIAS) for alias in self.aliases.splitlines()]
        return [(name.strip(), kind) for name, kind in names if name and name.strip()]

    def valid_on(self, day):
        return self.valid_during(day, day)

    def valid_during(self, start, end):
        """Valid on at least one day from `start` to `end` inclusive."""
        return (self.valid_from is None or self.valid_from <= end) and (
            self.valid_to is None or self.valid_to >= start
        )

    def choice_label(self, day=None):
        """The name a chooser shows: a unit not valid on `day` (today) says so, and where it went.

        `Xã An Phú (đã sáp nhập vào Xã Hòa Bình)`, `Phòng Văn hóa (hết hiệu lực từ 01/07/2025)`.
        """
        day = day or timezone.localdate()
        if self.valid_on(day):
            return self.name
        if self.valid_from and self.valid_from > day:
            note = _("có hiệu lực từ %(date)s") % {"date": date_format(self.valid_from, "d/m/Y")}
        elif self.successor_id:
            note = _("đã sáp nhập vào %(unit)s") % {"unit": self.successor.name}
        else:
            ended = self.valid_to + datetime.timedelta(days=1)
            note = _("hết hiệu lực từ %(date)s") % {"date": date_format(ended, "d/m/Y")}
        return f"{self.name} ({note})"

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def is_administrative(self):
        """A province, district or commune: it issues documents through its People's Committee."""
        return self.kind in {self.Kind.PROVINCE, self.Kind.DISTRICT, self.Kind.COMMUNE}

    @property
    def issuing_name(self):
        """The name a document's header gives the unit (Decree 30): "Ủy ban nhân dân xã Đông Sơn" for a
        commune, its own full name for an office."""
        if self.is_administrative:
            return f"Ủy ban nhân dân {self.name[:1].lower()}{self.name[1:]}"
        return self.name

    def place_name(self):
        """The place a document is dated at: the nearest administrative unit, the unit itself included."""
        unit = self
        while unit is not None and not unit.is_administrative:
            unit = unit.parent
        return unit.display_name if unit is not None else ""

    @classmethod
    def name_index(cls, queryset=None):
        """A NameIndex over units, successors linked in memory (no query per lookup)."""
        units = list(queryset if queryset is not None else cls.objects.all())
        by_id = {unit.pk: unit for unit in units}
        for unit in units:
            if unit.successor_id in by_id:
                unit.successor = by_id[unit.successor_id]
        return NameIndex(units, Unit.names_with_kinds, kind_label=_("đơn vị"))


def descendant_ids(unit_ids):
    """The given unit ids, every unit below them in the tree and every unit they
    succeeded (a merged commune's records belong to its successor). One query."""
    children = {}
    for pk, parent_id, successor_id in Unit.objects.values_list("pk", "parent_id", "successor_id"):
        children.setdefault(parent_id, []).append(pk)
        children.setdefault(successor_id, []).append(pk)
    found, stack = set(), list(unit_ids)
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.add(pk)
        stack.extend(children.get(pk, []))
    return found


def roll_up(units, chosen=None, scope_ids=None):
    """The rows of a table "by unit": ({unit id: id of the row its records count under}, the child row ids).

    `units` is {id: Unit} (no query here). The rows are the children of the chosen unit and of the units merged
    into it, each rolled up with its own subtree and the units merged into it (a merged unit goes to its
    successor's row before its parent's); the chosen unit's own records have its own row. With no unit chosen,
    the top of the units in scope (None: all) is the chosen unit while it is one unit (a province and the
    province merged into it), so a table of everything shows that province's children rather than one row.
    """
    scope = set(units) if scope_ids is None else {pk for pk in scope_ids if pk in units}

    def successor(pk):
        nxt = units[pk].successor_id
        return nxt if nxt in scope and nxt != pk else None

    def merged_into(pk):
        seen = {pk}
        while (nxt := successor(pk)) is not None and nxt not in seen:
            seen.add(nxt)
            pk = nxt
        return pk

    def up(pk):
        parent = units[pk].parent_id
        return successor(pk) or (parent if parent in scope else None)

    def rows_under(top):
        group = {pk for pk in scope if merged_into(pk) == top} if top is not None else set()
        rows = {
            pk
            for pk in scope - group
            if merged_into(pk) == pk and (units[pk].parent_id in group if top is not None else up(pk) is None)
        }
        return group, rows

    top = chosen.pk if chosen is not None and chosen.pk in scope else None
    group, rows = rows_under(top)
    while top is None and len(rows) == 1:
        only = next(iter(rows))
        group, rows = rows_under(only)
        top = only
        if not rows:
            break
    heads = {}
    for pk in scope:
        current, seen = pk, set()
        while current is not None and current not in seen:
            seen.add(current)
            if current in rows:
                heads[pk] = current
                break
            if current in group:
                heads[pk] = top
                break
            current = up(current)
        else:
            heads[pk] = pk
    return heads, rows


class UnitMembership(models.Model):
    """A staff user works for a unit; a user may belong to several."""

    unit = ParentalKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("đơn vị"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="unit_memberships",
        verbose_name=_("cán bộ"),
    )

    panels = [FieldPanel("user")]

    class Meta:
        verbose_name = _("cán bộ thuộc đơn vị")
        verbose_name_plural = _("cán bộ thuộc đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="unique_unit_membership")]

    def __str__(self):
        return f"{self.user} – {self.unit}"
