"""A synthetic Vietnamese reading of a draft's loudspeaker script, where no recording exists.

Made by Debian's `espeak-ng -v vi` (settings.LOUDSPEAKER_SPEECH_COMMAND) in the background worker, stored
in the default storage as WAV (OGG when `oggenc` is installed) under a name holding the script text's
hash: an edited script, or a window that opens or closes, is a new text and gets a new reading. Without
the program the feature is off and staff are told why; nothing else needs it.
"""

import hashlib
import shutil
import subprocess  # noqa: S404 - runs a fixed program with a list of arguments, never a shell
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.frontend_cache.utils import purge_page_from_cache

from django_tasks import task

FOLDER = "loa-giong-may"
VOICE = "vi"
# Words (Vietnamese syllables) a minute: the calm announcer's pace the script is cut to (views/reach.py).
WORDS_A_MINUTE = 130
SECONDS_ALLOWED = 300
PENDING_SECONDS = 600
CONTENT_TYPES = {"ogg": "audio/ogg", "wav": "audio/wav"}

SPEECH_OFF = _(
    "Bản đọc tự động bằng giọng máy đang tắt: máy chủ chưa có chương trình đọc espeak-ng. Hãy tải lên bản "
    "ghi âm bài đọc trong trang sửa dự thảo, hoặc nhờ quản trị hệ thống cài espeak-ng (apt-get install espeak-ng)."
)


@dataclass(frozen=True)
class AudioSource:
    """What the script page, the RSS enclosure and a download need of a recording or a synthetic reading."""

    url: str
    content_type: str
    size: int
    synthetic: bool = False


def speech_program():
    """The text-to-speech program's path, or None when it is not installed (the feature is then off)."""
    command = getattr(settings, "LOUDSPEAKER_SPEECH_COMMAND", "")
    return shutil.which(command) if command else None


def speech_available():
    return speech_program() is not None


def script_digest(text):
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def stored_name(draft_id, digest, extension):
    return f"{FOLDER}/{draft_id}-{digest}.{extension}"


def public_request():
    """A request for the portal's public address: the reading says the address people should type,
    whichever host name the page was opened under."""
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    secure = base.scheme == "https"
    return RequestFactory().get("/", HTTP_HOST=base.netloc, secure=secure)


def reading_text(draft):
    from policies.views.reach import fitted_script

    return fitted_script(public_request(), draft)


def find_reading(draft_id, digest):
    """The stored reading of this text, or None."""
    for extension in CONTENT_TYPES:
        name = stored_name(draft_id, digest, extension)
        if default_storage.exists(name):
            return name
    return None


def reading_source(draft_id, name):
    extension = name.rpartition(".")[2]
    digest = name.rpartition("-")[2].partition(".")[0]
    url = reverse("loudspeaker_synthetic", kwargs={"draft_id": draft_id, "digest": digest, "extension": extension})
    return AudioSource(url, CONTENT_TYPES[extension], default_storage.size(name), synthetic=True)


def recording_source(document):
    from policies.audio import content_type_of

    return AudioSource(document.url, content_type_of(document.file.name), document.get_file_size() or 0)


def version_audio(version):
    """An audience version's recording; no synthetic reading: the speech program reads only Vietnamese, and
    a version's listeners are owed a human voice in their language."""
    return recording_source(version.loudspeaker_audio) if version.loudspeaker_audio_id else None


def script_audio(draft, ask=True):
    """The draft's loudspeaker audio: its recording, else the synthetic reading of the script as it reads
    now; None while there is neither. `ask` queues a missing reading (once per text)."""
    if draft.loudspeaker_audio_id:
        return recording_source(draft.loudspeaker_audio)
    digest = script_digest(reading_text(draft))
    name = find_reading(draft.pk, digest)
    if name:
        return reading_source(draft.pk, name)
    if ask and draft.live and speech_available():
        ask_for_reading(draft.pk, digest)
    return None


def ask_for_reading(draft_id, digest, again=False):
    """Queue the reading of this text unless it was queued in the last minutes (one job per text)."""
    key = f"speech:pending:{draft_id}:{digest}"
    if again:
        cache.delete(key)
    if cache.add(key, True, PENDING_SECONDS):
        transaction.on_commit(lambda: make_reading.enqueue(draft_id, again))


@task()
def make_reading(draft_id, again=False):
    """Read the published draft's script aloud into a stored file; returns its storage name, or None."""
    from policies.cache import on_reading_made
    from policies.models import DraftPage

    draft = DraftPage.objects.live().filter(pk=draft_id).select_related("drafting_unit").first()
    program = speech_program()
    if draft is None or draft.loudspeaker_audio_id or program is None:
        return None
    text = reading_text(draft)
    digest = script_digest(text)
    existing = find_reading(draft_id, digest)
    if existing and not again:
        return existing
    with tempfile.TemporaryDirectory() as folder:
        audio = synthesize(program, text, Path(folder))
        if existing:
            default_storage.delete(existing)
        wanted = stored_name(draft_id, digest, audio.suffix[1:])
        with audio.open("rb") as file:
            name = default_storage.save(wanted, File(file))
    if name != wanted:  # another worker stored the same text first: theirs is the one the pages find
        default_storage.delete(name)
    drop_other_readings(draft_id, keep=wanted)
    # The script page now has sound: a front-end cache (CDN) must not keep the page without it, nor the page cache.
    purge_page_from_cache(draft)
    on_reading_made(draft_id)
    return wanted


def synthesize(program, text, folder):
    """Write the reading of `text` in `folder`; returns the file (OGG when a converter is installed)."""
    script = folder / "bai-doc.txt"
    script.write_text(text, encoding="utf-8")
    wav = folder / "bai-doc.wav"
    subprocess.run(  # noqa: S603 - fixed program and arguments
        [program, "-v", VOICE, "-s", str(WORDS_A_MINUTE), "-w", str(wav), "-f", str(script)],
        check=True,
        capture_output=True,
        timeout=SECONDS_ALLOWED,
    )
    encoder = shutil.which("oggenc")
    if encoder:
        ogg = folder / "bai-doc.ogg"
        subprocess.run(  # noqa: S603 - fixed program and arguments
            [encoder, "--quiet", "--quality", "1", "--output", str(ogg), str(wav)],
            check=True,
            capture_output=True,
            timeout=SECONDS_ALLOWED,
        )
        return ogg
    return wav


def drop_other_readings(draft_id, keep):
    """Readings of the draft's earlier texts are no longer said anywhere."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    for file_name in files:
        name = f"{FOLDER}/{file_name}"
        if file_name.startswith(f"{draft_id}-") and name != keep:
            default_storage.delete(name)


def on_draft_published(sender, instance, **kwargs):
    """A published draft without a recording gets its reading in the background."""
    if not instance.loudspeaker_audio_id and speech_available():
        ask_for_reading(instance.pk, script_digest(reading_text(instance)))


def connect_signals():
    from wagtail.signals import page_published

    from policies.models import DraftPage

    page_published.connect(on_draft_published, sender=DraftPage, dispatch_uid="loudspeaker_speech_published")
