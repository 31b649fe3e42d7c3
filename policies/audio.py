"""Recorded audio for the loudspeaker: the one check of an audio file by content and size.

A commune radio plays whatever it is given, so a file is accepted only when its bytes are what its name says
(MP3: an ID3 tag or MPEG frames; OGG: `OggS` pages ending the stream; M4A: an `ftyp` box with an audio brand
and complete boxes) and it is not larger than AUDIO_MAX_BYTES. The Wagtail document form (upload) and a
draft's clean() (choice) both ask `audio_file_error`; an audience version's audio can ask the same.
"""

import os

from django.conf import settings
from django.utils.translation import gettext_lazy as _

AUDIO_MAX_BYTES = 30 * 1024 * 1024
# Extension → (kind, MIME type the <source> element announces).
AUDIO_TYPES = {
    "mp3": ("mp3", "audio/mpeg"),
    "ogg": ("ogg", "audio/ogg"),
    "oga": ("ogg", "audio/ogg"),
    "m4a": ("m4a", "audio/mp4"),
}
KIND_NAMES = {"mp3": "MP3", "ogg": "OGG", "m4a": "M4A"}
M4A_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}
# Bytes read to recognise a file: enough for an ID3 tag with a small cover picture plus two MPEG frames.
HEAD_BYTES = 64 * 1024

