"""Page images go through Django's storage API only: with another storage
backend (here Django's in-memory one, as an S3 bucket through
django-storages would be), ingest stores there and IIIF serves from there."""

import io

import pytest
from PIL import Image


@pytest.fixture
def in_memory_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


@pytest.mark.django_db
def test_page_images_live_in_the_configured_storage(
    in_memory_storage, page_source, client, settings
):
    from django.core.files.storage import default_storage

    name = page_source.image.name
    assert name.startswith("pages/")
    assert default_storage.exists(name)
    assert not (settings.MEDIA_ROOT / name).exists()  # nothing on the disk
    response = client.get(f"/iiif/{page_source.pk}/full/100,/0/default.jpg")
    assert response.status_code == 200
    assert Image.open(io.BytesIO(response.content)).size == (100, 80)


def test_by_default_page_images_are_files_under_media_root():
    from django.conf import settings
    from django.core.files.storage import default_storage

    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")
    assert default_storage.location == str(settings.MEDIA_ROOT)
