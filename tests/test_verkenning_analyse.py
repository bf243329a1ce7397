"""The verkenning analysis, checked against independent computations: numpy for Cronbach's α,
scipy and pingouin for the rank tests, a hand-written Holm correction; the privacy rules
(numbers stay numbers, with flags); and the verkenning chapter of the demo report (alt text,
privacy, the demo database left untouched). The statistics on their own: tests/test_stats.py."""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import zipfile

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from klantreis.report.numbers import SHIELDED, n_label, n_labels
from klantreis.resources import DEMO_STUDY_DIR
from klantreis.stats.multicomp import holm_by
from klantreis.verkenning import analyse as va
from klantreis.verkenning.opslag import Opslag, Response, db_path
from klantreis.verkenning.vragenlijst import WEET_NIET, read_vragenlijst

DEMO_DB = db_path(DEMO_STUDY_DIR)


@pytest.fixture(scope="module")
def vl():
    return read_vragenlijst()


@pytest.fixture(scope="module")
def demo_scan(demo):
    return va.analyse_verkenning(demo)


@pytest.fixture(scope="module")
def raw():
    """The demo answers straight from SQLite, without any kit code: one row per answer."""
    with sqlite3.connect(f"file:{DEMO_DB}?mode=ro", uri=True) as con:
        answers = pd.read_sql_query(
            "SELECT a.respons_id, r.gemeente, r.ronde, r.perspectief, a.stelling, a.waarde, a.weet_niet "
            "FROM antwoord a JOIN respons r ON r.id = a.respons_id", con)
    answers["uitgangspunt"] = answers["stelling"].str.split("_").str[0]
    return answers


@pytest.fixture(scope="module")
def raw_scores(raw):
    """Respondent score per uitgangspunt: the mean of the answered statements."""
    answered = raw.dropna(subset=["waarde"])
    return answered.groupby(["respons_id", "gemeente", "ronde", "perspectief", "uitgangspunt"])["waarde"] \
        .mean().rename("score").reset_index()


def _response(i, gemeente="Lindewaarde", ronde="nulmeting", perspectief="inwoner", answers=None, open_=None,
              prioriteit=()):
    return Response(id=f"test-{perspectief}-{ronde}-{gemeente}-{i:03d}", gemeente=gemeente, ronde=ronde,
                     perspectief=perspectief, bron="test", antwoorden=answers or {}, open=open_ or {},
                     prioriteit=list(prioriteit))


def _analyse(tmp_path, vl, responses, min_group=5, terms=()):
    """Store `responses` in a fresh database through the real storage path, then analyse."""
    path = tmp_path / "antwoorden.sqlite"
    with Opslag(path) as store:
        store.save(responses)
    with Opslag(path, readonly=True) as store:
        tables = store.tables()
    return va.analyse_tables(tables, vl, ["Lindewaarde", "Beekveen", "Heidedorp"], ["nulmeting", "vervolgmeting"],
                             min_group=min_group, redact_terms=terms)


def _all(vl, value):
    return {s.code: value for s in vl.statements}


# --- scores and "weet niet" -----------------------------------------------------------------------

