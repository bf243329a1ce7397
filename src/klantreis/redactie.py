"""Finding and replacing personal data in free text: the engine behind `privacy.redact`.

One `Redactor` per study (`Study.redactor`), built from the study's removal list
(`privacy.te_verwijderen`), an allow-list (its gemeenten, `privacy.behouden`: kernen, wijken,
organisations, and the actors of the schaduwreis) and the respondent ids. It finds, in this
order of precedence:

1. the kit's own patterns, for formats a name list cannot know: e-mail, IBAN (any case, spaces,
   dots), BSN (nine digits that pass the elfproef, in every grouping: `123456782`,
   `1234.56.782`, `123-456-782`), phone numbers (`06-12345678`, `(020) 123 45 67`,
   `+31(0)6-…`), postcodes (any case and spacing), licence plates (`12-ABC-3`), full dates
   (`03-04-1961`, `3 april 1961`) and addresses with a house number (`Markt 5`,
   `Oude Gracht 5`, `Laan van Meerdervoort 50`, `'s-Gravendijkwal 80`,
   `Burg. de Withstraat 3`, wholly);
2. the words of the removal list, whole words, any case, any spacing, possessive included
   ("Henks" for "Henk"), and the study's respondent ids ("R07" → "[respondent]");
3. names and places found by `deduce` (the Dutch de-identification library; its lookup lists
   ship with it, nothing is downloaded). Places on the allow-list stay readable; hospitals
   and care institutions are organisations, not persons, and stay too.

Every find is replaced by a placeholder that keeps the meaning ("[naam]", "[adres]", …).
`redact` is idempotent: a redacted text passes unchanged. Texts are redacted once per
Redactor (cached), so a text that recurs costs nothing the second time.

`deduce` is loaded on the first text that needs it, never at `import klantreis`. Its lookup
structures are built once per installation (1–2 minutes) into the kit's cache folder
(`$KLANTREIS_CACHE`, else `$XDG_CACHE_HOME/klantreis`, else `~/.cache/klantreis`), under a
file lock so two processes never build at once; afterwards loading takes a few seconds.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

# Placeholder per kind of personal data; the order is the order of the kinds in reports.
PLACEHOLDERS = {
    "naam": "[naam]",
    "adres": "[adres]",
    "plaats": "[plaats]",
    "postcode": "[postcode]",
    "telefoonnummer": "[telefoonnummer]",
    "e-mail": "[e-mail]",
    "iban": "[iban]",
    "bsn": "[bsn]",
    "kenteken": "[kenteken]",
    "datum": "[datum]",
    "leeftijd": "[leeftijd]",
    "nummer": "[nummer]",
    "link": "[link]",
    "respondent": "[respondent]",
}
_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(re.escape(k) for k in PLACEHOLDERS) + r"|verwijderd)\]")

_MONTHS = (r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|"
           r"jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?")
_STREET_SUFFIX = (r"(?:straat|straatweg|weg|laan|plein|gracht|kade|singel|dijk|dijkwal|wal|pad|hof|dreef|steeg|"
                  r"markt|park|erf|veld|baan|kanaal|haven|plantsoen|boulevard|allee|dam|ring|rondweg|zijde|oord|"
                  r"hoeve|burgwal|gang|poort|straatje|wijk|berg|brink|dyk|lei|loop|vaart|kamp|akker|weide|"
                  r"zoom|acker|tuin|tuinen|plaats|hoek|buurt)")
_STREET_WORD = (r"(?:Straat|Weg|Laan|Plein|Gracht|Kade|Singel|Dijk|Wal|Hof|Dreef|Steeg|Markt|Park|Brink|Dam|"
                r"Haven|Ring|Burgwal|Vaart|Plaats|Erf|Boulevard|Plantsoen)")
# Words before the street name ("Burg. de", "Oude", "Laan van"): capitalised, particles only inside.
_PREFIX = r"(?:(?!(?:Bij|In|Op|Aan|Naar|Van|Via|Voor|Achter|Naast|Tegenover|Ik|Wij|We|Hij|Zij|Ze|Het|De|Een|En|Maar|" \
    r"Dan|Toen|Ook|Daar|Hier|Thuis|Vanaf|Richting|Rond|Langs|Om|Over|Uit|Wonend|Woon|Woonde)\s)(?:[A-Z][a-z]{0,5}\.|[A-Z][a-zà-ÿ]+)\s+(?:(?:de|van|der|den|het|'t|ter|ten)\s+)*){0,3}"
_HOUSE_NUMBER = r"\d{1,4}(?:\s?[a-zA-Z]\b|[-/]\d{1,4}\b|\s?(?:bis|hs|huis|zw)\b)?(?!\d)"
_STREET_END = re.compile(rf"{_STREET_SUFFIX}(?:['’]?s)?$", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*|^[-*\d.)]+\s+|\n[-*\d.)]+\s+)$")
_ALONE_ON_LINE = re.compile(r"(?:^|\n)[ \t]*#+[ \t]*$")
_LINE_END = re.compile(r"[ \t:*]*(?:\n|$)")
_NAME_WORD = r"(?:'[st]-)?[A-Z][a-zà-ÿ'-]*"

# (kind, pattern). Tried in this order; an earlier kind wins an overlap.
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("e-mail", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("link", re.compile(r"\bhttps?://\S+|\bwww\.[\w-]+(?:\.[\w-]+)+\S*", re.I)),
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}[ .-]?[A-Z]{4}(?:[ .-]?\d){10}\b|\b[A-Z]{2}\d{2}(?:[ .-]?\d){12,30}\b",
                        re.I)),
    ("telefoonnummer", re.compile(
        r"(?:(?<!\w)\+|\b00)31[\s-]?(?:\(0\)[\s-]?)?[1-9](?:[\s-]?\d){7,8}(?!\w)"
        r"|\(0[1-9]\d{0,2}\)[\s-]?\d(?:[\s-]?\d){5,7}(?!\d)"
        r"|(?<![\w.-])0[1-9](?:[\s-]?\d){8}(?![\w]|[.-]\d)"
        r"|\b0[89]00[\s-]?\d{4}(?:[\s-]?\d{3})?\b")),
    ("datum", re.compile(
        r"\b(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)?\d{2}\b"
        r"|\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"
        rf"|\b(?:0?[1-9]|[12]\d|3[01])\s+{_MONTHS}\s+(?:19|20)\d{{2}}\b", re.I)),
    ("kenteken", re.compile(r"\b(?=[A-Z0-9-]{8}\b)(?:[A-Z]{1,3}|\d{1,3})-(?:[A-Z]{1,3}|\d{1,3})-(?:[A-Z]{1,3}|\d{1,3})\b",
                            re.I)),
    ("postcode", re.compile(r"\b[1-9]\d{3}\s?[A-Za-z]{2}\b")),
    ("adres", re.compile(
        rf"{_PREFIX}(?:{_NAME_WORD}{_STREET_SUFFIX}|{_STREET_WORD})"
        rf"(?:\s+(?:van|de|der|den|het|'t|ter|ten|op|aan)(?:\s+(?:de|der|den|het))?\s+{_NAME_WORD})?"
        rf"\s+{_HOUSE_NUMBER}")),
]
# Two-letter words and units after a number are not a postcode ("in 2024 is", "1000 km").
_NOT_POSTCODE = {"en", "is", "op", "in", "te", "na", "om", "al", "ik", "er", "de", "ze", "we", "je", "of", "nu",
                 "zo", "ja", "af", "ga", "me", "km", "kg", "mg", "ml", "cm", "mm", "uu", "an", "as", "at", "be",
                 "by", "do", "go", "he", "if", "it", "my", "no", "on", "or", "so", "to", "up", "us", "eu", "pm",
                 "am", "ok", "hé", "oh", "ha", "nl", "mb", "gb", "kb", "tv", "pc"}
# Letter pairs never issued as a postcode (SS, SD, SA).
_NEVER_ISSUED = {"SS", "SD", "SA"}
_PARTICLES = {"van", "de", "der", "den", "het", "'t", "ter", "ten", "op", "aan", "in", "te", "la", "le", "da", "di",
              "du", "gemeente", "wijk", "dorp", "stad", "kern"}
# Words of the field that deduce may take for the tail of a name ("mevrouw De Boer van Wmo").
_ORGANISATION_WORDS = {"wmo", "loket", "wijkteam", "gemeente", "team", "sociaal", "toegang", "jeugd", "jeugdteam",
                       "participatie", "ggd", "cjg", "uwv", "svb", "gkb", "kcc", "buurtteam", "sociale", "dienst",
                       "zorg", "welzijn", "thuiszorg", "huisarts", "poh", "school", "woningcorporatie",
                       "schuldhulp", "schuldhulpverlening", "kredietbank", "consulent", "ouderenwerk"}
_REGEX_LIKE = set("*+?()[]{}|\\^$")


def elfproef(digits: str) -> bool:
    """True when nine digits form a valid BSN (weights 9..2 and -1; sum divisible by 11)."""
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1)))
    return total % 11 == 0


_BSN_CANDIDATE = re.compile(r"(?<![\w.-])\d(?:[ .-]?\d){7,8}(?![\w]|[.-]\d)")


def check_removal_term(term: str) -> str:
    """One entry of `privacy.te_verwijderen`, checked: a word or name of at least two letters,
    no regex. Returns the entry without outer spaces; raises ValueError (Dutch) otherwise."""
    if not isinstance(term, str):
        raise ValueError("een woord of naam als tekst")
    stripped = " ".join(term.split())
    allowed = ("een woord of naam van minstens twee letters, zonder tekens als * + ? ( ) [ ] | \\ ^ $ "
               "(de kit zoekt letterlijk, hoofdletters maken niet uit)")
    if len(re.sub(r"[\W\d_]", "", stripped)) < 2:
        raise ValueError(allowed)
    if _REGEX_LIKE & set(stripped) or re.search(r"(?<![A-Za-zÀ-ÿ])\.|\.(?=\S)", stripped):
        raise ValueError(allowed)
    return stripped


@dataclass(frozen=True)
class Vondst:
    """One piece of personal data found in a text: its kind and where it is."""

    soort: str
    begin: int
    eind: int
    tekst: str

    @property
    def hint(self) -> str:
        """A masked hint that points to the value without repeating it ("06…78", "H…")."""
        t = self.tekst
        if self.soort in ("naam", "plaats", "respondent", "verwijderd") or len(t) < 6:
            return f"{t[:1]}…"
        return f"{t[:2]}…{t[-2:]}"


class Redactor:
    """Finds personal data in free text and replaces it by placeholders (see the module).

    `remove`: the study's removal list (names, streets, places that must never appear);
    `allow`: place and organisation names that stay readable (gemeenten, kernen, …);
    `respondents`: the study's respondent ids; `names`: use deduce for names and places
    (False: only the kit's own patterns, which need no lookup lists).
    """

    def __init__(self, remove: Iterable[str] = (), allow: Iterable[str] = (), respondents: Iterable[str] = (),
                 names: bool = True):
        self.remove = tuple(" ".join(t.split()) for t in remove if isinstance(t, str) and t.strip())
        self.allow = tuple(a for a in allow if isinstance(a, str) and a.strip())
        self.names = names
        self._allowed = {_norm(a) for a in self.allow}
        self._allowed_words = {w for a in self.allow for w in _norm(a).split() if len(w) > 2 and w not in _PARTICLES}
        self._remove_pattern = _words_pattern(self.remove, possessive=True)
        self.respondents = tuple(sorted(set(respondents)))
        self._respondent_pattern = _words_pattern(self.respondents, possessive=False, ignore_case=False)
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()
        self._stored = None  # a cache.BuildCache: redacted texts of earlier builds (see use_cache)
        self._new: dict[str, str] = {}
        self._fingerprint = b""
        self._ahead = None  # (texts, future of {text: redacted}) from redact_ahead

    @classmethod
    def for_study(cls, study) -> "Redactor":
        """The study's redactor: its removal list, its gemeenten and `privacy.behouden` (kernen,
        organisations), the actors of its schaduwreizen, the titles of the literature it cites, and
        the ids of its respondents."""
        s = study.settings
        allow = [*s.gemeenten, *getattr(s.privacy, "behouden", [])]
        reizen = [study.parts.get("schaduwreis"), *(study.parts.get("schaduwreizen") or {}).values()]
        for reis in {id(r): r for r in reizen if r is not None}.values():  # every municipality's journey
            allow += [stap.actor for stap in reis.steps]
        # Titles of the literature the report cites ("Toegang 20" is a policy paper, not an address).
        allow += [b.titel for b in getattr(getattr(study.instruments, "literatuur", None), "bronnen", [])]
        respondents = [iv.respondent for iv in study.parts.get("interviews", [])]
        return cls(remove=s.privacy.te_verwijderen, allow=allow, respondents=respondents)

    def __call__(self, text: str) -> str:
        return self.redact(text)

    def use_cache(self, store) -> None:
        """Reuse the redacted texts of earlier builds in `store` (a `cache.BuildCache`), keyed by
        the text and everything that decides its redaction; texts redacted from now on are kept
        for `save_cache`. A text found there needs no de-identifier, so a rebuild whose texts did
        not change never loads it."""
        import hashlib
        from importlib.metadata import PackageNotFoundError, version

        from .cache import source_hash

        try:
            deduce_version = version("deduce") if self.names else "zonder deduce"
        except PackageNotFoundError:
            deduce_version = "geen deduce"
        config = repr((self.remove, self.allow, self.respondents, self.names, PLACEHOLDERS, deduce_version,
                       source_hash(__name__)))
        self._fingerprint = hashlib.sha256(config.encode()).digest()
        self._stored = store

    def _key(self, text: str) -> str:
        import hashlib

        return hashlib.sha256(self._fingerprint + text.encode("utf-8", "surrogatepass")).hexdigest()

    def prefetch(self, texts: Iterable[str]) -> list[str]:
        """Look `texts` up in the cache in one go; returns the ones that still need redacting."""
        if self._stored is None:
            return [t for t in texts if t not in self._cache]
        wanted = {self._key(t): t for t in texts if isinstance(t, str) and t and t not in self._cache}
        found = self._stored.redacted(list(wanted))
        with self._lock:
            for key, redacted in found.items():
                self._cache[wanted[key]] = redacted
        return [t for k, t in wanted.items() if k not in found]

    def redact_ahead(self, texts: Iterable[str]):
        """Start redacting those of `texts` that are in no cache in another process, while this
        one does the work that needs no redaction (analyses, figures); `redact` picks the
        results up when it meets these texts. So a rebuild after changing a sentence loads the
        de-identifier beside the build instead of in its way. Returns the worker (shut it down
        after the build) or None when nothing has to be redacted ahead."""
        if not self.names:
            return None
        missing = sorted(set(self.prefetch(texts)))
        if not missing:
            return None
        try:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            worker = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("forkserver"))
            future = worker.submit(_redact_elsewhere, (self.remove, self.allow, self.respondents), missing)
        except Exception:  # no second process here: `redact` does the work itself
            return None
        with self._lock:
            self._ahead = (set(missing), future)
        return worker

    def _collect_ahead(self, text: str) -> str | None:
        """The result for `text` from `redact_ahead`'s worker (waits for it), or None."""
        ahead = self._ahead
        if ahead is None or text not in ahead[0]:
            return None
        try:
            results = ahead[1].result()
        except Exception:  # the worker failed: redact here
            results = {}
        with self._lock:
            self._ahead = None
            for original, redacted in results.items():
                self._cache[original] = redacted
                if self._stored is not None:
                    self._new[self._key(original)] = redacted
        return results.get(text)

    def save_cache(self) -> None:
        """Write the texts redacted since `use_cache` to the cache (only their redacted form)."""
        if self._stored is not None:
            with self._lock:
                new, self._new = self._new, {}
            self._stored.store_redacted(new)

    def stop_cache(self) -> None:
        """Save what is new (`save_cache`) and stop using the cache."""
        self.save_cache()
        self._stored = None

    def redact(self, text: str) -> str:
        """The text with every find replaced by its placeholder; control characters removed."""
        if not isinstance(text, str) or not text:
            return text
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        ahead = self._collect_ahead(text)
        if ahead is not None:
            return ahead
        if self._stored is not None:
            key = self._key(text)
            stored = self._stored.redacted([key]).get(key)
            if stored is not None:
                with self._lock:
                    self._cache[text] = stored
                return stored
        clean = _printable(text)
        out, last = [], 0
        for v in self.find(clean):
            out.append(clean[last:v.begin])
            out.append(PLACEHOLDERS.get(v.soort, "[verwijderd]"))
            last = v.eind
        out.append(clean[last:])
        result = "".join(out)
        with self._lock:
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[text] = result
            if self._stored is not None:
                self._new[self._key(text)] = result
        return result

    def find(self, text: str, kinds: Sequence[str] | None = None, names: bool | None = None) -> list[Vondst]:
        """Every piece of personal data in `text`, in order, overlaps merged (the kit's
        patterns win over the removal list, and both over deduce). `kinds` limits the search
        to those kinds ("verwijderd" is the removal list); `names=False` skips deduce."""
        if not text:
            return []
        protected = [(m.start(), m.end()) for m in _PLACEHOLDER.finditer(text)]
        found: list[Vondst] = []

        def add(kind: str, begin: int, end: int) -> None:
            while end > begin and text[end - 1] in " \t\n.,;:":
                end -= 1
            if end <= begin or any(b < end and begin < e for b, e in protected):
                return
            if kinds is None or kind in kinds:
                found.append(Vondst(kind, begin, end, text[begin:end]))

        for kind, pattern in _PATTERNS:
            for m in pattern.finditer(text):
                if kind == "postcode" and not _is_postcode(m.group()):
                    continue
                if kind == "kenteken" and not _is_plate(m.group()):
                    continue
                if kind in ("adres", "postcode") and self._is_allowed(m.group()):
                    continue
                add(kind, m.start(), m.end())
            if kind == "iban":  # BSN before the phone numbers: nine digits that pass the elfproef
                for m in _BSN_CANDIDATE.finditer(text):
                    if elfproef(re.sub(r"\D", "", m.group())):
                        add("bsn", m.start(), m.end())
        if self._remove_pattern is not None:
            for m in self._remove_pattern.finditer(text):
                add("adres" if _looks_like_street(m.group()) else "naam", m.start(), m.end())
        if self._respondent_pattern is not None:
            for m in self._respondent_pattern.finditer(text):
                add("respondent", m.start(), m.end())
        if (self.names if names is None else names) and (kinds is None or {"naam", "plaats", "adres"} & set(kinds)):
            for kind, begin, end in _deduce_finds(text):
                if kind in ("naam", "plaats", "adres") and self._is_allowed(text[begin:end]):
                    continue
                if kind == "plaats" and " " not in text[begin:end] and _SENTENCE_START.search(text[:begin]):
                    continue  # "Leg een afwijzing uit": a verb that is also a place name
                if kind == "naam" and _ALONE_ON_LINE.search(text[:begin]) and _LINE_END.match(text[end:]):
                    continue  # a Markdown heading of one word ("# Kop") is a word, not a person
                if kind == "naam":
                    end = begin + self._trim_name(text[begin:end])
                add(kind, begin, end)
        return _merge(found)

    def _trim_name(self, value: str) -> int:
        """deduce reads "Henk Bakker van het Sociaal Team" as one name: a tail after "van"
        made of organisation words ("het Sociaal", "Wmo") is cut off. Returns the new length."""
        for m in reversed(list(re.finditer(r"\s+van(?:\s+(?:de|der|den|het|'t))?\s+", value))):
            tail = [w for w in _norm(value[m.end():]).replace("-", " ").split()]
            if tail and all(w in self._allowed_words or w in _ORGANISATION_WORDS for w in tail):
                value = value[:m.start()]
        return len(value)

    def _is_allowed(self, value: str) -> bool:
        norm = _norm(value)
        if self._remove_pattern is not None and self._remove_pattern.search(value):
            return False
        if norm in self._allowed:
            return True
        words = [w for w in norm.split() if w not in _PARTICLES]
        return bool(words) and all(w in self._allowed_words for w in words)


