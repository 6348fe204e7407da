package clauses_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
	"koppel/refdata"
)

// TestReasonsInFrenchAndEnglish: an eligibility reason and its legal basis
// are written in the asked language, with its numbers, and the Dutch stays
// as it was.
func TestReasonsInFrenchAndEnglish(t *testing.T) {
	ref := refdata.Load()
	today := d(2026, 11, 23)
	lot := &koppel.Lot{ID: "1", Title: "Schoonmaak", CPV: []koppel.CPV{"90911200"}, Start: d(2027, 1, 1), End: d(2028, 12, 31)}
	valid := func(f koppel.WorkForm) koppel.Recognition { return rec(f, d(2020, 1, 1), d(2030, 12, 31)) }
	lde := koppel.Enterprise{Name: "LDE", Recognitions: []koppel.Recognition{valid(koppel.LokaleDiensteneconomie)}, FTETotal: ptr(12.0), FTETarget: ptr(4.5)}
	mwb := koppel.Enterprise{Name: "MWB", Recognitions: []koppel.Recognition{valid(koppel.Maatwerkbedrijf)}}
	tests := []struct {
		name  string
		e     koppel.Enterprise
		kind  koppel.ClauseKind
		lang  i18n.Lang
		want  string
		basis string
	}{
		{"MWB nl", mwb, koppel.ClauseReservedWS, i18n.NL, "Erkenning als Maatwerkbedrijf (ERK-1; volgens eigen opgave) geldig van 01/01/2020 tot 31/12/2030.", "Art. 20 richtlijn 2014/24/EU; art. 15 wet van 17 juni 2016"},
		{"MWB fr", mwb, koppel.ClauseReservedWS, i18n.FR, "Agrément comme entreprise de travail adapté (ETA) (ERK-1\u00a0; selon sa propre déclaration) valable du 01/01/2020 au 31/12/2030.", "Art. 20 de la directive 2014/24/UE\u00a0; art. 15 de la loi du 17 juin 2016 relative aux marchés publics"},
		{"MWB en", mwb, koppel.ClauseReservedWS, i18n.EN, "Recognition as sheltered workshop (maatwerkbedrijf) (ERK-1; self-declared) valid from 01/01/2020 to 31/12/2030.", "Directive 2014/24/EU, Article 20; Public Procurement Act of 17 June 2016, Article 15"},
		{"LDE share nl", lde, koppel.ClauseReservedWS, i18n.NL, "Lokale diensteneconomie (ERK-1): 4,5 van 12 VTE doelgroepwerknemers = 37,5 % volgens de eigen opgave, minstens de vereiste 30 %.", ""},
		{"LDE share fr", lde, koppel.ClauseReservedWS, i18n.FR, "Économie locale de services (ERK-1)\u00a0: 4,5 ETP de travailleurs des groupes cibles sur 12 = 37,5\u00a0% selon sa propre déclaration, au moins les 30\u00a0% requis.", ""},
		{"LDE share en", lde, koppel.ClauseReservedWS, i18n.EN, "Local service economy (ERK-1): 4.5 of 12 FTE target-group workers = 37.5% as declared by the enterprise, at least the required 30%.", ""},
		{"no recognition en", koppel.Enterprise{Name: "Bv"}, koppel.ClauseReservedExecution, i18n.EN, "Bv has no recognition as sheltered workshop (maatwerkbedrijf).", ""},
		{"open fr", lde, koppel.ClauseAwardCriterion, i18n.FR, "Tout le monde peut soumissionner\u00a0; avec 4,5 ETP de travailleurs des groupes cibles sur 12 = 37,5\u00a0% selon sa propre déclaration, LDE est un partenaire ou sous-traitant solide.", "Art. 67 de la directive 2014/24/UE\u00a0; art. 81 de la loi du 17 juin 2016 relative aux marchés publics"},
		{"open en", lde, koppel.ClauseAwardCriterion, i18n.EN, "Anyone may bid; with 4.5 of 12 FTE target-group workers = 37.5% as declared by the enterprise, LDE is a strong partner or subcontractor.", "Directive 2014/24/EU, Article 67; Public Procurement Act of 17 June 2016, Article 81"},
		{"social services only en", koppel.Enterprise{Name: "Vzw", PublicServiceMission: ptr(true)}, koppel.ClauseReservedPubSer, i18n.EN, "This clause is only allowed for social, health and cultural services: the main CPV code 90911200 is not on the list of social services. Ask the buyer to check the clause.", "Directive 2014/24/EU, Article 77"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := clauses.CheckIn(tt.lang, ref, &tt.e, lot, tt.kind, today)
			if got.Reason != tt.want {
				t.Errorf("reason\n got %q\nwant %q", got.Reason, tt.want)
			}
			if tt.basis != "" && got.LegalBasis != tt.basis {
				t.Errorf("legal basis %q, want %q", got.LegalBasis, tt.basis)
			}
		})
	}
	// A lot without clauses, and a verified recognition.
	if got := clauses.CheckLotIn(i18n.FR, ref, &mwb, lot, today).Reason; got != "Pas de clause sociale\u00a0: tout le monde peut soumissionner." {
		t.Errorf("no clause in French: %q", got)
	}
	e := mwb
	e.Recognitions = []koppel.Recognition{valid(koppel.Maatwerkbedrijf)}
	e.Recognitions[0].Verified = &koppel.Verification{Source: "Departement WSE", RegisterAt: time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)}
	want := "Recognition as sheltered workshop (maatwerkbedrijf) (ERK-1; verified in the Departement WSE register of 01/12/2026) valid from 01/01/2020 to 31/12/2030."
	if got := clauses.CheckIn(i18n.EN, ref, &e, lot, koppel.ClauseReservedWS, today).Reason; got != want {
		t.Errorf("verified in English\n got %q\nwant %q", got, want)
	}
}

