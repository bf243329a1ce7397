"""How well redaction works and what it costs: a seeded corpus of personal data in the
formats Dutch residents write, kinds × formats, in ordinary sentences.

`recall(redactor)` counts per kind how many seeded values are gone after redaction (a value
counts as found only when none of its characters' runs of letters and digits survive);
`KEEP` holds the place names that must stay readable. `klantreis benchmark` prints both
figures with the cost of deduce, and tests/test_redactie.py asserts every value is found.
All names, numbers and addresses are invented; the BSNs pass the elfproef but are test
numbers.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

# The study the corpus belongs to: its removal list, gemeenten, kernen and respondent ids.
REMOVE = ["Henk", "Marloes", "Ineke van Dam", "Jansenplein"]
GEMEENTEN = ["Lindewaarde", "Beekveen", "Assen"]
KERNEN = ["Kleindorp", "Zuidlaren"]
RESPONDENTS = ["R01", "R07", "DD-12"]


@dataclass(frozen=True)
class Zaad:
    soort: str
    vorm: str
    zin: str
    waarde: str


CORPUS: list[Zaad] = [Zaad(*row) for row in [
    # names on the removal list: plain, other case, double space, possessive
    ("naam (lijst)", "zoals op de lijst", "Henk heeft me goed geholpen.", "Henk"),
    ("naam (lijst)", "kleine letters", "ik belde met marloes van het loket.", "marloes"),
    ("naam (lijst)", "dubbele spatie", "Mevrouw Ineke  van Dam kwam langs.", "Ineke  van Dam"),
    ("naam (lijst)", "bezittelijk", "Henks collega nam het over.", "Henks"),
    ("naam (lijst)", "bezittelijk met apostrof", "Marloes' team belde terug.", "Marloes'"),
    # names not on the list (deduce)
    ("naam (niet op lijst)", "voornaam achternaam", "Ik sprak met Pieter Bakker over mijn schulden.", "Pieter Bakker"),
    ("naam (niet op lijst)", "aanhef en achternaam", "Mevrouw Jansen van de gemeente belde terug.", "Jansen"),
    ("naam (niet op lijst)", "voorletter en tussenvoegsel", "Meneer J. de Vries regelde het.", "de Vries"),
    ("naam (niet op lijst)", "voornaam", "Gelukkig nam Tamara de tijd voor ons.", "Tamara"),
    # BSN in every grouping
    ("bsn", "aaneen", "Mijn BSN is 123456782, zei ik.", "123456782"),
    ("bsn", "punten 4-2-3", "Het nummer 1234.56.782 stond op de brief.", "1234.56.782"),
    ("bsn", "streepjes 3-3-3", "Ik gaf 123-456-782 door.", "123-456-782"),
    ("bsn", "spaties 3-2-3-1", "Ze vroeg naar 111 22 233 3.", "111 22 233 3"),
    # phone numbers
    ("telefoonnummer", "mobiel met streepje", "Bel me op 06-12345678 als het kan.", "06-12345678"),
    ("telefoonnummer", "mobiel met spaties", "Mijn nummer is 06 1234 5678.", "06 1234 5678"),
    ("telefoonnummer", "vast met haakjes", "Het kantoor: (020) 123 45 67.", "(020) 123 45 67"),
    ("telefoonnummer", "+31(0)", "Bereikbaar via +31(0)6-12345678.", "+31(0)6-12345678"),
    ("telefoonnummer", "+31 met spaties", "Of via +31 6 12 34 56 78.", "+31 6 12 34 56 78"),
    ("telefoonnummer", "vast met streepje", "Bel 0592-123456 voor een afspraak.", "0592-123456"),
    # addresses
    ("adres", "straat met achtervoegsel", "Ik woon aan de Dorpsstraat 12.", "Dorpsstraat 12"),
    ("adres", "zonder achtervoegsel", "We spraken af op de Markt 5.", "Markt 5"),
    ("adres", "twee woorden", "Het loket zit aan de Oude Gracht 5.", "Oude Gracht 5"),
    ("adres", "met tussenvoegsel", "Mijn zus woont aan de Laan van Meerdervoort 50.", "Laan van Meerdervoort 50"),
    ("adres", "'s-", "Het ziekenhuis aan de 's-Gravendijkwal 80 was dichtbij.", "'s-Gravendijkwal 80"),
    ("adres", "afkorting", "Kom naar de Burg. de Withstraat 3 om tien uur.", "Burg. de Withstraat 3"),
    ("adres", "huisnummer met letter", "Ik woon op Kerkweg 14a.", "Kerkweg 14a"),
    ("adres", "plein op de lijst", "De brief lag bij het buurthuis aan het Jansenplein.", "Jansenplein"),
    # postcodes
    ("postcode", "hoofdletters met spatie", "Mijn postcode is 9401 AB.", "9401 AB"),
    ("postcode", "hoofdletters aaneen", "Postcode 9401AB klopt niet.", "9401AB"),
    ("postcode", "kleine letters", "Het was 9401 ab in de brief.", "9401 ab"),
    ("postcode", "gemengd", "Stuur het naar 9401aB graag.", "9401aB"),
    # IBAN
    ("iban", "hoofdletters aaneen", "Het geld ging naar NL91ABNA0417164300.", "NL91ABNA0417164300"),
    ("iban", "kleine letters", "Rekening nl91abna0417164300 is van mij.", "nl91abna0417164300"),
    ("iban", "spaties", "Mijn rekening: NL91 ABNA 0417 1643 00.", "NL91 ABNA 0417 1643 00"),
    ("iban", "punten", "Betaal op NL91.ABNA.0417.1643.00 alstublieft.", "NL91.ABNA.0417.1643.00"),
    # licence plates
    ("kenteken", "cijfers-letters-cijfer", "Mijn auto, de 12-ABC-3, staat voor.", "12-ABC-3"),
    ("kenteken", "letters-cijfers-letters", "De taxi met XX-99-ZZ kwam te laat.", "XX-99-ZZ"),
    ("kenteken", "kleine letters", "Kenteken 1-kbb-23 stond op de bon.", "1-kbb-23"),
    # dates of birth
    ("datum", "dd-mm-jjjj", "Ik ben geboren op 03-04-1961.", "03-04-1961"),
    ("datum", "d maand jjjj", "Geboren op 3 april 1961 in het ziekenhuis.", "3 april 1961"),
    ("datum", "dd/mm/jj", "Geboortedatum 03/04/61 staat erop.", "03/04/61"),
    ("datum", "iso", "In het dossier stond 1961-04-03.", "1961-04-03"),
    # e-mail
    ("e-mail", "gewoon", "Mail naar j.jansen@example.nl graag.", "j.jansen@example.nl"),
    ("e-mail", "plus en subdomein", "Of naar piet+zorg@mail.example.com.", "piet+zorg@mail.example.com"),
    # another respondent's id
    ("respondent", "id", "Net als R07 moest ik lang wachten.", "R07"),
    ("respondent", "id met streepje", "Mijn buurvrouw (DD-12) zei hetzelfde.", "DD-12"),
]]

# Sentences whose place names must survive redaction (the study's gemeenten and kernen).
KEEP = [
    ("Het wijkteam in Lindewaarde was snel.", "Lindewaarde"),
    ("In Beekveen duurde het langer.", "Beekveen"),
    ("Ik moest naar het loket in Assen.", "Assen"),
    ("Het buurthuis in Kleindorp hielp mij.", "Kleindorp"),
    ("Vanuit Zuidlaren is de bus naar Assen lastig.", "Zuidlaren"),
]


def corpus_redactor(names: bool = True):
    from .redactie import Redactor

    return Redactor(remove=REMOVE, allow=[*GEMEENTEN, *KERNEN], respondents=RESPONDENTS, names=names)


def survived(zaad: Zaad, redacted: str) -> bool:
    """True when the seeded value (or its core: the value without spaces and punctuation)
    can still be read in the redacted sentence."""
    core = "".join(ch for ch in zaad.waarde if ch.isalnum()).casefold()
    flat = "".join(ch for ch in redacted if ch.isalnum()).casefold()
    return zaad.waarde in redacted or (len(core) >= 3 and core in flat)


def recall(redactor=None) -> dict[str, tuple[int, int]]:
    """Per kind (and "totaal"): (values removed, values seeded)."""
    redactor = redactor or corpus_redactor()
    out: dict[str, list[int]] = {}
    for z in CORPUS:
        gone = not survived(z, redactor(z.zin))
        for key in (z.soort, "totaal"):
            counts = out.setdefault(key, [0, 0])
            counts[0] += gone
            counts[1] += 1
    return {k: (v[0], v[1]) for k, v in out.items()}


def kept(redactor=None) -> tuple[int, int]:
    """(place names kept readable, place names in KEEP)."""
    redactor = redactor or corpus_redactor()
    return sum(name in redactor(text) for text, name in KEEP), len(KEEP)


def time_deidentification(texts: int = 200) -> dict[str, float]:
    """deduce's load time in this process (0 when already loaded), and the median time per
    new text (ms) over `texts` distinct sentences, with the kit's patterns and without."""
    from .redactie import deduce_model

    start = time.perf_counter()
    deduce_model()
    load = time.perf_counter() - start
    sentences = [f"{z.zin} (nr. {i})" for i in range(texts // len(CORPUS) + 1) for z in CORPUS][:texts]
    per_text = {}
    for label, names in (("per_tekst_ms", True), ("per_tekst_patronen_ms", False)):
        r = corpus_redactor(names=names)
        runs = []
        for s in sentences:
            t = time.perf_counter()
            r(s)
            runs.append((time.perf_counter() - t) * 1000)
        per_text[label] = statistics.median(runs)
    return {"deduce_laden": load, **per_text}


def report_cost(study=None) -> dict[str, float]:
    """Redacting every free text of a study once, as a report build does (a fresh Redactor,
    so nothing is cached; deduce already loaded): the number of distinct texts and seconds."""
    from .privacyscan import raw_texts
    from .redactie import Redactor
    from .study import load_study

    study = study or load_study(None)
    texts = list(dict.fromkeys(text for _, _, text in raw_texts(study)))
    redactor = Redactor.for_study(study)
    start = time.perf_counter()
    for text in texts:
        redactor(text)
    return {"teksten": len(texts), "seconden": time.perf_counter() - start}


def print_figures(line) -> None:
    """The redaction lines of `klantreis benchmark` (`line(label, value)` prints one)."""
    cost = time_deidentification()
    line("redactie: deduce laden (eerste keer in dit proces)", f"{cost['deduce_laden']:.2f} s")
    line("redactie: per nieuwe tekst, met deduce (mediaan)", f"{cost['per_tekst_ms']:.1f} ms")
    line("redactie: per nieuwe tekst, alleen eigen patronen", f"{cost['per_tekst_patronen_ms']:.2f} ms")
    demo = report_cost()
    line(f"redactie: alle {demo['teksten']} vrije teksten van het demorapport", f"{demo['seconden']:.2f} s")
    figures = recall()
    found, seeded = figures.pop("totaal")
    line("redactie-recall op het gezaaide corpus (totaal)", f"{found}/{seeded} ({found / seeded:.0%})")
    line("  per soort", "; ".join(f"{k} {a}/{n}" for k, (a, n) in figures.items()))
    k, n = kept()
    line("plaatsnamen van de studie leesbaar gebleven", f"{k}/{n}")
