"""Resolve what a person typed to a known object (unit, form, draft…).

One folding rule for the whole portal: NFC, invisible characters removed,
Vietnamese diacritics dropped (đ → d), lower case, single spaces, common
abbreviations expanded. The importer, search and admin filters all use it.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Func, TextField, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from anyascii import anyascii

# Zero-width and bidirectional control characters: invisible, but they make
# two identical-looking names differ (and can reorder text on screen).
INVISIBLE_CHARACTERS = re.compile(
    "[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
    # C0 controls but tab and line ends (PostgreSQL refuses NUL in text), DEL and C1 controls.
    "|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
NON_WORD = re.compile(r"[^0-9a-z]+")

# Abbreviations officials write in place of the full name, folded.
ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "mttqvn": "mat tran to quoc viet nam",
    "tand": "toa an nhan dan",
    "vksnd": "vien kiem sat nhan dan",
    "pbgdpl": "pho bien giao duc phap luat",
    "vh": "van hoa",
    "tt": "thong tin",
    "tp": "thanh pho",
}
# Leading words that name the kind of body rather than the body itself:
# "UBND xã Hòa Bình", "xã Hòa Bình" and "Hòa Bình" mean the same commune.
GENERIC_PREFIXES = (
    "uy ban nhan dan ",
    "xa ",
    "phuong ",
    "thi tran ",
    "huyen ",
    "tinh ",
)


def clean_text(text: str) -> str:
    """NFC-normalise, drop invisible characters and collapse spaces (keeps diacritics)."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = INVISIBLE_CHARACTERS.sub("", text)
    return " ".join(text.split())


def fold(text: str) -> str:
    """Fold text for comparison and search: `Ủy ban  nhân dân` → `uy ban nhan dan`."""
    ascii_text = anyascii(clean_text(text)).lower()
    return " ".join(NON_WORD.sub(" ", ascii_text).split())


def name_key(text: str) -> str:
    """fold() plus abbreviations expanded: the key names are matched on."""
    return " ".join(ABBREVIATIONS.get(word, word) for word in fold(text).split())


def short_key(key: str) -> str:
    """A name key with generic leading words removed (`uy ban nhan dan xa hoa binh` → `hoa binh`)."""
    changed = True
    while changed:
        changed = False
        for prefix in GENERIC_PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix) :]
                changed = True
    return key


class NameNotFound(ValueError):
    pass


class AmbiguousName(ValueError):
    def __init__(self, message, candidates):
        super().__init__(message)
        self.candidates = candidates


# How a typed name matched: one vocabulary for the importer's preview, search and filters.
EXACT = "exact"  # the object's own name (generic words such as "xã" aside)
ALIAS = "alias"  # one of its other names (an alias listed on it, or one saved from an import preview)
ABBREVIATION = "abbreviation"  # its short name or code, or the text used an abbreviation such as "UBND"
PREFIX = "prefix"  # only the start (or a part) of a name was typed
SUCCESSOR = "successor"  # the name of a merged unit, resolved to the unit that took it over


@dataclass(frozen=True)
class Match:
    """What a typed text resolved to, and how: `named` is the object the text names, `obj` the one that stands
    for it on the day (they differ only for a successor)."""

    obj: object
    kind: str
    name: str = ""  # the known name the text matched
    named: object = None

    @property
    def merged_on(self):
        """The day the named object was merged into its successor (the day after its last valid day)."""
        valid_to = getattr(self.named, "valid_to", None)
        return valid_to + timedelta(days=1) if valid_to else None

    def describe(self, text):
        """A short Vietnamese note for people, beside the matched name: `tên gọi khác “UBND xã Hòa Bình”`,
        `An Phú → Xã Hòa Bình (sáp nhập 01/07/2025)`."""
        text = clean_text(text)
        if self.kind == SUCCESSOR:
            if self.merged_on:
                return _("%(text)s → %(obj)s (sáp nhập %(day)s)") % {
                    "text": text,
                    "obj": self.obj,
                    "day": self.merged_on.strftime("%d/%m/%Y"),
                }
            return _("%(text)s → %(obj)s (sáp nhập)") % {"text": text, "obj": self.obj}
        label = MATCH_LABELS[self.kind]
        if self.kind == EXACT:
            return str(label)
        return _("%(label)s “%(text)s”") % {"label": label, "text": text}