// numbers are the article numbers, years and days in a legal basis.
var numbers = regexp.MustCompile(`\d+`)

// TestLegalBasesSameArticles: the French and English legal basis of every
// rule and every model clause cite the same articles, directive and law as
// the Dutch one (the same numbers), the law by its official French title.
func TestLegalBasesSameArticles(t *testing.T) {
	type basis struct{ who, nl, fr, en string }
	var all []basis
	for _, r := range clauses.Rules() {
		all = append(all, basis{"rule " + r.ID + " " + string(r.Clause), r.LegalBasis, r.LegalBasisFR, r.LegalBasisEN})
	}
	for _, cl := range clauses.Load().Clauses {
		all = append(all, basis{"clause " + string(cl.Kind), cl.LegalBasis, cl.LegalBasisFR, cl.LegalBasisEN})
	}
	sorted := func(s string) []string {
		n := numbers.FindAllString(s, -1)
		slices.Sort(n)
		return n
	}
	for _, b := range all {
		want := sorted(b.nl)
		for l, s := range map[i18n.Lang]string{i18n.FR: b.fr, i18n.EN: b.en} {
			if got := sorted(s); !slices.Equal(got, want) {
				t.Errorf("%s in %s: %q cites %v, want %v as %q", b.who, l, s, got, want, b.nl)
			}
			if left := i18n.DutchLeft(l, s); left != "" || strings.Contains(s, "richtlijn") {
				t.Errorf("%s in %s: Dutch left in %q", b.who, l, s)
			}
		}
		if strings.Contains(b.nl, "wet van 17 juni 2016") {
			if !strings.Contains(b.fr, "loi du 17 juin 2016 relative aux marchés publics") || !strings.Contains(b.en, "Public Procurement Act of 17 June 2016") {
				t.Errorf("%s: %q / %q, want the law of 17 June 2016 by its names", b.who, b.fr, b.en)
			}
		}
	}
}

