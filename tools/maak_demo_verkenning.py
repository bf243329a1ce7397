"""Write the invented verkenning answers of the demo study (deterministic).

    /tmp/venv/bin/python tools/maak_demo_verkenning.py

Writes src/klantreis/demo_studie/verkenning/antwoorden.sqlite through `Opslag.save`, the same
path every web form and import takes. All answers are invented. What the demo shows:

- every perspective (inwoner, uitvoerder, beleid, ketenpartner) in both rounds for
  Lindewaarde and Beekveen; Beekveen has only 4 ketenpartners per round and Heidedorp only a
  handful of respondents, so the report has groups below the minimum of 5 to suppress;
- beleid is more positive than inwoners, most of all on ‘Transparant en eenvoudig proces’ and
  ‘Regie en zeggenschap’; uitvoerders are the most critical about their room to act (K5);
- the vervolgmeting is better on K6 (transparent process) and K7 (prevention);
- the statements of K2 hang together less well (a low Cronbach's α);
- "weet niet" (more often for inwoners on policy statements) and some empty answers;
- open answers, a few with invented names from `privacy.te_verwijderen` or a phone number,
  so the redaction shows; and the three priorities per respondent.

The file is left in rollback-journal mode (one file, no -wal/-shm) so the kit can open it
read-only; the kit never writes into it.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

import numpy as np

from klantreis.errors import Problemen
from klantreis.resources import DEMO_STUDY_DIR
from klantreis.study import load_study
from klantreis.verkenning.opslag import Opslag, Response, check_response, db_path
from klantreis.verkenning.vragenlijst import WEET_NIET, read_vragenlijst

SEED = 20260301
ROUNDS = {"nulmeting": "2026-02-{day:02d}T{hour:02d}:{minute:02d}:00+00:00",
          "vervolgmeting": "2026-06-{day:02d}T{hour:02d}:{minute:02d}:00+00:00"}

# Respondents per gemeente × perspectief × ronde.
SIZES = {
    ("Lindewaarde", "inwoner"): (38, 34), ("Lindewaarde", "uitvoerder"): (22, 24),
    ("Lindewaarde", "beleid"): (16, 17), ("Lindewaarde", "ketenpartner"): (18, 17),
    ("Beekveen", "inwoner"): (30, 28), ("Beekveen", "uitvoerder"): (18, 19),
    ("Beekveen", "beleid"): (15, 15), ("Beekveen", "ketenpartner"): (4, 4),
    ("Heidedorp", "inwoner"): (3, 2), ("Heidedorp", "uitvoerder"): (2, 0),
}

# Mean per perspective and uitgangspunt in the nulmeting (scale 1–5).
MEANS = {
    "inwoner":      {"K1": 3.2, "K2": 3.2, "K3": 2.9, "K4": 3.5, "K5": 3.1, "K6": 2.6, "K7": 2.9},
    "uitvoerder":   {"K1": 3.4, "K2": 3.2, "K3": 3.2, "K4": 3.6, "K5": 2.6, "K6": 3.0, "K7": 3.1},
    "beleid":       {"K1": 3.5, "K2": 3.4, "K3": 3.9, "K4": 3.6, "K5": 3.4, "K6": 3.9, "K7": 3.4},
    "ketenpartner": {"K1": 3.1, "K2": 3.1, "K3": 3.2, "K4": 3.3, "K5": 3.1, "K6": 3.0, "K7": 2.8},
}
MUNICIPALITY = {"Lindewaarde": {}, "Beekveen": {"K1": -0.2, "K7": -0.3}, "Heidedorp": {}}
# Change in the vervolgmeting (all perspectives; beleid changes less).
CHANGE = {"K6": 0.7, "K7": 0.6}
NOISY = {"K2": 1.25}            # item noise: K2's statements hang together less well
ITEM_NOISE = 0.6
DONT_KNOW = {"inwoner": {"K3_4": 0.25, "K5_4": 0.3, "K7_4": 0.2, "K2_2": 0.15}, "ketenpartner": {"K3_2": 0.2}}

OPEN = {
    "K1": {
        "inwoner": [
            "Mijn schulden en de zorg voor mijn zoon werden door twee verschillende mensen geregeld die elkaar niet spraken.",
            "Het zou fijn zijn als iemand het overzicht houdt over alles, niet alleen over de vraag waarmee ik kwam.",
            "De schuldhulp en het wijkteam wisten niet van elkaar wat ze deden.",
            "Eén plan voor het hele gezin zou veel schelen.",
        ],
        "professional": [
            "Korte lijnen met werk en inkomen; nu moet ik via de algemene mail een collega zien te vinden.",
            "Een gezamenlijk casusoverleg met schuldhulp en jeugd, niet alleen als het escaleert.",
            "Eén plan per huishouden dat alle partners kunnen inzien.",
            "Vaste contactpersonen bij de zorgaanbieders in de wijk.",
        ],
    },
    "K2": {
        "inwoner": [
            "Mijn indicatie moet elk jaar opnieuw, terwijl mijn beperking niet overgaat.",
            "Na de hulp hoorde ik niets meer. Een keer bellen hoe het gaat zou fijn zijn.",
            "Ik wil niet telkens opnieuw hoeven bewijzen dat ik hulp nodig heb.",
        ],
        "professional": [
            "Langere indicaties bij levenslange beperkingen; nu kost de herindicatie veel tijd.",
            "Ruimte om na afsluiting nog een keer langs te gaan.",
            "Meer vrijwilligers in de wijk zodat het netwerk kan overnemen.",
            "Afschalen kan pas als de sociale basis sterk genoeg is.",
        ],
    },
    "K3": {
        "inwoner": [
            "Ik wist niet dat er een onafhankelijke cliëntondersteuner bestond.",
            "Ze vroegen wat ik zelf wilde. Dat voelde goed.",
            "Het plan was al klaar voordat ik iets kon zeggen.",
        ],
        "professional": [
            "Cliëntondersteuning standaard aanbieden in de eerste brief.",
            "Duidelijke afspraken over wie de casusregie heeft als er meer partners zijn.",
            "Ervaringsdeskundigen vaker uitnodigen bij het werkoverleg.",
            "Inwoners eerder betrekken bij het opstellen van het plan, niet pas bij het tekenen.",
        ],
    },
    "K4": {
        "inwoner": [
            "De medewerker luisterde echt en vroeg goed door.",
            "Soms leek het of de medewerker alleen van zijn eigen loket wist.",
            "Ze haalden snel iemand erbij die verstand had van schulden.",
        ],
        "professional": [
            "Meer kennis over schulden en psychische problemen in het team.",
            "Een gedragswetenschapper die we snel kunnen bellen.",
            "Training in gespreksvoering met mensen die moeilijk lezen.",
            "Tijd om van elkaars vakgebied te leren.",
        ],
    },
    "K5": {
        "inwoner": [
            "Er werd een oplossing gezocht die bij mij past, ook al was het anders dan normaal.",
            "De medewerker had te weinig tijd. Het gesprek duurde maar twintig minuten.",
            "Ik moest wachten op een beschikking terwijl ik meteen hulp nodig had.",
            "Ik heb mijn klacht gemeld, maar ik hoorde er nooit meer iets over.",
        ],
        "professional": [
            "De caseload is te hoog om echt de tijd te nemen voor een huishouden.",
            "Zelf kortdurende hulp mogen inzetten zonder indicatie.",
            "Knelpunten in de regels worden wel opgehaald, maar er gebeurt weinig mee.",
        ],
    },
    "K6": {
        "inwoner": [
            "Ik moest mijn verhaal drie keer vertellen aan verschillende mensen.",
            "De brief over het besluit was moeilijk te begrijpen.",
            "Na het eerste gesprek wist ik niet wat er nu ging gebeuren.",
            "Eén telefoonnummer waar je altijd terechtkunt.",
        ],
        "professional": [
            "Een gezamenlijk dossier, zodat inwoners hun verhaal niet steeds opnieuw hoeven te doen.",
            "Brieven in eenvoudige taal, ook bij een afwijzing.",
            "Na het eerste gesprek een korte samenvatting met de volgende stappen meegeven.",
            "Eén voordeur voor alle vragen in het sociaal domein.",
        ],
    },
    "K7": {
        "inwoner": [
            "Op school had ik makkelijk iemand kunnen aanspreken als die er was geweest.",
            "Ik had eerder hulp gewild, maar wist niet waar ik moest beginnen.",
            "Een spreekuur in het buurthuis zou helpen.",
            "De huisarts verwees mij door en toen ging het snel.",
        ],
        "professional": [
            "Vaste spreekuren op scholen en bij de huisarts.",
            "Gegevens over vragen per wijk delen met partners.",
            "Signalen van de woningcorporatie over huurachterstand eerder oppakken.",
            "Meer inzet op preventie bij geldzorgen.",
        ],
    },
}


# Open answers given to particular respondents (gemeente, perspectief, ronde, number within
# that group): invented names from studie.yaml's te_verwijderen and phone numbers, so the
# report shows the redaction; and two answers from groups below the minimum (the only
# ketenpartners of Beekveen, Heidedorp), which the report must leave out altogether.
PLANTED = [
    ("Lindewaarde", "inwoner", "nulmeting", 2, "K3",
     "Laat mij zelf kiezen wie mij helpt. Bel me gerust: 06-12345678."),
    ("Lindewaarde", "inwoner", "vervolgmeting", 4, "K1",
     "Marloes van het wijkteam keek gelukkig ook naar mijn werk en mijn huis."),
    ("Lindewaarde", "inwoner", "nulmeting", 7, "K2",
     "Het buurthuis aan het Jansenplein hielp mij om mensen te leren kennen."),
    ("Beekveen", "inwoner", "vervolgmeting", 3, "K4",
     "Sander wist veel van regelingen, daar had ik veel aan."),
    ("Beekveen", "uitvoerder", "vervolgmeting", 1, "K5",
     "Meer ruimte om af te wijken van de standaardaanpak; bel Ineke op 0612345678 voor voorbeelden."),
    ("Beekveen", "inwoner", "nulmeting", 5, "K6",
     "Het loket in De Wilgenhof is makkelijk te vinden, maar daarna raakte ik de weg kwijt."),
    ("Beekveen", "ketenpartner", "nulmeting", 0, "K7",
     "Als enige jeugdarts in het dorp zie ik dat signalen van school te lang blijven liggen."),
    ("Heidedorp", "inwoner", "nulmeting", 0, "K6",
     "In ons kleine dorp kent iedereen de medewerker van het loket, dat maakt vragen lastig."),
]


def response_id(i: int) -> str:
    return hashlib.sha256(f"klantreis-demo-verkenning-{SEED}-{i}".encode()).hexdigest()[:32]


def make_responses(vl, rng: np.random.Generator) -> list[Response]:
    points = {u.code: [s.code for s in u.stellingen] for u in vl.uitgangspunten}
    responses = []
    i = 0
    for (gemeente, perspectief), sizes in SIZES.items():
        for ronde, n in zip(ROUNDS, sizes):
            for number in range(n):
                i += 1
                person = rng.normal(0, 0.45)
                answers, scores = {}, {}
                for point, statements in points.items():
                    mean = MEANS[perspectief][point] + MUNICIPALITY[gemeente].get(point, 0.0)
                    if ronde == "vervolgmeting":
                        mean += CHANGE.get(point, 0.0) * (0.4 if perspectief == "beleid" else 1.0)
                    level = mean + person + rng.normal(0, 0.5)
                    scores[point] = level
                    for code in statements:
                        value = int(np.clip(np.rint(level + rng.normal(0, NOISY.get(point, ITEM_NOISE))), 1, 5))
                        roll = rng.random()
                        p_dont_know = DONT_KNOW.get(perspectief, {}).get(code, 0.04)
                        if roll < p_dont_know:
                            answers[code] = WEET_NIET
                        elif roll < p_dont_know + 0.025:
                            answers[code] = None          # shown, left empty
                        else:
                            answers[code] = value
                open_ = {}
                if rng.random() < 0.3:
                    kind = "inwoner" if perspectief == "inwoner" else "professional"
                    low = sorted(scores, key=scores.get)[: 3]
                    point = low[int(rng.integers(0, len(low)))]
                    pool = OPEN[point][kind]
                    open_[point] = pool[int(rng.integers(0, len(pool)))]
                for g, p, r, k, point, text in PLANTED:
                    if (g, p, r, k) == (gemeente, perspectief, ronde, number):
                        open_[point] = text
                priority = []
                if rng.random() < 0.9:
                    codes = list(scores)
                    weights = np.exp(-1.6 * np.array([scores[c] for c in codes]))
                    priority = list(rng.choice(codes, size=3, replace=False, p=weights / weights.sum()))
                responses.append(Response(id=response_id(i), gemeente=gemeente, ronde=ronde, perspectief=perspectief,
                                          bron="demo", antwoorden=answers, open=open_,
                                          prioriteit=[str(p) for p in priority]))
    return responses


def main() -> Path:
    study = load_study(DEMO_STUDY_DIR)
    vl = read_vragenlijst(study.path)
    rng = np.random.default_rng(SEED)
    responses = make_responses(vl, rng)
    problemen = Problemen("demo")
    for r in responses:
        check_response(r, vl, study.settings.gemeenten, study.settings.verkenning.rondes, problemen)
    problemen.raise_if_any("De verzonnen antwoorden passen niet bij de vragenlijst")

    target = db_path(study.path)
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / target.name
        with Opslag(staging) as store:
            store.save(responses)
        conn = sqlite3.connect(staging, isolation_level=None)
        try:
            # Invented receipt times inside the study period instead of "now": the same
            # script then writes the same file, byte for byte.
            stamps = []
            for n, r in enumerate(responses):
                day, minute = 2 + n % 20, (n * 7) % 60
                stamps.append((ROUNDS[r.ronde].format(day=day, hour=9 + n % 8, minute=minute), r.id))
            conn.executemany("UPDATE respons SET ontvangen = ? WHERE id = ?", stamps)
            conn.execute("PRAGMA journal_mode=DELETE")   # one file that opens read-only
            conn.execute("VACUUM")
        finally:
            conn.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(staging, target.with_suffix(".nieuw"))
        target.with_suffix(".nieuw").replace(target)
    print(f"{len(responses)} verzonnen antwoorden geschreven naar {target}")
    return target


if __name__ == "__main__":
    main()
