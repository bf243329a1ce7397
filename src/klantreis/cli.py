"""The `klantreis` command. Every subcommand calls the same functions the notebooks use.

The shared commands live here (nieuw, controleer, rapport, benchmark); every registered method
adds its own (`methods.Method.commands`).

Exit status: 0 success, 1 the input has problems (all listed, in Dutch), 2 wrong use of the
command. No traceback reaches the user unless KLANTREIS_DEBUG=1 is set.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .arguments import Parser, open_study, output_argument, output_of, study_argument
from .errors import KlantreisFout, Probleem
from .methods import methods


def build_parser() -> Parser:
    parser = Parser(prog="klantreis", description=(
        "Onderzoekskit voor de toegang tot het sociaal domein: schaduwreis, individuele klantreizen, "
        "meta-analyse en rapport in Word."))
    sub = parser.add_subparsers(dest="opdracht", metavar="OPDRACHT", parser_class=Parser)

    p = sub.add_parser("nieuw", help="maak een nieuwe studiemap")
    p.add_argument("studie", type=Path, help="pad van de nieuwe studiemap")
    p.add_argument("--titel", default="Evaluatie van de toegang", help="titel van de studie")
    p.add_argument("--gemeente", action="append", dest="gemeenten", metavar="NAAM",
                   help="een gemeente in de studie (herhaal voor meer gemeenten)")
    p.add_argument("--sjabloon", default="generiek",
                   help="schaduwreis-sjabloon uit journeys/ (zie 'klantreis sjablonen')")
    p.set_defaults(run=_new)

    p = sub.add_parser("controleer", help="controleer een studie en noem alle problemen")
    study_argument(p)
    p.set_defaults(run=_check)

    p = sub.add_parser("rapport", help="schrijf het Word-rapport")
    study_argument(p)
    output_argument(p)
    p.add_argument("--buiten-studie", action="store_true",
                   help="sta toe dat --uitvoer buiten de studiemap ligt (het rapport bevat gegevens van de studie)")
    p.set_defaults(run=_report)

    for m in methods():
        if m.commands is not None:
            m.commands(sub)

    p = sub.add_parser("benchmark", help="meet de snelheid (import, demorapport, grote meta-analyse)")
    p.add_argument("--interviews", type=int, default=10_000, help="aantal synthetische interviews")
    p.set_defaults(run=_benchmark)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.opdracht:
        parser.print_help()
        return 2
    try:
        return args.run(args) or 0
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


def _new(args) -> int:
    from .study import create_study

    path = create_study(args.studie, titel=args.titel, gemeenten=args.gemeenten, sjabloon=args.sjabloon)
    print(f"Nieuwe studie aangemaakt: {path}\n"
          f"Vul studie.yaml in, pas schaduwreis.yaml aan en zet interviews in {path / 'interviews'}.\n"
          f"Controleer daarna met: klantreis controleer {path}")
    return 0


def _check(args) -> int:
    study = open_study(args)
    found = [line for m in methods() if m.summary is not None and (line := m.summary(study))]
    print(f"Geen problemen gevonden in {study.path}" + (f": {', '.join(found)}." if found else "."))
    return 0


def _report(args) -> int:
    from .report.compose import build_report

    from .files import outside

    study = open_study(args)
    output = output_of(args)
    away = args.studie is not None and output is not None and outside(output, study.path)
    if away and not args.buiten_studie:
        raise KlantreisFout(Probleem(
            bestand=str(output), veld="--uitvoer", waarde=str(output),
            toegestaan="een plek binnen de studiemap (standaard uitvoer/); een rapport bevat gegevens van de studie. "
                       "Wilt u het toch daar, voeg dan --buiten-studie toe"), "Rapport niet geschreven")
    path = build_report(study, output).resolve()
    print(f"Rapport geschreven buiten de studiemap: {path}" if away else path)
    return 0


def _benchmark(args) -> int:
    from .benchmark import run_benchmark

    run_benchmark(args.interviews)
    return 0


if __name__ == "__main__":
    sys.exit(main())
