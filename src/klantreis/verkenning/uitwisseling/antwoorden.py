"""The answers themselves, for municipalities that work in Excel: one row per response.

The export is an output like a report: small groups are left out under the same rule as the
report (`shown_groups`: a group hidden anywhere in the report is left out), open answers are
redacted and text a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

from pathlib import Path

from ...errors import KlantreisFout, Probleem
from ...files import excel_text, save_workbook
from ..opslag import Opslag
from ..vragenlijst import WEET_NIET, read_vragenlijst

ANSWERS_NAME = "verkenning_antwoorden.xlsx"
GROUP = ["gemeente", "ronde", "perspectief"]


def export_responses(study, output: Path | None = None) -> Path:
    """Write the stored answers to Excel: one row per response, one column per statement.

    Privacy: exactly the report's rule (`shown_groups`): responses of a gemeente × ronde ×
    perspectief group the report hides anywhere (too small, or 'afgeschermd') are left out; the sheet
    "Toelichting" says how many. Open answers are redacted (`privacy.redact`); text a
    spreadsheet would run as a formula is neutralised.
    """
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.styles import Font

    if not study.verkenning_db.exists():
        raise KlantreisFout(Probleem(bestand=str(study.verkenning_db), toon_waarde=False, toegestaan=(
            "een studie met antwoorden (via 'klantreis verkenning serveer' of 'importeer')")),
            "Geen antwoorden om te exporteren")
    vl = read_vragenlijst(study.path)
    with Opslag(study.verkenning_db, readonly=True) as store:
        t = store.tables()
    resp = t["respondenten"]
    groups, hidden_cells = shown_groups(study)
    kept = resp[pd.MultiIndex.from_frame(resp[GROUP].astype(str)).isin(groups)]
    redact = study.redactor
    codes = [s.code for s in vl.statements]
    points = list(vl.uitgangspunt_labels)
    answers = t["antwoorden"].set_index(["respons_id", "stelling"])
    open_ = t["open"].set_index(["respons_id", "uitgangspunt"])["tekst"]
    prio = t["prioriteit"].sort_values("rang").groupby("respons_id")["uitgangspunt"].agg(list)

    wb = Workbook()
    ws = wb.active
    ws.title = "Antwoorden"
    ws.append(["respons_id", "gemeente", "ronde", "perspectief", "bron", *codes,
               *[f"{p} open antwoord" for p in points], "prioriteiten"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in kept.itertuples(index=False):
        row = [r.respons_id, r.gemeente, r.ronde, r.perspectief, r.bron]
        group = (str(r.gemeente), str(r.ronde), str(r.perspectief))
        for code in codes:
            if (*group, code.split("_")[0]) in hidden_cells or (r.respons_id, code) not in answers.index:
                row.append(None)  # not shown
                continue
            a = answers.loc[(r.respons_id, code)]
            row.append(WEET_NIET if a["weet_niet"] else (None if pd.isna(a["waarde"]) else int(a["waarde"])))
        for p in points:
            text = None if (*group, p) in hidden_cells else open_.get((r.respons_id, p))
            row.append(excel_text(redact(text)) if isinstance(text, str) else None)
        # like the answers: an uitgangspunt whose cell the report hides is left out of the priorities
        chosen = [p for p in prio.get(r.respons_id, []) if (*group, p) not in hidden_cells]
        row.append(", ".join(chosen) or None)
        ws.append(row)
    ws.freeze_panes = "F2"
    info = wb.create_sheet("Toelichting")
    for line in (
        ["Verkenning: antwoorden per respondent", ""],
        ["Waarden", f"{vl.schaal.min}–{vl.schaal.max} op de schaal; {WEET_NIET} = weet niet / niet van toepassing; "
                    "leeg = niet beantwoord of niet getoond"],
        ["Weggelaten", f"{len(resp) - len(kept)} antwoorden uit groepen (gemeente × ronde × perspectief) kleiner dan "
                       f"{study.min_group}, of uit groepen die samen met het totaal een kleinere groep zouden "
                       "prijsgeven; van een getoonde groep blijft een uitgangspunt leeg (ook in de kolom "
                       "prioriteiten) als het rapport er geen cijfers voor geeft"],
        ["Open antwoorden", "Namen, telefoonnummers, adressen en andere persoonsgegevens zijn vervangen door "
                            "een aanduiding als [naam], [telefoonnummer] of [adres]"],
    ):
        info.append(line)
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 22, 100
    return save_workbook(wb, study.output_file(ANSWERS_NAME, output))


def shown_groups(study):
    """What of the stored answers may be shown, by exactly the report's rule: the gemeente ×
    ronde × perspectief groups whose size the report shows (a MultiIndex), and the set of
    (gemeente, ronde, perspectief, uitgangspunt) cells the report hides (`analyse.describe`,
    with secondary suppression and groups of 0). A group hidden in the report, also one
    'afgeschermd', has no rows here; a hidden cell of a shown group is left empty."""
    import pandas as pd

    from ..analyse import analyse_verkenning

    a = analyse_verkenning(study)
    sizes = a.groepsgrootte
    keep = ~sizes["onderdrukt"].astype(bool) & (sizes["respondenten"].fillna(0) > 0)
    groups = pd.MultiIndex.from_frame(sizes.loc[keep, GROUP].astype(str))
    cells = a.cellen[a.cellen["onderdrukt"].astype(bool)]
    hidden = set(cells[[*GROUP, "uitgangspunt"]].astype(str).itertuples(index=False, name=None))
    return groups, hidden
