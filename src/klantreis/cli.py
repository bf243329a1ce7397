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
from .errors import KlantreisFout
from .methods import methods

# Commands of the kit itself: for these the methods' own subcommands need not be loaded (that
# imports every method's models, half a second of a rebuild that takes one).
SHARED = ("nieuw", "controleer", "rapport", "publieksversie", "privacy", "benchmark")


def build_parser(with_methods: bool = True) -> Parser:
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
    p.add_argument("--per-gemeente", action="store_true", dest="per_gemeente",
                   help="elke gemeente een eigen schaduwreis (schaduwreizen/<gemeente>.yaml) in plaats van één gedeelde")
    p.add_argument("--opdrachtgever", default=None, metavar="NAAM", help="de opdrachtgever van het onderzoek")
    p.add_argument("--onderzoeker", action="append", dest="onderzoekers", metavar="NAAM",
                   help="een onderzoeker (herhaal voor meer onderzoekers)")
    p.add_argument("--begin", type=_date, default=None, metavar="JJJJ-MM-DD",
                   help="begin van de onderzoeksperiode (standaard: de eerste van de maand, een jaar geleden)")
    p.add_argument("--eind", type=_date, default=None, metavar="JJJJ-MM-DD",
                   help="einde van de onderzoeksperiode (standaard: over een jaar)")
    p.set_defaults(run=_new)

    p = sub.add_parser("controleer", help="controleer een studie en noem alle problemen")
    study_argument(p)
    p.set_defaults(run=_check)

    p = sub.add_parser("rapport", help="schrijf het Word-rapport")
    study_argument(p)
    output_argument(p)
    p.add_argument("--pdf", action="store_true",
                   help="schrijf ook een toegankelijke (getagde) PDF naast het Word-bestand; vraagt LibreOffice")
    p.add_argument("--concept", action="store_true",
                   help="sneller, tijdens het schrijven: laat de paginanummers in de inhoudsopgave over aan Word "
                        "(dat vult ze bij het openen)")
    p.add_argument("--buiten-studie", action="store_true",
                   help="sta toe dat --uitvoer buiten de studiemap ligt (het rapport bevat gegevens van de studie)")
    p.add_argument("--per-gemeente", action="store_true", dest="per_gemeente",
                   help="één rapport per gemeente, elk met alleen de gegevens van die gemeente (--uitvoer is dan een map)")
    p.set_defaults(run=_report)

    from .publieksversie_cli import add_command as add_public_version

    add_public_version(sub)

    p = sub.add_parser("privacy", help="doorzoek de uitvoer op persoonsgegevens (zonder studie: demo-uitvoer/)")
    study_argument(p)
    p.add_argument("--map", type=Path, help="doorzoek deze map in plaats van de uitvoermap van de studie")
    p.set_defaults(run=_privacy)

    for m in methods() if with_methods else []:
        if m.commands is not None:
            m.commands(sub)

    sessions = {m.name.replace("_", "-"): m for m in methods() if m.session_form is not None} if with_methods else {}
    if sessions:
        p = sub.add_parser("sessieformulier", help="schrijf het Excel-invulformulier voor een werksessie")
        p.add_argument("soort", choices=sorted(sessions), help="de soort werksessie")
        study_argument(p)
        output_argument(p)
        p.set_defaults(run=lambda args: _session_form(sessions[args.soort], args))

    p = sub.add_parser("benchmark", help="meet de snelheid (import, demorapport, grote meta-analyse)")
    p.add_argument("--interviews", type=int, default=10_000, help="aantal synthetische interviews")
    p.add_argument("--alleen-rapport", action="store_true",
                   help="meet alleen 'klantreis rapport' op de demo: leeg, ongewijzigd, één zin anders")
    p.add_argument("--alleen-per-gemeente", action="store_true",
                   help="meet alleen de rapporten per gemeente van een studie met 50 gemeenten, ook via papermill")
    p.set_defaults(run=_benchmark)
    return parser


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    parser = build_parser(with_methods=not (given and given[0] in SHARED))
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
    except BrokenPipeError:
        # The reader stopped early (`klantreis controleer | head`): nothing is wrong.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the user gets Dutch text, not a traceback
        if os.environ.get("KLANTREIS_DEBUG"):
            raise
        print(f"Onverwachte fout ({type(exc).__name__}): {exc}\n"
              "Dit is een fout in de kit, niet in uw gegevens. Meld hem met de uitvoer van "
              "dezelfde opdracht met KLANTREIS_DEBUG=1 ervoor.", file=sys.stderr)
        return 3


def _date(text: str):
    import argparse
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"geen datum als JJJJ-MM-DD: {text!r}") from None


