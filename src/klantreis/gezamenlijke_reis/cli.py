"""`klantreis gezamenlijke-reis …`: what a facilitator needs before and after the session.

- `handout [STUDIE] --formaat A4|A3 [--pdf]`: the handout from the meta-analyse
- `inlezen FORMULIER.xlsx [STUDIE] [--naam] [--overschrijf]`: a filled-in Excel session form
  becomes `gezamenlijke_reis/<naam>.yaml` in the study
The empty Excel form itself: `klantreis sessieformulier gezamenlijke-reis`.
"""

from __future__ import annotations

from pathlib import Path

from ..arguments import Parser, open_study, output_argument, output_of, study_argument


def add_commands(sub) -> None:
    group = sub.add_parser("gezamenlijke-reis", help="hand-out en invoer voor de sessie gezamenlijke reis")
    inner = group.add_subparsers(dest="gezamenlijke_reis", metavar="OPDRACHT", parser_class=Parser, required=True)
    p = inner.add_parser("handout", help="schrijf de hand-out voor de sessie (Word, en PDF met --pdf)")
    study_argument(p)
    p.add_argument("--formaat", choices=["A4", "A3"], default="A4", help="papierformaat, liggend (standaard A4)")
    p.add_argument("--pdf", action="store_true", help="maak ook een PDF (daarvoor is LibreOffice nodig)")
    output_argument(p)
    p.set_defaults(run=_handout)
    p = inner.add_parser("inlezen", help="lees een ingevuld Excel-sessieformulier in als sessiebestand")
    p.add_argument("formulier", type=Path, help="het ingevulde Excel-formulier (.xlsx)")
    study_argument(p, optional=False)
    p.add_argument("--naam", default=None, help="naam van het sessiebestand (standaard: datum en gemeente)")
    p.add_argument("--overschrijf", action="store_true", help="vervang een bestaande sessie met dezelfde naam")
    p.set_defaults(run=_import)


def _handout(args) -> int:
    from .handout import build_handout

    for path in build_handout(open_study(args), args.formaat, output_of(args), pdf=args.pdf):
        print(path.resolve())
    return 0


def _import(args) -> int:
    from .model import import_session_workbook

    path = import_session_workbook(open_study(args), args.formulier, args.naam, args.overschrijf)
    print(f"Sessie ingelezen: {path.resolve()}\nControleer de studie met: klantreis controleer {args.studie}")
    return 0
