"""`klantreis kenmerkenformulier` and `klantreis kenmerken …`:

- `kenmerkenformulier [STUDIE] [--uitvoer]`: the empty Excel checklist for every municipality
- `kenmerken inlezen FORMULIER.xlsx STUDIE [--overschrijf]`: the filled-in checklist becomes
  `kenmerken.yaml` in the study (checked first; nothing is written when anything is wrong)
- `kenmerken checklist [STUDIE] [--uitvoer]`: the same checklist as a Word document for paper
- `kenmerken profiel [STUDIE] [--gemeente NAAM]`: the kenmerkenprofiel with its lights, as text
- `kenmerken rondes EERDER LATER`: per municipality and kenmerk the light of two rounds of the
  same evaluation (two study folders) and whether it changed
- `kenmerken bewijs [STUDIE] [--uitvoer]`: the evidence table as CSV (redacted, small groups
  without numbers)
"""

from __future__ import annotations

from pathlib import Path

from ..arguments import Parser, open_study, output_argument, output_of, study_argument


def add_commands(sub) -> None:
    p = sub.add_parser("kenmerkenformulier", help="schrijf het Excel-formulier met de checklist van de zeven kenmerken")
    study_argument(p)
    output_argument(p)
    p.set_defaults(run=_form)

    group = sub.add_parser("kenmerken", help="de zeven kenmerken: checklist inlezen, profiel en bewijs")
    inner = group.add_subparsers(dest="kenmerken", metavar="OPDRACHT", parser_class=Parser, required=True)
    p = inner.add_parser("inlezen", help="lees een ingevuld kenmerkenformulier in als kenmerken.yaml")
    p.add_argument("formulier", type=Path, help="het ingevulde Excel-formulier (.xlsx)")
    study_argument(p, optional=False)
    p.add_argument("--overschrijf", action="store_true", help="vervang een bestaande kenmerken.yaml")
    p.set_defaults(run=_import)
    p = inner.add_parser("checklist", help="schrijf de checklist als Word-document om op papier in te vullen")
    study_argument(p)
    output_argument(p)
    p.set_defaults(run=_word)
    p = inner.add_parser("profiel", help="toon per gemeente het kenmerkenprofiel met stoplichten")
    study_argument(p)
    p.add_argument("--gemeente", default=None, help="alleen deze gemeente")
    p.set_defaults(run=_profile)
    p = inner.add_parser("rondes", help="vergelijk de stoplichten van twee rondes van dezelfde evaluatie")
    p.add_argument("eerder", type=Path, help="de studiemap van de eerdere ronde")
    p.add_argument("later", type=Path, help="de studiemap van de latere ronde")
    p.set_defaults(run=_rounds)
    p = inner.add_parser("bewijs", help="schrijf de bewijstabel van de zeven kenmerken (CSV)")
    study_argument(p)
    output_argument(p)
    p.set_defaults(run=_evidence)


def _form(args) -> int:
    from .excel import write_form

    print(write_form(open_study(args), output_of(args)).resolve())
    return 0


def _word(args) -> int:
    from .word import write_checklist

    print(write_checklist(open_study(args), output_of(args)).resolve())
    return 0


def _import(args) -> int:
    from .excel import import_form

    path = import_form(open_study(args), args.formulier, args.overschrijf)
    print(f"Checklist ingelezen: {path.resolve()}\nControleer de studie met: klantreis controleer {args.studie}")
    return 0


def _profile(args) -> int:
    from ..errors import KlantreisFout, Probleem
    from ..teksten import named_gemeenten
    from .analyse import BRONNEN, analyse
    from .text import LICHT_SYMBOOL

    study = open_study(args)
    gemeenten = named_gemeenten(study.settings)
    if args.gemeente is not None and args.gemeente not in gemeenten:
        raise KlantreisFout(Probleem(bestand="studie.yaml", veld="--gemeente", waarde=args.gemeente,
                                     toegestaan=f"een gemeente uit studie.yaml: {', '.join(gemeenten)}"),
                            "Onbekende gemeente")
    result = analyse(study)
    shown = {"+": "+", "-": "−", "0": "0"}
    for gemeente in [args.gemeente] if args.gemeente else gemeenten:
        print(f"Kenmerkenprofiel van {gemeente} ({', '.join(BRONNEN)}):")
        for r in result.profiel(gemeente).to_dict("records"):
            verdicts = " ".join(shown.get(r[b], "·") for b in BRONNEN)
            print(f"  {r['kenmerk']} {result.labels[r['kenmerk']]:<40} {verdicts}   "
                  f"{LICHT_SYMBOOL[r['licht']]} {r['licht']} ({r['overeenstemming']})")
    return 0


def _rounds(args) -> int:
    from ..study import load_study
    from .analyse import analyse
    from .rondes import compare_rounds

    table = compare_rounds(analyse(load_study(args.eerder)), analyse(load_study(args.later)))
    if table.empty:
        print("De twee rondes hebben geen gemeente gemeen.")
    for r in table.itertuples():
        print(f"{r.gemeente:<16} {r.kenmerk}  {r.licht_voor:>6} → {r.licht_na:<6}  {r.verandering}")
    return 0


def _evidence(args) -> int:
    from ..files import write_text
    from .analyse import analyse

    study = open_study(args)
    table = analyse(study).bewijs
    path = write_text(study.output_file("kenmerken_bewijs.csv", output_of(args)), table.to_csv(index=False))
    print(path.resolve())
    return 0
