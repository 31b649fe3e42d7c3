import datetime
import unicodedata

import pytest

from policies.models import Unit
from policies.naming import AmbiguousName, NameIndex, NameNotFound, clean_text, fold, name_key

# A plain object is enough for the pure logic: names, validity and a successor.


class Named:
    def __init__(self, pk, *names, valid_to=None, valid_from=None, successor=None):
        self.pk = pk
        self.names = names
        self.valid_to = valid_to
        self.valid_from = valid_from
        self.successor = successor

    def __str__(self):
        return self.names[0]

    def valid_on(self, day):
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)


def index_of(*objects):
    return NameIndex(objects, lambda obj: obj.names)


class TestFold:
    @pytest.mark.parametrize(
        "text",
        [
            "Ia Đal",
            "ia dal",
            "IA ĐAL",
            "  Ia   Đal ",
            unicodedata.normalize("NFD", "Ia Đal"),
            "Ia\u200b Đal",
            "Ia\u202eĐal",
        ],
    )
    def test_spellings_of_one_name_fold_alike(self, text):
        assert fold(text) in {"ia dal", "iadal"}
        assert fold(text.replace("\u202e", " ")) == "ia dal"

    def test_vietnamese_diacritics_and_d_bar_fold_to_ascii(self):
        assert fold("Thuế đất đai") == "thue dat dai"
        assert fold("Ủy ban") == fold("Uỷ ban") == "uy ban"

    def test_punctuation_becomes_space(self):
        assert fold("Văn hóa - Thể thao - Du lịch và Truyền thông") == "van hoa the thao du lich va truyen thong"

    def test_abbreviations_expand_in_name_key(self):
        assert name_key("UBND xã Ia Tơi") == name_key("Ủy ban nhân dân xã Ia Tơi")

    def test_clean_text_keeps_diacritics_but_drops_invisible_characters(self):
        assert clean_text(unicodedata.normalize("NFD", "Thuế\u200b  đất ")) == "Thuế đất"

    def test_clean_text_drops_control_characters_and_nul(self):
        assert clean_text("Hội\x00 nghị\x0b\x1f ở\tthôn") == "Hội nghị ở thôn"

    def test_empty_and_none_fold_to_empty(self):
        assert fold("") == fold(None) == ""


class TestNameIndex:
    def setup_method(self):
        self.ia_dal = Named(1, "Xã Ia Đal", "Ia Đal", "UBND xã Ia Đal")
        self.ia_toi = Named(2, "Xã Ia Tơi", "Ia Tơi", "Ủy ban nhân dân xã Ia Tơi")
        self.office = Named(3, "Phòng Tư pháp")
        self.index = index_of(self.ia_dal, self.ia_toi, self.office)

    @pytest.mark.parametrize(
        "typed", ["Ia Đal", "ia dal", "IA ĐAL", unicodedata.normalize("NFD", "Ia Đal"), "xã ia đal"]
    )
    def test_resolves_any_spelling(self, typed):
        assert self.index.resolve(typed) is self.ia_dal

    def test_abbreviated_alias_matches_full_name(self):
        assert self.index.resolve("UBND xã Ia Tơi") is self.ia_toi
        assert self.index.resolve("Ủy ban nhân dân xã Ia Tơi") is self.ia_toi

    def test_generic_prefix_is_ignored(self):
        assert self.index.resolve("Ủy ban nhân dân xã Ia Đal") is self.ia_dal

    def test_unknown_name_raises_vietnamese_error(self):
        with pytest.raises(NameNotFound, match="Không tìm thấy"):
            self.index.resolve("Ia Grai")

    def test_blank_input_raises(self):
        with pytest.raises(NameNotFound, match="Chưa nhập"):
            self.index.resolve("   ")

    def test_partial_match_needs_to_be_asked_for_and_unique(self):
        with pytest.raises(NameNotFound):
            self.index.resolve("Phòng Tư")
        assert self.index.resolve("Phòng Tư", partial=True) is self.office
        with pytest.raises(AmbiguousName):
            self.index.resolve("Ia", partial=True)

    def test_ambiguous_name_lists_candidates(self):
        twin = Named(4, "Xã Ia Đal mới", "Ia Đal")
        index = index_of(self.ia_dal, twin)
        with pytest.raises(AmbiguousName) as raised:
            index.resolve("Ia Đal")
        assert set(raised.value.candidates) == {self.ia_dal, twin}
        assert "Xã Ia Đal mới" in str(raised.value)


class TestSuccessors:
    def setup_method(self):
        reform = datetime.date(2025, 7, 1)
        self.new_ia_toi = Named(10, "Xã Ia Tơi", "Ia Tơi", valid_from=reform)
        self.old_ia_toi = Named(
            11, "Xã Ia Tơi cũ", "Ia Tơi", valid_to=reform - datetime.timedelta(days=1), successor=self.new_ia_toi
        )
        self.ia_dom = Named(12, "Xã Ia Dom", valid_to=reform - datetime.timedelta(days=1), successor=self.new_ia_toi)
        self.index = index_of(self.new_ia_toi, self.old_ia_toi, self.ia_dom)

    def test_merged_commune_resolves_to_successor_after_merger(self):
        assert self.index.resolve("Ia Dom", on=datetime.date(2026, 1, 18)) is self.new_ia_toi

    def test_merged_commune_resolves_to_itself_before_merger(self):
        assert self.index.resolve("Ia Dom", on=datetime.date(2025, 6, 30)) is self.ia_dom

    def test_same_name_old_and_new_picks_the_one_valid_on_the_day(self):
        assert self.index.resolve("Ia Tơi", on=datetime.date(2024, 3, 1)) is self.old_ia_toi
        assert self.index.resolve("Ia Tơi", on=datetime.date(2025, 7, 1)) is self.new_ia_toi

    def test_same_name_without_date_prefers_today(self):
        assert self.index.resolve("Ia Tơi") is self.new_ia_toi


@pytest.mark.django_db
class TestUnitNameIndex:
    def test_demo_units_resolve_like_the_sample_sheet_names_them(self, demo_data):
        index = Unit.name_index()
        day = datetime.date(2026, 2, 1)
        assert index.resolve("Phòng Tư pháp", on=day).code == "phong-tu-phap"
        assert index.resolve("UBND xã Ia Dom", on=day).code == "ia-toi"
        assert index.resolve("ia dal", on=day).code == "ia-dal"
        assert index.resolve("Trung tâm Văn hóa - Thể thao - Du lịch và Truyền thông huyện").code == "trung-tam-vh"
        assert index.resolve("UBND xã Ia Dom", on=datetime.date(2024, 2, 1)).code == "ia-dom"

    def test_unit_lookups_do_not_query_per_name(self, demo_data, django_assert_num_queries):
        index = Unit.name_index()
        with django_assert_num_queries(0):
            for _ in range(20):
                index.resolve("UBND xã Ia Dom", on=datetime.date(2026, 2, 1))
