"""The `klantreis` command. Every subcommand calls the same functions the notebooks use.

Exit status: 0 success, 1 the input has problems (all listed, in Dutch), 2 wrong use of the
command. No traceback reaches the user unless KLANTREIS_DEBUG=1 is set.
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import import_module
from pathlib import Path

from .errors import KlantreisFout

DEMO_OUTPUT = Path("demo-uitvoer")
# command → (module, function(study, output) -> Path): the documents a study produces
DOCUMENTS = {
    "rapport": (".report.build", "build_report"),
    "topiclijst": (".report.topiclijst", "build_topiclijst"),
    "interviewformulier": (".interview_excel", "write_interview_workbook"),
}


class _DutchFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, prefix="Gebruik: ")

    def start_section(self, heading):
        heading = {"positional arguments": "argumenten", "options": "opties",
                   "optional arguments": "opties"}.get(heading, heading)
        return super().start_section(heading)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _DutchFormatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="toon deze hulp en stop")

    def error(self, message):
        message = (message.replace("the following arguments are required", "deze argumenten ontbreken")
                   .replace("unrecognized arguments", "onbekende argumenten")
                   .replace("invalid choice", "ongeldige keuze")
                   .replace("choose from", "kies uit")
                   .replace("argument", "argument")
                   .replace("expected one argument", "verwacht één waarde"))
        self.print_usage(sys.stderr)
        self.exit(2, f"klantreis: fout: {message}\n")


def _study_arg(parser, what: str = "de studiemap"):
    parser.add_argument("studie", nargs="?", type=Path, default=None,
                        help=f"{what} (zonder: de ingebouwde fictieve demostudie)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="klantreis", description=(
        "Onderzoekskit voor de toegang tot het sociaal domein: schaduwreis, individuele klantreizen, "
        "meta-analyse en rapport in Word."))
    sub = parser.add_subparsers(dest="opdracht", metavar="OPDRACHT", parser_class=_Parser)

    p = sub.add_parser("nieuw", help="maak een nieuwe studiemap")
    p.add_argument("studie", type=Path, help="pad van de nieuwe studiemap")
    p.add_argument("--titel", default="Evaluatie van de toegang", help="titel van de studie")
    p.add_argument("--gemeente", action="append", dest="gemeenten", metavar="NAAM",
                   help="een gemeente in de studie (herhaal voor meer gemeenten)")
    p.add_argument("--sjabloon", default="generiek",
                   help="schaduwreis-sjabloon uit journeys/ (zie 'klantreis sjablonen')")

    p = sub.add_parser("controleer", help="controleer een studie en noem alle problemen")
    _study_arg(p)

    for name, what in (("rapport", "schrijf het Word-rapport"), ("topiclijst", "schrijf de topiclijst (Word)"),
                       ("interviewformulier", "schrijf een Excel-formulier voor één interview")):
        p = sub.add_parser(name, help=what)
        _study_arg(p)
        p.add_argument("--uitvoer", type=Path, default=None,
                       help="map of bestand voor de uitvoer (standaard: uitvoer/ in de studiemap)")

    sub.add_parser("sjablonen", help="toon de schaduwreis-sjablonen in journeys/")

    v = sub.add_parser("verkenning", help="de zelfscan: formulier serveren, exporteren, importeren")
    vsub = v.add_subparsers(dest="verkenning_opdracht", metavar="OPDRACHT", parser_class=_Parser,
                            required=True)
    p = vsub.add_parser("serveer", help="serveer het webformulier aan respondenten (Voilà)")
    p.add_argument("studie", type=Path, help="de studiemap")
    p.add_argument("--gemeente", required=True, help="de gemeente waarvoor de respondenten invullen")
    p.add_argument("--ronde", required=True, help="de ronde, bv. nulmeting of vervolgmeting")
    p.add_argument("--host", default="127.0.0.1", help="adres om op te luisteren (standaard alleen deze computer)")
    p.add_argument("--poort", type=int, default=8866, help="poort (standaard 8866)")
    p = vsub.add_parser("exporteer", help="de vragenlijst voor LimeSurvey of als Excel-formulier, of de antwoorden")
    _study_arg(p)
    p.add_argument("--formaat", required=True, choices=["limesurvey", "excel", "antwoorden"],
                   help="limesurvey of excel (de vragenlijst), of antwoorden (de opgeslagen antwoorden in Excel)")
    p.add_argument("--perspectief", default=None, help="formulering voor dit perspectief (standaard: alle)")
    p.add_argument("--uitvoer", type=Path, default=None, help="map of bestand voor de uitvoer")
    p = vsub.add_parser("importeer", help="antwoorden uit LimeSurvey, Microsoft Forms of het Excel-formulier")
    p.add_argument("studie", type=Path, help="de studiemap")
    p.add_argument("bestand", type=Path, help="het bestand met antwoorden")
    p.add_argument("--formaat", required=True, choices=["limesurvey", "forms", "excel"])
    p.add_argument("--gemeente", required=True)
    p.add_argument("--ronde", required=True)
    p.add_argument("--perspectief", default=None,
                   help="perspectief van alle rijen (nodig als het bestand het niet zelf vermeldt)")
    p.add_argument("--sla-fouten-over", action="store_true",
                   help="importeer de goede rijen en noem de afgewezen rijen")

    p = sub.add_parser("benchmark", help="meet de snelheid (import, demorapport, grote meta-analyse)")
    p.add_argument("--interviews", type=int, default=10_000, help="aantal synthetische interviews")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.opdracht:
        parser.print_help()
        return 2
    try:
        return _run(args)
    except KlantreisFout as exc:
        print(exc.tekst(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets Dutch text, not a traceback
        if os.environ.get("KLANTREIS_DEBUG"):
            raise
        print(f"Onverwachte fout ({type(exc).__name__}): {exc}\n"
              "Dit is een fout in de kit, niet in uw gegevens. Meld hem met de uitvoer van "
              "dezelfde opdracht met KLANTREIS_DEBUG=1 ervoor.", file=sys.stderr)
        return 3


def _output(args) -> Path | None:
    if args.uitvoer is not None:
        return args.uitvoer
    return DEMO_OUTPUT if args.studie is None else None


def _run(args) -> int:
    from .study import load_study

    if args.opdracht == "nieuw":
        from .study import create_study

        path = create_study(args.studie, titel=args.titel, gemeenten=args.gemeenten, sjabloon=args.sjabloon)
        print(f"Nieuwe studie aangemaakt: {path}\n"
              f"Vul studie.yaml in, pas schaduwreis.yaml aan en zet interviews in {path / 'interviews'}.\n"
              f"Controleer daarna met: klantreis controleer {path}")
        return 0
    if args.opdracht == "sjablonen":
        from .resources import journey_templates

        for name, path in journey_templates().items():
            print(f"{name:20s} {path}")
        return 0
    if args.opdracht == "controleer":
        study = load_study(args.studie)
        print(f"Geen problemen gevonden in {study.path}: {len(study.interviews)} interviews, "
              f"schaduwreis met {len(study.schaduwreis.steps)} stappen.")
        return 0
    if args.opdracht in DOCUMENTS:
        module, function = DOCUMENTS[args.opdracht]
        build = getattr(import_module(module, __package__), function)
        print(build(load_study(args.studie), _output(args)).resolve())
        return 0
    if args.opdracht == "verkenning":
        from .verkenning.cli import run as run_verkenning

        return run_verkenning(args)
    if args.opdracht == "benchmark":
        from .benchmark import run_benchmark

        run_benchmark(args.interviews)
        return 0
    raise AssertionError(args.opdracht)


if __name__ == "__main__":
    sys.exit(main())