def test_weet_niet_and_an_empty_answer_are_left_out_of_the_score_and_counted_apart(tmp_path, vl):
    answers = _all(vl, 3)
    answers.update({"K1_1": 4, "K1_2": WEET_NIET, "K1_3": None, "K1_4": 2})
    responses = [_response(i, answers=dict(answers)) for i in range(5)]
    scan = _analyse(tmp_path, vl, responses)
    k1 = scan.scores[scan.scores["uitgangspunt"] == "K1"]
    assert (k1["score"] == 3.0).all()               # (4 + 2) / 2, not (4 + 0 + 0 + 2) / 4
    assert (k1["n_beantwoord"] == 2).all()
    assert (k1["n_weet_niet"] == 1).all() and (k1["n_leeg"] == 1).all()
    row = scan.per_perspectief.set_index("uitgangspunt").loc["K1"]
    assert (row["n"], row["n_antwoorden"], row["n_weet_niet"], row["n_leeg"]) == (5, 10, 5, 5)
    assert row["aandeel_4"] == pytest.approx(0.5) and row["aandeel_2"] == pytest.approx(0.5)
    dist = scan.stellingen.set_index("stelling")
    assert dist.loc["K1_2", "n_weet_niet"] == 5 and dist.loc["K1_2", "n_leeg"] == 0
    assert dist.loc["K1_3", "n_leeg"] == 5 and dist.loc["K1_3", "n_weet_niet"] == 0
    # Nobody answered K1_2 on the scale: no spread, but the five who saw it and their "weet
    # niet" still count. The n is missing, not a text; the report writes "n<5".
    row = dist.loc["K1_2"]
    assert row["onderdrukt"] and not row["gezien_onderdrukt"] and not row["afgeschermd"]
    assert pd.isna(row["n"]) and n_label(row["n"], row["onderdrukt"], row["afgeschermd"], 5) == "n<5"
    assert row["n_gezien"] == 5 and row["aandeel_weet_niet"] == 1.0
    assert pd.isna(row["aandeel_3"]) and pd.isna(row["gemiddelde"])
    assert not dist.loc["K1_1", "onderdrukt"] and dist.loc["K1_1", "n"] == 5


def test_a_respondent_with_only_weet_niet_has_no_score_but_is_counted(tmp_path, vl):
    answers = _all(vl, 4)
    answers.update({c: WEET_NIET for c in ("K2_1", "K2_2", "K2_3", "K2_4")})
    scan = _analyse(tmp_path, vl, [_response(0, answers=answers)] + [_response(i, answers=_all(vl, 4))
                                                                        for i in range(1, 6)])
    k2 = scan.scores[scan.scores["uitgangspunt"] == "K2"]
    assert k2["score"].isna().sum() == 1
    row = scan.per_perspectief.set_index("uitgangspunt").loc["K2"]
    assert row["n"] == 5 and row["n_weet_niet"] == 4


def test_means_medians_and_sds_match_an_independent_computation(demo_scan, raw_scores):
    cells = demo_scan.cellen[~demo_scan.cellen["onderdrukt"]]
    expected = raw_scores.groupby(["uitgangspunt", "gemeente", "ronde", "perspectief"])["score"]
    for row in cells.itertuples():
        scores = expected.get_group((row.uitgangspunt, row.gemeente, row.ronde, row.perspectief))
        assert row.n == len(scores)
        assert row.gemiddelde == pytest.approx(scores.mean())
        assert row.mediaan == pytest.approx(np.median(scores))
        assert row.sd == pytest.approx(np.std(scores, ddof=1))


def test_distribution_per_statement_matches_the_raw_counts(demo_scan, raw):
    dist = demo_scan.stellingen.set_index(["stelling", "ronde"])
    for (code, ronde), part in raw.groupby(["stelling", "ronde"]):
        values = part["waarde"].dropna()
        row = dist.loc[(code, ronde)]
        assert row["n"] == len(values)
        assert row["n_weet_niet"] == int(part["weet_niet"].sum())
        assert row["aandeel_5"] == pytest.approx((values == 5).mean())
        assert row["aandeel_weet_niet"] == pytest.approx(part["weet_niet"].mean())


# --- reliability ------------------------------------------------------------------------------------

def _alpha_formula(matrix: np.ndarray) -> float:
    k = matrix.shape[1]
    return k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / matrix.sum(axis=1).var(ddof=1))


