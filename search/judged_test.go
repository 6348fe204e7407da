package search_test

import (
	"bufio"
	"context"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl" // the stock nl analyzer of the comparison
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"

	"koppel"
	"koppel/demo"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/search"
)

// fmQuery is one line of testdata/judged_fm.tsv: what a facility manager
// types in the search box, the place field and the distance field, and
// the rules that grade the offerings.
type fmQuery struct {
	text, place, km string
	grade2, grade1  string
}

// key names q in the figures per query: its words, place and distance.
func (q fmQuery) key() string {
	k := q.text + " @" + q.place
	if q.km != "" {
		k += " (" + strings.TrimSuffix(q.km, " km") + " km)"
	}
	return k
}

func readFMJudged(t testing.TB) []fmQuery {
	t.Helper()
	f, err := os.Open("testdata/judged_fm.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []fmQuery
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) < 4 {
			t.Fatalf("judged_fm.tsv: bad line %q", line)
		}
		q := fmQuery{text: cols[0], place: cols[1], km: cols[2], grade2: cols[3]}
		if len(cols) > 4 {
			q.grade1 = cols[4]
		}
		out = append(out, q)
	}
	return out
}

// fmJudge grades offerings for one query.
type fmJudge struct {
	src    *indexertest.MemSource
	places search.Places
	place  *koppel.Place // the place field, read
}

// comesTo reports whether the service area of o covers p: the judgement's
// own reading of a service area (koppel.ServiceArea), independent of the
// index.
func (j fmJudge) comesTo(o *koppel.Offering, p koppel.Place) bool {
	e := j.src.Enterprises[o.Enterprise]
	if e == nil {
		return false
	}
	base, ok := e.HomePlace(j.places)
	area := o.Area(e)
	if area.IsZero() {
		return ok && base.Municipality == p.Municipality
	}
	for _, m := range area.Municipalities {
		if mp, ok := j.places.ResolvePlace(m); ok && mp.Municipality == p.Municipality {
			return true
		}
	}
	for _, pr := range area.Provinces {
		if pp, ok := j.places.ParseProvince(pr); ok && pp == p.Province {
			return true
		}
	}
	return ok && area.RadiusKm > 0 && koppel.DistanceKm(base.Lat, base.Lon, p.Lat, p.Lon) <= area.RadiusKm
}

// atom evaluates one rule atom.
func (j fmJudge) atom(t testing.TB, atom string, o *koppel.Offering) bool {
	e := j.src.Enterprises[o.Enterprise]
	switch {
	case atom == "serves":
		if j.place == nil {
			t.Fatalf("rule %q without a place", atom)
		}
		return j.comesTo(o, *j.place)
	case strings.HasPrefix(atom, "serves="):
		p, ok := j.places.Postcode(strings.TrimPrefix(atom, "serves="))
		if !ok {
			t.Fatalf("rule %q: unknown postcode", atom)
		}
		return j.comesTo(o, p)
	case strings.HasPrefix(atom, "form="):
		return e != nil && e.HasForm(koppel.WorkForm(strings.TrimPrefix(atom, "form=")))
	case strings.HasPrefix(atom, "cpv="):
		for _, c := range o.CPV {
			if strings.HasPrefix(string(c), strings.TrimPrefix(atom, "cpv=")) {
				return true
			}
		}
		return false
	case strings.HasPrefix(atom, "within="):
		dist, pc, named := strings.Cut(strings.TrimPrefix(atom, "within="), "@")
		km, err := strconv.ParseFloat(dist, 64)
		from := j.place
		if named {
			p, ok := j.places.Postcode(pc)
			if !ok {
				t.Fatalf("rule %q: unknown postcode", atom)
			}
			from = &p
		}
		if err != nil || from == nil {
			t.Fatalf("rule %q: a distance in km, and a place", atom)
		}
		if e == nil {
			return false
		}
		base, ok := e.HomePlace(j.places)
		return ok && koppel.DistanceKm(base.Lat, base.Lon, from.Lat, from.Lon) <= km
	case strings.HasPrefix(atom, "province="):
		pr := strings.TrimPrefix(atom, "province=")
		if e == nil {
			return false
		}
		if base, ok := e.HomePlace(j.places); ok && base.Province == pr {
			return true
		}
		for _, x := range o.Area(e).Provinces {
			if pp, ok := j.places.ParseProvince(x); ok && pp == pr {
				return true
			}
		}
		return false
	}
	return ruleMatches(atom, o)
}

// matches evaluates a rule: alternatives of "|", each atoms joined by "&".
func (j fmJudge) matches(t testing.TB, rule string, o *koppel.Offering) bool {
	if rule == "" {
		return false
	}
	for _, alt := range strings.Split(rule, "|") {
		all := true
		for _, a := range strings.Split(alt, "&") {
			if all && !j.atom(t, strings.TrimSpace(a), o) {
				all = false
			}
		}
		if all {
			return true
		}
	}
	return false
}