def _redact_elsewhere(config: tuple, texts: list[str]) -> dict[str, str]:
    """In a worker process: `texts` redacted by a Redactor with the same removal list, kept
    words and respondent ids (see `Redactor.redact_ahead`)."""
    remove, allow, respondents = config
    redactor = Redactor(remove=remove, allow=allow, respondents=respondents)
    return {text: redactor.redact(text) for text in texts}


def _looks_like_street(term: str) -> bool:
    """Whether a term of the removal list is a street (placeholder [adres]) rather than a person:
    one word ending like a street ("Dorpsstraat"), a street word first ("Laan van Meerdervoort"),
    or a last word with a street ending after at least two letters ("Burg. de Withstraat"); so
    "Pieter Bakker" and "Jan van Dijk" stay [naam] although "akker" and "dijk" end streets too."""
    words = term.split()
    if not words:
        return False
    if len(words) == 1:
        return bool(_STREET_END.search(words[0]))
    if re.fullmatch(_STREET_WORD, words[0]):
        return True
    m = _STREET_END.search(words[-1])
    return m is not None and m.start() >= 2


def _merge(found: list[Vondst]) -> list[Vondst]:
    """Overlapping finds become one (the union); its kind is that of the first found."""
    merged: list[Vondst] = []
    for v in sorted(found, key=lambda v: v.begin):
        if merged and v.begin < merged[-1].eind:
            last = merged[-1]
            if v.eind > last.eind:
                merged[-1] = Vondst(last.soort, last.begin, v.eind, last.tekst + v.tekst[last.eind - v.begin:])
            continue
        merged.append(v)
    # the first-found kind for a merged span: prefer the earliest-listed kind among overlaps
    rank = {v: i for i, v in enumerate(found)}
    out = []
    for m in merged:
        members = [v for v in found if v.begin < m.eind and m.begin < v.eind]
        first = min(members, key=lambda v: rank[v])
        out.append(Vondst(first.soort, m.begin, m.eind, m.tekst))
    return out


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")


