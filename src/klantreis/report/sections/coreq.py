"""Verantwoording volgens COREQ: the reporting checklist for qualitative research (Tong,
Sainsbury & Craig 2007, 32 items) answered as far as the data allow.

Each item of `instruments/coreq.yaml` names its `bron`: a key of `ANSWERS` (the kit writes the
answer from the study's files: interviews, sessions, instruments, studie.yaml) or "onderzoekers"
(only the researchers know: they answer in studie.yaml under `onderzoek.coreq`). An item the kit
answers only in part (`aanvullen: true`) is completed by the researchers there too.

Two sections: `COREQ_METHODE` (a paragraph of the onderzoeksopzet, grouped by the three
domains) and `COREQ_BIJLAGE` (the checklist: every item with where it is answered, or that the
researchers still must). `still_to_answer` gives `klantreis controleer` the open items.

Privacy: no names but the researchers' own (studie.yaml `onderzoekers`); every count of
residents that describes a group below the study's minimum is written as "minder dan 5" or
"n<5" (with secondary suppression where a total is shown); free text from studie.yaml passes
the study's redaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ...methods import Section, lazy

PARAGRAAF = "Verantwoording volgens COREQ"
BIJLAGE = "COREQ-checklist"
WHERE_PARAGRAPH = f"paragraaf {PARAGRAAF}"
WHERE_RESEARCHERS = "studie.yaml, onderzoek.coreq"
OPEN = "nog te beantwoorden door de onderzoekers"
NO_DATA = "nog geen gegevens (de kit vult dit in zodra ze er zijn)"
# Answers the kit takes from a field of studie.yaml that the researchers fill in.
FROM_SETTINGS = {"steekproef": "onderzoek.werving", "werving": "onderzoek.werving",
                 "aantal_codeurs": "onderzoek.codeurs"}
DOMAIN_NUMBERS = {"team": "I", "opzet": "II", "analyse": "III"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")

COREQ_METHODE = Section("coreq-methode", add=lazy(__name__, "add_method"), plaats="methode")
COREQ_BIJLAGE = Section("coreq-bijlage", add=lazy(__name__, "add_appendix"), plaats="bijlage")


class Kit(NamedTuple):
    """What the kit answers to an item, and where that answer comes from when it is not the
    study's own files (e.g. "studie.yaml: onderzoek.werving")."""

    tekst: str
    uit: str | None = None


@dataclass(frozen=True)
class Antwoord:
    """One item of the checklist with the kit's answer and the researchers' (both may be None)."""

    nr: int
    domein: str
    onderwerp: str
    vraag: str
    bron: str
    aanvullen: bool
    kit: Kit | None
    onderzoekers: str | None

    @property
    def for_researchers(self) -> bool:
        """Only the researchers can answer (or complete) this item; the other items the kit
        answers as soon as there are data (interviews, sessions)."""
        return self.bron == "onderzoekers" or self.aanvullen or self.bron in FROM_SETTINGS

    @property
    def open(self) -> bool:
        """The researchers still have to answer it, or to complete the kit's part."""
        return self.onderzoekers is None and self.for_researchers and (self.kit is None or self.aanvullen)

    @property
    def waar(self) -> str:
        """Where the report answers this item, as the checklist table says it."""
        if self.kit is None and self.onderzoekers is None:
            if self.bron in FROM_SETTINGS:
                return f"{OPEN} (studie.yaml: {FROM_SETTINGS[self.bron]})"
            return OPEN if self.for_researchers else NO_DATA
        where = WHERE_PARAGRAPH
        if self.kit is not None and self.kit.uit:
            where += f" ({self.kit.uit})"
        if self.onderzoekers is not None:
            return f"{where} ({WHERE_RESEARCHERS})" if self.kit is None or not self.kit.uit else \
                f"{where}; {WHERE_RESEARCHERS}"
        return f"{where}; aan te vullen door de onderzoekers" if self.aanvullen else where


# --- the facts the answers are written from --------------------------------------------------------