def test_cronbachs_alpha_matches_the_formula_and_pingouin(demo_scan, raw):
    """α over the respondents of the groups the report shows (a hidden group is not counted)."""
    table = demo_scan.betrouwbaarheid.set_index("uitgangspunt")
    sizes = demo_scan.groepsgrootte
    shown = set(sizes.loc[~sizes["onderdrukt"].astype(bool), ["gemeente", "perspectief", "ronde"]]
                .astype(str).itertuples(index=False, name=None))
    raw = raw[[g in shown for g in raw[["gemeente", "perspectief", "ronde"]].itertuples(index=False, name=None)]]
    assert 0 < raw["respons_id"].nunique() < demo_scan.tabellen["respondenten"].shape[0]
    for point, part in raw.groupby("uitgangspunt"):
        wide = part.pivot(index="respons_id", columns="stelling", values="waarde").dropna()  # listwise
        row = table.loc[point]
        assert row["n_volledig"] == len(wide)
        assert row["alpha"] == pytest.approx(_alpha_formula(wide.to_numpy(dtype=float)))
        alpha, ci = pg.cronbach_alpha(wide.astype(float))
        assert row["alpha"] == pytest.approx(alpha)
        # pingouin rounds the interval to 3 decimals; the kit keeps it unrounded.
        assert (row["ci_onder"], row["ci_boven"]) == (pytest.approx(ci[0], abs=5e-4), pytest.approx(ci[1], abs=5e-4))
        assert row["oordeel"] == ("laag" if alpha < 0.6 else "voldoende")
    assert "laag" in set(table["oordeel"]), "the demo should show a low α (K2)"


def test_alpha_is_not_reported_with_fewer_than_ten_complete_respondents(tmp_path, vl):
    rng = np.random.default_rng(3)
    responses = [_response(i, answers={s.code: int(rng.integers(1, 6)) for s in vl.statements}) for i in range(9)]
    scan = _analyse(tmp_path, vl, responses)
    assert (scan.betrouwbaarheid["oordeel"] == "te weinig respondenten").all()
    assert scan.betrouwbaarheid["alpha"].isna().all()


# --- rank tests ---------------------------------------------------------------------------------------

def _holm_by_hand(pvalues: list[float]) -> list[float]:
    order = sorted(range(len(pvalues)), key=lambda i: pvalues[i])
    m, running, out = len(pvalues), 0.0, [0.0] * len(pvalues)
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        out[i] = running
    return out


def test_kruskal_wallis_between_perspectives_matches_scipy_and_pingouin(demo_scan, raw_scores, demo):
    kw = demo_scan.perspectieven.set_index(["ronde", "uitgangspunt"])
    for (ronde, point), part in raw_scores.groupby(["ronde", "uitgangspunt"]):
        groups = [g["score"].to_numpy() for _, g in part.groupby("perspectief") if len(g) >= demo.min_group]
        h, p = stats.kruskal(*groups)
        row = kw.loc[(ronde, point)]
        n = sum(len(g) for g in groups)
        assert (row["H"], row["p"], row["n"], row["df"]) == (pytest.approx(h), pytest.approx(p), n, len(groups) - 1)
        assert row["epsilon2"] == pytest.approx(h / ((n ** 2 - 1) / (n + 1)))
        reference = pg.kruskal(data=part, dv="score", between="perspectief")
        assert row["H"] == pytest.approx(reference["H"].iloc[0])


def test_pairwise_mann_whitney_matches_scipy_pingouin_and_a_hand_holm(demo_scan, raw_scores):
    pairs = demo_scan.perspectieven_paren
    for (ronde, point), part in raw_scores.groupby(["ronde", "uitgangspunt"]):
        mine = pairs[(pairs["ronde"] == ronde) & (pairs["uitgangspunt"] == point)]
        assert len(mine) == 6  # every group of the pooled demo reaches the minimum
        pvalues = []
        for row in mine.itertuples():
            x = part.loc[part["perspectief"] == row.A, "score"]
            y = part.loc[part["perspectief"] == row.B, "score"]
            result = stats.mannwhitneyu(x, y)
            assert row.U == pytest.approx(result.statistic) and row.p == pytest.approx(result.pvalue)
            assert row.r == pytest.approx(pg.mwu(x, y)["RBC"].iloc[0])
            assert row.gemiddelde_A == pytest.approx(x.mean())
            pvalues.append(result.pvalue)
        assert list(mine["p_holm"]) == pytest.approx(_holm_by_hand(pvalues))
        reference = pg.pairwise_tests(data=part, dv="score", between="perspectief", parametric=False,
                                      padjust="holm")
        expected = {frozenset((a, b)): p for a, b, p in zip(reference["A"], reference["B"], reference["p_corr"])}
        for row in mine.itertuples():
            assert row.p_holm == pytest.approx(expected[frozenset((row.A, row.B))])


