package refdata

import "strings"

// province is a Belgian province, or the Brussels-Capital Region, which
// belongs to none.
type province struct {
	code    string   // GeoNames province code, as in data/postcodes.tsv.gz
	nl, fr  string   // official names
	aliases []string // other spellings, as name keys (see nameKey)
}

// provinceTable lists the ten provinces in Dutch alphabetical order, then
// Brussels. Aliases cover English and German names and the abbreviations
// seen in spreadsheets ("O-Vl", "WVL", "Vl-Br").
var provinceTable = []province{
	{"VAN", "Antwerpen", "Anvers", []string{"antwerp", "antw", "ant"}},
	{"WHT", "Henegouwen", "Hainaut", []string{"hennegau"}},
	{"VLI", "Limburg", "Limbourg", []string{"limb", "lim"}},
	{"WLG", "Luik", "Liège", []string{"luttich"}},
	{"WLX", "Luxemburg", "Luxembourg", []string{"lux"}},
	{"WNA", "Namen", "Namur", []string{"nam"}},
	{"VOV", "Oost-Vlaanderen", "Flandre-Orientale", []string{"east flanders", "ostflandern", "oostvlaanderen", "o vl", "ovl", "o vlaanderen", "oost vl"}},
	{"VBR", "Vlaams-Brabant", "Brabant flamand", []string{"flemish brabant", "flamisch brabant", "vlaamsbrabant", "vl br", "vlbr", "vbr", "vl brabant"}},
	{"WBR", "Waals-Brabant", "Brabant wallon", []string{"walloon brabant", "wallonisch brabant", "waalsbrabant", "w br", "wbr"}},
	{"VWV", "West-Vlaanderen", "Flandre-Occidentale", []string{"west flanders", "westflandern", "westvlaanderen", "w vl", "wvl", "w vlaanderen", "west vl"}},
	{"BRU", "Brussel", "", []string{"bruxelles", "brussels", "brussel hoofdstad", "bruxelles capitale", "brussels capital", "brussels hoofdstedelijk gewest", "brussels gewest", "region de bruxelles capitale", "brussels capital region", "bhg", "bxl", "bru"}},
}

// regionNames maps the GeoNames region code to the Dutch region name.
var regionNames = map[string]string{"VLG": "Vlaanderen", "WAL": "Wallonië", "BRU": "Brussel"}

func provinceByCode(code string) (province, bool) {
	for _, p := range provinceTable {
		if p.code == code {
			return p, true
		}
	}
	return province{}, false
}

func (d *Data) loadProvinces() {
	d.provinces = make(map[string]string, 8*len(provinceTable))
	for _, p := range provinceTable {
		for _, n := range append([]string{p.nl, p.fr}, p.aliases...) {
			if n != "" {
				d.provinces[nameKey(n)] = p.nl
			}
		}
	}
}

// Provinces returns the ten Belgian provinces by their Dutch names, in
// alphabetical order, followed by "Brussel" for the Brussels-Capital Region,
// which belongs to no province.
func (d *Data) Provinces() []string {
	out := make([]string, len(provinceTable))
	for i, p := range provinceTable {
		out[i] = p.nl
	}
	return out
}

// ParseProvince recognises a province by its Dutch, French, English or
// German name or a common abbreviation, ignoring case, accents, hyphens and
// a leading "provincie"/"province de": "oost vlaanderen",
// "Flandre-Orientale" and "O-Vl." all give "Oost-Vlaanderen". Brussels gives
// "Brussel". It returns false for anything else, regions included.
func (d *Data) ParseProvince(s string) (string, bool) {
	k := nameKey(s)
	for _, prefix := range []string{"provincie ", "province de ", "province du ", "province of ", "province ", "prov "} {
		if rest, ok := strings.CutPrefix(k, prefix); ok {
			k = rest
			break
		}
	}
	p, ok := d.provinces[k]
	return p, ok
}