@dataclass(frozen=True)
class Bijeenkomst:
    """One group session of any method: what it was, when, where, and its participants' roles."""

    methode: str
    datum: object
    gemeente: str | None
    rollen: tuple[str, ...]

    @property
    def deelnemers(self) -> int:
        return sum(r != "facilitator" for r in self.rollen)


@dataclass
class Feiten:
    """What the answers read from one study: interviews, group sessions, stakeholder interviews
    (when that method is present), the minimum group size and the redaction."""

    study: object
    interviews: list = field(default_factory=list)
    sessies: list[Bijeenkomst] = field(default_factory=list)
    stakeholders: list = field(default_factory=list)

    @classmethod
    def of(cls, study) -> Feiten:
        parts = getattr(study, "parts", {}) or {}
        sessies = [Bijeenkomst("effectenarena", s.datum, s.gemeente, tuple(d.rol for d in s.deelnemers))
                   for s in (parts.get("effectenarena") or {}).values()]
        sessies += [Bijeenkomst("gezamenlijke reis", s.sessie.datum, s.sessie.gemeente,
                                tuple(d.rol for d in s.sessie.deelnemers))
                    for s in parts.get("gezamenlijke_reis") or []]
        stakeholders = parts.get("stakeholders") or []
        if isinstance(stakeholders, dict):
            stakeholders = list(stakeholders.values())
        return cls(study, list(parts.get("interviews") or []), sorted(sessies, key=lambda s: str(s.datum)),
                   list(stakeholders))

    @property
    def m(self) -> int:
        return self.study.min_group

    @property
    def settings(self):
        return self.study.settings

    @property
    def instruments(self):
        return self.study.instruments

    def redact(self, text: str) -> str:
        return self.study.redactor(text)


# --- small Dutch phrases ---------------------------------------------------------------------------

def _join(items: list[str]) -> str:
    """"a", "a en b", "a, b en c"."""
    items = [i for i in items if i]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1] if items else ""


def _word(n: int) -> str:
    """Small numbers in words, as Dutch prose writes them ("de zeven kenmerken")."""
    words = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien")
    return words[n] if 0 <= n < len(words) else str(n)


def datum(day) -> str:
    from ..numbers import datum as _datum

    return _datum(day)


def _month(day) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def _how_many(k: int, n: int, m: int) -> str:
    """How many of n residents (k), without a number that describes a group below the minimum:
    neither those who did (k) nor, since the total n is printed, those who did not (n − k)."""
    if k == 0:
        return "geen"
    if k == n:
        return "alle"
    if k < m:
        return f"minder dan {m}"
    if n - k < m:
        return f"alle op minder dan {m} na"
    return str(k)


def _part_of(k: int, n: int, m: int, wie: str = "inwoners") -> str:
    """"8 van de 16 inwoners", "minder dan 5 van de 16 inwoners", "alle 16 inwoners op minder dan 5 na"."""
    how = _how_many(k, n, m)
    if how == "alle" and n == 1:
        return f"alle {wie} (één)"  # plural, so the verb that follows still agrees
    if how == "alle":
        return f"alle {n} {wie}"
    if how.startswith("alle "):
        return f"alle {n} {wie} op minder dan {m} na"
    return f"{how} van de {n} {wie}"


def _count_labels(counts: dict[str, int], m: int) -> dict[str, str]:
    """Counts of residents per group, published together with their total: below the minimum
    "n<5", and "afgeschermd" where the total minus the shown groups would reveal a small one."""
    import pandas as pd

    from ...privacy import suppress_small_groups
    from ..numbers import n_labels

    if not counts:
        return {}
    table = suppress_small_groups(pd.DataFrame({"groep": list(counts), "n": list(counts.values())}),
                                  "n", [], m, siblings=[])
    return dict(zip(table["groep"], n_labels(table, "n", m)))


def _is_filled(text: str) -> bool:
    from ...study import is_placeholder

    return bool(text) and not is_placeholder(text)


def _themes_of(interview) -> set[str]:
    codes: set[str] = set()
    for item in [*interview.stappen, *interview.extra_stappen]:
        codes.update(item.themas)
        for quote in item.citaten:
            codes.update(quote.themas)
    return codes


