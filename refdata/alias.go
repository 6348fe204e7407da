package refdata

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
)

// aliasesTSV lists the French and English exonyms of Flemish and Brussels
// municipalities that the postcode data does not carry ("Ghent",
// "Antwerp", "Crainhem"), see SOURCES.md.
//
//go:embed data/placealiases.tsv
var aliasesTSV string

// PlaceAlias is an exonym of a Flemish or Brussels municipality: "Ghent"
// (en) for Gent, main postcode 9000.
type PlaceAlias struct {
	Name, Lang, Postcode, Municipality string
}

// loadAliases reads the alias list and makes each alias name the places of
// its municipality, as the Dutch name does. An alias that is already a
// place or municipality name (Dutch, French or other) is refused: it would
// shadow a real place or repeat what the postcode data says. So is an alias
// whose postcode is not the main postcode of its municipality's name.
func (d *Data) loadAliases(text string) error {
	var aliases []PlaceAlias
	for n, line := range strings.Split(text, "\n") {
		if line = strings.TrimRight(line, "\r"); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 || (f[1] != "fr" && f[1] != "en") {
			return fmt.Errorf("line %d: want alias, fr/en, postcode, municipality: %q", n+1, line)
		}
		a := PlaceAlias{Name: f[0], Lang: f[1], Postcode: f[2], Municipality: f[3]}
		k := nameKey(a.Name)
		if _, taken := d.names[k]; taken {
			return fmt.Errorf("line %d: %q is already a place name", n+1, a.Name)
		}
		hits := d.names[nameKey(a.Municipality)]
		if len(hits) == 0 || d.places[hits[0]].Postcode != a.Postcode || d.places[hits[0]].Municipality != a.Municipality {
			return fmt.Errorf("line %d: %q: %s is not the main postcode of the municipality %s", n+1, a.Name, a.Postcode, a.Municipality)
		}
		d.names[k] = slices.Clone(hits)
		aliases = append(aliases, a)
	}
	d.aliases = aliases
	return nil
}

// PlaceAliases returns the exonyms the place look-ups accept besides the
// names of the postcode data, in the order of the list.
func (d *Data) PlaceAliases() []PlaceAlias { return slices.Clone(d.aliases) }
