# Times the desk reads name their zone ("29 Nov 2026, 9 a.m. UTC"): editors and the site may
# not share one. Django's own en_GB formats win over settings.DATETIME_FORMAT, so the zone is
# added here (FORMAT_MODULE_PATH); every other format stays Django's.
DATETIME_FORMAT = "j M Y, P T"
SHORT_DATETIME_FORMAT = "d/m/Y P T"