def _role_labels(f: Feiten, roles) -> list[str]:
    labels = {**f.instruments.vocabulaire.sessie_rollen, **f.instruments.vocabulaire.stakeholder_rollen}
    return [labels.get(r, r).split(" (")[0].lower() for r in roles]


# --- the answers, one per `bron` of instruments/coreq.yaml ------------------------------------------

def _interviewers(f: Feiten) -> Kit | None:
    parts = []
    names = [n for n in f.settings.onderzoekers if _is_filled(n)]
    if names:
        parts.append(f"Het onderzoek is uitgevoerd door {_join(names)}.")
    if f.interviews:
        labels = f.instruments.vocabulaire.interviewer_rollen
        counts = Counter(iv.interviewer_rol for iv in f.interviews)
        shown = _count_labels(dict(counts.most_common()), f.m)
        parts.append(f"De {len(f.interviews)} interviews met inwoners zijn gehouden door: " + "; ".join(
            f"{labels.get(role, role).lower()} ({shown[role]})" for role in shown) + ".")
    led = [s for s in f.sessies if "facilitator" in s.rollen]
    if led:
        parts.append(f"{'De werksessie werd' if len(f.sessies) == 1 else 'De werksessies werden'} begeleid door "
                     "een facilitator die zelf niet meestemde" +
                     ("." if len(led) == len(f.sessies) else f" (bij {len(led)} van de {len(f.sessies)} sessies)."))
    return Kit(" ".join(parts)) if parts else None


def _uitleg_deelnemers(f: Feiten) -> Kit | None:
    if not f.interviews:
        return None
    consent = {"interview": "het interview en aantekeningen", "opname": "een geluidsopname",
               "citaten": "het gebruik van letterlijke uitspraken",
               "terugkoppeling": "een terugkoppeling van de uitkomsten"}
    asked = [consent.get(v.id, v.id) for v in f.instruments.topiclijst.toestemming.vragen]
    return Kit("Voor elk interview lichtte de interviewer met de vaste toelichting van de topiclijst toe wie het "
               "onderzoek doet en waarom, dat de naam van de inwoner niet in het rapport komt, dat meedoen vrijwillig "
               f"is en hoe lang de gegevens bewaard blijven. Daarna vroeg de interviewer apart toestemming voor "
               f"{_join(asked)}, en kreeg de inwoner de contactgegevens van de onderzoekers.")


def _rollen_interviewers(f: Feiten) -> Kit | None:
    if not f.interviews:
        return None
    labels = f.instruments.vocabulaire.interviewer_rollen
    roles = [role for role, _ in Counter(iv.interviewer_rol for iv in f.interviews).most_common()]
    return Kit("Van elke interviewer legde het onderzoek de rol vast, geen naam. De interviewers waren: "
               + "; ".join(labels.get(r, r).lower() for r in roles) + ".")


def _methode(f: Feiten) -> Kit:
    parts = f.study.parts
    used = []
    if parts.get("schaduwreis") is not None:
        used.append("de schaduwreis (de toegang zoals bedoeld, uit documenten)")
    if f.interviews:
        used.append("individuele klantreizen (diepte-interviews met inwoners langs de schaduwreis) en een "
                    "meta-analyse daarvan")
    if f.stakeholders:
        used.append("interviews met stakeholders")
    if any(s.methode == "effectenarena" for s in f.sessies):
        used.append("de effectenarena")
    if any(s.methode == "gezamenlijke reis" for s in f.sessies):
        used.append("de gezamenlijke reis")
    vocab = f.instruments.vocabulaire
    return Kit(
        "Het onderzoek volgt de methode Klantreis Sociaal Domein: " + (_join(used) + ". " if used else "")
        + f"Het kader bestaat uit de {_word(len(f.instruments.kenmerken.kenmerken))} kenmerken van een goede toegang, "
        f"de vier perspectieven ({_join([v.lower() for v in vocab.perspectieven.values()])}) en de vraag of "
        f"ondersteuning {_join([v.lower() for v in vocab.aspecten.values()])} is.")


