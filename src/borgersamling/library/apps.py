from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "borgersamling.library"
    label = "library"
    verbose_name = _("Knowledge library")
    default_auto_field = "django.db.models.BigAutoField"