def _words_pattern(terms: Sequence[str], possessive: bool, ignore_case: bool = True) -> re.Pattern | None:
    if not terms:
        return None
    parts = [r"\s+".join(re.escape(w) for w in t.split()) for t in sorted(terms, key=len, reverse=True)]
    tail = r"(?:['’]s|['’]|s)?" if possessive else ""
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)}){tail}(?!\w)", re.IGNORECASE if ignore_case else 0)


def _is_postcode(value: str) -> bool:
    letters = value[-2:]
    if letters.upper() in _NEVER_ISSUED:
        return False
    # lower or mixed case: not when the "letters" are a common word or unit ("in 2024 is")
    return letters.isupper() or letters.lower() not in _NOT_POSTCODE


def _is_plate(value: str) -> bool:
    groups = value.split("-")
    return (sum(len(g) for g in groups) == 6 and any(g.isalpha() for g in groups)
            and any(g.isdigit() for g in groups))


# --- deduce -------------------------------------------------------------------------------------

_DEDUCE_KINDS = {"persoon": "naam", "patient": "naam", "locatie": "plaats", "straat": "adres", "datum": "datum",
                 "leeftijd": "leeftijd", "bsn": "bsn", "id": "nummer", "telefoonnummer": "telefoonnummer",
                 "emailadres": "e-mail", "url": "link"}
