"""How a typed name matched: the one matcher returns the kind with the object (pure logic, no database)."""

import datetime

import pytest

from policies.naming import ABBREVIATION, ALIAS, EXACT, PREFIX, SUCCESSOR, NameIndex, NameNotFound
from tests.policies.test_naming import Named as PlainNamed

MERGER = datetime.date(2025, 7, 1)


class Named(PlainNamed):
    """Names given as (name, kind) pairs, as Unit.names_with_kinds gives them, or as plain strings."""

    def __str__(self):
        first = self.names[0]
        return first[0] if isinstance(first, tuple) else first


@pytest.fixture
def index():
    ia_toi = Named(1, ("Xã Ia Tơi", EXACT), ("Ia Tơi", ABBREVIATION), ("UBND xã Ia Tơi", ALIAS))
    ia_dom = Named(
        2,
        ("Xã Ia Dom", EXACT),
        ("Ia Dom", ABBREVIATION),
        valid_to=MERGER - datetime.timedelta(days=1),
        successor=ia_toi,
    )
    office = Named(3, "Phòng Tư pháp", "Tư pháp huyện")
    return NameIndex([ia_toi, ia_dom, office], lambda obj: obj.names)


def kind(index, text, **kwargs):
    return index.match(text, **kwargs).kind


class TestMatchKinds:
    def test_the_own_name_in_any_spelling_is_exact(self, index):
        assert kind(index, "Xã Ia Tơi") == kind(index, "XÃ IA TOI") == EXACT
        assert kind(index, "phòng tư pháp") == EXACT

    def test_a_listed_other_name_is_an_alias(self, index):
        assert kind(index, "Tư pháp huyện") == ALIAS
        match = index.match("UBND xã Ia Tơi")
        assert (match.kind, match.name, match.obj.pk) == (ALIAS, "UBND xã Ia Tơi", 1)
        assert match.describe("UBND xã  Ia Tơi") == "tên gọi khác “UBND xã Ia Tơi”"

    def test_a_short_name_or_an_abbreviation_typed_is_an_abbreviation(self, index):
        assert kind(index, "Ia Tơi") == ABBREVIATION
        assert kind(index, "Ủy ban nhân dân xã Ia Tơi") == ALIAS  # the listed alias, spelt out
        assert kind(index, "UBND Phòng Tư pháp") == ABBREVIATION

    def test_the_start_of_a_name_is_a_prefix_match_only_when_asked(self, index):
        with pytest.raises(NameNotFound):
            index.match("Phòng Tư")
        assert kind(index, "Phòng Tư", partial=True) == PREFIX

    def test_a_merged_commune_resolves_to_its_successor_and_says_so(self, index):
        match = index.match("Ia Dom", on=datetime.date(2026, 1, 18))
        assert (match.kind, match.obj.pk, match.named.pk, match.merged_on) == (SUCCESSOR, 1, 2, MERGER)
        assert match.describe("Ia Dom") == "Ia Dom → Xã Ia Tơi (sáp nhập 01/07/2025)"

    def test_a_merged_commune_before_the_merger_is_itself(self, index):
        match = index.match("Ia Dom", on=datetime.date(2025, 6, 30))
        assert (match.kind, match.obj.pk) == (ABBREVIATION, 2)

    def test_resolve_is_match_without_the_kind(self, index):
        day = datetime.date(2026, 1, 18)
        assert index.resolve("Ia Dom", on=day) is index.match("Ia Dom", on=day).obj

    def test_an_added_alias_matches_as_alias_and_never_replaces_an_own_name(self, index):
        assert index.add_alias(3, "Phòng TP huyện")
        assert (kind(index, "phong tp huyen"), index.match("phong tp huyen").obj.pk) == (ALIAS, 3)
        index.add_alias(3, "Xã Ia Tơi")  # a careless alias cannot take another object's own name away
        with pytest.raises(Exception):  # noqa: B017 (now ambiguous: both objects answer to it)
            index.match("Xã Ia Tơi")
        assert not index.add_alias(99, "không có")
