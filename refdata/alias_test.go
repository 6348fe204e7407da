package refdata

import (
	"slices"
	"strings"
	"testing"
)

// TestPlaceAliasesResolve checks that the French and English names of
// Flemish and Brussels municipalities, in any case and without accents,
// give the places of the Dutch name, main postcode first.
func TestPlaceAliasesResolve(t *testing.T) {
	d := Load()
	for alias, dutch := range map[string]string{
		"Ghent": "Gent", "ghent": "Gent", "GHENT": "Gent", "Antwerp": "Antwerpen", "Ostend": "Oostende",
		"Brussels": "Brussel", "Crainhem": "Kraainem", "Leeuw-Saint-Pierre": "Sint-Pieters-Leeuw",
		"leeuw saint pierre": "Sint-Pieters-Leeuw", "Herinnes": "Herne", "Hérinnes": "Herne", "Tervueren": "Tervuren",
		// Carried by the postcode data already (its French municipality names).
		"Gand": "Gent", "Anvers": "Antwerpen", "Louvain": "Leuven", "Malines": "Mechelen", "Courtrai": "Kortrijk",
		"Ostende": "Oostende", "Bruges": "Brugge", "Ypres": "Ieper", "Alost": "Aalst", "Termonde": "Dendermonde",
		"Tirlemont": "Tienen", "Tongres": "Tongeren", "Audenarde": "Oudenaarde", "Renaix": "Ronse",
		"Grammont": "Geraardsbergen", "Hal": "Halle", "Vilvorde": "Vilvoorde", "Furnes": "Veurne",
		"Dixmude": "Diksmuide", "Menin": "Menen",
	} {
		// "Halle" and "Aalst" also name places elsewhere (Halle in Zoersel),
		// which the French names do not: compare the municipality's places.
		var want []string
		for _, p := range d.PostcodesByName(dutch) {
			if p.Municipality == dutch {
				want = append(want, p.Postcode+" "+p.Name)
			}
		}
		var got []string
		for _, p := range d.PostcodesByName(alias) {
			got = append(got, p.Postcode+" "+p.Name)
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%q gives %v, %q gives %v", alias, got, dutch, want)
			continue
		}
		p, ok := d.ResolvePlace(alias)
		if !ok || p.Municipality != dutch || p.Postcode+" "+p.Name != want[0] {
			t.Errorf("ResolvePlace(%q) = %s %s %v, want %s's main postcode %s", alias, p.Postcode, p.Municipality, ok, dutch, want[0])
		}
	}
}

// TestPlaceAliasesShadowNothing checks that no alias is also the name of a
// place or municipality in the postcode data (Dutch, French or other), so
// that an alias never hides a real place; the loader refuses such a list.
func TestPlaceAliasesShadowNothing(t *testing.T) {
	d := Load()
	aliases := d.PlaceAliases()
	if len(aliases) < 4 {
		t.Fatalf("%d aliases, want the list of data/placealiases.tsv", len(aliases))
	}
	taken := map[string]string{}
	for _, p := range d.places {
		taken[nameKey(p.Name)] = p.Name
		taken[nameKey(p.Municipality)] = p.Municipality
		taken[nameKey(p.MunicipalityFR)] = p.MunicipalityFR
	}
	rows, err := readTSV("data/postcodes.tsv.gz", 11)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		for _, n := range strings.Split(r[3], "|") {
			if n != "" {
				taken[nameKey(n)] = n
			}
		}
	}
	for _, a := range aliases {
		if n, ok := taken[nameKey(a.Name)]; ok {
			t.Errorf("alias %q (%s) is the place name %q", a.Name, a.Municipality, n)
		}
	}

	// The loader itself refuses an alias that is a place name, and an
	// alias whose postcode is not its municipality's main one.
	for _, bad := range []string{"Gand\tfr\t9000\tGent", "Halle\tfr\t1500\tHalle", "Ghent2\ten\t9030\tGent", "Ghent3\tde\t9000\tGent"} {
		fresh, err := load()
		if err != nil {
			t.Fatal(err)
		}
		if err := fresh.loadAliases(bad); err == nil {
			t.Errorf("loadAliases(%q) accepted", bad)
		}
	}
}
