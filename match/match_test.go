package match_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"koppel"
	"koppel/indexer/indexertest"
	"koppel/match"
)

func f64(f float64) *float64 { return &f }

func kbo(n int) koppel.KBO {
	return koppel.KBO(fmt.Sprintf("%08d%02d", n, koppel.KBOCheckDigits(n)))
}

// catalogue builds a hand-made catalogue: enterprises given by a short
// spec, each with one cleaning offering unless changed by fn.
type entSpec struct {
	n        int
	name     string
	postcode string
	form     koppel.WorkForm
	total    *float64
	target   *float64
	area     koppel.ServiceArea
	offer    func(o *koppel.Offering)
}

func cleaning(e koppel.KBO) *koppel.Offering {
	return &koppel.Offering{
		ID: "SCH-1", Enterprise: e, Title: "Schoonmaak van kantoren",
		Description: "Dagelijkse schoonmaak van kantoren en sanitair met vaste ploegen.",
		Category:    "schoonmaak", CPV: []koppel.CPV{"90919200"}, Capacity: 3, Unit: "VTE",
		Keywords: []string{"schoonmaak", "poetsen"},
	}
}

func buildSource(specs []entSpec, tenders ...*koppel.Tender) *indexertest.MemSource {
	src := indexertest.New()
	for _, s := range specs {
		e := &koppel.Enterprise{
			KBO: kbo(s.n), Name: s.name, Address: koppel.Address{Postcode: s.postcode},
			Recognitions: []koppel.Recognition{{Form: s.form, Number: "T-1", ValidFrom: koppel.NewDate(2020, 1, 1)}},
			FTETotal:     s.total, FTETarget: s.target, ServiceArea: s.area,
		}
		src.Enterprises[e.KBO] = e
		o := cleaning(e.KBO)
		if s.offer != nil {
			s.offer(o)
		}
		src.AddOffering(o)
	}
	for _, t := range tenders {
		src.Tenders[t.ID] = t
	}
	return src
}

var (
	mwb  = koppel.Maatwerkbedrijf
	r30  = koppel.ServiceArea{RadiusKm: 30}
	full = f64(50)
	high = f64(40)
)

// cleaningLot is a reserved cleaning lot in Gent.
func cleaningLot() koppel.Lot {
	return koppel.Lot{
		ID: "LOT-1", Title: "Schoonmaak van kantoren", Description: "Dagelijkse schoonmaak van kantoren en sanitair.",
		CPV: []koppel.CPV{"90919200"}, Postcode: "9000", VolumeFTE: 2,
		Start: koppel.NewDate(2027, 1, 1), End: koppel.NewDate(2027, 12, 31),
		Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}},
	}
}

func cleaningTender() *koppel.Tender {
	return &koppel.Tender{ID: "T-1", Title: "Schoonmaak stadhuis", Buyer: koppel.Buyer{Name: "Stad"}, Status: koppel.TenderPublished,
		Deadline: koppel.NewDate(2026, 9, 1), Lots: []koppel.Lot{cleaningLot()}}
}

// ranks returns the rank of each enterprise in the lot's matches.
func ranks(lm *match.LotMatches) map[koppel.KBO]int {
	out := map[koppel.KBO]int{}
	for _, m := range lm.Matches {
		out[m.Enterprise.KBO] = m.Rank
	}
	return out
}

func matchLot(t *testing.T, m *match.Matcher, tn *koppel.Tender, opts match.Options) *match.LotMatches {
	t.Helper()
	if opts.Size == 0 {
		opts.Size = match.MaxSize
	}
	lm, err := m.MatchLot(context.Background(), tn, &tn.Lots[0], opts)
	if err != nil {
		t.Fatal(err)
	}
	return lm
}

