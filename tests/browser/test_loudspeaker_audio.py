"""The loudspeaker script's sound in Chromium: the <audio> element and a source the browser can fetch and
would play (nothing is played), and with JavaScript off the download link for the commune radio."""

import pytest

from tests.factories import DraftPageFactory, draft_index
from tests.policies.test_script_audio import mp3_bytes, publish, stored_document

DOWNLOAD = "Tải tệp âm thanh cho đài truyền thanh xã"


@pytest.fixture
def recorded_draft(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    draft = DraftPageFactory(parent=draft_index(), title="Quy định quản lý chợ và trật tự công cộng")
    draft.loudspeaker_audio = stored_document("loa-cho.mp3", mp3_bytes(), title="Bản ghi âm bài đọc về chợ")
    return publish(draft)


@pytest.mark.django_db(transaction=True)
class TestScriptAudio:
    def test_the_audio_element_has_a_reachable_source_the_browser_can_play(self, page, live_server, recorded_draft):
        requested = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(live_server.url + recorded_draft.url + "loa/")
        audio = page.locator("audio")
        assert audio.count() == 1
        assert audio.get_attribute("preload") == "none" and audio.get_attribute("controls") is not None
        source = page.locator("audio source")
        src, kind = source.get_attribute("src"), source.get_attribute("type")
        assert kind == "audio/mpeg"
        can_play = page.evaluate("type => document.createElement('audio').canPlayType(type)", kind)
        assert can_play in ("probably", "maybe")
        assert not [url for url in requested if url.endswith(".mp3")]  # preload="none": nothing fetched yet
        answer = page.request.get(live_server.url + src)
        assert answer.status == 200 and answer.headers["content-type"] == "audio/mpeg"
        assert answer.body() == mp3_bytes()
        assert page.get_by_role("link", name=DOWNLOAD).get_attribute("href") == src

    def test_without_javascript_the_download_is_still_offered(self, chromium, live_server, recorded_draft):
        # A phone-sized context like the `page` fixture's, with scripts switched off.
        context = chromium.new_context(
            java_script_enabled=False, locale="vi-VN", viewport={"width": 390, "height": 844}
        )
        try:
            page = context.new_page()
            page.goto(live_server.url + recorded_draft.url + "loa/")
            link = page.get_by_role("link", name=DOWNLOAD)
            assert link.is_visible()
            with page.expect_download() as download:
                link.click()
            path = download.value.path()
            with open(path, "rb") as file:
                assert file.read() == mp3_bytes()
            assert page.locator("audio source").count() == 1
        finally:
            context.close()
