from django.apps import AppConfig


class OriginsConfig(AppConfig):
    name = "provenance.origins"
    label = "origins"
    verbose_name = "Origins, producer groups, makers, materials and techniques"
