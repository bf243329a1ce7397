"""`klantreis topiclijst` and `klantreis interviewformulier`: the documents for the fieldwork."""

from __future__ import annotations

from ..arguments import open_study, output_argument, output_of, study_argument


def add_commands(sub) -> None:
    for name, what, run in (("topiclijst", "schrijf de topiclijst (Word)", _guide),
                            ("interviewformulier", "schrijf een Excel-formulier voor één interview", _form)):
        p = sub.add_parser(name, help=what)
        study_argument(p)
        output_argument(p)
        p.add_argument("--gemeente", metavar="NAAM", default=None,
                       help="de gemeente met haar eigen schaduwreis (standaard: de gedeelde reis, of de eerste "
                            "gemeente als elke gemeente een eigen reis heeft)")
        p.set_defaults(run=run)


def _guide(args) -> int:
    from .topiclijst import build_topiclijst

    print(build_topiclijst(open_study(args), output_of(args), gemeente=args.gemeente).resolve())
    return 0


def _form(args) -> int:
    from .excel import write_interview_workbook

    print(write_interview_workbook(open_study(args), output_of(args), gemeente=args.gemeente).resolve())
    return 0
