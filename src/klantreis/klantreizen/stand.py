"""Where the study stands with its interviews, in one sentence for the notebook: what there
is to see, and what to do next when there is nothing (or too little) to show yet."""

from __future__ import annotations

from ..report.numbers import stuks
from .interviews import FOLDER


def volgende_stap(study, meta) -> str:
    """"Deze studie heeft nog geen interviews. Vul het formulier …", or the counts and which
    municipalities stay without figures because they are below the minimum group size."""
    m = study.min_group
    folder = (study.path / FOLDER).resolve()
    n = len(meta.tabellen["respondenten"])
    if n == 0:
        return ("Deze studie heeft nog geen interviews. Vul het formulier hierboven in, of zet interviewbestanden "
                f"(YAML, of het Excel-formulier van 'klantreis interviewformulier') in {folder}, en voer dit "
                "notitieboek daarna opnieuw uit.")
    sizes = meta.groepsgrootte
    small = [str(g) for g, hidden in zip(sizes["groep"], sizes["onderdrukt"]) if hidden]
    text = f"Deze studie heeft {stuks(n, 'interview', 'interviews')}; de minimale groepsgrootte is {m}."
    if n < m:
        text += (f" Tabellen en figuren tonen pas cijfers vanaf {m} inwoners per groep: voer meer interviews in "
                 "en voer dit notitieboek opnieuw uit.")
    elif small:
        text += (f" {', '.join(small)}: minder dan {m} interviews (of afgeschermd), dus zonder eigen cijfers; "
                 "deze interviews tellen wel mee in het totaal.")
    return text
