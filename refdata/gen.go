//go:build ignore

// Command gen writes the embedded reference data of package refdata from the
// source files under a data directory (SOURCES.md says where each comes
// from and how it is laid out):
//
//	KOPPEL_REFDATA_SRC=/path/to/data go generate ./refdata
//	go run gen.go -src /path/to/data   (from the refdata directory)
//
// It writes data/cpv.tsv.gz, data/postcodes.tsv.gz and data/codelists.tsv.gz:
// tab-separated UTF-8 lines, no header, gzip-compressed with a zero header
// time so that the output is reproducible. See SOURCES.md for what comes from
// where.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"koppel"
)

func main() {
	src := flag.String("src", "", "directory with cpv/, postcodes/ and eforms/ (see SOURCES.md)")
	out := flag.String("out", "data", "output directory")
	flag.Parse()
	if *src == "" {
		log.Fatal("gen: give the directory of the sources with -src (or KOPPEL_REFDATA_SRC to go generate); see SOURCES.md")
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	for _, f := range []struct {
		name string
		gen  func(src string) ([][]string, error)
	}{
		{"cpv.tsv.gz", genCPV},
		{"postcodes.tsv.gz", genPostcodes},
		{"codelists.tsv.gz", genCodelists},
	} {
		rows, err := f.gen(*src)
		if err != nil {
			log.Fatalf("%s: %v", f.name, err)
		}
		if err := writeTSV(filepath.Join(*out, f.name), rows); err != nil {
			log.Fatalf("%s: %v", f.name, err)
		}
		log.Printf("%s: %d rows", f.name, len(rows))
	}
}

func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		m := make(map[string]string, len(head))
		for i, h := range head {
			m[h] = strings.TrimSpace(rec[i])
		}
		out = append(out, m)
	}
}

func writeTSV(path string, rows [][]string) error {
	var raw bytes.Buffer
	for _, row := range rows {
		for i, f := range row {
			if strings.ContainsAny(f, "\t\r\n") {
				return fmt.Errorf("field %q contains a tab or newline", f)
			}
			if i > 0 {
				raw.WriteByte('\t')
			}
			raw.WriteString(f)
		}
		raw.WriteByte('\n')
	}
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := w.Write(raw.Bytes()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, gz.Bytes(), 0o644)
}

// genCPV: code8, check digit, nl, fr, en.
func genCPV(src string) ([][]string, error) {
	recs, err := readCSV(filepath.Join(src, "cpv", "cpv2008_main_nl_fr_en_de.csv"))
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for _, r := range recs {
		c, check, err := koppel.ParseCPV(r["code"])
		if err != nil || check < 0 || string(c) != r["code8"] {
			return nil, fmt.Errorf("bad code %q / %q", r["code"], r["code8"])
		}
		rows = append(rows, []string{string(c), strconv.Itoa(check), r["nl"], r["fr"], r["en"]})
	}
	slices.SortFunc(rows, func(a, b []string) int { return strings.Compare(a[0], b[0]) })
	return rows, nil
}

// genPostcodes: postcode, main (1/0), name, aliases (|-separated), NIS,
// municipality nl, municipality fr, GeoNames province code, GeoNames region
// code, lat, lon. Rows of a postcode are adjacent, the main one first.
//
// Rows, place names (GeoNames names become aliases), coordinates, province
// and region come from GeoNames (zipcodes.be.csv); the Dutch place names, the
// municipality of each postcode and its NIS code from the join
// be_postcodes_places_nl_fr_latlng.csv, whose rows are the GeoNames rows
// (same postcode and coordinates).
func genPostcodes(src string) ([][]string, error) {
	dir := filepath.Join(src, "postcodes")
	geo, err := readCSV(filepath.Join(dir, "zipcodes.be.csv"))
	if err != nil {
		return nil, err
	}
	join, err := readCSV(filepath.Join(dir, "be_postcodes_places_nl_fr_latlng.csv"))
	if err != nil {
		return nil, err
	}
	type row struct {
		pc, name, nis, munNL, munFR, prov, region, lat, lon string
		main                                                bool
		aliases                                             []string
	}
	key := func(pc, lat, lon string) string {
		la, _ := strconv.ParseFloat(lat, 64)
		lo, _ := strconv.ParseFloat(lon, 64)
		return fmt.Sprintf("%s/%.4f/%.4f", pc, la, lo)
	}
	var rows []*row
	byKey := map[string][]*row{}
	for _, j := range join {
		r := &row{
			pc: j["postcode"], name: j["place_nl"], nis: j["nis_code"],
			munNL: j["municipality_nl"], munFR: j["municipality_fr"],
			lat: j["lat"], lon: j["lng"], main: j["is_submunicipality"] == "0",
		}
		if r.main {
			r.name = r.munNL
		} else {
			r.name = fixCase(r.name)
		}
		if r.pc == "" || r.nis == "" || r.munNL == "" {
			return nil, fmt.Errorf("incomplete join row %v", j)
		}
		rows = append(rows, r)
		k := key(r.pc, r.lat, r.lon)
		byKey[k] = append(byKey[k], r)
	}
	// Attach GeoNames data to the join rows: province and region per
	// postcode; a GeoNames name that differs from the Dutch one becomes an
	// alias of its row, or of the postcode's main row when the row cannot
	// be paired (a few bilingual places carry other coordinates).
	type area struct{ prov, region string }
	areas := map[string]area{}
	matched := map[*row]bool{}
	var unpaired []map[string]string
	for _, g := range geo {
		areas[g["zipcode"]] = area{g["province_code"], g["state_code"]}
		cands := byKey[key(g["zipcode"], g["latitude"], g["longitude"])]
		var r *row
		for _, c := range cands {
			if !matched[c] && (len(cands) == 1 || koppel.Normalize(c.name) == koppel.Normalize(g["place"])) {
				r = c
				break
			}
		}
		if r == nil {
			unpaired = append(unpaired, g)
			continue
		}
		matched[r] = true
		if koppel.Normalize(g["place"]) != koppel.Normalize(r.name) {
			r.aliases = append(r.aliases, fixCase(g["place"]))
		}
	}
	for _, r := range rows {
		a, ok := areas[r.pc]
		if !ok {
			return nil, fmt.Errorf("postcode %s is not in GeoNames", r.pc)
		}
		r.prov, r.region = a.prov, a.region
	}
	// Group by postcode and choose the main row: the one bpost marks as the
	// main municipality, else a place named like the municipality, else the
	// first by name.
	slices.SortStableFunc(rows, func(a, b *row) int {
		if c := strings.Compare(a.pc, b.pc); c != 0 {
			return c
		}
		return strings.Compare(koppel.Normalize(a.name), koppel.Normalize(b.name))
	})
	var out [][]string
	for i := 0; i < len(rows); {
		j := i
		for j < len(rows) && rows[j].pc == rows[i].pc {
			j++
		}
		group := rows[i:j]
		m := slices.IndexFunc(group, func(r *row) bool { return r.main })
		if m < 0 {
			m = slices.IndexFunc(group, func(r *row) bool { return koppel.Normalize(r.name) == koppel.Normalize(r.munNL) })
		}
		if m < 0 {
			m = 0
		}
		group[0], group[m] = group[m], group[0]
		for _, g := range unpaired {
			if g["zipcode"] == group[0].pc && !slices.ContainsFunc(group, func(r *row) bool {
				return koppel.Normalize(r.name) == koppel.Normalize(g["place"]) || slices.Contains(r.aliases, g["place"])
			}) {
				group[0].aliases = append(group[0].aliases, fixCase(g["place"]))
			}
		}
		for k, r := range group {
			mainFlag := "0"
			if k == 0 {
				mainFlag = "1"
			}
			aliases := slices.DeleteFunc(slices.Clone(r.aliases), func(a string) bool { return a == r.name })
			out = append(out, []string{r.pc, mainFlag, r.name, strings.Join(aliases, "|"), r.nis,
				r.munNL, r.munFR, r.prov, r.region, r.lat, r.lon})
		}
		i = j
	}
	return out, nil
}