// TestDraftInFrenchAndEnglish: a draft's legal basis, risks and points to
// decide follow the language, one for one with the Dutch, and the library
// keeps its Dutch risks in their order.
func TestDraftInFrenchAndEnglish(t *testing.T) {
	ref := refdata.Load()
	lib := clauses.Load()
	cleaning := &koppel.Lot{ID: "1", Title: "Schoonmaak", CPV: []koppel.CPV{"90911200"}}
	for _, k := range koppel.ClauseKinds {
		if k.Kind == koppel.ClauseReservedPubSer {
			continue // not allowed for cleaning
		}
		cl, _ := lib.Clause(k.Kind)
		before := slices.Clone(cl.RisksNL)
		nl, err := lib.DraftClauseIn(i18n.NL, ref, k.Kind, cleaning, clauses.TemplateParams{})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
			d, err := lib.DraftClauseIn(l, ref, k.Kind, cleaning, clauses.TemplateParams{})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Risks) != len(nl.Risks) || len(d.ToDecide) != len(nl.ToDecide) || d.LegalBasis == nl.LegalBasis {
				t.Errorf("%s in %s: %d risks, %d points, legal basis %q; want %d, %d and a basis of its own", k.Kind, l, len(d.Risks), len(d.ToDecide), d.LegalBasis, len(nl.Risks), len(nl.ToDecide))
			}
			if d.TextNL != nl.TextNL {
				t.Errorf("%s in %s: the Dutch clause text changed", k.Kind, l)
			}
			text := d.LegalBasis + "\n" + strings.Join(d.Risks, "\n") + "\n" + strings.Join(d.ToDecide, "\n")
			if left := i18n.DutchLeft(l, text); left != "" {
				t.Errorf("%s in %s: Dutch left: %q", k.Kind, l, left)
			}
		}
		if !slices.Equal(cl.RisksNL, before) {
			t.Errorf("%s: drafting reordered the library's risks: %q, was %q", k.Kind, cl.RisksNL, before)
		}
	}
	// The scan says in the reader's language why res-pub-ser is not allowed.
	scan := clauses.ScanLotIn(i18n.FR, ref, cleaning, nil, d(2026, 11, 23))
	if why := scan.ByKind[koppel.ClauseReservedPubSer].Why; why != "uniquement pour les services sociaux, de santé et culturels\u00a0; le code CPV principal 90911200 ne figure pas sur la liste des services sociaux" {
		t.Errorf("why not allowed in French: %q", why)
	}
	if why := clauses.ScanLot(ref, cleaning, nil, d(2026, 11, 23)).ByKind[koppel.ClauseReservedPubSer].Why; why != "alleen voor sociale, gezondheids- en culturele diensten; de hoofd-CPV-code 90911200 staat niet op de lijst van sociale diensten" {
		t.Errorf("why not allowed in Dutch: %q", why)
	}
}

// TestNotAllowedErrorInEnglish: drafting res-pub-ser for a lot outside the
// social services is refused, and the refusal says why in the reader's
// language, the code's reason included.
func TestNotAllowedErrorInEnglish(t *testing.T) {
	_, err := clauses.Load().DraftClause(refdata.Load(), koppel.ClauseReservedPubSer, &koppel.Lot{Title: "Schoonmaak", CPV: []koppel.CPV{"90911200"}}, clauses.TemplateParams{})
	if koppel.ErrorCode(err) != koppel.EINVALID {
		t.Fatalf("got %v, want EINVALID", err)
	}
	if got := i18n.ErrorText(i18n.EN, err); !strings.Contains(got, "the main CPV code 90911200 is not on the list of social services") || i18n.DutchLeft(i18n.EN, got) != "" {
		t.Errorf("English refusal %q", got)
	}
	if got := koppel.ErrorMessage(err); !strings.Contains(got, "de hoofd-CPV-code 90911200 staat niet op de lijst van sociale diensten") {
		t.Errorf("Dutch refusal %q", got)
	}
}
