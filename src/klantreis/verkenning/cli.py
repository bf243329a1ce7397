"""`klantreis verkenning ...`: dispatch to the functions the notebooks use too."""

from __future__ import annotations


def run(args) -> int:
    from ..study import load_study

    if args.verkenning_opdracht == "serveer":
        from .serveer import serve

        return serve(load_study(args.studie), gemeente=args.gemeente, ronde=args.ronde, host=args.host,
                     port=args.poort)
    if args.verkenning_opdracht == "exporteer":
        from pathlib import Path

        from .uitwisseling import export_questionnaire, export_responses

        output = args.uitvoer if args.uitvoer is not None else (Path("demo-uitvoer") if args.studie is None else None)
        study = load_study(args.studie)
        if args.formaat == "antwoorden":
            path = export_responses(study, output)
        else:
            path = export_questionnaire(study, args.formaat, perspectief=args.perspectief, output=output)
        print(path.resolve())
        return 0
    if args.verkenning_opdracht == "importeer":
        from .uitwisseling import import_responses

        result = import_responses(load_study(args.studie), args.bestand, args.formaat, gemeente=args.gemeente,
                                  ronde=args.ronde, perspectief=args.perspectief,
                                  skip_bad_rows=args.sla_fouten_over)
        print(result.samenvatting())
        return 0
    raise AssertionError(args.verkenning_opdracht)