def test_rank_tests_agree_with_scipy_on_many_groups_with_ties_and_small_groups():
    rng = np.random.default_rng(11)
    rows = []
    for g in range(40):
        for level, size in zip("abcd", rng.integers(2, 30, 4)):
            values = rng.integers(1, 6, size) / rng.choice([1, 2, 3], size) + (level == "a") * 0.3
            rows += [{"groep": f"g{g:02d}", "niveau": level, "score": v} for v in values]
    data = pd.DataFrame(rows)
    kw = va.kruskal_wallis(data, between="niveau", by=["groep"], min_group=5).set_index("groep")
    pairs = va.pairwise_mannwhitney(data, between="niveau", by=["groep"], min_group=5)
    for g, part in data.groupby("groep"):
        big = [x["score"].to_numpy() for _, x in part.groupby("niveau") if len(x) >= 5]
        if len(big) >= 2:
            h, p = stats.kruskal(*big)
            assert (kw.loc[g, "H"], kw.loc[g, "p"]) == (pytest.approx(h), pytest.approx(p))
        else:
            assert np.isnan(kw.loc[g, "H"])
        for row in pairs[pairs["groep"] == g].itertuples():
            result = stats.mannwhitneyu(part.loc[part["niveau"] == row.A, "score"],
                                        part.loc[part["niveau"] == row.B, "score"])
            assert (row.U, row.p) == (pytest.approx(result.statistic), pytest.approx(result.pvalue))
            assert min(row.n_A, row.n_B) >= 5


def test_small_samples_without_ties_use_the_exact_mann_whitney_test():
    data = pd.DataFrame({"niveau": ["a"] * 5 + ["b"] * 6,
                         "score": [1.0, 1.25, 1.5, 2.0, 2.25, 3.0, 3.25, 3.5, 4.0, 4.25, 2.5]})
    row = va.pairwise_mannwhitney(data, between="niveau", by=[], min_group=5).iloc[0]
    exact = stats.mannwhitneyu(data["score"][:5], data["score"][5:], method="exact")
    assert row["p"] == pytest.approx(exact.pvalue)
    assert row["U"] == exact.statistic


def test_holm_matches_pingouin_multicomp():
    p = [0.01, 0.04, 0.03, 0.2, np.nan, 0.001]
    table = pd.DataFrame({"p": p, "familie": ["x"] * 6})
    mine = holm_by(table, "p", ["familie"])
    _, reference = pg.multicomp(np.array(p), method="holm")
    assert np.allclose(mine.to_numpy(), reference, equal_nan=True)


# --- privacy: small groups -------------------------------------------------------------------------

def test_small_groups_get_no_numbers_and_no_tests(demo_scan, demo):
    small = f"n<{demo.min_group}"
    cells = demo_scan.cellen
    beekveen_keten = cells[(cells["gemeente"] == "Beekveen") & (cells["perspectief"] == "ketenpartner")]
    heidedorp = cells[cells["gemeente"] == "Heidedorp"]
    for part in (beekveen_keten, heidedorp):
        assert len(part) and part["onderdrukt"].all() and not part["afgeschermd"].any()
        assert part["n"].isna().all() and set(n_labels(part, "n", demo.min_group)) == {small}
        assert part[["gemiddelde", "mediaan", "sd", "aandeel_1", "n_weet_niet"]].isna().all().all()
    sizes = demo_scan.groepsgrootte
    heidedorp_sizes = sizes[sizes["gemeente"] == "Heidedorp"]
    assert heidedorp_sizes["respondenten"].isna().all()
    assert set(n_labels(heidedorp_sizes, "respondenten", demo.min_group)) == {small}
    # Not tested: left out of the comparison between gemeenten, no pairs, no round change.
    between = demo_scan.gemeenten
    keten = between[between["perspectief"] == "ketenpartner"]
    assert keten["uitgesloten"].map(lambda left_out: "Beekveen" in left_out).all() and keten["H"].isna().all()
    assert between[between["perspectief"] == "inwoner"]["uitgesloten"].map(lambda x: "Heidedorp" in x).all()
    pairs = demo_scan.perspectieven_paren_per_gemeente
    assert not len(pairs[pairs["gemeente"] == "Heidedorp"])
    assert not ((pairs["gemeente"] == "Beekveen") & ((pairs["A"] == "ketenpartner") | (pairs["B"] == "ketenpartner"))).any()
    rounds = demo_scan.rondes_per_gemeente
    suppressed = rounds[(rounds["gemeente"] == "Beekveen") & (rounds["perspectief"] == "ketenpartner")]
    assert suppressed["onderdrukt"].all() and suppressed["p"].isna().all() and not suppressed["getoetst"].any()
    assert suppressed["n_van"].isna().all() and not suppressed["afgeschermd_van"].any()


