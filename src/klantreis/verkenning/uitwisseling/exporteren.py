"""The questionnaire for the tools municipalities use: LimeSurvey or the kit's Excel form.

- ``limesurvey``: one survey per perspective as tab-separated text (`limesurvey`); without a
  perspective every perspective gets its own file (``verkenning_limesurvey_<code>.txt``) and the
  folder is returned.
- ``excel``: the kit's own form (``verkenning_formulier.xlsx``, `excel_formulier`).
"""

from __future__ import annotations

from pathlib import Path

from ...errors import KlantreisFout, Probleem, Problemen
from ...files import save_workbook, write_text
from ..vragenlijst import read_vragenlijst
from .excel_formulier import EXCEL_NAME, excel_form
from .limesurvey import limesurvey_structure

EXPORT_FORMATS = ("limesurvey", "excel")


def export_questionnaire(study, formaat: str, perspectief: str | None = None, output: Path | None = None,
                         one_survey: bool = False) -> Path:
    """Write the questionnaire for LimeSurvey (``limesurvey``) or as the kit's Excel form (``excel``).

    `output` is a folder or a file name (default: the study's uitvoer/ folder). LimeSurvey gets
    one survey per perspective; without `perspectief` every perspective gets its own file and
    the folder is returned; with `one_survey` one survey serves all perspectives and asks the
    respondent's perspective first (``verkenning_limesurvey_alle_perspectieven.txt``). Returns
    the path written.
    """
    vl = read_vragenlijst(study.path)
    problemen = Problemen("klantreis verkenning exporteer")
    if formaat not in EXPORT_FORMATS:
        problemen.add(f"een van: {', '.join(EXPORT_FORMATS)}", veld="formaat", waarde=formaat)
    if one_survey and (formaat != "limesurvey" or perspectief is not None):
        problemen.add("--een-enquete alleen met --formaat limesurvey en zonder --perspectief", veld="een-enquete",
                      waarde=f"formaat {formaat}" + (f", perspectief {perspectief}" if perspectief else ""))
    if perspectief is not None and perspectief not in vl.perspective_labels:
        problemen.add(f"een van: {', '.join(vl.perspective_labels)}", veld="perspectief", waarde=perspectief)
    problemen.raise_if_any("Vragenlijst niet geëxporteerd")

    folder = Path(output) if output is not None else study.output_dir
    if formaat == "limesurvey" and one_survey:
        target = folder if folder.suffix.lower() == ".txt" else folder / "verkenning_limesurvey_alle_perspectieven.txt"
        return write_text(target, limesurvey_structure(vl, None))
    if formaat == "limesurvey":
        if folder.suffix:
            if folder.suffix.lower() != ".txt" or perspectief is None:
                raise KlantreisFout(Probleem(bestand=str(folder), veld="uitvoer", waarde=folder.name, toegestaan=(
                    "een map, of een .txt-bestand samen met een perspectief (zonder perspectief schrijft de kit "
                    "één bestand per perspectief)")), "Vragenlijst niet geëxporteerd")
            return write_text(folder, limesurvey_structure(vl, perspectief))
        for code in ([perspectief] if perspectief else list(vl.perspective_labels)):
            write_text(folder / f"verkenning_limesurvey_{code}.txt", limesurvey_structure(vl, code))
        return folder / f"verkenning_limesurvey_{perspectief}.txt" if perspectief else folder

    name = EXCEL_NAME if perspectief is None else EXCEL_NAME.replace(".xlsx", f"_{perspectief}.xlsx")
    if folder.suffix:
        if folder.suffix.lower() != ".xlsx":
            raise KlantreisFout(Probleem(bestand=str(folder), veld="uitvoer", waarde=folder.name,
                                         toegestaan="een map of een bestandsnaam die eindigt op .xlsx"),
                                "Vragenlijst niet geëxporteerd")
        target = folder
    else:
        target = folder / name
    return save_workbook(excel_form(vl, study.settings.gemeenten, perspectief), target)