// particles are the words written in lower case inside a place name:
// "Mechelen-aan-de-Maas", "Leuze-en-Hainaut", "Braine-le-Comte".
var particles = map[string]bool{
	"aan": true, "bij": true, "de": true, "den": true, "der": true, "op": true, "ten": true, "ter": true,
	"en": true, "sur": true, "sous": true, "lez": true, "les": true, "la": true, "le": true, "du": true,
	"des": true, "au": true, "aux": true,
}

// fixCase repairs the capitals of a place name as the sources write it:
// "SINT-NIKLAAS" → "Sint-Niklaas", "Mechelen-Aan-De-Maas" →
// "Mechelen-aan-de-Maas", "'S Gravenwezel" → "'s-Gravenwezel".
func fixCase(s string) string {
	if s == strings.ToUpper(s) {
		s = titleCase(s)
	}
	for _, p := range []string{"'S ", "S ", "'S-", "'s ", "’s ", "’S "} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = "'s-" + rest
			break
		}
	}
	parts := strings.Split(s, "-")
	for i := 1; i < len(parts); i++ {
		if w := parts[i]; particles[strings.ToLower(w)] && w != strings.ToUpper(w) {
			parts[i] = strings.ToLower(w)
		}
	}
	return strings.Join(parts, "-")
}

// titleCase turns "SINT-NIKLAAS" into "Sint-Niklaas".
func titleCase(s string) string {
	var b strings.Builder
	up := true
	for _, r := range strings.ToLower(s) {
		if up {
			b.WriteRune(unicode.ToUpper(r))
		} else {
			b.WriteRune(r)
		}
		up = r == '-' || r == ' ' || r == '\''
	}
	return b.String()
}

var lists = []string{
	"reserved-procurement",
	"applicability_reserved-execution",
	"strategic-procurement",
	"social-objective",
	"cpv_social-service-cpv",
	"buyer-legal-type",
}

// genCodelists: list, code, en, nl, fr.
func genCodelists(src string) ([][]string, error) {
	recs, err := readCSV(filepath.Join(src, "eforms", "codelists_flat_en_nl_fr.csv"))
	if err != nil {
		return nil, err
	}
	var rows [][]string
	for _, r := range recs {
		if slices.Contains(lists, r["codelist"]) {
			rows = append(rows, []string{r["codelist"], r["code"], r["en"], r["nl"], r["fr"]})
		}
	}
	nuts, err := genNUTS(filepath.Join(src, "eforms", "codelists", "nuts_nuts-bel-lvl3.gc"))
	if err != nil {
		return nil, err
	}
	return append(rows, nuts...), nil
}

func genNUTS(path string) ([][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Rows []struct {
			Values []struct {
				Ref   string `xml:"ColumnRef,attr"`
				Value string `xml:"SimpleValue"`
			} `xml:"Value"`
		} `xml:"SimpleCodeList>Row"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	var rows [][]string
	for _, r := range doc.Rows {
		v := map[string]string{}
		for _, x := range r.Values {
			v[x.Ref] = strings.TrimSpace(x.Value)
		}
		if v["code"] == "" {
			continue
		}
		rows = append(rows, []string{"nuts-bel-lvl3", v["code"], v["eng_label"], v["nld_label"], v["fra_label"]})
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no rows", path)
	}
	return rows, nil
}