func TestRanking(t *testing.T) {
	src := buildSource([]entSpec{
		{n: 40000001, name: "Gent dichtbij", postcode: "9000", form: mwb, total: full, target: high, area: r30},
		{n: 40000002, name: "Aalst verder", postcode: "9300", form: mwb, total: full, target: high, area: r30},
		{n: 40000003, name: "Gent zonder CPV", postcode: "9000", form: mwb, total: full, target: high, area: r30,
			offer: func(o *koppel.Offering) { o.CPV = nil }},
		{n: 40000004, name: "Gent te verifiëren", postcode: "9000", form: koppel.LokaleDiensteneconomie, area: r30},
		{n: 40000005, name: "Gent niet toegelaten", postcode: "9000", form: koppel.Cooperatie, total: f64(20), target: f64(2), area: r30},
		{n: 40000006, name: "Gent andere CPV-code zelfde klasse", postcode: "9000", form: mwb, total: full, target: high, area: r30,
			offer: func(o *koppel.Offering) { o.CPV = []koppel.CPV{"90911200"} }},
	})
	m := mustMatcher(t, src)
	tn := cleaningTender()
	lm := matchLot(t, m, tn, match.Options{})
	r := ranks(lm)
	near, far, noCPV, verify, notElig, sibling := kbo(40000001), kbo(40000002), kbo(40000003), kbo(40000004), kbo(40000005), kbo(40000006)

	t.Run("closer beats farther at equal text", func(t *testing.T) {
		if r[near] == 0 || r[far] == 0 || r[near] > r[far] {
			t.Errorf("got ranks near %d, far %d, want near before far", r[near], r[far])
		}
	})
	t.Run("shared CPV prefix beats none", func(t *testing.T) {
		if r[noCPV] == 0 || r[near] > r[noCPV] || r[sibling] > r[noCPV] {
			t.Errorf("got ranks same code %d, same class %d, no CPV %d; want the CPV ones first", r[near], r[sibling], r[noCPV])
		}
		if r[near] > r[sibling] {
			t.Errorf("got ranks same code %d, same class %d; want the equal code first", r[near], r[sibling])
		}
	})
	t.Run("to_verify after eligible", func(t *testing.T) {
		if r[verify] == 0 || r[near] > r[verify] {
			t.Errorf("got ranks eligible %d, to verify %d", r[near], r[verify])
		}
		for _, mt := range lm.Matches {
			if mt.Enterprise.KBO == verify && mt.Eligibility.Verdict != koppel.ToVerify {
				t.Errorf("got verdict %s, want to_verify", mt.Eligibility.Verdict)
			}
		}
	})
	t.Run("not_eligible left out of a res-ws lot", func(t *testing.T) {
		if r[notElig] != 0 {
			t.Errorf("not-eligible enterprise at rank %d", r[notElig])
		}
		if lm.Excluded != 1 {
			t.Errorf("got excluded %d, want 1", lm.Excluded)
		}
	})
	t.Run("not_eligible present and marked with IncludeIneligible", func(t *testing.T) {
		all := matchLot(t, m, tn, match.Options{IncludeIneligible: true})
		found := false
		for _, mt := range all.Matches {
			if mt.Enterprise.KBO == notElig {
				found = true
				if mt.Eligibility.Verdict != koppel.NotEligible || mt.Eligibility.LegalBasis == "" || mt.Eligibility.Reason == "" {
					t.Errorf("got eligibility %+v, want not_eligible with reason and legal basis", mt.Eligibility)
				}
				if mt.Rank != len(all.Matches) {
					t.Errorf("got rank %d of %d, want last", mt.Rank, len(all.Matches))
				}
			}
		}
		if !found {
			t.Error("not-eligible enterprise missing with IncludeIneligible")
		}
	})
	t.Run("open lot: everyone", func(t *testing.T) {
		open := cleaningTender()
		open.Lots[0].Clauses = []koppel.Clause{{Kind: koppel.ClauseExecutionCondition}}
		lm := matchLot(t, m, open, match.Options{})
		if got := ranks(lm)[notElig]; got == 0 {
			t.Error("enterprise missing from an open lot")
		}
	})
	t.Run("explanation", func(t *testing.T) {
		mt := lm.Matches[0]
		if mt.Enterprise.KBO != near {
			t.Fatalf("got first %s, want %s", mt.Enterprise.Name, near)
		}
		ex := mt.Explanation
		if ex.CPV == nil || ex.CPV.SharedPrefix != "909192" || ex.CPV.Label == "" {
			t.Errorf("got cpv %+v, want shared 909192 with a label", ex.CPV)
		}
		if ex.DistanceKm == nil || *ex.DistanceKm > 1 {
			t.Errorf("got distance %v, want about 0", ex.DistanceKm)
		}
		if ex.Capacity == nil || ex.Capacity.RequiredFTE != 2 || ex.Capacity.Enough == nil || !*ex.Capacity.Enough {
			t.Errorf("got capacity %+v", ex.Capacity)
		}
		for _, w := range []string{"schoonmaak", "kantoren", "sanitair"} {
			if !strings.Contains(strings.Join(ex.Terms, " "), w) {
				t.Errorf("terms %v lack %q", ex.Terms, w)
			}
		}
		want := "Zelfde CPV-code 90919200 (Schoonmaken van kantoren), overeenkomende woorden: schoonmaak, kantoren, sanitair, in Gent, 3 VTE beschikbaar voor 2 VTE gevraagd, erkend maatwerkbedrijf."
		if ex.Text != want {
			t.Errorf("got text\n%q, want\n%q", ex.Text, want)
		}
		sib := lm.Matches[r[sibling]-1].Explanation
		if sib.CPV == nil || sib.CPV.SharedPrefix != "9091" || sib.CPV.Level != "klasse" || !strings.Contains(sib.Text, "Zelfde CPV-klasse 9091 (Reinigingsdiensten)") {
			t.Errorf("got sibling explanation %+v", sib)
		}
	})
	t.Run("json shape", func(t *testing.T) {
		res, err := m.MatchTender(context.Background(), tn, match.Options{Size: 2})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(res)
		var v struct {
			Tender struct{ ID, Title string }
			Lots   []struct {
				LotID   string            `json:"lot_id"`
				Clauses []json.RawMessage `json:"clauses"`
				Total   int               `json:"total"`
				Matches []struct {
					Rank       int
					Score      float64
					Enterprise struct {
						KBO, Name string
						WorkForms []string `json:"work_forms"`
					}
					Offerings   []struct{ Code, Title string }
					Eligibility struct {
						Verdict, Rule string
						LegalBasis    string `json:"legal_basis"`
						Reason        string
					}
					Explanation struct {
						Terms      []string
						CPV        struct{ SharedPrefix, Label string } `json:"cpv"`
						DistanceKm *float64                             `json:"distance_km"`
						Capacity   json.RawMessage
						Text       string
					}
				}
			}
		}
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		if v.Tender.ID != "T-1" || len(v.Lots) != 1 || len(v.Lots[0].Matches) != 2 || v.Lots[0].Total < 5 {
			t.Fatalf("got %s", b)
		}
		mt := v.Lots[0].Matches[0]
		if mt.Rank != 1 || mt.Enterprise.KBO == "" || len(mt.Offerings) == 0 || mt.Eligibility.Verdict != "eligible" || mt.Eligibility.LegalBasis == "" || mt.Explanation.Text == "" || !strings.Contains(string(b), `"shared_prefix":"909192"`) {
			t.Errorf("got %s", b)
		}
	})
	t.Run("text", func(t *testing.T) {
		res, err := m.MatchTender(context.Background(), tn, match.Options{Size: 3})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := res.WriteText(&buf); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"Opdracht T-1: Schoonmaak stadhuis", "Perceel LOT-1", "1. [", "Gent dichtbij", "waarom: Zelfde CPV-code", "plaats: Staat boven ", "plaats: Staat onder ", "geschiktheid: toegelaten", "(1 niet toegelaten weggelaten)"} {
			if !strings.Contains(buf.String(), want) {
				t.Errorf("text lacks %q:\n%s", want, buf.String())
			}
		}
	})
	t.Run("paging", func(t *testing.T) {
		p2 := matchLot(t, m, tn, match.Options{Page: 2, Size: 2})
		if len(p2.Matches) != 2 || p2.Matches[0].Rank != 3 || p2.Total != lm.Total {
			t.Errorf("got page 2 %+v", p2)
		}
		if _, err := m.MatchLot(context.Background(), tn, &tn.Lots[0], match.Options{Size: 1000}); koppel.ErrorCode(err) != koppel.EINVALID {
			t.Errorf("got %v, want EINVALID", err)
		}
	})
}

