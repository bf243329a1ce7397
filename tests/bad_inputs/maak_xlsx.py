"""Maak de Excel-gevallen van het testcorpus opnieuw (alleen nodig als het formulier verandert).

    python tests/bad_inputs/maak_xlsx.py

Werkwijze, zoals een interviewer het zou doen:
1. `klantreis interviewformulier` schrijft een leeg formulier voor tests/fixtures/mini_studie;
2. openpyxl vult het in voor de verzonnen respondent M07 (Zuidwaarde);
3. het goed ingevulde formulier gaat naar _geldig_formulier/ en moet `klantreis controleer`
   doorstaan (dit script controleert dat), zodat de foute varianten om de juiste reden falen;
4. per geval wordt één ding fout gemaakt en het resultaat als <geval>/interviews/M07.xlsx bewaard.

Alle gegevens zijn verzonnen.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
MINI_STUDIE = HERE.parent / "fixtures" / "mini_studie"
TARGET = Path("interviews") / "M07.xlsx"

INTERVIEW = {
    "respondent": "M07",
    "gemeente": "Zuidwaarde",
    "datum": dt.datetime(2026, 4, 1),  # Excel bewaart een datum als datum-tijd om middernacht
    "interviewer_rol": "onderzoeker",
    "toestemming_interview": "ja",
    "toestemming_citaten": "nee",
    "toestemming_opname": "nee",
    "toestemming_terugkoppeling": "ja",
    "samenstelling": "Alleenstaande man van in de vijftig (verzonnen)",
    "leefgebieden": "wonen, financien",
    "wetten": "Wmo, Wgs",
    "aantal_professionals": 3,
    "verhaal_opnieuw_verteld": 2,
    "waarden": "snelheid, duidelijkheid",
}
# stap → (gebeurd, score, goed, themas); stappen die hier ontbreken blijven leeg (niet besproken)
STEPS = {
    "hulpvraag_melden": ("ja", -1, None, "T_BEREIKBAARHEID"),
    "eerste_contact": ("ja", 0, None, None),
    "keukentafelgesprek": ("ja", 2, "Er werd goed geluisterd.", "K1, T_BEJEGENING"),
    "gespreksverslag": ("nee", None, None, None),
    "beschikking": ("ja", -1, None, "T_INFORMATIE"),
}


def run_kit(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "klantreis.cli", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8")


def fill(path: Path) -> None:
    wb = load_workbook(path)
    ws = wb["Interview"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value in INTERVIEW:
            row[1].value = INTERVIEW[row[0].value]
    ws = wb["Stappen"]
    columns = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        values = STEPS.get(row[0].value)
        if values:
            for name, value in zip(("gebeurd", "score", "goed", "themas"), values):
                row[columns.index(name)].value = value
    wb.save(path)


def step_cell(wb, step: str, column: str):
    ws = wb["Stappen"]
    columns = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == step)
    return row[columns.index(column)]


def formula_in_text(wb):
    # openpyxl schrijft een waarde die met '=' begint als echte formulecel
    step_cell(wb, "keukentafelgesprek", "goed").value = "=cmd|' /C calc'!A0"


def score_9(wb):
    step_cell(wb, "keukentafelgesprek", "score").value = 9


def renamed_sheet(wb):
    wb["Stappen"].title = "Stappen ingevuld"


VARIANTS = {
    "xlsx_formule_in_tekstkolom": formula_in_text,
    "xlsx_score_9": score_9,
    "xlsx_blad_hernoemd": renamed_sheet,
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        study = shutil.copytree(MINI_STUDIE, tmp / "studie")
        form = tmp / "formulier.xlsx"
        result = run_kit("interviewformulier", study, "--uitvoer", form)
        assert result.returncode == 0, result.stderr
        fill(form)

        good = HERE / "_geldig_formulier" / TARGET
        good.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(form, good)
        shutil.copyfile(form, study / TARGET)
        result = run_kit("controleer", study)
        assert result.returncode == 0, f"het goed ingevulde formulier wordt geweigerd:\n{result.stderr}"

        for case, spoil in VARIANTS.items():
            wb = load_workbook(form)
            spoil(wb)
            out = HERE / case / TARGET
            out.parent.mkdir(parents=True, exist_ok=True)
            wb.save(out)

    # Geen Excel-bestand maar willekeurige bytes met de extensie .xlsx (vaste seed: reproduceerbaar).
    rnd = random.Random(7)
    out = HERE / "xlsx_kapot_bestand" / TARGET
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(bytes(rnd.randrange(256) for _ in range(2048)))
    print("Excel-gevallen bijgewerkt in", HERE)


if __name__ == "__main__":
    main()