def _werving(f: Feiten) -> Kit | None:
    text = f.settings.onderzoek.werving
    return Kit(f.redact(text), uit="studie.yaml: onderzoek.werving") if _is_filled(text) else None


def _aantal_deelnemers(f: Feiten) -> Kit | None:
    parts = []
    if f.interviews:
        n = len(f.interviews)
        parts.append(f"{n} {'inwoner deed' if n == 1 else 'inwoners deden'} mee aan een individueel interview")
    if f.stakeholders:
        parts.append(f"{len(f.stakeholders)} gesprekken met stakeholders zijn vastgelegd")
    for methode in ("effectenarena", "gezamenlijke reis"):
        sessions = [s for s in f.sessies if s.methode == methode]
        if sessions:
            people = sum(s.deelnemers for s in sessions)
            parts.append(f"{people} deelnemers (per sessie geteld, zonder facilitator) deden mee aan "
                         f"{len(sessions)} {'sessie' if len(sessions) == 1 else 'sessies'} van de {methode}")
    if not parts:
        return None
    text = _join(parts)
    return Kit(text[0].upper() + text[1:] + ". De tabel in de paragraaf Onderzoeksopzet geeft de aantallen per "
               "methode en gemeente.")


def _gemeente_of(item) -> str | None:
    """The municipality of a stakeholder interview, whether the method hands out the interview
    itself or a wrapper holding it (as the werksessies do with `.sessie`)."""
    for inner in (item, getattr(item, "interview", None), getattr(item, "sessie", None)):
        if isinstance(getattr(inner, "gemeente", None), str):
            return inner.gemeente
    return None


def _setting(f: Feiten) -> Kit | None:
    parts = []
    if f.interviews:
        places = [g for g in f.settings.gemeenten if any(iv.gemeente == g for iv in f.interviews)]
        parts.append(f"De interviews zijn gehouden met inwoners van {_join(places)}.")
    if f.sessies:
        parts.append("De werksessies waren groepsbijeenkomsten: " + "; ".join(
            f"{s.methode} {'in ' + s.gemeente if s.gemeente else 'voor de gemeenten samen'}" for s in f.sessies) + ".")
    return Kit(" ".join(parts)) if parts else None


def _aanwezigen(f: Feiten) -> Kit | None:
    led = [s for s in f.sessies if "facilitator" in s.rollen]
    if not led:
        return None
    which = ("de werksessie" if len(f.sessies) == 1 else f"alle {len(f.sessies)} werksessies"
             if len(led) == len(f.sessies) else f"{len(led)} van de {len(f.sessies)} werksessies")
    return Kit(f"Bij {which} "
               "was naast de deelnemers een facilitator aanwezig, die de sessie begeleidde en niet meestemde.")


def _kenmerken_deelnemers(f: Feiten) -> Kit | None:
    parts = []
    n = len(f.interviews)
    if n:
        first, last = min(iv.datum for iv in f.interviews), max(iv.datum for iv in f.interviews)
        period = f"in {_month(first)}" if (first.year, first.month) == (last.year, last.month) else \
            f"van {_month(first)} tot en met {_month(last)}"
        parts.append(f"De interviews zijn gehouden {period}, binnen de onderzoeksperiode.")
        laws = Counter(law for iv in f.interviews for law in set(iv.huishouden.wetten))
        if laws:
            names = f.instruments.vocabulaire.wetten

            def law_name(law: str) -> str:  # the full name, with the abbreviation readers meet in the field
                name = names.get(law, law)
                return name if name == law or law == "overig" else f"{name} ({law})"

            parts.append(f"Per wet het aantal van de {n} inwoners dat ermee te maken had: " + "; ".join(
                f"{law_name(law)}: {_how_many(k, n, f.m)}"
                for law, k in sorted(laws.items(), key=lambda kv: (-kv[1], kv[0]))) + ".")
        mean = sum(len(iv.huishouden.leefgebieden) for iv in f.interviews) / n
        from ..numbers import getal

        parts.append(f"Gemiddeld speelden er {getal(mean)} leefgebieden per huishouden.")
    roles = sorted({r for s in f.sessies for r in s.rollen if r != "facilitator"})
    if roles:
        parts.append(f"Aan de werksessies namen mensen in deze rollen deel: {_join(_role_labels(f, roles))}.")
    return Kit(" ".join(parts)) if parts else None


