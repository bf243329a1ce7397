"""`klantreis contextformulier`: the Excel form for the context per municipality."""

from __future__ import annotations

from ..arguments import open_study, output_argument, output_of, study_argument


def add_commands(sub) -> None:
    p = sub.add_parser("contextformulier",
                       help="schrijf het Excel-formulier voor de context per gemeente (inwoners, voorzieningen, "
                            "organisatiemodel, routes)")
    study_argument(p)
    output_argument(p)
    p.set_defaults(run=_form)


def _form(args) -> int:
    from .excel import write_context_workbook

    path = write_context_workbook(open_study(args), output_of(args)).resolve()
    print(path)
    print("Vul het formulier in en zet het als context.xlsx in de studiemap (haal dan context.yaml weg); "
          "controleer daarna met: klantreis controleer")
    return 0
