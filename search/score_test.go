package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"koppel/indexer"
)

// TestScoreOfferingsLikeBleve checks ScoreOfferings against Bleve's own
// search of the same query and filter, given the same statistics of BM25
// (the real average length of each field, where Bleve's own is its number
// of terms per offering): the same best offerings with the same scores,
// the same best score, and the same scores of named ones.
func TestScoreOfferingsLikeBleve(t *testing.T) {
	ix, src := demoIndex(t, 400)
	ctx := context.Background()
	s := New(ix, src)
	stats, err := s.termEngine().BM25Stats(ix.Offerings())
	if err != nil || stats == nil {
		t.Fatalf("BM25Stats: %v, %v", stats, err)
	}
	bleveReq := func(q query.Query) *bleve.SearchRequest {
		req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
		req.PreSearchData = map[string]any{bsearch.BM25PreSearchDataKey: stats}
		return req
	}
	qa, _ := ix.Options().QueryAnalyzers()
	matchText := func(text string) query.Query {
		var qs []query.Query
		for _, f := range []struct {
			name  string
			boost float64
		}{{indexer.FieldTitle, 3}, {indexer.FieldKeywords, 2}, {indexer.FieldDescription, 1}} {
			q := bleve.NewMatchQuery(text)
			q.SetField(f.name)
			q.Analyzer = qa
			q.SetBoost(f.boost)
			qs = append(qs, q)
		}
		return bleve.NewDisjunctionQuery(qs...)
	}
	structQ := bleve.NewDisjunctionQuery(termQ(indexer.FieldCPV, "909", 0.56), termQ(indexer.FieldCPV, "9091", 1), termQ(indexer.FieldCategory, "schoonmaak", 0.5))
	// Gent: its province and its postcodes (the demo places enterprises
	// in the city's districts too).
	area := bleve.NewDisjunctionQuery(termQ(indexer.FieldAreaProvinces, "Oost-Vlaanderen", 1))
	for _, pc := range []string{"9000", "9030", "9031", "9032", "9040", "9041", "9042", "9050", "9051", "9052"} {
		area.AddQuery(termQ(indexer.FieldPostcode, pc, 1))
	}
	cases := []struct {
		name   string
		q      query.Query
		filter query.Query
	}{
		{"text", matchText("poetsen van klaslokalen en sanitair in scholen"), nil},
		{"text in area", matchText("groenonderhoud maaien snoeien speelplaats"), area},
		{"codes in area", structQ, area},
		{"conjunction", bleve.NewConjunctionQuery(termQ(indexer.FieldTitle, "fiets", 1), termQ(indexer.FieldText, "herstel", 2)), nil},
		{"no words", matchText("de het 2026"), nil},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Bleve, all matches.
			root := c.q
			if c.filter != nil {
				bq := bleve.NewBooleanQuery()
				bq.AddMust(c.q)
				bq.AddFilter(c.filter)
				root = bq
			}
			sr, err := ix.Offerings().SearchInContext(ctx, bleveReq(root))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d matches", len(sr.Hits))
			if c.name != "no words" && len(sr.Hits) < 26 {
				t.Fatalf("%d matches: too few to test", len(sr.Hits))
			}
			var also []string
			for j, h := range sr.Hits {
				if j%7 == 3 {
					also = append(also, h.ID)
				}
			}
			also = append(also, "0000000000/nothing")
			got, err := s.ScoreOfferings(ctx, ScoreRequest{Query: c.q, Filter: c.filter, FilterKey: fmt.Sprint("test", i), Size: 25, Also: also})
			if err != nil {
				t.Fatal(err)
			}
			if len(sr.Hits) == 0 {
				if len(got.Top) != 0 || got.MaxScore != 0 {
					t.Errorf("got %+v, Bleve finds nothing", got)
				}
				return
			}
			if math.Abs(got.MaxScore-sr.MaxScore) > 1e-12 {
				t.Errorf("max score %v, Bleve %v", got.MaxScore, sr.MaxScore)
			}
			want := sr.Hits[:min(25, len(sr.Hits))]
			if diff := cmp.Diff(scoredTied(toScored(want)), scoredTied(got.Top)); diff != "" {
				t.Errorf("best (-bleve +got):\n%s", diff)
			}
			// Also ignores the filter.
			all, err := ix.Offerings().SearchInContext(ctx, bleveReq(c.q))
			if err != nil {
				t.Fatal(err)
			}
			if c.filter != nil {
				for _, h := range all.Hits {
					if len(also) < 12 {
						also = append(also, h.ID)
					}
				}
				got, err = s.ScoreOfferings(ctx, ScoreRequest{Query: c.q, Filter: c.filter, FilterKey: fmt.Sprint("test", i), Size: 25, Also: also})
				if err != nil {
					t.Fatal(err)
				}
			}
			wantAlso := map[string]float64{}
			for _, h := range all.Hits {
				for _, a := range also {
					if a == h.ID {
						wantAlso[a] = h.Score
					}
				}
			}
			if diff := cmp.Diff(wantAlso, got.Also, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("also (-bleve +got):\n%s", diff)
			}
		})
	}
	if _, err := s.ScoreOfferings(ctx, ScoreRequest{Query: bleve.NewPrefixQuery("poe"), Size: 5}); err == nil {
		t.Errorf("a prefix query: no error")
	}
}

func toScored(hits bsearch.DocumentMatchCollection) []Scored {
	var out []Scored
	for _, h := range hits {
		out = append(out, Scored{ID: h.ID, Score: h.Score})
	}
	return out
}

// scoredTied returns "score id" of each, sorted, without those of the last
// score (which the size may cut).
func scoredTied(s []Scored) []string {
	var out []string
	if len(s) == 0 {
		return out
	}
	last := math.Round(s[len(s)-1].Score * 1e9)
	for _, x := range s {
		if sc := math.Round(x.Score * 1e9); sc != last {
			out = append(out, fmt.Sprintf("%.0f %s", sc, x.ID))
		}
	}
	sort.Strings(out)
	return out
}
