"""One language-tag check for every format that writes tags (EPUB metadata, WebVTT <lang> spans)."""

from __future__ import annotations

import pytest

from diglot.lang.tags import is_language_tag


@pytest.mark.parametrize("tag", ["en", "zh", "zh-Hans", "zh-Hans-CN", "yue-HK", "x-klingon", "i-klingon", "en-US-x-twain"])
def test_well_formed(tag: str) -> None:
    assert is_language_tag(tag)


@pytest.mark.parametrize("tag", [None, "", "e", "x", "zh_CN", "zh-", "-zh", "zh Hans", "中文", "toolonglang", "en-toolongsub"])
def test_malformed(tag: str | None) -> None:
    assert not is_language_tag(tag)