func TestServiceArea(t *testing.T) {
	src := buildSource([]entSpec{
		{n: 41000001, name: "Brugge te ver", postcode: "8000", form: mwb, total: full, target: high, area: koppel.ServiceArea{RadiusKm: 20}},
		{n: 41000002, name: "Brugge met Gent op de lijst", postcode: "8000", form: mwb, total: full, target: high, area: koppel.ServiceArea{RadiusKm: 10, Municipalities: []string{"Gent"}}},
		{n: 41000003, name: "Antwerpen met de provincie", postcode: "2000", form: mwb, total: full, target: high, area: koppel.ServiceArea{RadiusKm: 5, Provinces: []string{"Oost-Vlaanderen"}}},
		{n: 41000004, name: "Kortrijk, aanbod met eigen straal", postcode: "8500", form: mwb, total: full, target: high, area: koppel.ServiceArea{RadiusKm: 10},
			offer: func(o *koppel.Offering) { o.ServiceArea = koppel.ServiceArea{RadiusKm: 100} }},
		{n: 41000005, name: "Antwerpen, aanbod met kleinere straal", postcode: "2000", form: mwb, total: full, target: high, area: koppel.ServiceArea{RadiusKm: 80},
			offer: func(o *koppel.Offering) { o.ServiceArea = koppel.ServiceArea{RadiusKm: 10} }},
		{n: 41000006, name: "Gent zonder werkgebied", postcode: "9000", form: mwb, total: full, target: high},
		{n: 41000007, name: "Aalst zonder werkgebied", postcode: "9300", form: mwb, total: full, target: high},
	})
	m := mustMatcher(t, src)
	r := ranks(matchLot(t, m, cleaningTender(), match.Options{}))
	for n, want := range map[int]bool{41000001: false, 41000002: true, 41000003: true, 41000004: true, 41000005: false, 41000006: true, 41000007: false} {
		if got := r[kbo(n)] > 0; got != want {
			t.Errorf("%s: got matched %v, want %v", src.Enterprises[kbo(n)].Name, got, want)
		}
	}
	t.Run("lot without place", func(t *testing.T) {
		tn := cleaningTender()
		tn.Lots[0].Postcode = ""
		r := ranks(matchLot(t, m, tn, match.Options{}))
		if len(r) != len(src.Enterprises) {
			t.Errorf("got %d matches, want all %d", len(r), len(src.Enterprises))
		}
	})
}