MPEG_BITRATES = {  # kbit/s by (version is MPEG-1, layer) and bitrate index
    (True, 1): [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
    (True, 2): [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
    (True, 3): [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    (False, 1): [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
    (False, 2): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    (False, 3): [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
}
MPEG_SAMPLE_RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}

NOT_AUDIO = _(
    "Tệp “%(name)s” không phải tệp âm thanh %(kind)s thật (nội dung không khớp với đuôi tệp). "
    "Hãy xuất lại bản ghi âm thành MP3, OGG hoặc M4A rồi tải lên."
)
TRUNCATED = _(
    "Tệp “%(name)s” bị cắt cụt hoặc hỏng (thiếu phần cuối). Hãy tải lên lại tệp đầy đủ từ máy ghi âm hoặc máy tính."
)
WRONG_KIND = _(
    "Tệp “%(name)s” có đuôi .%(ext)s nhưng nội dung là %(kind)s. Hãy đổi đuôi tệp thành .%(right)s rồi tải lên."
)
TOO_LARGE = _(
    "Tệp “%(name)s” nặng %(size)s MB, quá mức %(limit)s MB cho một bài đọc trên loa. "
    "Hãy xuất bản ghi với chất lượng thấp hơn (ví dụ MP3 64 kbit/s, một kênh) rồi tải lên."
)
NOT_AN_AUDIO_DOCUMENT = _("Tài liệu “%(title)s” không phải tệp âm thanh. Hãy chọn hoặc tải lên tệp MP3, OGG hoặc M4A.")
MISSING_FILE = _("Không đọc được tệp của tài liệu “%(title)s” trên máy chủ. Hãy tải lên lại bản ghi âm.")


class AudioError(ValueError):
    """A file that is not the audio its name says; the message is the Vietnamese sentence to show."""


def max_bytes():
    return getattr(settings, "AUDIO_MAX_BYTES", AUDIO_MAX_BYTES)


def extension_of(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def is_audio_name(name):
    return extension_of(name) in AUDIO_TYPES


def content_type_of(name):
    return AUDIO_TYPES.get(extension_of(name), (None, None))[1]


def audio_file_error(file, name=None):
    """The Vietnamese error for an uploaded or stored file named as audio, or None when it is good audio.

    `file` is any seekable binary file (an upload, a stored FieldFile); its position is restored."""
    name = os.path.basename(name or getattr(file, "name", "") or "")
    ext = extension_of(name)
    if ext not in AUDIO_TYPES:
        return None
    size = _size(file)
    if size > max_bytes():
        mb = 1024 * 1024
        return TOO_LARGE % {"name": name, "size": f"{size / mb:.1f}".replace(".", ","), "limit": max_bytes() // mb}
    expected = AUDIO_TYPES[ext][0]
    try:
        found = sniff(file, size)
    except AudioError as error:
        return str(error) % {"name": name, "kind": KIND_NAMES[expected]}
    if found is None:
        return NOT_AUDIO % {"name": name, "kind": KIND_NAMES[expected]}
    if found != expected:
        right = {"mp3": "mp3", "ogg": "ogg", "m4a": "m4a"}[found]
        return WRONG_KIND % {"name": name, "ext": ext, "kind": KIND_NAMES[found], "right": right}
    return None


def chosen_recording_error(instance, field="loudspeaker_audio"):
    """The content check of a recording newly chosen on `instance` (a draft or an audience version). One kept
    from the stored row was checked when chosen, and uploads are checked too: an autosave need not read
    30 MB again."""
    chosen = getattr(instance, f"{field}_id")
    if not chosen:
        return None
    stored = type(instance)._base_manager.filter(pk=instance.pk, **{f"{field}_id": chosen})
    if instance.pk and stored.exists():
        return None
    return audio_document_error(getattr(instance, field))


def audio_document_error(document):
    """Why `document` cannot be a loudspeaker recording, or None: chosen in a form, checked again by content."""
    if document is None:
        return None
    if not is_audio_name(document.file.name):
        return NOT_AN_AUDIO_DOCUMENT % {"title": document.title}
    try:
        with document.file.open("rb") as file:
            return audio_file_error(file, document.file.name)
    except OSError:
        return MISSING_FILE % {"title": document.title}


def sniff(file, size=None):
    """'mp3', 'ogg' or 'm4a' from the bytes, None when they are none of these; AudioError(TRUNCATED) when the
    start is right but the file stops short."""
    size = _size(file) if size is None else size
    head = _read(file, 0, HEAD_BYTES)
    if head.startswith(b"OggS"):
        return _check_ogg(file, head, size)
    if head[4:8] == b"ftyp":
        return _check_m4a(file, head, size)
    return _check_mp3(file, head, size)


def _size(file):
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(position)
    return size


def _read(file, offset, length):
    position = file.tell()
    file.seek(offset)
    data = file.read(length)
    file.seek(position)
    return data


def _check_ogg(file, head, size):
    # The first page must be whole and start a known audio codec; the last page must end the stream.
    if len(head) < 27:
        raise AudioError(TRUNCATED)
    segments = head[26]
    body_start = 27 + segments
    if len(head) < body_start:
        raise AudioError(TRUNCATED)
    body_size = sum(head[27:body_start])
    packet = head[body_start : body_start + body_size]
    if len(packet) < body_size:
        raise AudioError(TRUNCATED)
    if not packet.startswith((b"\x01vorbis", b"OpusHead", b"\x7fFLAC", b"Speex   ")):
        return None
    tail = _read(file, max(0, size - HEAD_BYTES), HEAD_BYTES)
    last = tail.rfind(b"OggS")
    if last < 0 or len(tail) < last + 27 or not tail[last + 5] & 0x04:
        raise AudioError(TRUNCATED)
    last_segments = tail[last + 26]
    last_body = sum(tail[last + 27 : last + 27 + last_segments])
    if last + 27 + last_segments + last_body != len(tail):
        raise AudioError(TRUNCATED)
    return "ogg"


def _check_m4a(file, head, size):
    major = head[8:12]
    brands = {major} | {head[i : i + 4] for i in range(16, min(len(head), int.from_bytes(head[:4])), 4)}
    if not brands & M4A_BRANDS:
        return None
    # Walk the top-level boxes: each must fit in the file, and the sound ("mdat") and its index ("moov") be there.
    offset, seen = 0, set()
    while offset < size:
        header = _read(file, offset, 16)
        if len(header) < 8:
            raise AudioError(TRUNCATED)
        box_size, box_type = int.from_bytes(header[:4]), header[4:8]
        if box_size == 1:
            if len(header) < 16:
                raise AudioError(TRUNCATED)
            box_size = int.from_bytes(header[8:16])
        elif box_size == 0:
            box_size = size - offset
        if box_size < 8 or offset + box_size > size:
            raise AudioError(TRUNCATED)
        seen.add(box_type)
        offset += box_size
    if not {b"moov", b"mdat"} <= seen:
        raise AudioError(TRUNCATED)
    return "m4a"


def _mpeg_frame_length(header):
    """The length in bytes of the MPEG audio frame starting with these 4 bytes, or None when they are no frame."""
    if len(header) < 4 or header[0] != 0xFF or header[1] & 0xE0 != 0xE0:
        return None
    version = (header[1] >> 3) & 0x03
    layer_bits = (header[1] >> 1) & 0x03
    bitrate_index = header[2] >> 4
    rate_index = (header[2] >> 2) & 0x03
    if version == 1 or layer_bits == 0 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    layer = 4 - layer_bits
    mpeg1 = version == 3
    bitrate = MPEG_BITRATES[(mpeg1, layer)][bitrate_index] * 1000
    sample_rate = MPEG_SAMPLE_RATES[version][rate_index]
    padding = (header[2] >> 1) & 0x01
    if layer == 1:
        return (12 * bitrate // sample_rate + padding) * 4
    per_frame = 144 if (layer == 2 or mpeg1) else 72
    return per_frame * bitrate // sample_rate + padding


def _check_mp3(file, head, size):
    offset = 0
    if head.startswith(b"ID3"):
        if len(head) < 10:
            raise AudioError(TRUNCATED)
        tag_size = 0
        for byte in head[6:10]:
            tag_size = (tag_size << 7) | (byte & 0x7F)
        offset = 10 + tag_size + (10 if head[5] & 0x10 else 0)
        if offset >= size:
            raise AudioError(TRUNCATED)
    elif _mpeg_frame_length(head[:4]) is None:
        return None
    # Walk the frames to the end: a frame running past the end of the file means the file was cut.
    frames = 0
    while offset < size:
        header = _read(file, offset, 4)
        length = _mpeg_frame_length(header)
        if length is None:
            if header[:3] == b"TAG" or header[:4] in (b"APET", b"LYRI"):
                break  # the ID3v1 / APE / Lyrics tags some encoders append
            if frames >= 2:
                break  # stray bytes after real frames: players skip them
            return None if frames == 0 else _truncated()
        if offset + length > size:
            raise AudioError(TRUNCATED)
        frames += 1
        offset += length
    if frames < 2:
        raise AudioError(TRUNCATED)
    return "mp3"


def _truncated():
    raise AudioError(TRUNCATED)
