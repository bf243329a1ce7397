"""Where the study stands with the zelfscan, for the notebook: its own answers, or, while it
has none yet, what to do next and the fictional demo's answers as a clearly labelled example."""

from __future__ import annotations

from ..report.numbers import stuks


def analyse_or_example(study, load_demo):
    """The study's `VerkenningAnalyse`, and a printed sentence saying whose answers it holds.

    A study without answers gets the demo study's analysis (`load_demo()` loads it; the study
    layer sits above the methods), so every cell of the notebook still shows what the zelfscan
    will give; the sentence says so and names the commands that collect real answers."""
    from .analyse import analyse_verkenning

    result = analyse_verkenning(study)
    if result is not None:
        n = len(result.tabellen["respondenten"])
        print(f"{stuks(n, 'respondent', 'respondenten')} op de zelfscan; rondes: {', '.join(result.rondes)}.")
        return result
    print(f"Deze studie heeft nog geen antwoorden op de zelfscan ({study.verkenning_db.resolve()} ontbreekt of is "
          f"leeg). Verzamel ze met 'klantreis verkenning serveer {study.path}' (webformulier) of lees ze in met "
          f"'klantreis verkenning importeer {study.path} BESTAND' (LimeSurvey, Microsoft Forms of Excel), en voer dit "
          "notitieboek daarna opnieuw uit. Tot dan tonen de cellen hieronder ter illustratie de verzonnen "
          "antwoorden van de demostudie, niet die van uw studie.")
    return analyse_verkenning(load_demo())
