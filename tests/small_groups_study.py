"""An invented study with a small municipality and a small perspective group, written with the
kit's own writers (`create_study`, `save_interview`, the verkenning store).

Grootstad has 12 interviews, Middeldorp 6 and Kleindorp 3 (below the minimum of 5). Kleindorp's
residents stand out on purpose, so a leak is easy to recognise: they alone score −2 at the
keukentafelgesprek, choose the value 'privacy', take the extra step "Bellen met de
ombudsman", had to tell their story 9 times, were interviewed by a member of the adviesraad and
were interviewed last. In the verkenning Kleindorp has 3 uitvoerders per round (small) next to
7 inwoners; the other municipalities have enough of both.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

MUNICIPALITIES = {"Grootstad": 12, "Middeldorp": 6, "Kleindorp": 3}
SMALL = "Kleindorp"
SCAN = {("Grootstad", "inwoner"): 20, ("Grootstad", "uitvoerder"): 12, ("Middeldorp", "inwoner"): 9,
        ("Middeldorp", "uitvoerder"): 6, ("Kleindorp", "inwoner"): 7, ("Kleindorp", "uitvoerder"): 3}
SMALL_SCAN_GROUP = ("Kleindorp", "uitvoerder")
TELLINGS_SMALL = 9  # times Kleindorp's residents had to tell their story again (nobody else: at most 4)
EXTRA_STEP_SMALL = "Bellen met de ombudsman"


def build_study(root: Path, seed: int = 7) -> Path:
    """Write the study into `root` (which must not exist yet) and return its path."""
    from klantreis.study import create_study, load_study
    from klantreis.klantreizen.interviews import save_interview

    rng = random.Random(seed)
    path = create_study(root, titel="Kleine groepen (fictieve teststudie)", gemeenten=list(MUNICIPALITIES))
    study = load_study(path)
    steps = study.schaduwreis.step_ids
    begin = study.settings.periode.begin
    number = 0
    for gemeente, n in MUNICIPALITIES.items():
        small = gemeente == SMALL
        for i in range(n):
            number += 1
            stappen = []
            for step in steps:
                skipped = (step == "gespreksverslag" and i % 2 == 0) or (step == "afschalen_afsluiten" and not small)
                if step == "evaluatie_doelen" and small:
                    skipped = True  # nobody in Kleindorp reached the evaluation: a small group of 0
                if skipped:
                    stappen.append({"stap": step, "gebeurd": "nee"})
                    continue
                score = -2 if small and step == "keukentafelgesprek" else rng.choice([-1, 0, 1, 1, 2])
                stappen.append({"stap": step, "gebeurd": "ja", "score": score,
                                "themas": ["T_WACHTTIJD"] if step == "afspraak_plannen" else []})
            data = {
                "respondent": f"R{number:02d}", "gemeente": gemeente,
                # Kleindorp's interviews are the last ones of the study
                "datum": (begin + dt.timedelta(days=number + (40 if small else 0))).isoformat(),
                "interviewer_rol": "lid_adviesraad" if small and i < 2 else ("ervaringsdeskundige" if i % 3 == 0
                                                                             else "onderzoeker"),
                "toestemming": {"interview": True, "citaten": i % 4 != 3, "opname": False, "terugkoppeling": True},
                "huishouden": {"samenstelling": "Fictief huishouden", "leefgebieden": ["financien"],
                               "wetten": ["Wmo"]},
                "stappen": stappen,
                "extra_stappen": [{"naam": EXTRA_STEP_SMALL, "na": "beschikking", "soort": "extra", "score": -1}]
                if small else [],
                "aantal_professionals": 2 + i % 4,
                "verhaal_opnieuw_verteld": TELLINGS_SMALL if small else i % 5,
                "waarden": ["privacy", "vertrouwen"] if small else
                           ["vertrouwen", "respect", "snelheid"][: 1 + i % 3],
            }
            save_interview(study, data)
    _scan(study, rng)
    return path


def _scan(study, rng: random.Random) -> None:
    from klantreis.verkenning.opslag import Opslag, Response
    from klantreis.verkenning.vragenlijst import read_vragenlijst

    codes = [s.code for s in read_vragenlijst(study.path).statements]
    responses = []
    for ronde in ("nulmeting", "vervolgmeting"):
        for (gemeente, perspectief), n in SCAN.items():
            for i in range(n):
                low = (gemeente, perspectief) == SMALL_SCAN_GROUP
                responses.append(Response(
                    id=f"{gemeente[:2]}-{perspectief[:3]}-{ronde[:3]}-{i:02d}", gemeente=gemeente, ronde=ronde,
                    perspectief=perspectief, bron="test",
                    antwoorden={c: (1 if low else rng.randint(2, 5)) if rng.random() > 0.05 else "WN" for c in codes},
                    prioriteit=["K1", "K5"] if low else ["K2"]))
    with Opslag(study.verkenning_db) as store:
        store.save(responses)