MATCH_LABELS = {
    EXACT: _("đúng tên"),
    ALIAS: _("tên gọi khác"),
    ABBREVIATION: _("viết tắt"),
    PREFIX: _("phần đầu tên"),
    SUCCESSOR: _("đơn vị kế thừa"),
}


class NameIndex:
    """Names of a set of objects, folded once, to resolve many inputs quickly.

    `names_of(obj)` returns every name the object answers to: plain strings (the first is its own name,
    the others aliases) or `(name, kind)` pairs. Objects may define `valid_on(day)` and `successor`, in
    which case a name typed for a day after the object ceased resolves to its successor.
    """

    def __init__(self, objects: Iterable, names_of: Callable[[object], Iterable], kind_label=""):
        self.kind_label = kind_label or _("tên")
        self.objects = list(objects)
        self.exact: dict[str, list] = {}
        self.short: dict[str, list] = {}
        self.how: dict[tuple, tuple] = {}  # (short?, key, object identity) → (name, kind): how a key names an object
        for obj in self.objects:
            for position, item in enumerate(names_of(obj)):
                name, kind = item if isinstance(item, tuple) else (item, EXACT if position == 0 else ALIAS)
                self._add_name(obj, name, kind)

    def _add_name(self, obj, name, kind):
        key = name_key(name)
        if not key:
            return
        _add(self.exact, key, obj)
        _add(self.short, short_key(key), obj)
        # The object's own name wins over an alias that folds to the same key.
        self.how.setdefault((False, key, _identity(obj)), (name, kind))
        self.how.setdefault((True, short_key(key), _identity(obj)), (name, kind))

    def add_alias(self, pk, name):
        """Teach the index one more name for the object with primary key `pk`; False if it is not indexed."""
        for obj in self.objects:
            if getattr(obj, "pk", None) == pk:
                self._add_name(obj, name, ALIAS)
                return True
        return False

    def resolve(self, text: str, on: date | None = None, partial: bool = False):
        """Return the one object `text` names, or raise NameNotFound / AmbiguousName."""
        return self.match(text, on=on, partial=partial).obj

    def match(self, text: str, on: date | None = None, partial: bool = False) -> Match:
        """Like resolve(), with how the text matched (EXACT, ALIAS, ABBREVIATION, PREFIX or SUCCESSOR)."""
        key = name_key(text)
        if not key:
            raise NameNotFound(_("Chưa nhập %(kind)s.") % {"kind": self.kind_label})
        for is_short, lookup in ((False, key), (True, short_key(key))):
            candidates = (self.short if is_short else self.exact).get(lookup)
            if candidates:
                obj, named = self._choose(text, candidates, on)
                name, kind = self.how.get((is_short, lookup, _identity(named))) or (str(named), ALIAS)
                if kind == EXACT and fold(text) != key:
                    kind = ABBREVIATION  # "UBND xã Hòa Bình": the name, written with an abbreviation
                return _match(obj, named, kind, name)
        if partial:
            short = short_key(key)
            prefixed = {o.pk: o for k, objs in self.short.items() if k.startswith(short) for o in objs}
            if not prefixed:
                prefixed = {o.pk: o for k, objs in self.short.items() if short in k for o in objs}
            if prefixed:
                obj, named = self._choose(text, list(prefixed.values()), on)
                return _match(obj, named, PREFIX, str(named))
        raise NameNotFound(
            _("Không tìm thấy %(kind)s “%(text)s”.") % {"kind": self.kind_label, "text": clean_text(text)}
        )

    def _choose(self, text, candidates, on):
        """(the object standing for the name on the day, the object the name names)."""
        unique = _dedupe(candidates)
        pairs = [(obj, obj) for obj in unique]
        if len(unique) > 1 or on is not None:
            # Without a date, prefer what is valid today (a merged commune's successor).
            day = on or timezone.localdate()
            pairs = [(follow_successors(obj, day), obj) for obj in unique]
            # A name two objects share (a commune before and after a merger) is the valid one's own name, not a merger.
            pairs.sort(key=lambda pair: pair[0] is not pair[1])
            seen, distinct = set(), []
            for standing, named in pairs:
                if _identity(standing) not in seen:
                    seen.add(_identity(standing))
                    distinct.append((standing, named))
            current = [pair for pair in distinct if _valid_on(pair[0], day)]
            pairs = current or distinct
        if len(pairs) == 1:
            return pairs[0]
        names = ", ".join(sorted(str(obj) for obj, _named in pairs))
        raise AmbiguousName(
            _("“%(text)s” khớp với nhiều %(kind)s: %(names)s. Hãy ghi tên đầy đủ hơn.")
            % {"text": clean_text(text), "kind": self.kind_label, "names": names},
            [obj for obj, _named in pairs],
        )