# Hospitals and care institutions are organisations: they stay readable. Ages describe a
# household ("twee kinderen van 6 en 9 jaar") and identify no one: they stay too.
_DEDUCE_OFF = {"hospital", "institution", "age"}
_deduce_instance = None
_deduce_lock = threading.Lock()


def cache_dir() -> Path:
    """Where the kit keeps deduce's lookup structures (built once per installation)."""
    base = os.environ.get("KLANTREIS_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "klantreis"


def deduce_model():
    """The one deduce instance of this process, loaded on first use (see the module)."""
    global _deduce_instance
    if _deduce_instance is None:
        with _deduce_lock:
            if _deduce_instance is None:
                _deduce_instance = _load_deduce()
    return _deduce_instance


# Lookup lists of annotators the kit switches off (_DEDUCE_OFF). They are almost half of the
# lists deduce loads (27 of 60 MB), so the kit keeps a second copy of the lookup cache with these
# lists left empty, which loads about twice as fast.
_UNUSED_LISTS = ("healthcare_institution", "hospital", "hospital_abbr")
# The format of that copy: 2 also holds the streets as one set of strings (`deduce_cache.FlatTrie`).
SMALL_FORMAT = 2


def _load_deduce():
    import fcntl
    import gc
    import logging

    # deduce configures the root logger at import (DEBUG, to stdout): undo that, so a report
    # build does not print every font matplotlib considers.
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        from deduce import Deduce, __version__
    finally:
        root.setLevel(level)
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
    folder = cache_dir() / f"deduce-{__version__}"
    small = cache_dir() / f"deduce-{__version__}-klein{SMALL_FORMAT}"
    small_file = small / "cache" / "lookup_structs.pickle"  # written atomically: complete once it exists
    # Unpickling the lists creates millions of small objects; the garbage collector would walk
    # them again and again while they load (three times slower) and in every later collection,
    # so it is paused while loading and the loaded lists are frozen (gc.freeze).
    collecting = gc.isenabled()
    gc.disable()
    try:
        if small_file.exists():  # the usual case: no lock, processes load side by side
            return Deduce(cache_path=small)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / ".bouwen.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one process builds; the others wait and then read it
            try:
                if small_file.exists():
                    return Deduce(cache_path=small)
                if not (folder / "cache" / "lookup_structs.pickle").exists():
                    import sys

                    print(f"Eenmalig: de opzoeklijsten voor het herkennen van namen en plaatsen worden opgebouwd "
                          f"in {folder} (1 à 2 minuten).", file=sys.stderr, flush=True)
                model = Deduce(cache_path=folder)
                _save_small_cache(model.lookup_structs, small_file, __version__)
                return model
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _save_small_cache(structs, target: Path, deduce_version: str) -> None:
    """deduce's lookup cache (same format) with the lists of switched-off annotators emptied and
    the streets flat (`deduce_cache.flatten`); the copy of an older format is removed."""
    import pickle
    import shutil
    from datetime import datetime

    import docdeid

    from .deduce_cache import flatten
    from .files import write_bytes

    small = docdeid.ds.DsCollection(structs)
    for name in _UNUSED_LISTS:
        if name in small:
            small[name] = type(small[name])()
    flatten(small)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(target, pickle.dumps({"deduce_version": deduce_version, "saved_datetime": str(datetime.now()),
                                          "lookup_structs": small}, protocol=pickle.HIGHEST_PROTOCOL))
        for older in range(1, SMALL_FORMAT):
            shutil.rmtree(cache_dir() / f"deduce-{deduce_version}-klein{'' if older == 1 else older}",
                          ignore_errors=True)
    except OSError:  # a read-only cache folder: the full lists keep working, only slower
        pass


def _deduce_finds(text: str) -> list[tuple[str, int, int]]:
    doc = deduce_model().deidentify(text, disabled=_DEDUCE_OFF)
    out = []
    for a in doc.annotations:
        tag = a.tag.split("_")[0].split("+")[0] if a.tag not in _DEDUCE_KINDS else a.tag
        kind = _DEDUCE_KINDS.get(tag)
        if kind is None:
            kind = "naam" if "naam" in a.tag or "persoon" in a.tag or "initia" in a.tag else None
        if kind is None:
            continue
        if kind == "plaats" and any(ch.isdigit() for ch in a.text):
            kind = "adres"
        out.append((kind, a.start_char, a.end_char))
    return out


def as_redactor(value: Redactor | Callable[[str], str] | Iterable[str] | None) -> Callable[[str], str]:
    """A redactor from what a caller has: the study's Redactor as it is, or a list of words to
    remove (then with the kit's patterns and deduce, but no allow-list)."""
    if callable(value):
        return value
    return shared_redactor(tuple(value or ()))


_shared: dict[tuple, Redactor] = {}


def shared_redactor(remove: tuple[str, ...] = (), allow: tuple[str, ...] = ()) -> Redactor:
    key = (remove, allow)
    if key not in _shared:
        _shared[key] = Redactor(remove=remove, allow=allow)
    return _shared[key]
