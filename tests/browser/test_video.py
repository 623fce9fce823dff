"""The video's length, read from its WebM header."""

from __future__ import annotations

import struct
from pathlib import Path

from cifer_bot.browser.video import webm_seconds


def _element(element_id: bytes, payload: bytes) -> bytes:
    # sizes under 127 bytes: one byte, with its length marker
    return element_id + bytes([0x80 | len(payload)]) + payload


def test_the_length_is_the_duration_times_the_timecode_scale(tmp_path: Path) -> None:
    info = _element(b"\x2a\xd7\xb1", (1_000_000).to_bytes(3, "big")) + _element(
        b"\x44\x89", struct.pack(">d", 21_500.0)
    )
    header = _element(b"\x1a\x45\xdf\xa3", _element(b"\x42\x82", b"webm"))
    segment = b"\x18\x53\x80\x67" + b"\x01\xff\xff\xff\xff\xff\xff\xff"  # size unknown
    video = tmp_path / "demo.webm"
    video.write_bytes(header + segment + _element(b"\x15\x49\xa9\x66", info))
    assert webm_seconds(video) == 21.5


def test_a_file_without_a_duration_has_no_length(tmp_path: Path) -> None:
    video = tmp_path / "cut.webm"
    video.write_bytes(b"\x1a\x45\xdf\xa3\x84webm")
    assert webm_seconds(video) is None