def _topiclijst(f: Feiten) -> Kit | None:
    if not f.interviews:
        return None
    t = f.instruments.topiclijst
    first = sum(v.prioriteit == 1 for s in t.soorten for v in s.vragen)
    second = sum(v.prioriteit == 2 for s in t.soorten for v in s.vragen)
    curve = f.settings.curve
    from ..numbers import getal

    return Kit(
        f"De interviewers gebruikten de topiclijst van de kit (‘{t.titel}’): een opening, vragen per soort stap "
        f"({len(t.soorten)} soorten, {first} vragen die altijd gesteld worden en {second} als er tijd is), de "
        f"belevingscurve van {getal(curve.min, 0, sign=True)} tot en met {getal(curve.max, 0, sign=True)}, de "
        f"waardenkaart ({len(f.instruments.waardenkaart.waarden)} waarden) en vragen over afwijkingen van de "
        "schaduwreis. De topiclijst is met ‘klantreis topiclijst’ als los document te maken.")


def _herhaalinterviews(f: Feiten) -> Kit | None:
    if not f.interviews:
        return None
    per = Counter(iv.respondent for iv in f.interviews)
    again = sum(1 for n in per.values() if n > 1)
    if not again:
        return Kit(f"Elke inwoner is één keer geïnterviewd ({len(f.interviews)} interviews met evenveel verschillende "
                   "pseudoniemen).")
    return Kit(f"{_part_of(again, len(per), f.m)} zijn meer dan één keer geïnterviewd.".capitalize())


def _opnames(f: Feiten) -> Kit | None:
    if not f.interviews:
        return None
    k = sum(iv.toestemming.opname for iv in f.interviews)
    return Kit(f"Van {_part_of(k, len(f.interviews), f.m)} mocht het gesprek worden opgenomen; de andere "
               "gesprekken zijn niet opgenomen en alleen in aantekeningen vastgelegd." if 0 < k < len(f.interviews)
               else ("Geen van de gesprekken is opgenomen; ze zijn in aantekeningen vastgelegd." if k == 0
                     else "Alle inwoners gaven toestemming om het gesprek op te nemen."))


def _veldnotities(f: Feiten) -> Kit | None:
    parts = []
    if f.interviews:
        parts.append("Per stap legde de interviewer op het interviewformulier van de kit vast wat er gebeurde, de "
                     "score op de belevingscurve, wat goed ging en wat beter kon, en letterlijke uitspraken; die "
                     "aantekeningen zijn de gegevens van de analyse.")
    if f.sessies:
        parts.append("Van de werksessies legde de facilitator de uitkomsten (kaarten, factoren, verbeterpunten en "
                     "stemmen) vast in het sessieformulier.")
    return Kit(" ".join(parts)) if parts else None


def _duur(f: Feiten) -> Kit | None:
    if not f.interviews:
        return None
    tijd = f.instruments.topiclijst.tijd
    return Kit(f"De topiclijst is opgezet voor een interview van {tijd.doel_min} tot {tijd.doel_max} minuten. "
               "De werkelijke duur per gesprek legt de kit niet vast.")


def saturation(interviews, theme_codes: set[str]) -> tuple[int, int, int]:
    """(position of the interview that brought the last new theme, in date order, 1-based;
    number of interviews; number of distinct themes used). Position 0: no theme coded."""
    seen: set[str] = set()
    last = 0
    ordered = sorted(interviews, key=lambda iv: (iv.datum, iv.respondent))
    for position, iv in enumerate(ordered, 1):
        new = (_themes_of(iv) & theme_codes) - seen
        if new:
            last = position
            seen |= new
    return last, len(ordered), len(seen)


