"""An audience version's loudspeaker script carries its own recording (issue 11, parts 1 and 2): played on the
version's script page, checked by content like the draft's, never replaced by the Vietnamese synthetic voice."""

from django.core.exceptions import ValidationError

import pytest
from bs4 import BeautifulSoup

from policies.models import AudienceVersion
from tests.factories import DraftPageFactory, draft_index
from tests.policies.test_audience_versions import SCOPE, add_version, languages  # noqa: F401 - a fixture
from tests.policies.test_script_audio import HTML, media, mp3_bytes, stored_document  # noqa: F401 - a fixture


@pytest.fixture
def draft(languages, media):  # noqa: F811 - the imported fixtures
    return DraftPageFactory(parent=draft_index(), title="Hỗ trợ nước sạch", **SCOPE)


def test_the_versions_recording_plays_on_its_script_page(client, draft, languages):  # noqa: F811
    recording = stored_document("loa-jrai.mp3", mp3_bytes(), title="Bài đọc tiếng Jrai")
    draft = add_version(
        draft, languages["jra"], loudspeaker_script="Bài đọc JRAI-SCRIPT-8", loudspeaker_audio=recording
    )
    soup = BeautifulSoup(client.get(f"{draft.url}ban/jra/loa/").content.decode(), "html.parser")
    source = soup.find("audio").find("source")
    assert source["type"] == "audio/mpeg" and source["src"] == recording.url
    answer = client.get(source["src"])
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == mp3_bytes()
    assert soup.find("a", string="Tải tệp âm thanh cho đài truyền thanh xã")["href"] == recording.url
    assert "Bản đọc tự động" not in str(soup)


def test_a_version_without_a_recording_gets_no_synthetic_vietnamese_voice(client, draft, languages, settings):  # noqa: F811
    draft.loudspeaker_audio = stored_document("loa-viet.mp3", mp3_bytes(), title="Bài đọc tiếng Việt")
    draft.save_revision().publish()
    draft = add_version(draft, languages["jra"], loudspeaker_script="Bài đọc JRAI-SCRIPT-9")
    html = client.get(f"{draft.url}ban/jra/loa/").content.decode()
    assert "<audio" not in html and "Chưa có bản ghi âm của bài đọc này." in html
    assert "loa-viet" not in html  # the Vietnamese recording is not the Jrai one


def test_a_disguised_recording_is_refused_for_a_version(draft, languages):  # noqa: F811
    disguised = stored_document("loa-gia.mp3", HTML, title="Tệp giả")
    version = AudienceVersion(page=draft, language=languages["jra"], summary="Tóm tắt", loudspeaker_audio=disguised)
    with pytest.raises(ValidationError) as refused:
        version.full_clean()
    assert "loudspeaker_audio" in refused.value.message_dict
