package indexer_test

import (
	"context"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"koppel"
	"koppel/indexer"
	"koppel/indexer/indexertest"
	"koppel/refdata"
)

// terms returns the terms an analyzer of the offering index makes of s.
func terms(t *testing.T, ix *indexer.Indexer, analyzer, s string) []string {
	t.Helper()
	a := ix.Offerings().Mapping().AnalyzerNamed(analyzer)
	if a == nil {
		t.Fatalf("analyzer %s not defined", analyzer)
	}
	var out []string
	for _, tk := range a.Analyze([]byte(s)) {
		out = append(out, string(tk.Term))
	}
	return out
}

func mustOpenMem(t *testing.T) *indexer.Indexer {
	t.Helper()
	ix, err := indexer.OpenMem(refdata.Load())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestAnalyzerPitfalls covers the four cases of docs/design.md, "Library pitfalls", at the
// analyzer level: the query word and the indexed word share a term.
func TestAnalyzerPitfalls(t *testing.T) {
	ix := mustOpenMem(t)
	for _, tc := range []struct {
		name, analyzer, query, indexed string
	}{
		{"fiets finds fietsen", indexer.AnalyzerNL, "fiets", "fietsen"},
		{"fietsen finds fiets", indexer.AnalyzerNL, "fietsen", "fiets"},
		{"maatwerkbedrijf finds maatwerkbedrijven", indexer.AnalyzerNL, "maatwerkbedrijf", "maatwerkbedrijven"},
		{"onderhoud finds groenonderhoud", indexer.AnalyzerNL, "onderhoud", "groenonderhoud"},
		{"poetsdienst is poets + dienst", indexer.AnalyzerNL, "dienst", "poetsdienst"},
		{"fietsherstelling is fiets + herstelling", indexer.AnalyzerNL, "fiets", "fietsherstelling"},
		{"schoonmaakploeg is schoonmaak + ploeg", indexer.AnalyzerNL, "ploeg", "schoonmaakploeg"},
		{"speelplaatsonderhoud finds speelplaats", indexer.AnalyzerNL, "speelplaatsen", "speelplaatsonderhoud"},
		{"klusjesdienst finds klusjes", indexer.AnalyzerNL, "klusjes", "klusjesdienst"},
		{"velo finds vélo (fr)", indexer.AnalyzerFR, "velo", "vélo"},
		{"vélos finds velo (fr)", indexer.AnalyzerFR, "vélos", "velo"},
		{"folding in Dutch: coöperatie", indexer.AnalyzerNL, "cooperatie", "Coöperatie"},
		{"English stemming", indexer.AnalyzerEN, "bicycle", "bicycles"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := terms(t, ix, tc.analyzer, tc.query)
			d := terms(t, ix, tc.analyzer, tc.indexed)
			if !slices.Contains(d, q[0]) {
				t.Errorf("%q → %v; indexed %q → %v: no shared term", tc.query, q, tc.indexed, d)
			}
		})
	}
	// Bleve's nl analyzer has the problems the Koppel analyzer fixes.
	if q, d := terms(t, ix, "nl", "fiets"), terms(t, ix, "nl", "fietsen"); q[0] == d[0] {
		t.Errorf("Bleve nl stems fiets and fietsen alike (%v): the pitfall test is moot", q)
	}
}

// TestSynonyms checks that the query analyzer adds the domain synonyms
// across languages, and phrases.
func TestSynonyms(t *testing.T) {
	ix := mustOpenMem(t)
	for _, tc := range []struct{ query, want string }{
		{"poetsen", "schoonmaak"},
		{"kuisen", "poets"},
		{"nettoyage", "poets"},
		{"cleaning", "reinig"},
		{"groenzorg", "groenonderhoud"},
		{"espaces verts", "groenonderhoud"},
		{"landscaping", "tuinonderhoud"},
		{"vélo", "fiets"},
		{"fietspunt", "fietsherstelling"},
		{"catering", "maaltijd"},
		{"traiteur", "maaltijd"},
		{"klusjes", "klein herstel"},
	} {
		got := terms(t, ix, indexer.AnalyzerNLQuery, tc.query)
		if !slices.Contains(got, tc.want) {
			t.Errorf("%q → %v, want %q among them", tc.query, got, tc.want)
		}
	}
	// A handyman does small repairs, not every repair: "klusjesdienst" must
	// not find the repair of bed linen or of bikes by "herstelling" alone.
	if got := terms(t, ix, indexer.AnalyzerNLQuery, "klusjesdienst"); slices.Contains(got, "herstel") {
		t.Errorf("klusjesdienst → %v: herstel alone is no handyman's work", got)
	}
	// The index analyzer adds no synonyms: they are for queries.
	if got := terms(t, ix, indexer.AnalyzerNL, "poetsen"); slices.Contains(got, "schoonmaak") {
		t.Errorf("index analyzer added synonyms: %v", got)
	}
}

// TestPitfallsInIndex runs the four cases as searches of a real index.
func TestPitfallsInIndex(t *testing.T) {
	ctx := context.Background()
	src := indexertest.New()
	const kbo = koppel.KBO("0123456749")
	src.Enterprises[kbo] = &koppel.Enterprise{KBO: kbo, Name: "Testbedrijf", Address: koppel.Address{Postcode: "9000"}}
	for id, title := range map[string]string{"A": "Herstelling van fietsen", "B": "Wij zijn een maatwerkbedrijf", "C": "Groenonderhoud voor scholen", "D": "Réparation de vélos"} {
		o := &koppel.Offering{ID: id, Enterprise: kbo, Title: title}
		if id == "D" {
			o.Languages = []string{"fr"}
		}
		src.AddOffering(o)
	}
	ix := mustOpenMem(t)
	if err := ix.Reindex(ctx, src, nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ query, field, want string }{
		{"fiets", indexer.FieldTitle, "A"},
		{"maatwerkbedrijven", indexer.FieldTitle, "B"},
		{"onderhoud", indexer.FieldTitle, "C"},
		{"velo", indexer.FieldTextFR, "D"},
	} {
		q := bleve.NewMatchQuery(tc.query)
		q.SetField(tc.field)
		res, err := ix.Offerings().Search(bleve.NewSearchRequest(q))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 1 || res.Hits[0].ID != string(kbo)+"/"+tc.want {
			t.Errorf("%q in %s: %d hits %v, want only %s", tc.query, tc.field, len(res.Hits), res.Hits, tc.want)
		}
	}
}