def _new(args) -> int:
    from .study import PLACEHOLDER, create_study

    path = create_study(args.studie, titel=args.titel, gemeenten=args.gemeenten, sjabloon=args.sjabloon,
                        opdrachtgever=args.opdrachtgever or PLACEHOLDER, onderzoekers=args.onderzoekers,
                        begin=args.begin, eind=args.eind, per_gemeente=args.per_gemeente)
    print(f"Nieuwe studie aangemaakt: {path.resolve()}\n"
          f"Vul studie.yaml in, pas {'de reizen in schaduwreizen/' if args.per_gemeente else 'schaduwreis.yaml'} aan en "
          f"zet interviews in {(path / 'interviews').resolve()}.\n"
          f"Controleer daarna met: klantreis controleer {path}")
    return 0


def _check(args) -> int:
    study = open_study(args)
    found = [line for m in methods() if m.summary is not None and (line := m.summary(study))]
    print(f"Geen problemen gevonden in {study.path}" + (f": {', '.join(found)}." if found else "."))
    from .privacyscan import report_raw_findings
    from .report.afkortingen import unknown_in_texts
    from .study import PLACEHOLDER, still_to_fill

    for bestand, afkorting in unknown_in_texts(study):
        print(f"Let op: {bestand}: de afkorting ‘{afkorting}’ staat niet in instruments/afkortingen.yaml; zet haar in "
              "instrumenten/afkortingen.yaml van de studie (met voluit en uitleg) of schrijf het woord voluit.")
    if todo := still_to_fill(study.settings):
        print(f"Let op: nog in te vullen in {study.path / 'studie.yaml'}: {', '.join(todo)} (staat nu op "
              f"'{PLACEHOLDER}'; het rapport laat dit weg, de contactgegevens staan op het toestemmingsformulier "
              "van de topiclijst).")
    from .teksten import empty_slots, unused_files

    if empty := empty_slots(study):
        print(f"Let op: nog {len(empty)} {'tekst' if len(empty) == 1 else 'teksten'} van de onderzoekers te schrijven "
              "(het rapport toont daar een plek die nog in te vullen is):")
        for slot in empty:
            print(f"- {slot.bestand}: {slot.wat}")
    for name in unused_files(study):
        print(f"Let op: {name} hoort bij geen enkele plek in het rapport en wordt niet gebruikt (tikfout in de naam, "
              "of een gemeente die niet meer in studie.yaml staat?).")
    from .report.sections.coreq import still_to_answer

    if open_items := still_to_answer(study):
        print(f"Let op: nog te beantwoorden punten van de COREQ-checklist (in studie.yaml onder onderzoek.coreq "
              f"met het nummer van het punt, of in het genoemde veld): {', '.join(open_items)}.")
    report_raw_findings(study, sys.stdout)  # a warning: the exit status stays 0
    return 0


def _privacy(args) -> int:
    from .privacyscan import run_privacy

    return run_privacy(args)


def _report(args) -> int:
    from .arguments import checked_output
    from .files import output_file
    from .report.pdf import NOT_INSTALLED, find_soffice, write_pdf
    from .resources import DEMO_STUDY_DIR

    root = args.studie if args.studie is not None else DEMO_STUDY_DIR
    output, away = checked_output(args, root, "Rapport niet geschreven")
    path = draft = None
    if args.concept and not args.per_gemeente and root.is_dir():
        # A draft while writing: when only texts in teksten/ changed since the last draft, only
        # those are put in again (report.herbouw), without loading the study.
        from .report.compose import FULL
        from .report.herbouw import inputs_fingerprint, rebuild

        target = output_file(root, FULL.file_name, output)
        draft = inputs_fingerprint(root, target.parent, "rapport")
        path = rebuild(root, target, draft)
    if path is None:
        from .report.compose import build_report

        study = open_study(args)
        if args.per_gemeente:
            from .publieksversie_cli import per_gemeente

            return per_gemeente(study, "rapport", output, args.pdf, away)
        # With LibreOffice the contents get their page numbers now; without it (or as a draft)
        # Word fills them on opening.
        path = build_report(study, output, page_numbers=not args.concept, draft=draft)
    path = path.resolve()
    print(f"Rapport geschreven buiten de studiemap: {path}" if away else path)
    if args.pdf:
        if find_soffice() is None:
            print(f"Het Word-bestand is geschreven, maar er is geen PDF gemaakt. {NOT_INSTALLED}", file=sys.stderr)
            return 1
        print(write_pdf(path).resolve())
    return 0


def _session_form(method, args) -> int:
    print(method.session_form(open_study(args), output_of(args)).resolve())
    return 0


def _benchmark(args) -> int:
    from .benchmark import run_benchmark, run_per_gemeente_benchmark, run_report_benchmark

    if args.alleen_rapport:
        print("klantreis benchmark: het rapport van de demostudie, als hele processen (tijden in seconden)")
        run_report_benchmark()
    elif args.alleen_per_gemeente:
        print("klantreis benchmark: rapporten per gemeente (tijden in seconden)")
        run_per_gemeente_benchmark()
    else:
        run_benchmark(args.interviews)
    return 0


if __name__ == "__main__":
    sys.exit(main())
