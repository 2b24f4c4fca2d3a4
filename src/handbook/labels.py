"""Words the tool itself prints into outputs, per language (English is the fallback)."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "contents": "Contents", "chapter": "Chapter", "by": "By", "min_read": "min read",
        "version": "Version", "session": "min session", "overview": "at a glance",
        "further_reading": "Want to know more?", "notes": "Notes",
    },
    "nl": {
        "contents": "Inhoud", "chapter": "Hoofdstuk", "by": "Door", "min_read": "min. leestijd",
        "version": "Versie", "session": "min. sessie", "overview": "in vogelvlucht",
        "further_reading": "Meer weten?", "notes": "Notities",
    },
}


def labels_for(language: str) -> dict[str, str]:
    base = language.split("-")[0].lower()
    return {**LABELS["en"], **LABELS.get(base, {})}