def _verzadiging(f: Feiten) -> Kit | None:
    themes = {c.code for c in f.instruments.codeboek.codes if c.groep == "thema"}
    last, n, used = saturation(f.interviews, themes)
    if not n or not last:
        return None
    if last == n:
        return Kit(f"Ook het laatste interview (in volgorde van datum) bracht nog een thema uit het codeboek dat "
                   f"nog niet eerder gecodeerd was; verzadiging is dus niet bereikt. In totaal zijn {used} van de "
                   f"{len(themes)} thema's gebruikt.")
    return Kit(f"In volgorde van datum bracht interview {last} van de {n} het laatste nieuwe thema; de {n - last} "
               f"interviews daarna voegden geen nieuw thema toe. In totaal zijn {used} van de {len(themes)} thema's "
               "uit het codeboek gebruikt.")


def _aantal_codeurs(f: Feiten) -> Kit | None:
    n = f.settings.onderzoek.codeurs
    if n is None:
        return None
    return Kit(f"De gegevens zijn gecodeerd door {'één onderzoeker' if n == 1 else f'{n} onderzoekers'}.",
               uit="studie.yaml: onderzoek.codeurs")


GROUP_NAMES = {"kenmerk": ("kenmerk van een goede toegang", "kenmerken van een goede toegang"),
               "thema": ("thema", "thema's"), "perspectief": ("perspectief", "perspectieven"),
               "aspect": ("aspect", "aspecten")}


def _codeboek(f: Feiten) -> Kit:
    counts = Counter(c.groep for c in f.instruments.codeboek.codes)
    parts = [f"{n} {GROUP_NAMES.get(g, (g, g))[n != 1]}" for g, n in counts.items()]
    return Kit(f"Het codeboek telt {sum(counts.values())} codes: {_join(parts)}. Het staat in de bijlage met het "
               "codeboek.")


def _afleiding_themas(f: Feiten) -> Kit:
    from ...instruments import instrument_path

    own = instrument_path("codeboek", f.study.path).is_relative_to(f.study.path)
    return Kit("De codes liggen vooraf vast in het codeboek: de kenmerken, perspectieven en aspecten vormen het "
               "kader, de thema's beschrijven wat inwoners vaak noemen. " +
               ("Deze studie gebruikt een eigen codeboek (instrumenten/codeboek.yaml), waarin de onderzoekers thema's "
                "opnamen die in de gesprekken naar voren kwamen." if own else
                "Deze studie gebruikt het codeboek van de kit zonder eigen thema's."))


def _software(f: Feiten) -> Kit:
    from ... import __version__

    return Kit(f"De gegevens zijn ingevoerd, gecontroleerd en geanalyseerd met klantreis {__version__}, de "
               "onderzoekskit bij deze methode; het rapport is er ook mee gemaakt.")


def _terugkoppeling_deelnemers(f: Feiten) -> Kit | None:
    parts = []
    if f.interviews:
        k = sum(iv.toestemming.terugkoppeling for iv in f.interviews)
        parts.append(f"{_part_of(k, len(f.interviews), f.m)} wilden een terugkoppeling van de uitkomsten." if k else
                     "Geen van de inwoners vroeg om een terugkoppeling van de uitkomsten.")
    joint = [s for s in f.sessies if s.methode == "gezamenlijke reis" and "inwoner" in s.rollen]
    if joint:
        parts.append(f"In {'een sessie' if len(joint) == 1 else f'{len(joint)} sessies'} van de gezamenlijke reis "
                     "bespraken inwoners, professionals en beleidsmakers de uitkomsten van de meta-analyse en kozen zij "
                     "samen verbeterpunten.")
    if not parts:
        return None
    text = " ".join(parts)
    return Kit(text[0].upper() + text[1:])


def _citaten(f: Feiten) -> Kit | None:
    if not f.interviews:
        return None
    k = sum(iv.toestemming.citaten for iv in f.interviews)
    return Kit(f"Letterlijke uitspraken staan alleen in het rapport als de inwoner daarvoor toestemming gaf "
               f"({_part_of(k, len(f.interviews), f.m)}). Bij elk citaat staat het pseudoniem van de inwoner (zoals "
               "R01); namen, adressen, telefoonnummers en andere herkenbare gegevens zijn vervangen door een "
               "aanduiding als [naam].")


