"""Resolve what a person typed to a known object (unit, form, draft…).

One folding rule for the whole portal: NFC, invisible characters removed,
Vietnamese diacritics dropped (đ → d), lower case, single spaces, common
abbreviations expanded. The importer, search and admin filters all use it.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date

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


class NameIndex:
    """Names of a set of objects, folded once, to resolve many inputs quickly.

    `names_of(obj)` returns every name the object answers to (name, short name,
    aliases, code). Objects may define `valid_on(day)` and `successor`, in which
    case a name typed for a day after the object ceased resolves to its successor.
    """

    def __init__(self, objects: Iterable, names_of: Callable[[object], Iterable[str]], kind_label=""):
        self.kind_label = kind_label or _("tên")
        self.objects = list(objects)
        self.exact: dict[str, list] = {}
        self.short: dict[str, list] = {}
        for obj in self.objects:
            for name in names_of(obj):
                key = name_key(name)
                if not key:
                    continue
                _add(self.exact, key, obj)
                _add(self.short, short_key(key), obj)

    def resolve(self, text: str, on: date | None = None, partial: bool = False):
        """Return the one object `text` names, or raise NameNotFound / AmbiguousName."""
        key = name_key(text)
        if not key:
            raise NameNotFound(_("Chưa nhập %(kind)s.") % {"kind": self.kind_label})
        for candidates in (self.exact.get(key), self.short.get(short_key(key))):
            if candidates:
                return self._choose(text, candidates, on)
        if partial:
            short = short_key(key)
            prefixed = {o.pk: o for k, objs in self.short.items() if k.startswith(short) for o in objs}
            if not prefixed:
                prefixed = {o.pk: o for k, objs in self.short.items() if short in k for o in objs}
            if prefixed:
                return self._choose(text, list(prefixed.values()), on)
        raise NameNotFound(
            _("Không tìm thấy %(kind)s “%(text)s”.") % {"kind": self.kind_label, "text": clean_text(text)}
        )

    def _choose(self, text, candidates, on):
        unique = _dedupe(candidates)
        if len(unique) > 1 or on is not None:
            # Without a date, prefer what is valid today (a merged commune's successor).
            day = on or timezone.localdate()
            unique = _dedupe([follow_successors(obj, day) for obj in unique])
            current = [obj for obj in unique if _valid_on(obj, day)]
            unique = current or unique
        if len(unique) == 1:
            return unique[0]
        names = ", ".join(sorted(str(obj) for obj in unique))
        raise AmbiguousName(
            _("“%(text)s” khớp với nhiều %(kind)s: %(names)s. Hãy ghi tên đầy đủ hơn.")
            % {"text": clean_text(text), "kind": self.kind_label, "names": names},
            unique,
        )


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
        pk = getattr(obj, "pk", None)
        unique.setdefault((type(obj), pk) if pk is not None else id(obj), obj)
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
