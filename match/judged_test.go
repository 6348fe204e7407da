package match_test

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
	"koppel/clauses"
	"koppel/demo"
	"koppel/i18n"
	"koppel/indexer/indexertest"
	"koppel/match"
	"koppel/refdata"
)

var update = flag.Bool("update", false, "rewrite testdata/judgements.json and testdata/baseline.json")

// judgedCatalogue is the fixed catalogue of the judged set: 120 demo
// enterprises with 600 offerings.
func judgedCatalogue() *indexertest.MemSource {
	return indexertest.FromDemo(demo.Options{Seed: demo.DefaultSeed, Enterprises: 120, OfferingsPerEnterprise: 5})
}

// judgedLot is one lot of testdata/lots.json with the category a fitting
// enterprise offers (the judgement rule; the engine never sees it). An
// empty category is a service no enterprise of the catalogue offers (IT
// support): nothing should be shown. Language is the notice's language
// (empty: Dutch).
type judgedLot struct {
	ID          string              `json:"id"`
	Category    koppel.Category     `json:"category"`
	Language    string              `json:"language"`
	Title       string              `json:"title"`
	Description string              `json:"description"`
	CPV         []string            `json:"cpv"`
	Postcode    string              `json:"postcode"`
	VolumeFTE   float64             `json:"volume_fte"`
	Start       koppel.Date         `json:"start"`
	End         koppel.Date         `json:"end"`
	Clauses     []koppel.ClauseKind `json:"clauses"`
}

func (j judgedLot) lot(t testing.TB, ref *refdata.Data) koppel.Lot {
	t.Helper()
	l := koppel.Lot{ID: j.ID, Title: j.Title, Description: j.Description, Postcode: j.Postcode, VolumeFTE: j.VolumeFTE, Start: j.Start, End: j.End}
	for _, c := range j.CPV {
		v, err := koppel.ValidateCPV(ref, c)
		if err != nil {
			t.Fatalf("lot %s: %v", j.ID, err)
		}
		l.CPV = append(l.CPV, v)
	}
	for _, k := range j.Clauses {
		l.Clauses = append(l.Clauses, koppel.Clause{Kind: k})
	}
	tn := koppel.Tender{Title: "Judged", Buyer: koppel.Buyer{Name: "Test"}, Lots: []koppel.Lot{l}}
	if err := tn.Validate(ref); err != nil {
		t.Fatalf("lot %s: %v", j.ID, err)
	}
	return tn.Lots[0]
}

func readLots(t testing.TB) []judgedLot {
	t.Helper()
	b, err := os.ReadFile("testdata/lots.json")
	if err != nil {
		t.Fatal(err)
	}
	var lots []judgedLot
	if err := json.Unmarshal(b, &lots); err != nil {
		t.Fatal(err)
	}
	return lots
}

// judgement is what the rules say of a lot: the enterprises that should
// come first and those that must not appear.
type judgement struct {
	Relevant  []koppel.KBO `json:"relevant"`
	Forbidden []koppel.KBO `json:"forbidden"` // not eligible for the reserved lot
}

// judge applies the rules, independently of the engine: an enterprise is
// relevant when it has an offering of the lot's category whose service
// area covers the place (radius around its postcode, listed municipality
// or province, or else its own municipality), and it is eligible for a
// reserved lot; when it fits but is not eligible, it is forbidden. Those
// "to verify" are neither: they may appear, but do not count as hits.
func judge(src *indexertest.MemSource, ref *refdata.Data, j judgedLot, l koppel.Lot) judgement {
	out := judgement{Relevant: []koppel.KBO{}, Forbidden: []koppel.KBO{}}
	lp, _ := ref.Postcode(l.Postcode)
	for kbo, e := range src.Enterprises {
		home, _ := ref.Postcode(e.Address.Postcode)
		fits := false
		for _, o := range src.Offerings {
			if o.Enterprise != kbo || o.Category != j.Category {
				continue
			}
			area := o.ServiceArea
			if area.IsZero() {
				area = e.ServiceArea
			}
			if inArea(ref, area, home, lp) {
				fits = true
			}
		}
		if !fits {
			continue
		}
		switch clauses.CheckLotIn(i18n.NL, ref, e, &l, today).Verdict {
		case koppel.NotEligible:
			out.Forbidden = append(out.Forbidden, kbo)
		case koppel.Eligible, koppel.NotApplicable:
			out.Relevant = append(out.Relevant, kbo)
		}
	}
	slices.Sort(out.Relevant)
	slices.Sort(out.Forbidden)
	return out
}

func inArea(ref *refdata.Data, a koppel.ServiceArea, home, p koppel.Place) bool {
	if a.IsZero() {
		return home.Municipality == p.Municipality
	}
	if a.RadiusKm > 0 && koppel.DistanceKm(home.Lat, home.Lon, p.Lat, p.Lon) <= a.RadiusKm {
		return true
	}
	for _, m := range a.Municipalities {
		if q, ok := ref.ResolvePlace(m); ok && q.Municipality == p.Municipality {
			return true
		}
	}
	for _, pr := range a.Provinces {
		if c, ok := ref.ParseProvince(pr); ok && c == p.Province {
			return true
		}
	}
	return false
}

