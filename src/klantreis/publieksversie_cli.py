"""`klantreis publieksversie` (the public version in B1) and the per-municipality builds of
`klantreis rapport --per-gemeente` and `klantreis publieksversie --per-gemeente`."""

from __future__ import annotations

import sys
from pathlib import Path

from .arguments import checked_output, open_study, output_argument, study_argument
from .errors import KlantreisFout, Probleem


def add_command(sub) -> None:
    p = sub.add_parser("publieksversie", help="schrijf de publieksversie in eenvoudige taal (B1) voor adviesraad en inwoners")
    study_argument(p)
    output_argument(p)
    p.add_argument("--gemeente", default=None, metavar="NAAM",
                   help="alleen deze gemeente (met alleen haar gegevens); zonder: de hele studie")
    p.add_argument("--per-gemeente", action="store_true", dest="per_gemeente",
                   help="één publieksversie per gemeente, elk met alleen de gegevens van die gemeente")
    p.add_argument("--pdf", action="store_true", help="schrijf ook een toegankelijke (getagde) PDF; vraagt LibreOffice")
    p.add_argument("--buiten-studie", action="store_true",
                   help="sta toe dat --uitvoer buiten de studiemap ligt (de tekst bevat gegevens van de studie)")
    p.set_defaults(run=_public_version)


def _public_version(args) -> int:
    import tempfile

    from .report.per_gemeente import for_gemeente
    from .report.publiek import build_publiek

    study = open_study(args)
    kop = "Publieksversie niet geschreven"
    output, away = checked_output(args, study.path, kop, what="de tekst")
    if args.per_gemeente:
        return per_gemeente(study, "publieksversie", output, args.pdf, away)
    if args.gemeente is not None:
        if args.gemeente not in study.settings.gemeenten:
            raise KlantreisFout(Probleem(bestand="studie.yaml", veld="--gemeente", waarde=args.gemeente,
                                         toegestaan=f"een gemeente uit studie.yaml: {', '.join(study.settings.gemeenten)}"),
                                kop)
        from .report.per_gemeente import file_for
        from .report.publiek import PUBLIEK

        target = output if output is not None and Path(output).suffix.lower() == ".docx" else \
            file_for(PUBLIEK, args.gemeente, Path(output) if output is not None else study.output_dir)
        with tempfile.TemporaryDirectory(prefix="klantreis-gemeente-") as tmp:
            path = build_publiek(for_gemeente(study, args.gemeente, Path(tmp)), target).resolve()
    else:
        path = build_publiek(study, output).resolve()
    print(f"Publieksversie geschreven buiten de studiemap: {path}" if away else path)
    return _pdf(path) if args.pdf else 0


def _pdf(path: Path) -> int:
    from .report.pdf import NOT_INSTALLED, find_soffice, write_pdf

    if find_soffice() is None:
        print(f"Het Word-bestand is geschreven, maar er is geen PDF gemaakt. {NOT_INSTALLED}", file=sys.stderr)
        return 1
    print(write_pdf(path).resolve())
    return 0


def per_gemeente(study, composition: str, output: Path | None, pdf: bool, away: bool) -> int:
    """Build one document per municipality in parallel; name every one that failed, in Dutch."""
    from .report.pdf import NOT_INSTALLED, find_soffice
    from .report.per_gemeente import build_per_gemeente

    if output is not None and Path(output).suffix:
        raise KlantreisFout(Probleem(bestand=str(output), veld="--uitvoer", waarde=str(output),
                                     toegestaan="een map (met --per-gemeente komt er één bestand per gemeente in)"),
                            "Niets geschreven")
    if pdf and find_soffice() is None:
        print(f"Er worden geen PDF's gemaakt. {NOT_INSTALLED}", file=sys.stderr)
        pdf = False
    folder = Path(output) if output is not None else study.output_dir
    outcomes = build_per_gemeente(study, composition, folder, pdf=pdf)
    for o in outcomes:
        if o.pad is not None:
            print(Path(o.pad).resolve())
    failed = [o for o in outcomes if o.fout]
    for o in failed:
        print(f"Niet gelukt voor gemeente {o.gemeente}:\n{o.fout}", file=sys.stderr)
    if failed:
        print(f"{len(outcomes) - len(failed)} van de {len(outcomes)} gemeenten gelukt; niet gelukt: "
              f"{', '.join(o.gemeente for o in failed)}.", file=sys.stderr)
    return 1 if failed else 0
