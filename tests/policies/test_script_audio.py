"""Loudspeakers with sound (issue 11, part 2): recordings checked by content and size at upload and when
chosen, played on the script page, read aloud by espeak-ng where none exists, and offered as a unit's RSS."""

import io
import os
import shutil
import wave
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.documents import get_document_model

import pytest
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from policies import roles, speech
from policies.audio import audio_file_error, sniff
from policies.models import DraftPage
from tests.factories import DraftPageFactory, UnitFactory, UserFactory, draft_index

RECORDING = Path(__file__).resolve().parents[2] / "policies" / "demo" / "audio" / "loa-dt-2026-01.mp3"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n" + b"0" * 4000 + b"\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>" * 40


def mp3_bytes():
    return RECORDING.read_bytes()


def ogg_page(packet, flags=0, sequence=0):
    """One Ogg page holding `packet` (under 255 bytes): enough structure for the content check."""
    header = b"OggS" + bytes([0, flags]) + bytes(8) + bytes(4) + sequence.to_bytes(4, "little") + bytes(4)
    return header + bytes([1, len(packet)]) + packet


def ogg_bytes():
    return (
        ogg_page(b"\x01vorbis" + bytes(23), flags=0x02)
        + ogg_page(b"\x03vorbis" + bytes(40), sequence=1)
        + ogg_page(bytes(200), flags=0x04, sequence=2)
    )


def box(kind, body=b""):
    return (8 + len(body)).to_bytes(4, "big") + kind + body


def m4a_bytes(brand=b"M4A "):
    return box(b"ftyp", brand + bytes(4) + brand + b"isom") + box(b"moov", bytes(100)) + box(b"mdat", bytes(5000))


@pytest.fixture
def media(settings, tmp_path):
    """Documents and synthetic readings go to a throw-away folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def speech_on(settings, media):
    """The real espeak-ng: CI installs it (.ci/run); elsewhere the test is skipped with the command to run."""
    if not shutil.which("espeak-ng"):
        reason = "espeak-ng chưa được cài: `apt-get install -y espeak-ng` để chạy kiểm thử bản đọc tự động."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    settings.LOUDSPEAKER_SPEECH_COMMAND = "espeak-ng"


@pytest.fixture
def speech_absent(settings, media, monkeypatch, tmp_path):
    """espeak-ng configured but not on the PATH, as on a server where it was never installed."""
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    settings.LOUDSPEAKER_SPEECH_COMMAND = "espeak-ng"


def stored_document(name, content, title="Bản ghi âm"):
    """A document stored without the upload form (as an old upload or a script would leave it)."""
    from wagtail.models import Collection

    document = get_document_model()(title=title, collection=Collection.get_first_root_node())
    document.file.save(name, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return document


def editable_index():
    """The draft index with the roles' page permissions, as setup_portal leaves it."""
    from policies.setup import setup_draft_editing

    index = draft_index()
    setup_draft_editing(index)
    return index


def publish(draft):
    draft.save_revision().publish()
    return DraftPage.objects.get(pk=draft.pk)


