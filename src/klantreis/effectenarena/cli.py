"""`klantreis effectenarena …`: prepare, run and report an effectenarena session.

    huishoudens   the fictive households the study can use
    arenablad     the printable A3 arena sheets (Word, and PDF when LibreOffice is installed)
    inlezen       read a filled-in Excel session form into effectenarena/<naam>.yaml
    overzicht     the ranked factors and the agreement in the room, per session

The empty Excel form itself is `klantreis sessieformulier effectenarena`.
"""

from __future__ import annotations

from pathlib import Path

from ..arguments import Parser, open_study, output_argument, output_of, study_argument


def add_commands(sub) -> None:
    p = sub.add_parser("effectenarena", help="effectenarena: arenabladen, formulier inlezen, overzicht")
    inner = p.add_subparsers(dest="effectenarena_opdracht", metavar="OPDRACHT", parser_class=Parser, required=True)

    q = inner.add_parser("huishoudens", help="toon de fictieve huishoudens die de studie kan gebruiken")
    study_argument(q)
    q.set_defaults(run=_households)

    q = inner.add_parser("arenablad", help="schrijf per huishouden een A3-arenablad om te printen (Word en PDF)")
    study_argument(q)
    q.add_argument("--huishouden", action="append", dest="huishoudens", metavar="CODE",
                   help="alleen dit huishouden (herhaal voor meer); standaard alle huishoudens van de studie")
    output_argument(q)
    q.set_defaults(run=_sheet)

    q = inner.add_parser("inlezen", help="lees een ingevuld Excel-sessieformulier in als sessiebestand")
    q.add_argument("formulier", type=Path, help="het ingevulde Excel-formulier (.xlsx)")
    study_argument(q, optional=False)
    q.add_argument("--naam", help="naam van het sessiebestand (standaard: de naam van het formulier)")
    q.add_argument("--overschrijf", action="store_true", help="vervang een bestaand sessiebestand")
    q.set_defaults(run=_read_form)

    q = inner.add_parser("overzicht", help="toon per sessie de belangrijkste factoren en de overeenstemming")
    study_argument(q)
    q.set_defaults(run=_overview)


def _households(args) -> int:
    study = open_study(args)
    for code, h in study.effectenarena_huishoudens.items():
        print(f"{code}  {h.naam} ({h.complexiteit}; {', '.join(h.wetten)})")
    return 0


def _sheet(args) -> int:
    from .arenablad import write_arena_sheets

    for path in write_arena_sheets(open_study(args), output_of(args), args.huishoudens):
        print(path.resolve())
    return 0


def _read_form(args) -> int:
    from .excel import import_session_workbook

    study = open_study(args)
    path = import_session_workbook(study, args.formulier, name=args.naam, overwrite=args.overschrijf)
    print(f"Sessie ingelezen en gecontroleerd: {path.resolve()}")
    return 0


def _overview(args) -> int:
    from .analyse import analyse
    from .text import overview_lines

    study = open_study(args)
    for line in overview_lines(analyse(study), study.min_group):
        print(line)
    return 0
