"""`klantreis stakeholderformulier` (an empty Excel form for one interview or focus group) and
`klantreis stakeholders inlezen FORMULIER.xlsx STUDIE [--overschrijf]` (a filled-in form into
`stakeholders/<id>.yaml`, checked against the study)."""

from __future__ import annotations

from pathlib import Path

from ..arguments import Parser, open_study, output_argument, output_of, study_argument


def add_commands(sub) -> None:
    p = sub.add_parser("stakeholderformulier",
                       help="schrijf een Excel-formulier voor één stakeholderinterview of focusgroep")
    study_argument(p)
    output_argument(p)
    p.set_defaults(run=_form)

    p = sub.add_parser("stakeholders", help="stakeholderinterviews en focusgroepen: formulier inlezen")
    inner = p.add_subparsers(dest="stakeholders_opdracht", metavar="OPDRACHT", parser_class=Parser, required=True)
    q = inner.add_parser("inlezen", help="lees een ingevuld stakeholderformulier in als stakeholders/<id>.yaml")
    q.add_argument("formulier", type=Path, help="het ingevulde Excel-formulier (.xlsx)")
    study_argument(q, optional=False)
    q.add_argument("--overschrijf", action="store_true", help="vervang een bestaand gespreksbestand met dezelfde id")
    q.set_defaults(run=_read)


def _form(args) -> int:
    from .excel import write_form

    print(write_form(open_study(args), output_of(args)).resolve())
    return 0


def _read(args) -> int:
    from .excel import import_workbook

    path = import_workbook(open_study(args), args.formulier, overwrite=args.overschrijf)
    print(f"Gesprek ingelezen en gecontroleerd: {path.resolve()}")
    return 0