def test_a_shielded_group_keeps_its_number_hidden_and_says_why(demo_scan, demo, raw):
    """Secondary suppression: a group that reached the minimum is hidden when the total would
    reveal a smaller one; its n is missing and flagged `afgeschermd`, the report writes it."""
    sizes = demo_scan.groepsgrootte.set_index(["gemeente", "perspectief", "ronde"])
    row = sizes.loc[("Beekveen", "inwoner", "nulmeting")]
    true_n = raw[(raw["gemeente"] == "Beekveen") & (raw["perspectief"] == "inwoner")
                 & (raw["ronde"] == "nulmeting")]["respons_id"].nunique()
    assert true_n >= demo.min_group
    assert row["onderdrukt"] and row["afgeschermd"] and pd.isna(row["respondenten"])
    assert n_label(row["respondenten"], row["onderdrukt"], row["afgeschermd"], demo.min_group) == SHIELDED
    # Per round of a round comparison: the round that reached the minimum reads "afgeschermd".
    rounds = demo_scan.rondes_per_gemeente
    hidden = rounds[rounds["onderdrukt"]]
    for r in hidden.itertuples():
        n_van = raw[(raw["gemeente"] == r.gemeente) & (raw["perspectief"] == r.perspectief)
                    & (raw["ronde"] == r.van)]["respons_id"].nunique()
        assert pd.isna(r.n_van) and r.afgeschermd_van == (n_van >= demo.min_group)


def test_no_analysis_table_holds_a_suppression_label(demo_scan):
    """Numbers stay numbers: "n<5" and "afgeschermd" are written by the report, never stored."""
    import dataclasses

    for field in dataclasses.fields(demo_scan):
        table = getattr(demo_scan, field.name)
        if not isinstance(table, pd.DataFrame):
            continue
        for column in table.columns:
            if table[column].dtype == object:
                texts = {str(v) for v in table[column].dropna() if isinstance(v, str)}
                assert not any(t.startswith("n<") or t == SHIELDED for t in texts), (field.name, column)


def test_open_answers_only_from_groups_that_reached_the_minimum_and_redacted(demo_scan, demo):
    texts = " ".join(demo_scan.open["tekst"])
    for term in demo.settings.privacy.te_verwijderen:
        assert term not in texts
    assert "06-12345678" not in texts and "0612345678" not in texts and "[telefoonnummer]" in texts
    assert "jeugdarts" not in texts and "kleine dorp" not in texts  # Beekveen's 4 ketenpartners, Heidedorp
    assert not (demo_scan.open["gemeente"] == "Heidedorp").any()


# --- sentences ------------------------------------------------------------------------------------------

def _same_answers(vl, i):
    """The i-th respondent's answers; every group gets the same series, so no difference."""
    return {s.code: 1 + (i + j) % 5 for j, s in enumerate(vl.statements)}


