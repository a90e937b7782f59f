"""The app's text, one module per page plus the shared strings: key -> {"en": ..., "zh": ...}.

``ui.i18n`` merges these into the one catalogue; a key defined twice is an error there.
"""