// grades returns the grade of every offering with one above 0.
func (j fmJudge) grades(t testing.TB, q fmQuery) map[string]int {
	out := map[string]int{}
	for k, o := range j.src.Offerings {
		if j.matches(t, q.grade2, o) {
			out[k] = 2
		} else if j.matches(t, q.grade1, o) {
			out[k] = 1
		}
	}
	return out
}

// fmScores are the mean figures of a system over the judged queries.
type fmScores struct {
	ndcg, p5, recall float64
	per              map[string]float64 // nDCG@10 per query (fmQuery.key)
	// entNDCG is nDCG@10 per enterprise: the first 10 offerings listed,
	// each enterprise counted once, at its first place, with the best
	// grade of its offerings among them, against the ideal of the 10
	// enterprises with the best grades. A list that repeats an enterprise
	// shows fewer suppliers, and scores lower.
	entNDCG float64
}

// fmSystem answers a judged query with the keys ("KBO/code") of its top 10;
// an answer refused (a place it cannot read) is no result.
type fmSystem func(q fmQuery) []string

func measureFM(t testing.TB, j fmJudge, queries []fmQuery, sys fmSystem) fmScores {
	sc := fmScores{per: map[string]float64{}}
	for _, q := range queries {
		j.place = nil
		if q.place != "" {
			p, ok := j.places.ResolvePlace(q.place)
			if !ok {
				t.Fatalf("query %q: place %q unknown to the judgement", q.text, q.place)
			}
			j.place = &p
		}
		g := j.grades(t, q)
		var ideal []int
		relevant := 0
		for _, x := range g {
			ideal = append(ideal, x)
			if x == 2 {
				relevant++
			}
		}
		if relevant == 0 {
			t.Fatalf("query %q has no offering of grade 2: fix its rules", q.text)
		}
		sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
		got := sys(q)
		sc.entNDCG += entNDCG(g, got)
		dcg, idcg, top5, found := 0.0, 0.0, 0, 0
		for i, k := range got {
			if i >= 10 {
				break
			}
			dcg += (math.Pow(2, float64(g[k])) - 1) / math.Log2(float64(i+2))
			if g[k] == 2 {
				found++
				if i < 5 {
					top5++
				}
			}
		}
		for i := 0; i < 10 && i < len(ideal); i++ {
			idcg += (math.Pow(2, float64(ideal[i])) - 1) / math.Log2(float64(i+2))
		}
		sc.per[q.key()] = dcg / idcg
		sc.ndcg += dcg / idcg
		sc.p5 += float64(top5) / float64(min(5, relevant))
		sc.recall += float64(found) / float64(min(10, relevant))
	}
	n := float64(len(queries))
	sc.ndcg, sc.p5, sc.recall, sc.entNDCG = sc.ndcg/n, sc.p5/n, sc.recall/n, sc.entNDCG/n
	return sc
}