// TestJudgedPrecision measures precision@5 over the judged lots: the share
// of the first five enterprises that the rules call relevant (out of
// min(5, relevant) when fewer are relevant; for a lot that nothing in the
// catalogue fits, 1 when nothing is shown and else 0), averaged over the
// lots, and
// fails below the baseline in testdata/baseline.json (recorded a little
// under the measured 0.978 and 0.839: Bleve breaks score ties at the candidate
// cut-off by segment order, which varies between in-memory builds), and
// fit@5 (see fitAt5) below its baseline. It also checks that no
// not-eligible enterprise appears for a reserved lot.
func TestJudgedPrecision(t *testing.T) {
	ref := refdata.Load()
	src := judgedCatalogue()
	m := mustMatcher(t, src)
	lots := readLots(t)
	if len(lots) < 20 {
		t.Fatalf("%d judged lots, want at least 20", len(lots))
	}
	got := map[string]judgement{}
	var sum, fitSum float64
	var forbiddenLots int
	report := ""
	for _, j := range lots {
		l := j.lot(t, ref)
		jd := judge(src, ref, j, l)
		got[j.ID] = jd
		if len(jd.Relevant) == 0 && j.Category != "" {
			t.Errorf("lot %s: no relevant enterprise in the catalogue; choose another place", j.ID)
			continue
		}
		if len(jd.Forbidden) > 0 {
			forbiddenLots++
		}
		tn := &koppel.Tender{ID: "judged-" + j.ID, Title: j.Title, Language: j.Language, Lots: []koppel.Lot{l}}
		lm, err := m.MatchLot(context.Background(), tn, &tn.Lots[0], match.Options{Size: match.MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		for _, mt := range lm.Matches {
			if slices.Contains(jd.Forbidden, mt.Enterprise.KBO) {
				t.Errorf("lot %s: not-eligible %s (%s) appears at rank %d", j.ID, mt.Enterprise.Name, mt.Enterprise.KBO, mt.Rank)
			}
		}
		hits := 0
		for _, mt := range lm.Matches[:min(5, len(lm.Matches))] {
			if slices.Contains(jd.Relevant, mt.Enterprise.KBO) {
				hits++
			}
		}
		var p, fit float64
		switch {
		case j.Category != "":
			p = float64(hits) / float64(min(5, len(jd.Relevant)))
			fit = fitAt5(src, j.Category, lm.Matches)
		case len(lm.Matches) == 0:
			// Nothing fits and nothing is shown: right.
			p, fit = 1, 1
		}
		sum += p
		fitSum += fit
		report += fmt.Sprintf("%s %-55s relevant %3d forbidden %2d total %3d p@5 %.2f fit@5 %.2f\n", j.ID, j.Title, len(jd.Relevant), len(jd.Forbidden), lm.Total, p, fit)
	}
	if forbiddenLots < 3 {
		t.Errorf("only %d reserved lots have a fitting but not-eligible enterprise; want at least 3", forbiddenLots)
	}
	p5 := sum / float64(len(lots))
	fit5 := fitSum / float64(len(lots))
	t.Logf("per lot:\n%s", report)
	t.Logf("precision@5 = %.4f over %d lots", p5, len(lots))
	t.Logf("fit@5 = %.4f over %d lots", fit5, len(lots))

	if *update {
		writeJSON(t, "testdata/judgements.json", got)
		writeJSON(t, "testdata/baseline.json", map[string]float64{"precision_at_5": p5, "fit_at_5": fit5})
		return
	}
	var want map[string]judgement
	readJSON(t, "testdata/judgements.json", &want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the rules judge the catalogue differently from testdata/judgements.json (run with -update after checking) (-want +got):\n%s", diff)
	}
	var base map[string]float64
	readJSON(t, "testdata/baseline.json", &base)
	if p5 < base["precision_at_5"]-1e-9 {
		t.Errorf("precision@5 = %.4f, below the baseline %.4f", p5, base["precision_at_5"])
	}
	if fit5 < base["fit_at_5"]-1e-9 {
		t.Errorf("fit@5 = %.4f, below the baseline %.4f", fit5, base["fit_at_5"])
	}
}

// fitAt5 is the share of the first five matches (as many as are shown)
// with an offering of the lot's category, whatever their eligibility: it
// counts what precision@5 forgives when fewer than five are relevant,
// matches of another service (a bike point on a laundry lot). A lot
// without matches scores 0.
func fitAt5(src *indexertest.MemSource, cat koppel.Category, ms []match.Match) float64 {
	shown := ms[:min(5, len(ms))]
	if len(shown) == 0 {
		return 0
	}
	fits := 0
	for _, mt := range shown {
		for _, o := range src.Offerings {
			if o.Enterprise == mt.Enterprise.KBO && o.Category == cat {
				fits++
				break
			}
		}
	}
	return float64(fits) / float64(len(shown))
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