def _contrast_study(vl):
    """Beleid clearly more positive than inwoners on K6 and identical on the rest; three
    ketenpartners (below the minimum) even more positive on K6."""
    responses = []
    for perspectief, n, k6 in (("inwoner", 15, (1, 2, 2, 3)), ("beleid", 15, (4, 4, 5, 5)),
                               ("ketenpartner", 3, (5, 5, 5, 5))):
        for i in range(n):
            answers = _same_answers(vl, i)
            answers.update({f"K6_{j}": k6[(i + j) % 4] for j in range(1, 5)})
            responses.append(_response(i, perspectief=perspectief, answers=answers))
    return responses


def test_a_sentence_only_where_perspectives_clearly_differ(tmp_path, vl):
    scan = _analyse(tmp_path, vl, _contrast_study(vl))
    sentences = list(scan.zinnen_perspectieven["zin"])
    assert len(sentences) == 1, sentences
    assert sentences[0].startswith("Beleid is positiever dan inwoners over ‘Transparant en eenvoudig proces’ "
                                   "(gemiddeld ")
    assert "Mann–Whitney, Holm-gecorrigeerd p " in sentences[0] and "; r = " in sentences[0]
    assert "ketenpartners" not in " ".join(sentences)  # 3 respondents: never compared


def test_no_sentence_without_a_difference(tmp_path, vl):
    responses = [_response(i, perspectief=p, answers=_same_answers(vl, i))
                 for p in ("inwoner", "beleid", "uitvoerder") for i in range(12)]
    scan = _analyse(tmp_path, vl, responses)
    assert len(scan.perspectieven_paren) == 3 * 7
    assert (scan.perspectieven_paren["p_holm"] >= 0.05).all()
    assert scan.zinnen_perspectieven.empty


def test_a_sentence_for_a_clear_change_between_rounds(tmp_path, vl):
    responses = []
    for ronde, k7 in (("nulmeting", (1, 2, 2)), ("vervolgmeting", (4, 4, 5))):
        for i in range(12):
            answers = _same_answers(vl, i)
            answers.update({f"K7_{j}": k7[(i + j) % 3] for j in range(1, 5)})
            responses.append(_response(i, ronde=ronde, answers=answers))
    scan = _analyse(tmp_path, vl, responses)
    sentences = list(scan.zinnen_rondes["zin"])
    assert len(sentences) == 1
    assert sentences[0].startswith("Inwoners zijn in de vervolgmeting positiever dan in de nulmeting over ‘Werken "
                                   "aan voorkomen")
    change = scan.rondes_vergeleken.set_index(["uitgangspunt", "perspectief"]).loc[("K7", "inwoner")]
    assert change["verschil"] > 1.5 and change["r"] > 0.9


def test_priorities_share_and_mean_rank(tmp_path, vl):
    responses = [_response(i, answers=_all(vl, 3), prioriteit=("K6", "K1", "K3") if i < 4 else ("K1", "K6"))
                 for i in range(6)]
    responses.append(_response(6, answers=_all(vl, 3)))  # did not answer the priority question
    prio = _analyse(tmp_path, vl, responses).prioriteiten.set_index("uitgangspunt")
    assert prio.loc["K6", "n"] == 6 and prio.loc["K6", "aantal"] == 6
    assert prio.loc["K6", "gemiddelde_rang"] == pytest.approx((4 * 1 + 2 * 2) / 6)
    assert prio.loc["K3", "aandeel"] == pytest.approx(4 / 6) and prio.loc["K5", "aantal"] == 0
    assert list(prio.sort_values("volgorde").index[:3]) == ["K6", "K1", "K3"]


# --- the report chapter --------------------------------------------------------------------------------

