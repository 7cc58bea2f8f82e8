from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "provenance.certificates"
    label = "certificates"
    verbose_name = "Production lots, units, origin certificates, signing keys and custody"