// entNDCG is fmScores.entNDCG of one query: g grades the offerings by key
// ("KBO/code"), got is the list.
func entNDCG(g map[string]int, got []string) float64 {
	ent := func(k string) string { e, _, _ := strings.Cut(k, "/"); return e }
	best := map[string]int{}
	for k, x := range g {
		best[ent(k)] = max(best[ent(k)], x)
	}
	var ideal []int
	for _, x := range best {
		ideal = append(ideal, x)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	var order []string
	shown := map[string]int{}
	for i, k := range got {
		if i >= 10 {
			break
		}
		e := ent(k)
		if _, ok := shown[e]; !ok {
			order = append(order, e)
		}
		shown[e] = max(shown[e], g[k])
	}
	dcg, idcg := 0.0, 0.0
	for i, e := range order {
		dcg += (math.Pow(2, float64(shown[e])) - 1) / math.Log2(float64(i+2))
	}
	for i := 0; i < 10 && i < len(ideal); i++ {
		idcg += (math.Pow(2, float64(ideal[i])) - 1) / math.Log2(float64(i+2))
	}
	return dcg / idcg
}

// koppelFM runs a judged query as the search page does with its fields
// ("komt naar deze plaats" is on by default when a place is given).
func koppelFM(t testing.TB, s *search.Searcher) fmSystem {
	return koppelFMPer(t, s, 0)
}

// koppelFMPer is koppelFM with at most per offerings of one enterprise
// (search.OfferingQuery.PerEnterprise; the search page lists 2).
func koppelFMPer(t testing.TB, s *search.Searcher, per int) fmSystem {
	return func(q fmQuery) []string {
		oq := search.OfferingQuery{Text: q.text, Size: 10, PerEnterprise: per}
		oq, _ = search.ApplyPlace(s.Places, oq, search.PlaceFields{Place: q.place, Km: q.km, Comes: q.place != ""})
		r, err := s.Offerings(context.Background(), oq)
		if koppel.ErrorCode(err) == koppel.EINVALID {
			return nil
		}
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range r.Hits {
			out = append(out, string(h.Enterprise.KBO)+"/"+h.Offering.Code)
		}
		return out
	}
}

// stockFM is stock Bleve over the same offerings: the default mapping with
// the nl analyzer, each offering's text and its enterprise's name and
// place in one document, a match query (any word), and for a place with a
// distance a geo distance filter on the enterprise's base.
func stockFM(t testing.TB, src *indexertest.MemSource, places search.Places) fmSystem {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = "nl"
	dm := bleve.NewDocumentMapping()
	dm.AddFieldMappingsAt("location", mapping.NewGeoPointFieldMapping())
	m.DefaultMapping = dm
	idx, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { idx.Close() })
	b := idx.NewBatch()
	for k, o := range src.Offerings {
		doc := map[string]any{"title": o.Title, "description": o.Description, "keywords": strings.Join(o.Keywords, ", "), "category": o.Category.Label()}
		if e := src.Enterprises[o.Enterprise]; e != nil {
			doc["enterprise"] = e.Name
			if p, ok := e.HomePlace(places); ok {
				doc["place"] = p.Municipality + " " + p.Name
				doc["location"] = map[string]float64{"lat": p.Lat, "lon": p.Lon}
			}
		}
		if err := b.Index(k, doc); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(b); err != nil {
		t.Fatal(err)
	}
	return func(q fmQuery) []string {
		var root query.Query = bleve.NewMatchQuery(q.text)
		if q.place != "" && q.km != "" {
			p, ok1 := places.ResolvePlace(q.place)
			km, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(q.km), " km"), 64)
			if ok1 && err == nil {
				g := bleve.NewGeoDistanceQuery(p.Lon, p.Lat, strconv.FormatFloat(km, 'f', -1, 64)+"km")
				g.SetField("location")
				root = bleve.NewConjunctionQuery(root, g)
			}
		}
		r, err := idx.Search(bleve.NewSearchRequestOptions(root, 10, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
		return out
	}
}

// fmSource is the full demo dataset, as `koppel demo` loads it.
func fmSource() *indexertest.MemSource { return indexertest.FromDemo(demo.DefaultOptions()) }

// TestJudgedFacilityManager reports nDCG@10, precision@5 (the share of the
// first five that are of grade 2, out of at most the number of such
// offerings) and recall@10 of Koppel and of stock Bleve with the nl
// analyzer on the facility manager's judged queries (testdata/
// judged_fm.tsv), with the weakest queries. Run it with -v:
//
//	go test ./search -run TestJudgedFacilityManager -v
func TestJudgedFacilityManager(t *testing.T) {
	src := fmSource()
	s := mustSearcher(t, src, indexer.Options{})
	j := fmJudge{src: src, places: s.Places}
	queries := readFMJudged(t)
	if len(queries) < 40 {
		t.Fatalf("%d judged queries, want at least 40", len(queries))
	}
	kop := measureFM(t, j, queries, koppelFM(t, s))
	page := measureFM(t, j, queries, koppelFMPer(t, s, 2))
	stock := measureFM(t, j, queries, stockFM(t, src, s.Places))
	t.Logf("%d queries on %d offerings", len(queries), len(src.Offerings))
	t.Logf("%-22s nDCG@10  P@5    recall@10  per-enterprise nDCG@10", "system")
	t.Logf("%-22s %.3f    %.3f  %.3f      %.3f", "koppel", kop.ndcg, kop.p5, kop.recall, kop.entNDCG)
	t.Logf("%-22s %.3f    %.3f  %.3f      %.3f", "koppel, 2 per ent.", page.ndcg, page.p5, page.recall, page.entNDCG)
	t.Logf("%-22s %.3f    %.3f  %.3f      %.3f", "stock bleve nl", stock.ndcg, stock.p5, stock.recall, stock.entNDCG)
	if page.entNDCG < kop.entNDCG {
		t.Errorf("per-enterprise nDCG@10 with 2 per enterprise %.3f, below the ungrouped list's %.3f", page.entNDCG, kop.entNDCG)
	}
	type qs struct {
		q    string
		k, s float64
	}
	var per []qs
	for q, v := range kop.per {
		per = append(per, qs{q, v, stock.per[q]})
	}
	sort.Slice(per, func(a, b int) bool { return per[a].k < per[b].k || per[a].k == per[b].k && per[a].q < per[b].q })
	for _, p := range per[:min(15, len(per))] {
		t.Logf("weak: %-40s koppel %.2f  stock %.2f", p.q, p.k, p.s)
	}
}