def _match(obj, named, kind, name):
    if _identity(obj) != _identity(named):
        return Match(obj, SUCCESSOR, name, named)
    return Match(obj, kind, name, named)


def _identity(obj):
    pk = getattr(obj, "pk", None)
    return (type(obj), pk) if pk is not None else id(obj)


def follow_successors(obj, on: date):
    """The object that stands for `obj` on day `on` (its successor once it ceased)."""
    seen = set()
    while not _valid_on(obj, on) and getattr(obj, "successor", None) is not None and obj.pk not in seen:
        seen.add(obj.pk)
        obj = obj.successor
    return obj


def _valid_on(obj, on):
    valid_on = getattr(obj, "valid_on", None)
    return valid_on(on) if valid_on else True


def _add(mapping, key, obj):
    bucket = mapping.setdefault(key, [])
    if obj not in bucket:
        bucket.append(obj)


def _dedupe(objects):
    """Distinct objects, treating two instances of one database row as one."""
    unique = {}
    for obj in objects:
        unique.setdefault(_identity(obj), obj)
    return list(unique.values())


def _fold_table():
    """The letters fold() turns into one ASCII letter, as two equal-length strings for SQL translate().

    Vietnamese letters (with and without diacritics, both cases) and the other Latin letters in the
    same blocks; combining marks come last with no partner, so translate() drops them (text typed in NFD).
    """
    source, target = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        folded = anyascii(char).lower()
        if len(folded) == 1 and folded.isalpha() and folded != char:
            source.append(char)
            target.append(folded)
    for code in range(ord("A"), ord("Z") + 1):
        source.append(chr(code))
        target.append(chr(code).lower())
    marks = "".join(chr(code) for code in range(0x300, 0x370))
    return "".join(source) + marks, "".join(target)


FOLD_FROM, FOLD_TO = _fold_table()


class Folded(Func):
    """fold()'s letters in SQL: `Folded("body")` contains `thue` where the body says “Thuế”.

    For searching fields that keep no folded copy. Punctuation stays, so match fold()'s words one by one.
    """

    function = "TRANSLATE"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(FOLD_FROM), Value(FOLD_TO), **extra)


def _sql_translate(text, source, target):
    # PostgreSQL's translate(): letters of `source` with no partner in `target` are dropped.
    if text is None:
        return None
    table = {ord(char): (target[index] if index < len(target) else None) for index, char in enumerate(source)}
    return text.translate(table)


def add_sqlite_translate(sender, connection, **kwargs):
    """Give SQLite (the embedded default) PostgreSQL's translate(), so Folded() searches alike on both."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("TRANSLATE", 3, _sql_translate, deterministic=True)