def _hoofdthemas(f: Feiten) -> Kit | None:
    labels = {c.code: c.label for c in f.instruments.codeboek.codes if c.groep == "thema"}
    residents = Counter(code for iv in f.interviews for code in _themes_of(iv) if code in labels)
    top = [(code, n) for code, n in sorted(residents.items(), key=lambda kv: (-kv[1], kv[0])) if n >= f.m][:3]
    if not top:
        return None
    return Kit("De thema's die de meeste inwoners noemden: " + "; ".join(
        f"{labels[code].lower()} ({n} van de {len(f.interviews)} inwoners)" for code, n in top) + ".")


ANSWERS: dict[str, Callable[[Feiten], Kit | None]] = {
    "interviewers": _interviewers,
    "uitleg_deelnemers": _uitleg_deelnemers,
    "rollen_interviewers": _rollen_interviewers,
    "methode": _methode,
    "steekproef": _werving,
    "werving": _werving,
    "aantal_deelnemers": _aantal_deelnemers,
    "setting": _setting,
    "aanwezigen": _aanwezigen,
    "kenmerken_deelnemers": _kenmerken_deelnemers,
    "topiclijst": _topiclijst,
    "herhaalinterviews": _herhaalinterviews,
    "opnames": _opnames,
    "veldnotities": _veldnotities,
    "duur": _duur,
    "verzadiging": _verzadiging,
    "aantal_codeurs": _aantal_codeurs,
    "codeboek": _codeboek,
    "afleiding_themas": _afleiding_themas,
    "software": _software,
    "terugkoppeling_deelnemers": _terugkoppeling_deelnemers,
    "citaten": _citaten,
    "hoofdthemas": _hoofdthemas,
}


def answers(study) -> list[Antwoord]:
    """Every item of the study's COREQ checklist, in order, with the kit's and the researchers'
    answers. An item whose `bron` has no answer is the kit's Dutch error naming the item."""
    from ...errors import KlantreisFout, Probleem
    from ...instruments import instrument_path

    f = Feiten.of(study)
    given = study.settings.onderzoek.coreq
    out = []
    for item in sorted(study.instruments.coreq.items, key=lambda i: i.nr):
        if item.bron != "onderzoekers" and item.bron not in ANSWERS:
            raise KlantreisFout(Probleem(
                bestand=str(instrument_path("coreq", study.path)), plaats=f"item {item.nr}", veld="bron",
                waarde=item.bron, toegestaan=f"onderzoekers of een van: {', '.join(ANSWERS)}"),
                "COREQ-checklist niet gemaakt")
        kit = ANSWERS[item.bron](f) if item.bron != "onderzoekers" else None
        own = given.get(item.nr)
        out.append(Antwoord(item.nr, item.domein, item.onderwerp, item.vraag, item.bron, item.aanvullen, kit,
                            own if own is not None and _is_filled(own) else None))
    return out


def still_to_answer(study) -> list[str]:
    """The items the researchers still must answer (or complete), as `controleer` names them."""
    def named(a: Antwoord) -> str:
        if a.bron in FROM_SETTINGS:
            return f"{a.nr} ({a.onderwerp.lower()}: {FROM_SETTINGS[a.bron]})"
        return f"{a.nr} ({a.onderwerp.lower()}{', aanvullen' if a.kit is not None else ''})"

    return [named(a) for a in answers(study) if a.open]


# --- the sections ------------------------------------------------------------------------------------

