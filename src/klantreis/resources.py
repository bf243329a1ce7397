"""Where the kit's shipped parts live: journeys/, instruments/, templates/ and the demo study."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The kit is installed editable from a clone (see README); the shipped folders sit at its root.
KIT_ROOT = PACKAGE_DIR.parents[1]
JOURNEYS_DIR = KIT_ROOT / "journeys"
INSTRUMENTS_DIR = KIT_ROOT / "instruments"
TEMPLATES_DIR = KIT_ROOT / "templates"
DEMO_STUDY_DIR = PACKAGE_DIR / "demo_studie"
REPORT_TEMPLATE = TEMPLATES_DIR / "rapport.docx"


def journey_templates() -> dict[str, Path]:
    """Name → path of every schaduwreis template shipped in journeys/."""
    return {p.stem: p for p in sorted(JOURNEYS_DIR.glob("*.yaml"))}