def _hash(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def report(demo, tmp_path_factory):
    from docx import Document

    from klantreis.report.compose import build_report

    from .helpers import write_sections

    before = _hash(DEMO_DB)
    folder = tmp_path_factory.mktemp("rapport")
    build_report(demo, folder / "rapport.docx")  # the whole report leaves the database alone too
    path = write_sections(demo, ["verkenning"], folder / "zelfscan.docx")
    return path, Document(str(path)), before


def _chapter(doc, title=None):
    """Text and figure alt texts of the verkenning's sections (between a chapter heading and the
    next Heading 1; without `title` all of them)."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    inside, texts, alts = False, [], []
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = Paragraph(child, doc)
            if p.style.name == "Heading 1":
                inside = title is None or p.text == title
            if inside:
                texts.append(p.text)
                alts += [d.get("descr", "") for d in child.iter(qn("wp:docPr"))]
        elif child.tag == qn("w:tbl") and inside:
            table = Table(child, doc)
            texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts), alts


def test_the_sections_have_alt_text_on_every_figure_and_tests_only_in_the_appendix(report):
    _, doc, _ = report
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 2", "Zelfscan in Lindewaarde") in headings
    assert ("Heading 2", "Zelfscan: gemeenten en perspectieven vergeleken") in headings
    main, _ = _chapter(doc, "De gemeenten vergeleken")
    assert "Cronbach" not in main and "Kruskal–Wallis" not in main
    text, alts = _chapter(doc)
    assert len(alts) == 4
    for alt in alts:
        assert len(alt) > 200 and any(ch.isdigit() for ch in alt)
    assert "Cronbach" in text and "Kruskal–Wallis" in text and "Open antwoorden" in text
    assert "Beleid is positiever dan inwoners over ‘Transparant en eenvoudig proces’" in text
    assert "n<5" in text


def test_the_chapter_shows_no_names_or_phone_numbers(report, demo):
    _, doc, _ = report
    text, alts = _chapter(doc)
    everything = text + " ".join(alts)
    for term in demo.settings.privacy.te_verwijderen:
        assert term not in everything
    assert "06-12345678" not in everything and "0612345678" not in everything
    assert "jeugdarts" not in everything and "kleine dorp" not in everything
    assert "[telefoonnummer]" in text


def test_building_the_report_leaves_the_demo_database_untouched(report):
    _, _, before = report
    assert _hash(DEMO_DB) == before
    for suffix in ("-wal", "-shm", "-journal"):
        assert not DEMO_DB.with_name(DEMO_DB.name + suffix).exists()
    with sqlite3.connect(f"file:{DEMO_DB}?mode=ro", uri=True) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def _chapter_only(study):
    """The verkenning's sections on their own, where the report places them."""
    import tempfile
    from pathlib import Path

    from docx import Document

    from .helpers import write_sections

    with tempfile.TemporaryDirectory() as folder:
        return Document(str(write_sections(study, ["verkenning"], Path(folder) / "zelfscan.docx")))


def test_no_section_and_no_analysis_without_responses(demo_copy, tmp_path):
    from docx import Document

    from klantreis.study import load_study

    from .helpers import write_sections

    db_path(demo_copy).unlink()
    study = load_study(demo_copy)
    assert va.analyse_verkenning(study) is None
    doc = Document(str(write_sections(study, ["verkenning"], tmp_path / "leeg.docx")))
    assert [p.text for p in doc.paragraphs if p.style.name != "Heading 1"] == []
    assert not db_path(demo_copy).exists()  # reading never creates a database


def test_the_demo_answers_are_invented_deterministically(vl):
    import importlib.util

    from klantreis.resources import KIT_ROOT

    spec = importlib.util.spec_from_file_location("maak_demo", KIT_ROOT / "tools" / "maak_demo_verkenning.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    first = tool.make_responses(vl, np.random.default_rng(tool.SEED))
    again = tool.make_responses(vl, np.random.default_rng(tool.SEED))
    assert first == again and {r.bron for r in first} == {"demo"}
    with Opslag(DEMO_DB, readonly=True) as store:
        assert store.count() == len(first)


def test_docx_figures_in_the_chapter_are_real_images(report):
    path, _, _ = report
    with zipfile.ZipFile(path) as z:
        assert sum(name.startswith("word/media/") for name in z.namelist()) >= 4


def test_sentences_use_dutch_numbers(demo_scan):
    for sentence in itertools.chain(demo_scan.zinnen_perspectieven["zin"], demo_scan.zinnen_rondes["zin"]):
        assert "." not in sentence.split("(gemiddeld ")[1].split(";")[0]  # 3,9 tegen 2,8


def test_a_study_with_one_round_gets_the_sections_without_a_round_comparison(demo_copy, vl):
    from klantreis.study import load_study

    db = db_path(demo_copy)
    db.unlink()
    rng = np.random.default_rng(1)
    responses = [_response(i, ronde="nulmeting", perspectief=p, answers={s.code: int(rng.integers(1, 6))
                                                                        for s in vl.statements})
                 for p in ("inwoner", "beleid") for i in range(8)]
    with Opslag(db) as store:
        store.save(responses)
    study = load_study(demo_copy)
    scan = va.analyse_verkenning(study)
    assert scan.rondes == ["nulmeting"] and scan.zinnen_rondes.empty
    headings = [p.text for p in _chapter_only(study).paragraphs if p.style.name.startswith("Heading")]
    assert "Zelfscan: gemeenten en perspectieven vergeleken" in headings
    assert not any(h.startswith("Nulmeting en") for h in headings)
    assert "Verschillen tussen gemeenten" not in headings  # only one gemeente answered


def test_the_chapter_writes_the_labels_of_a_small_group_in_every_table(demo_copy, vl):
    """Three beleid respondents in the vervolgmeting: no numbers for them anywhere, and every
    table says why ("n<5"), written by the report from the flags in the analysis."""
    from klantreis.study import load_study

    db = db_path(demo_copy)
    db.unlink()
    rng = np.random.default_rng(5)
    responses = [_response(i, ronde=ronde, perspectief=p, prioriteit=("K2", "K5"),
                           answers={s.code: int(rng.integers(1, 6)) for s in vl.statements})
                 for ronde, sizes in (("nulmeting", {"inwoner": 8, "uitvoerder": 6, "beleid": 8}),
                                      ("vervolgmeting", {"inwoner": 8, "uitvoerder": 6, "beleid": 3}))
                 for p, n in sizes.items() for i in range(n)]
    with Opslag(db) as store:
        store.save(responses)
    study = load_study(demo_copy)
    scan = va.analyse_verkenning(study)
    change = scan.rondes_vergeleken.set_index(["uitgangspunt", "perspectief"]).loc[("K1", "beleid")]
    assert change["onderdrukt"] and pd.isna(change["n_naar"]) and pd.isna(change["n_van"])
    assert change["afgeschermd_van"] and not change["afgeschermd_naar"]  # 8 in the nulmeting, 3 after
    doc = _chapter_only(study)
    tables = {t.rows[0].cells[0].text + "|" + t.rows[0].cells[-1].text: [[c.text for c in r.cells] for r in t.rows]
              for t in doc.tables}
    kw = tables["Uitgangspunt|Niet getoetst"]
    assert all(row[-1] == "beleid (n<5)" for row in kw[1:])
    priorities = {row[0]: row[1:] for row in tables["Perspectief|Laagste gemiddelde score"]}
    assert priorities["Beleid"] == ["n<5", "n<5"] and "(" in priorities["Inwoners"][0]
    changes = tables["Uitgangspunt|Beleid"]
    assert changes[0][1:] == ["Inwoners", "Uitvoerders", "Beleid"]
    assert all(row[-1] == "n<5" for row in changes[1:]) and all(row[1] != "n<5" for row in changes[1:])
    assert "Uitgangspunt|Ketenpartners" not in tables  # no ketenpartners answered: no column for them


def test_the_statement_figure_says_n_below_the_minimum_for_a_suppressed_statement():
    from klantreis.verkenning import figures

    table = pd.DataFrame({"stelling": ["K1_1", "K1_2"], "tekst": ["Een stelling", "Nog een"],
                          "uitgangspunt": ["K1", "K1"], "n": pd.array([12, pd.NA], dtype="Int64"),
                          **{f"aandeel_{p}": [0.2, np.nan] for p in range(1, 6)},
                          "aandeel_weet_niet": [0.1, 0.5], "onderdrukt": [False, True],
                          "afgeschermd": [False, False]})
    ax = figures.diverging_bars(table, min_group=10)
    texts = [t.get_text() for t in ax.texts]
    assert "n<10: te weinig antwoorden" in texts and "50%" in texts
