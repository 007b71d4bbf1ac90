"""NEWSROOM_JIEBA_FAST=0 keeps jieba's own cutting routine even where
jieba_fast is installed (bench/ingest.py --jieba stock measures the default
install this way)."""

import jieba
import pytest
from django.apps import apps

from newsroom.jieba_speedup import jieba_speedup_install, jieba_speedup_remove

pytest.importorskip("jieba_fast", reason="the optional `fast` extra is absent")

ROUTINE = "_Tokenizer__cut_DAG_NO_HMM"


def test_off_leaves_jieba_alone(settings):
    settings.NEWSROOM_JIEBA_FAST = False
    jieba_speedup_remove()
    try:
        apps.get_app_config("articles").ready()
        assert getattr(jieba.Tokenizer, ROUTINE).__module__ == "jieba"
        settings.NEWSROOM_JIEBA_FAST = True
        apps.get_app_config("articles").ready()
        assert getattr(jieba.Tokenizer, ROUTINE).__module__ == "jieba_fast"
    finally:
        jieba_speedup_install()
