"""`klantreis verkenning serveer|uitnodigingen|exporteer|importeer`: the functions the notebooks use too."""

from __future__ import annotations

from pathlib import Path

from ..arguments import Parser, open_study, output_of, study_argument


def add_commands(sub) -> None:
    v = sub.add_parser("verkenning", help="de zelfscan: formulier serveren, exporteren, importeren")
    vsub = v.add_subparsers(dest="verkenning_opdracht", metavar="OPDRACHT", parser_class=Parser, required=True)

    p = vsub.add_parser("serveer", help="serveer het webformulier aan respondenten")
    study_argument(p, optional=False)
    p.add_argument("--gemeente", required=True, help="de gemeente waarvoor de respondenten invullen")
    p.add_argument("--ronde", required=True, help="de ronde, bv. nulmeting of vervolgmeting")
    p.add_argument("--host", default="127.0.0.1", help="adres om op te luisteren (standaard alleen deze computer)")
    p.add_argument("--poort", type=int, default=8866, help="poort (standaard 8866)")
    p.add_argument("--certificaat", type=Path, default=None, help="TLS-certificaat (PEM) voor HTTPS")
    p.add_argument("--sleutel", type=Path, default=None, help="privésleutel (PEM) bij het certificaat")
    p.add_argument("--achter-proxy", action="store_true",
                   help="de server staat achter een proxy die HTTPS doet (luistert op 127.0.0.1)")
    p.add_argument("--open", action="store_true",
                   help="maak ook één open link per perspectief (iedereen met de link kan invullen)")
    p.set_defaults(run=_serve)

    p = vsub.add_parser("uitnodigingen", help="persoonlijke codes, een lijst voor samenvoegen en brieven in Word")
    study_argument(p, optional=False)
    p.add_argument("--gemeente", required=True)
    p.add_argument("--ronde", required=True)
    p.add_argument("--perspectief", required=True, help="het perspectief van deze respondenten, bv. inwoner")
    p.add_argument("--aantal", type=int, required=True, help="hoeveel codes (en brieven)")
    p.add_argument("--adres", required=True,
                   help="het openbare adres van het formulier, bv. https://zelfscan.gemeente.nl")
    p.add_argument("--uitvoer", type=Path, default=None, help="map voor de lijst en de brieven (standaard uitvoer/)")
    p.set_defaults(run=_invitations)

    p = vsub.add_parser("exporteer", help="de vragenlijst voor LimeSurvey of als Excel-formulier, of de antwoorden")
    study_argument(p)
    p.add_argument("--formaat", required=True, choices=["limesurvey", "excel", "antwoorden"],
                   help="limesurvey of excel (de vragenlijst), of antwoorden (de opgeslagen antwoorden in Excel)")
    p.add_argument("--perspectief", default=None, help="formulering voor dit perspectief (standaard: alle)")
    p.add_argument("--een-enquete", action="store_true",
                   help="limesurvey: één enquête voor alle perspectieven, met een vraag naar het perspectief")
    p.add_argument("--uitvoer", type=Path, default=None, help="map of bestand voor de uitvoer")
    p.set_defaults(run=_export)

    p = vsub.add_parser("importeer", help="antwoorden uit LimeSurvey, Microsoft Forms of het Excel-formulier")
    study_argument(p, optional=False)
    p.add_argument("bestand", type=Path, help="het bestand met antwoorden")
    p.add_argument("--formaat", required=True, choices=["limesurvey", "forms", "excel"])
    p.add_argument("--gemeente", required=True)
    p.add_argument("--ronde", required=True)
    p.add_argument("--perspectief", default=None,
                   help="perspectief van alle rijen (nodig als het bestand het niet zelf vermeldt)")
    p.add_argument("--sla-fouten-over", action="store_true",
                   help="importeer de goede rijen en noem de afgewezen rijen")
    p.add_argument("--onvolledig-bewaren", action="store_true",
                   help="LimeSurvey: bewaar ook responsen die niet zijn afgerond (ze worden altijd geteld)")
    p.add_argument("--vervang", action="store_true",
                   help="vervang de eerder uit deze bron ingelezen antwoorden voor deze gemeente, ronde en perspectief "
                        "(na een reservekopie van de database), bv. met een verbeterde export")
    p.set_defaults(run=_import)


def _serve(args) -> int:
    from .serveer import serve

    return serve(open_study(args), gemeente=args.gemeente, ronde=args.ronde, host=args.host, port=args.poort,
                 certificaat=args.certificaat, sleutel=args.sleutel, achter_proxy=args.achter_proxy,
                 open_links=args.open)


def _invitations(args) -> int:
    from .web.uitnodigingen import make_invitations

    made = make_invitations(open_study(args), args.gemeente, args.ronde, args.perspectief, args.aantal, args.adres,
                            output=args.uitvoer)
    print(f"{len(made.codes)} persoonlijke codes gemaakt.")
    print(f"Lijst voor samenvoegen: {made.lijst.resolve()}")
    print(f"Brieven (één per pagina): {made.brieven.resolve()}")
    print("Alleen deze twee bestanden bevatten de codes leesbaar: bewaar ze veilig en verwijder ze na het versturen.")
    return 0


def _export(args) -> int:
    from .uitwisseling import export_questionnaire, export_responses

    study = open_study(args)
    if args.formaat == "antwoorden":
        path = export_responses(study, output_of(args))
    else:
        path = export_questionnaire(study, args.formaat, perspectief=args.perspectief, output=output_of(args),
                                    one_survey=args.een_enquete)
    print(path.resolve())
    return 0


def _import(args) -> int:
    from .uitwisseling import import_responses

    result = import_responses(open_study(args), args.bestand, args.formaat, gemeente=args.gemeente,
                              ronde=args.ronde, perspectief=args.perspectief, skip_bad_rows=args.sla_fouten_over,
                              keep_incomplete=args.onvolledig_bewaren, replace=args.vervang)
    print(result.samenvatting())
    return 0
