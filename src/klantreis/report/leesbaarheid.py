"""Readability of Dutch text: the Flesch-Douma score and the average sentence length.

Flesch-Douma (Douma 1960) is Flesch's reading ease with constants for Dutch:

    FD = 206.835 − 0.93 × (woorden / zinnen) − 77 × (lettergrepen / woorden)

Higher is easier: 60 or more reads well for most adults (B1), below 30 is hard. The kit's own
sentences aim at 60 or more and at most 15 words per sentence; the researchers' text is
measured and flagged, never rewritten.

Syllables come from pyphen's Dutch hyphenation dictionary (nl_NL), the one textstat uses for
Dutch: a hyphenation dictionary never splits off a single letter at the start or end of a word
("even", "ideaal" count one syllable too few), so syllables are UNDERCOUNTED and the score comes
out slightly too high. Without pyphen a vowel-group rule counts them (each run of vowels a
syllable; "ij", "ou", "ei", "ui", "eu", "oe", "ie", "aa", … are one vowel group).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ÿ]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
VOWEL_GROUP = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.I)
GOAL_SCORE = 60.0
GOAL_WORDS_PER_SENTENCE = 15.0


def flesch_douma(words: int, sentences: int, syllables: int) -> float:
    """206.835 − 0.93 × words per sentence − 77 × syllables per word (Douma 1960)."""
    if words == 0 or sentences == 0:
        raise ValueError("Flesch-Douma needs at least one word and one sentence")
    return 206.835 - 0.93 * (words / sentences) - 77 * (syllables / words)


@functools.cache
def _dictionary():
    try:
        import pyphen
    except ImportError:  # the vowel-group rule below
        return None
    return pyphen.Pyphen(lang="nl_NL")


def syllables(word: str) -> int:
    """Syllables of one Dutch word (at least 1): pyphen's hyphenation points + 1, else the
    number of vowel groups."""
    dic = _dictionary()
    if dic is not None:
        return sum(len(dic.positions(part)) + 1 for part in re.split(r"['’-]", word) if part)
    return max(1, len(VOWEL_GROUP.findall(word)))


def sentences(text: str) -> list[str]:
    """Sentences: split after . ! ? … and at every line break (a heading or list item is a
    sentence of its own)."""
    return [s for s in (part.strip() for part in SENTENCE_END.split(text)) if WORD.search(s)]


@dataclass(frozen=True)
class Meting:
    woorden: int
    zinnen: int
    lettergrepen: int

    @property
    def flesch_douma(self) -> float:
        return flesch_douma(self.woorden, self.zinnen, self.lettergrepen)

    @property
    def woorden_per_zin(self) -> float:
        return self.woorden / self.zinnen

    @property
    def op_niveau(self) -> bool:
        """Meets the kit's goal: Flesch-Douma 60 or more and at most 15 words per sentence."""
        return self.flesch_douma >= GOAL_SCORE and self.woorden_per_zin <= GOAL_WORDS_PER_SENTENCE


def measure(text: str) -> Meting | None:
    """Words, sentences and syllables of `text`; None when it holds no word."""
    found = sentences(text)
    words = [w for s in found for w in WORD.findall(s)]
    if not words:
        return None
    return Meting(woorden=len(words), zinnen=len(found), lettergrepen=sum(syllables(w) for w in words))


def document_sections(doc, level: int = 2) -> list[tuple[str, str]]:
    """(heading, text) for every part of a Word document that starts at a heading of `level` or
    higher; text before the first heading is under "Titel en inleiding"; a
    subsection's name starts with its chapter's. Table cells and captions are left
    out (numbers and labels, not prose)."""
    from docx.oxml.ns import qn

    parts: list[tuple[str, list[str]]] = [("Titel en inleiding", [])]
    top = ""
    for p in doc.element.body.iter(qn("w:p")):
        style = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
        name = style.get(qn("w:val")) if style is not None else ""
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        if _inside_table(p) or name in ("Caption", "Figuur") or not text.strip():
            continue
        heading = re.fullmatch(r"(?:Heading|Kop)(\d)", name or "")
        if heading and int(heading.group(1)) <= level:
            # a subsection is named with its chapter: "Wat we vonden in Beekveen › Wat inwoners vertellen"
            top = text.strip() if heading.group(1) == "1" else top
            parts.append((text.strip() if heading.group(1) == "1" or not top else f"{top} › {text.strip()}", []))
        else:
            parts[-1][1].append(text)
    return [(title, "\n".join(lines)) for title, lines in parts if lines]


def _inside_table(p) -> bool:
    from docx.oxml.ns import qn

    parent = p.getparent()
    while parent is not None:
        if parent.tag == qn("w:tc"):
            return True
        parent = parent.getparent()
    return False