func TestTendersForEnterprise(t *testing.T) {
	open := cleaningTender()
	closed := cleaningTender()
	closed.ID, closed.Status = "T-closed", koppel.TenderClosed
	past := cleaningTender()
	past.ID, past.Deadline = "T-past", koppel.NewDate(2026, 1, 1)
	draft := cleaningTender()
	draft.ID, draft.Status = "T-draft", koppel.TenderDraft
	green := cleaningTender()
	green.ID, green.Title = "T-green", "Groenonderhoud"
	green.Lots[0] = koppel.Lot{ID: "G", Title: "Maaien en snoeien", Description: "Groenonderhoud van de parken.", CPV: []koppel.CPV{"77310000"}, Postcode: "9000"}
	far := cleaningTender()
	far.ID = "T-far"
	far.Lots[0].Postcode = "8400"
	two := cleaningTender()
	two.ID, two.Title = "T-two", "Twee percelen"
	two.Lots = append(two.Lots, green.Lots[0])
	src := buildSource([]entSpec{
		{n: 42000001, name: "Gent schoonmaak", postcode: "9000", form: mwb, total: full, target: high, area: r30},
		{n: 42000002, name: "Gent coöperatie", postcode: "9000", form: koppel.Cooperatie, total: f64(20), target: f64(2), area: r30},
	}, open, closed, past, draft, green, far, two)
	m := mustMatcher(t, src)
	ctx := context.Background()

	res, err := m.TendersForEnterprise(ctx, kbo(42000001), match.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, tf := range res.Tenders {
		ids = append(ids, tf.Tender.ID)
		if len(tf.Lots) != 1 || tf.Lots[0].LotID != "LOT-1" {
			t.Errorf("%s: got lots %+v, want only the cleaning lot", tf.Tender.ID, tf.Lots)
		}
	}
	if strings.Join(ids, ",") != "T-1,T-two" || res.Total != 2 {
		t.Errorf("got tenders %v (total %d), want T-1,T-two", ids, res.Total)
	}
	// The same match both ways.
	lm := matchLot(t, m, open, match.Options{})
	fwd := lm.Matches[ranks(lm)[kbo(42000001)]-1]
	back := res.Tenders[0].Lots[0].Match
	if fwd.Score != back.Score || fwd.Explanation.Text != back.Explanation.Text || fwd.Eligibility != back.Eligibility {
		t.Errorf("forward %+v\nand reverse %+v differ", fwd, back)
	}

	t.Run("not eligible", func(t *testing.T) {
		res, err := m.TendersForEnterprise(ctx, kbo(42000002), match.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 0 {
			t.Errorf("got %d tenders for a not-eligible enterprise, want 0", res.Total)
		}
		res, err = m.TendersForEnterprise(ctx, kbo(42000002), match.Options{IncludeIneligible: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 2 || res.Tenders[0].Lots[0].Match.Eligibility.Verdict != koppel.NotEligible {
			t.Errorf("got %+v, want 2 tenders marked not_eligible", res)
		}
		var buf bytes.Buffer
		if err := res.WriteText(&buf); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "NIET toegelaten") {
			t.Errorf("text lacks the verdict:\n%s", buf.String())
		}
	})
	t.Run("unknown enterprise", func(t *testing.T) {
		if _, err := m.TendersForEnterprise(ctx, kbo(42000009), match.Options{}); koppel.ErrorCode(err) != koppel.ENOTFOUND {
			t.Errorf("got %v, want ENOTFOUND", err)
		}
	})
}
