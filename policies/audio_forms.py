"""Wagtail's document form with the audio check (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE): every upload
path — the document library, the multiple upload, the chooser's upload tab — refuses a disguised or
oversized recording with a Vietnamese message, before anything is stored."""

from django.core.files.uploadedfile import UploadedFile

from wagtail.documents.forms import BaseDocumentForm

from policies.audio import audio_file_error


class AudioCheckedDocumentForm(BaseDocumentForm):
    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if isinstance(upload, UploadedFile):
            error = audio_file_error(upload, upload.name)
            if error:
                self.add_error("file", error)
        return cleaned