class TestContentCheck:
    """Pure checks of the bytes, no database."""

    def test_the_demo_mp3_is_accepted(self):
        assert audio_file_error(io.BytesIO(mp3_bytes()), "loa.mp3") is None
        assert sniff(io.BytesIO(mp3_bytes())) == "mp3"

    def test_ogg_and_m4a_with_an_audio_brand_are_accepted(self):
        assert audio_file_error(io.BytesIO(ogg_bytes()), "loa.ogg") is None
        assert audio_file_error(io.BytesIO(m4a_bytes()), "loa.m4a") is None

    @pytest.mark.parametrize("content", [PDF, HTML, b"", b"ID3\x04\x00\x00\x00\x00\x00\x10" + PDF])
    def test_a_file_that_is_not_audio_is_refused_by_its_content(self, content):
        error = audio_file_error(io.BytesIO(content), "bai-doc.mp3")
        assert "không phải tệp âm thanh MP3 thật" in error

    def test_a_cut_mp3_is_refused_as_truncated(self):
        data = mp3_bytes()
        error = audio_file_error(io.BytesIO(data[: len(data) // 2 + 7]), "loa.mp3")
        assert "bị cắt cụt hoặc hỏng" in error

    def test_an_ogg_without_its_last_page_is_truncated(self):
        assert "bị cắt cụt" in audio_file_error(io.BytesIO(ogg_bytes()[:-50]), "loa.ogg")

    def test_a_video_mp4_renamed_m4a_and_a_cut_m4a_are_refused(self):
        assert "không phải tệp âm thanh M4A" in audio_file_error(io.BytesIO(m4a_bytes(b"isom")), "loa.m4a")
        assert "bị cắt cụt" in audio_file_error(io.BytesIO(m4a_bytes()[:-100]), "loa.m4a")

    def test_an_mp3_named_ogg_is_told_its_right_extension(self):
        error = audio_file_error(io.BytesIO(mp3_bytes()), "loa.ogg")
        assert "nội dung là MP3" in error and ".mp3" in error

    def test_other_extensions_are_not_this_checks_business(self):
        assert audio_file_error(io.BytesIO(PDF), "du-thao.pdf") is None


@pytest.mark.django_db
class TestUploadForm:
    """Through Wagtail's real document upload form (settings.WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    @pytest.fixture
    def editor_client(self, client, media):
        from policies.setup import setup_collection_permissions

        draft_index()
        setup_collection_permissions()  # editors upload draft files (and recordings) to the root collection
        client.force_login(UserFactory(role=roles.EDITOR, units=[UnitFactory()]))
        return client

    def upload(self, client, name, content):
        data = {"title": "Bài đọc", "file": SimpleUploadedFile(name, content), "collection": self.root_id()}
        return client.post(reverse("wagtaildocs:add"), data)

    def root_id(self):
        from wagtail.models import Collection

        return Collection.get_first_root_node().pk

    def test_a_real_mp3_is_stored(self, editor_client):
        response = self.upload(editor_client, "bai-doc.mp3", mp3_bytes())
        assert response.status_code == 302
        document = get_document_model().objects.get(title="Bài đọc")
        assert document.file.read() == mp3_bytes()

    @pytest.mark.parametrize(("name", "content"), [("bai-doc.mp3", PDF), ("bai-doc.mp3", HTML), ("loa.ogg", PDF)])
    def test_a_disguised_file_gets_a_vietnamese_error_and_nothing_is_stored(self, editor_client, media, name, content):
        response = self.upload(editor_client, name, content)
        assert response.status_code == 200
        assert "không phải tệp âm thanh" in response.content.decode()
        assert not get_document_model().objects.exists()
        assert not list(media.rglob("bai-doc*")) and not list(media.rglob("loa*"))

    def test_a_truncated_recording_is_refused(self, editor_client):
        data = mp3_bytes()
        response = self.upload(editor_client, "bai-doc.mp3", data[: len(data) - 333])
        assert "bị cắt cụt hoặc hỏng" in response.content.decode()
        assert not get_document_model().objects.exists()

    def test_an_oversize_recording_is_refused_with_the_limit(self, editor_client, settings):
        settings.AUDIO_MAX_BYTES = 1024 * 1024
        big = mp3_bytes() * 13  # frames joined end to end: still a valid MP3, about 1.1 MB
        assert audio_file_error(io.BytesIO(big), "x.mp3") is not None
        response = self.upload(editor_client, "bai-doc.mp3", big)
        html = response.content.decode()
        assert "quá mức 1 MB" in html and "1,1 MB" in html
        assert not get_document_model().objects.exists()


@pytest.mark.django_db
class TestChosenForTheDraft:
    def test_a_pdf_document_cannot_be_the_recording(self, media):
        draft = DraftPageFactory.build(drafting_unit=UnitFactory())
        draft_index().add_child(instance=draft)
        draft.loudspeaker_audio = stored_document("du-thao.pdf", PDF, title="Toàn văn")
        with pytest.raises(ValidationError) as raised:
            draft.full_clean()
        assert "“Toàn văn” không phải tệp âm thanh" in str(raised.value.message_dict["loudspeaker_audio"])

    def test_a_disguised_file_stored_earlier_is_checked_again_when_chosen(self, media):
        draft = DraftPageFactory(parent=draft_index())
        draft.loudspeaker_audio = stored_document("bai-doc.mp3", HTML)
        with pytest.raises(ValidationError) as raised:
            draft.full_clean()
        assert "không phải tệp âm thanh MP3 thật" in str(raised.value.message_dict["loudspeaker_audio"])

    def test_the_admin_draft_form_refuses_a_disguised_recording_and_keeps_a_real_one(self, admin_client, media):
        from tests.policies.test_draft_editor import add_form

        index = draft_index()
        url = reverse("wagtailadmin_pages:add", args=["policies", "draftpage", index.pk])
        disguised = stored_document("bai-doc.mp3", PDF, title="Bài đọc giả")
        response = admin_client.post(url, {**add_form(UnitFactory()), "loudspeaker_audio": disguised.pk})
        assert response.status_code == 200
        assert "không phải tệp âm thanh MP3 thật" in str(response.context["form"].errors["loudspeaker_audio"])
        assert not DraftPage.objects.exists()
        real = stored_document("bai-doc-that.mp3", mp3_bytes())
        response = admin_client.post(url, {**add_form(UnitFactory()), "loudspeaker_audio": real.pk})
        assert response.status_code == 302
        assert DraftPage.objects.get().loudspeaker_audio == real

    def test_a_real_recording_is_accepted(self, media):
        draft = DraftPageFactory(parent=draft_index())
        draft.loudspeaker_audio = stored_document("bai-doc.mp3", mp3_bytes())
        draft.full_clean()


@pytest.mark.django_db
class TestScriptPagePlayback:
    def test_the_recording_plays_without_javascript_and_its_source_is_served_as_audio(self, client, media):
        draft = DraftPageFactory(parent=draft_index())
        draft.loudspeaker_audio = stored_document("loa-du-thao.mp3", mp3_bytes())
        draft = publish(draft)
        html = client.get(draft.url + "loa/").content.decode()
        soup = BeautifulSoup(html, "html.parser")
        audio = soup.find("audio")
        assert audio.has_attr("controls") and audio["preload"] == "none"
        source = audio.find("source")
        assert source["type"] == "audio/mpeg"
        answer = client.get(source["src"])
        assert answer.status_code == 200 and answer["Content-Type"] == "audio/mpeg"
        assert b"".join(answer.streaming_content) == mp3_bytes()
        download = soup.find("a", string="Tải tệp âm thanh cho đài truyền thanh xã")
        assert download["href"] == source["src"] and download.has_attr("download")
        assert "Bản đọc tự động" not in html and "<script" not in html.split("<main", 1)[1]
        assert soup.find("a", href=f"/loa/{draft.drafting_unit.code}/rss/")

    def test_the_anonymous_page_has_no_staff_line(self, client, media):
        draft = DraftPageFactory(parent=draft_index())
        response = client.get(draft.url + "loa/")
        html = response.content.decode()
        assert "Ghi nhận buổi phát thanh" not in html and "Dành cho cán bộ" not in html
        assert "private" not in response.get("Cache-Control", "")
        assert "Chưa có bản ghi âm" in html


@pytest.mark.django_db
class TestSyntheticReading:
    def test_publishing_a_draft_without_recording_reads_its_script_with_espeak(
        self, client, speech_on, django_capture_on_commit_callbacks
    ):
        draft = DraftPageFactory(parent=draft_index(), title="Quy định quản lý chợ")
        with django_capture_on_commit_callbacks(execute=True):
            draft = publish(draft)
        digest = speech.script_digest(speech.reading_text(draft))
        name = speech.find_reading(draft.pk, digest)
        assert name and default_storage.exists(name)
        with default_storage.open(name, "rb") as file:
            head = file.read(4)
            file.seek(0)
            if head == b"RIFF":
                with wave.open(file) as reading:
                    assert reading.getnframes() / reading.getframerate() > 10  # seconds of speech
            else:
                assert sniff(file) == "ogg"
        html = client.get(draft.url + "loa/").content.decode()
        soup = BeautifulSoup(html, "html.parser")
        assert "Bản đọc tự động bằng giọng máy (không phải bản ghi âm)" in soup.find(class_="synthetic-label").text
        source = soup.find("audio").find("source")
        answer = client.get(source["src"])
        assert answer.status_code == 200 and answer["Content-Type"] == source["type"]
        assert answer["Content-Type"] in ("audio/wav", "audio/ogg")

    def test_an_edited_script_gets_a_new_reading_and_the_old_one_goes(
        self, client, speech_on, django_capture_on_commit_callbacks
    ):
        draft = DraftPageFactory(parent=draft_index(), summary="Sắp xếp lại chỗ bán hàng.")
        with django_capture_on_commit_callbacks(execute=True):
            draft = publish(draft)
        first = speech.find_reading(draft.pk, speech.script_digest(speech.reading_text(draft)))
        draft.summary = "Bỏ thu phí chỗ ngồi với người bán rau tự trồng."
        with django_capture_on_commit_callbacks(execute=True):
            draft = publish(draft)
        second = speech.find_reading(draft.pk, speech.script_digest(speech.reading_text(draft)))
        assert second and second != first
        assert not default_storage.exists(first)
        assert client.get(reverse_file(first)).status_code == 404

    def test_a_draft_with_a_recording_gets_no_reading(self, speech_on, media, django_capture_on_commit_callbacks):
        draft = DraftPageFactory(parent=draft_index())
        draft.loudspeaker_audio = stored_document("loa.mp3", mp3_bytes())
        with django_capture_on_commit_callbacks(execute=True):
            publish(draft)
        assert not (media / speech.FOLDER).exists()

    def test_the_reading_of_an_unpublished_draft_is_not_served(self, client, speech_on):
        draft = DraftPageFactory(parent=draft_index())
        name = speech.make_reading.call(draft.pk)
        draft.unpublish()
        assert client.get(reverse_file(name)).status_code == 404

    def test_without_the_program_the_feature_is_off_and_staff_are_told_why(self, client, speech_absent):
        assert not speech.speech_available()
        unit = UnitFactory()
        draft = DraftPageFactory(parent=editable_index(), drafting_unit=unit)
        assert speech.make_reading.call(draft.pk) is None
        anonymous = client.get(draft.url + "loa/").content.decode()
        assert "espeak-ng" not in anonymous and "<audio" not in anonymous
        client.force_login(UserFactory(role=roles.EDITOR, units=[unit]))
        response = client.get(draft.url + "loa/")
        assert str(speech.SPEECH_OFF) in response.content.decode()
        assert "private" in response["Cache-Control"]
        answer = client.post(reverse("policies_loudspeaker_reading", args=[draft.pk]), follow=True)
        assert "Bản đọc tự động bằng giọng máy đang tắt" in answer.content.decode()

    def test_the_staff_button_makes_the_reading_for_an_editor_of_the_draft_only(
        self, client, speech_on, django_capture_on_commit_callbacks
    ):
        unit, other = UnitFactory(), UnitFactory()
        draft = DraftPageFactory(parent=editable_index(), drafting_unit=unit)
        url = reverse("policies_loudspeaker_reading", args=[draft.pk])
        client.force_login(UserFactory(role=roles.EDITOR, units=[other]))
        assert client.post(url).status_code == 404
        assert not speech.find_reading(draft.pk, speech.script_digest(speech.reading_text(draft)))
        client.force_login(UserFactory(role=roles.EDITOR, units=[unit]))
        page = client.get(draft.url + "loa/").content.decode()
        assert f'action="{url}"' in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
        assert response.status_code == 302 and response["Location"] == draft.url + "loa/"
        assert speech.find_reading(draft.pk, speech.script_digest(speech.reading_text(draft)))


def reverse_file(name):
    draft_id, _sep, rest = name.rpartition("/")[2].partition("-")
    digest, _dot, extension = rest.partition(".")
    return reverse("loudspeaker_synthetic", kwargs={"draft_id": draft_id, "digest": digest, "extension": extension})


@pytest.mark.django_db
class TestUnitFeed:
    def items(self, client, code):
        response = client.get(f"/loa/{code}/rss/")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
        return ElementTree.fromstring(response.content).findall("channel/item")

    def test_the_units_scripts_newest_first_with_their_sound_as_enclosure(self, client, speech_on):
        import datetime

        from django.utils import timezone

        district = UnitFactory(code="huyen-thu")
        office = UnitFactory(code="phong-thu", parent=district)
        index = draft_index()
        older = DraftPageFactory(parent=index, drafting_unit=office, title="Cũ")
        older.loudspeaker_audio = stored_document("loa-cu.mp3", mp3_bytes())
        older = publish(older)
        DraftPage.objects.filter(pk=older.pk).update(first_published_at=timezone.now() - datetime.timedelta(days=3))
        newer = DraftPageFactory(parent=index, drafting_unit=district, title="Mới")
        speech.make_reading.call(newer.pk)
        DraftPageFactory(parent=index, drafting_unit=UnitFactory(), title="Của đơn vị khác")
        hidden = DraftPageFactory(parent=index, drafting_unit=office, title="Chưa công bố")
        hidden.unpublish()

        items = self.items(client, "huyen-thu")
        assert [item.findtext("title").rsplit(" ", 1)[-1] for item in items] == ["Mới", "Cũ"]
        synthetic, recorded = (item.find("enclosure") for item in items)
        assert recorded.get("type") == "audio/mpeg" and int(recorded.get("length")) == len(mp3_bytes())
        assert client.get(recorded.get("url").removeprefix("http://testserver")).status_code == 200
        assert synthetic.get("type") in ("audio/wav", "audio/ogg")
        answer = client.get(synthetic.get("url").removeprefix("http://testserver"))
        assert answer.status_code == 200 and int(synthetic.get("length")) == len(b"".join(answer.streaming_content))
        assert "Kính thưa bà con" in items[0].findtext("description")
        # An office's own feed has its drafts only, not the district's.
        assert [item.findtext("title").rsplit(" ", 1)[-1] for item in self.items(client, "phong-thu")] == ["Cũ"]

    def test_an_unknown_unit_is_not_found(self, client, db):
        assert client.get("/loa/khong-co-don-vi-nay/rss/").status_code == 404
