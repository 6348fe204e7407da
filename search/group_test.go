package search

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

// TestPerEnterprise checks the list grouped per enterprise against the
// ungrouped list it is made of: the same order without an enterprise's
// offerings after its first PerEnterprise, More counting those after
// each; the pages, put end to end, give that list without a gap or a
// repeat; Total and Facets count every offering; and Bleve's own way
// gives the same pages.
func TestPerEnterprise(t *testing.T) {
	ix, src := demoIndex(t, 60)
	s := New(ix, src)
	s.ResultCacheSize = 0
	ctx := context.Background()
	for _, base := range []OfferingQuery{
		{Text: "groenonderhoud"},
		{Text: "poetsen", ServesPostcode: "9000"},
		{Text: "onderhoud"},
		{Text: "fiets", Postcode: "3000", Sort: SortDistance},
		{Category: "schoonmaak"},
	} {
		t.Run(fmt.Sprintf("%s|%s|%s|%s", base.Text, base.Category, base.ServesPostcode, base.Sort), func(t *testing.T) {
			// The ungrouped list, whole.
			var all []OfferingHit
			var flat *OfferingResult
			for page := 1; ; page++ {
				q := base
				q.Page, q.Size = page, MaxSize
				r, err := s.Offerings(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				flat = r
				all = append(all, r.Hits...)
				if len(r.Hits) < MaxSize {
					break
				}
			}
			if len(all) != flat.Total {
				t.Fatalf("ungrouped pages hold %d hits, total %d", len(all), flat.Total)
			}
			for _, per := range []int{1, 2} {
				// What the grouped list must be, made from the ungrouped one:
				// in the same order, without an enterprise's offerings after
				// its first per; More counts those of its enterprise after it.
				type row struct {
					key  string
					more int
				}
				count := map[string]int{}
				for _, h := range all {
					count[string(h.Enterprise.KBO)]++
				}
				var want []row
				nth := map[string]int{}
				for _, h := range all {
					k := string(h.Enterprise.KBO)
					if nth[k] == per {
						continue
					}
					nth[k]++
					want = append(want, row{key: k + "/" + h.Offering.Code, more: count[k] - nth[k]})
				}
				order := count
				if per == 2 && len(want) == len(all) {
					t.Fatalf("no enterprise has more than 2 hits: the test shows nothing")
				}
				var got []row
				for page := 1; page <= 200; page++ {
					q := base
					q.Page, q.Size, q.PerEnterprise = page, 7, per
					r, err := s.Offerings(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if r.Total != flat.Total || r.Listed != len(want) || r.Enterprises != len(order) {
						t.Fatalf("per %d page %d: total %d listed %d enterprises %d, want %d, %d, %d", per, page, r.Total, r.Listed, r.Enterprises, flat.Total, len(want), len(order))
					}
					if diff := cmp.Diff(flat.Facets, r.Facets); diff != "" {
						t.Fatalf("per %d: facets (-ungrouped +grouped):\n%s", per, diff)
					}
					for _, h := range r.Hits {
						got = append(got, row{key: string(h.Enterprise.KBO) + "/" + h.Offering.Code, more: h.More})
					}
					if len(r.Hits) < 7 {
						break
					}
					compareWithBleve(t, s, q)
				}
				if diff := cmp.Diff(want, got, cmp.AllowUnexported(row{})); diff != "" {
					t.Errorf("per %d: grouped list (-want +got):\n%s", per, diff)
				}
			}
		})
	}
}

// TestEnterpriseFilter checks that Enterprise keeps one enterprise's
// offerings, all of them (PerEnterprise is ignored), and that a malformed
// number is refused.
func TestEnterpriseFilter(t *testing.T) {
	ix, src := demoIndex(t, 40)
	s := New(ix, src)
	ctx := context.Background()
	r, err := s.Offerings(ctx, OfferingQuery{Text: "onderhoud", PerEnterprise: 2, Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	// The enterprise of the first hit with more: those of its offerings
	// listed up to that hit, and More after it, are all it has.
	var kbo string
	seen := map[string]int{}
	want := 0
	for _, h := range r.Hits {
		seen[string(h.Enterprise.KBO)]++
		if h.More > 0 {
			kbo = string(h.Enterprise.KBO)
			want = seen[kbo] + h.More
			break
		}
	}
	if kbo == "" {
		t.Fatalf("no hit with more offerings of its enterprise on %+v", r.Hits)
	}
	one, err := s.Offerings(ctx, OfferingQuery{Text: "onderhoud", Enterprise: koppel.KBO(kbo), PerEnterprise: 2})
	if err != nil {
		t.Fatal(err)
	}
	if one.Total != want || len(one.Hits) != one.Total {
		t.Errorf("enterprise %s: %d hits of total %d, want %d", kbo, len(one.Hits), one.Total, want)
	}
	for _, h := range one.Hits {
		if string(h.Enterprise.KBO) != kbo {
			t.Errorf("hit of %s, want only %s", h.Enterprise.KBO, kbo)
		}
	}
	if _, err := s.Offerings(ctx, OfferingQuery{Enterprise: "12ab"}); err == nil {
		t.Errorf("a malformed enterprise number was accepted")
	}
	if _, err := s.Offerings(ctx, OfferingQuery{PerEnterprise: -1}); err == nil {
		t.Errorf("PerEnterprise -1 was accepted")
	}
}
