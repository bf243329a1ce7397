"""The researchers' own conclusions and recommendations, read from teksten/*.md.

The kit never writes conclusions itself: when a text is missing the report says so.
"""

from __future__ import annotations


def add(report, build, prepared=None) -> None:
    study = build.study
    for name, title in (("conclusies", "Conclusies"), ("aanbevelingen", "Aanbevelingen")):
        report.heading(title, 1)
        text = study.teksten.get(name, "")
        if _has_content(text):
            report.markdown(text)
        else:
            report.paragraph(f"[Nog in te vullen door de onderzoekers in teksten/{name}.md. De kit "
                             "schrijft zelf geen conclusies of aanbevelingen.]")


def _has_content(text: str) -> bool:
    import re

    return bool(re.sub(r"<!--.*?-->", "", text, flags=re.S).strip())
