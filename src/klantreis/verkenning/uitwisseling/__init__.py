"""Exchange with the tools municipalities already use: LimeSurvey, Microsoft Forms and Excel.

One module per file format, its writer and its reader side by side (file shapes in
../shared/FORMATS.md):

- `limesurvey`: the survey structure as tab-separated text ("Import survey"), one survey per
  perspective, and the CSV export of the responses read back; the codes that link the two.
- `forms`: the Excel download of a Microsoft Forms form, matched to the statements by text.
- `excel_formulier`: the kit's own Excel form (``verkenning_formulier.xlsx``) and reading it back.
- `antwoorden`: the stored answers to Excel, without small groups (``verkenning_antwoorden.xlsx``).
- `exporteren`: `export_questionnaire`, the questionnaire in the format asked for.
- `gedeeld`: what every reader shares: the rows read from a file, the checks of a cell, the
  derived response ids, the result.
- `importeren`: `import_responses`, which puts the readers together.

pandas and openpyxl are imported inside the functions that need them, so importing this package
stays light.
"""

from .antwoorden import ANSWERS_NAME, export_responses
from .excel_formulier import (
    EXCEL_NAME,
    EXCEL_ROWS,
    SHEET_ANSWERS,
    SHEET_INSTRUCTIONS,
    SHEET_LISTS,
    SHEET_TEXTS,
    excel_columns,
    excel_form,
)
from .exporteren import EXPORT_FORMATS, export_questionnaire
from .gedeeld import FORMAT_NAMES, IMPORT_FORMATS, ImportResult, derive_response_id
from .importeren import import_responses
from .limesurvey import (
    PERSP_CODE,
    PRIO_CODE,
    TSV_COLUMNS,
    answer_code,
    limesurvey_columns,
    limesurvey_structure,
    open_code,
    subquestion_code,
)

__all__ = [
    "ANSWERS_NAME", "EXCEL_NAME", "EXCEL_ROWS", "EXPORT_FORMATS", "FORMAT_NAMES", "IMPORT_FORMATS", "PERSP_CODE",
    "PRIO_CODE", "SHEET_ANSWERS", "SHEET_INSTRUCTIONS", "SHEET_LISTS", "SHEET_TEXTS", "TSV_COLUMNS", "ImportResult",
    "answer_code", "derive_response_id", "excel_columns", "excel_form", "export_questionnaire", "export_responses",
    "import_responses", "limesurvey_columns", "limesurvey_structure", "open_code", "subquestion_code",
]