def add_method(report, build, prepared=None) -> None:
    """The paragraph "Verantwoording volgens COREQ" of the onderzoeksopzet (heading level 2)."""
    study = build.study
    found = answers(study)
    coreq = study.instruments.coreq
    f = Feiten.of(study)
    report.heading(PARAGRAAF, 2)
    report.paragraph(
        "Deze paragraaf volgt de checklist voor het rapporteren van kwalitatief onderzoek COREQ (Tong, "
        "Sainsbury en Craig, 2007). Wat uit de gegevens van het onderzoek blijkt, schrijft de kit zelf; wat alleen "
        "de onderzoekers weten, geven zij in studie.yaml (onder onderzoek.coreq). De bijlage met de COREQ-checklist "
        "noemt bij elk van de 32 punten waar het antwoord staat.")
    for domein, label in coreq.domeinen.items():
        entries = _entries([a for a in found if a.domein == domein])
        if not entries:
            continue
        report.heading(f"{DOMAIN_NUMBERS.get(domein, '')}. {label}".lstrip(". "), 3)
        for entry in entries:
            p = report.paragraph()
            p.add_run(_join([entry.labels[0]] + [lab.lower() for lab in entry.labels[1:]]) + ". ").bold = True
            p.add_run(" ".join(([entry.kit] if entry.kit else []) + [report.redact(own) for own in entry.owns]))
    still = [a.nr for a in found if a.open]
    if still:
        report.paragraph(f"Nog niet (volledig) beantwoord door de onderzoekers: {'punt' if len(still) == 1 else 'punten'} "
                         f"{_numbers(still)}. De COREQ-checklist in de bijlage noemt deze punten.")
    waiting = [a.nr for a in found if a.kit is None and a.onderzoekers is None and not a.for_researchers]
    if waiting:
        report.paragraph(f"Nog zonder gegevens: {'punt' if len(waiting) == 1 else 'punten'} {_numbers(waiting)}; de kit "
                         "beantwoordt ze uit de interviews en werksessies zodra die zijn ingevoerd.")


@dataclass
class _Entry:
    labels: list[str]
    kit: str | None
    owns: list[str]


def _entries(found: list[Antwoord]) -> list[_Entry]:
    """The answered items of one domain as paragraphs: one kit text answering several items (the
    recruitment text answers both selection and approach) is printed once, under both names;
    the researchers' answer follows the kit's."""
    entries: list[_Entry] = []
    by_text: dict[str, _Entry] = {}
    for a in found:
        if a.kit is None and a.onderzoekers is None:
            continue
        if a.kit is not None and a.kit.tekst in by_text:
            entry = by_text[a.kit.tekst]
            entry.labels.append(a.onderwerp)
        else:
            entry = _Entry([a.onderwerp], a.kit.tekst if a.kit else None, [])
            entries.append(entry)
            if a.kit is not None:
                by_text[a.kit.tekst] = entry
        if a.onderzoekers:
            entry.owns.append(a.onderzoekers)
    return entries


def _numbers(numbers: list[int]) -> str:
    """[2, 3, 4, 5, 13] as "2–5 en 13"."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return _join([f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs])


def add_appendix(report, build, prepared=None) -> None:
    """The appendix: every COREQ item with where the report answers it (heading level 1)."""
    import pandas as pd

    study = build.study
    coreq = study.instruments.coreq
    found = answers(study)
    report.appendix(BIJLAGE)
    waiting = (" ‘Nog geen gegevens’ betekent dat de kit het antwoord schrijft zodra de interviews of werksessies "
               "zijn ingevoerd." if any(a.waar == NO_DATA for a in found) else "")
    report.paragraph(
        "De 32 punten van de checklist voor het rapporteren van kwalitatief onderzoek (COREQ; Tong, Sainsbury en "
        "Craig, 2007), in eigen woorden, in drie domeinen: " + "; ".join(
            f"{DOMAIN_NUMBERS.get(d, d)}. {label.lower()}" for d, label in coreq.domeinen.items())
        + ". Per punt staat waar het rapport het beantwoordt. ‘Nog te beantwoorden door de onderzoekers’ betekent "
        "dat alleen de onderzoekers het antwoord weten; zij vullen het in studie.yaml in onder onderzoek.coreq."
        + waiting)
    table = pd.DataFrame({
        "Nr": [a.nr for a in found],
        "Domein": [DOMAIN_NUMBERS.get(a.domein, a.domein) for a in found],
        "Onderwerp": [a.onderwerp for a in found],
        "Vraag": [a.vraag for a in found],
        "Beantwoord in": [a.waar for a in found],
    })
    report.table(table, "COREQ-checklist: waar elk punt beantwoord wordt", widths_cm=[1.0, 1.8, 3.2, 5.0, 5.0])
