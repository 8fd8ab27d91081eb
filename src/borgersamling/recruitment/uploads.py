"""Uploaded CSV/XLSX files read with the engine's own table reader, so the web accepts
exactly what the command line accepts and its errors name the uploaded file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from borgersamling.sortition.errors import InputError
from borgersamling.sortition.tables import Table, read_table

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def within_size(upload: UploadedFile[bytes]) -> UploadedFile[bytes]:
    """A form's file field's value, refused when larger than the upload limit."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            _("%(file)s: the file is larger than %(limit)d MB."),
            params={"file": upload.name, "limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    return upload


def read_uploaded_table(upload: UploadedFile[bytes]) -> Table:
    """Read an upload as a table; raises ``InputError`` (naming the file) when it is bad.

    The returned table's ``path`` points into a directory that is gone once this returns;
    only its ``name`` (the uploaded file's name) is meant for messages.
    """
    name = Path(upload.name or "upload.csv").name
    with tempfile.TemporaryDirectory(prefix="borgersamling-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            return read_table(path)
        except InputError as error:
            # The reader names the temporary path; the person uploaded a file by its name.
            if error.params.get("file") == str(path):
                raise InputError(error.code, **(error.params | {"file": name})) from error
            raise
