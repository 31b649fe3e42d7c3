"""The demo's loudspeaker recording: a small MP3 committed beside this module (read by espeak-ng, encoded
with lame at 24 kbit/s mono), stored as a Wagtail document like any uploaded recording. The other demo
drafts have no recording and rely on the synthetic reading (policies/speech.py) where espeak-ng is installed."""

from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from wagtail.documents import get_document_model
from wagtail.models import Collection

FOLDER = Path(__file__).resolve().parent / "audio"
RECORDINGS = {"loa-dt-2026-01.mp3": "Bản ghi âm bài đọc trên loa – DT-2026-01 (mẫu)"}


def demo_recording(file_name):
    """The document holding the committed recording `file_name`, stored on first use; None for ""."""
    if not file_name:
        return None
    Document = get_document_model()
    title = RECORDINGS[file_name]
    document = Document.objects.filter(title=title).first()
    if document is None:
        content = (FOLDER / file_name).read_bytes()
        document = Document(title=title, collection=Collection.get_first_root_node())
        stored = document.file.field.generate_filename(document, file_name)
        if default_storage.exists(stored) and default_storage.open(stored).read() == content:
            document.file.name = stored  # the same recording left by an earlier seed: not stored twice
        else:
            document.file.save(file_name, ContentFile(content), save=False)
        document._set_document_file_metadata()
        document.save()
    return document
