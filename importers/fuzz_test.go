package importers

import (
	"bytes"
	"context"
	"testing"

	"koppel/refdata"
)

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"12", "12,5", "1.250,50", "1,250.50", "€ 35,00 per uur", "-3", "1e5", ",", "1.2.3", "\u00a012\u202f000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, amb, err := parseNumber(s)
		if err != nil && (v != 0 || amb) {
			t.Errorf("parseNumber(%q) = %v, %v with error %v", s, v, amb, err)
		}
		parseQuantity(s)
		parseRadius(s)
	})
}

func FuzzCellParsers(f *testing.F) {
	ref := refdata.Load()
	for _, s := range []string{"90911200-8; 90919200", "9000; Gent; Oost-Vlaanderen; 30 km", "25 km rond Gent", "Nederlands, Frans", "46387", "31/12/2026", "Poetsen & co", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parseCPVList(ref, s)
		parseArea(ref, s)
		parseLanguages(s)
		parseDate(s, false)
		parseDate(s, true)
		parseKeywords(s)
		if id := deriveID(s); id == "" || len(id) > 60 {
			t.Errorf("deriveID(%q) = %q", s, id)
		}
		_ = cleanCell(s) // must not panic
		matchHeader(s)
		_ = normalizePhone(s)
	})
}

// FuzzReadCatalogue feeds whole small files, workbooks and CSV, to the
// importer: whatever they hold, it must return an error or a catalogue,
// never panic.
func FuzzReadCatalogue(f *testing.F) {
	f.Add("a.xlsx", aanbod(f, templateHeader, []any{"A", "Poetsen", "", "poetsen", "90911200-8", "30 km", "3", "VTE", "12,5"}))
	f.Add("a.xlsx", buildXLSX(f, []sheet{{"Onderneming", [][]any{{"Ondernemingsnummer", "0123456749"}, {"Naam", "X"}, {"Postcode", 9000}}}, {"Aanbod", [][]any{{"Dienst"}, {"x"}}}}, nil))
	f.Add("a.csv", []byte("\ufeffCode;Dienst;CPV\nA;Poetsen;90911200\n"))
	f.Add("a.csv", []byte("Dienst,\"x\ny\"\n\"unterminated"))
	f.Add("a.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	f.Add("a.xlsx", []byte("PK\x03\x04garbage"))
	ref := refdata.Load()
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		ctx := context.Background()
		cat, err := ReadCatalogue(ctx, ref, name, bytes.NewReader(data), Options{MaxRows: 1000, UnzipSizeLimit: 8 << 20})
		if err != nil {
			return
		}
		defer cat.Close()
		for _, err := range cat.Offerings(ctx) {
			if err != nil {
				break
			}
		}
		cat.Problems()
	})
}

func FuzzTenderCells(f *testing.F) {
	for _, s := range []string{"voorbehouden; gunningscriterium 15%", "uitvoeringsvoorwaarde: 5% uren", "art. 15 res-ws", "12,5%,3", "opp; gen-eq",
		"€ 120.000,00", "15/06/2026 om 11u00", "2026-06-15T11:00:00Z", "Perceel 03", "LOT-0001", "GENT/2026-045", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, errs, warns := parseClauses(s)
		for _, c := range cs {
			if _, ok := c.Kind.Info(); !ok || c.Weight < 0 || c.Weight > 100 {
				t.Errorf("parseClauses(%q) = %+v", s, c)
			}
		}
		_, _ = errs, warns
		parseObjectives(s)
		parseMoney(s)
		parseDeadline(s, false)
		parseStatus(s)
		lotID(s)
		if id := tenderID(s, s, s); id == "" || len(id) > 90 {
			t.Errorf("tenderID(%q) = %q", s, id)
		}
	})
}

// FuzzReadTenders feeds whole small files to the tender importer: it must
// return an error or a file, never panic, and every tender it returns must
// be valid.
func FuzzReadTenders(f *testing.F) {
	f.Add("t.xlsx", buildXLSX(f, []sheet{{"Opdrachten", [][]any{tenderHeader,
		trow(map[string]any{"Opdracht": "A", "Aankoper": "Stad Gent", "Titel opdracht": "Poetsen", "Perceel": 1, "CPV-codes": "90911200-8",
			"Plaats van uitvoering": 9000, "Start": 46266, "Einde": "31/08/2029", "Sociale clausule": "voorbehouden; gunningscriterium 15%"}),
		trow(map[string]any{"Opdracht": "A", "Aankoper": "Stad Gent", "Titel opdracht": "Poetsen", "Perceel": 1, "CPV-codes": "1"}),
	}}}, nil))
	f.Add("t.xlsx", buildXLSX(f, []sheet{{"Blad1", [][]any{{"Aankoper", "Titel"}, {"x", "y"}}}}, nil))
	f.Add("t.csv", []byte("\ufeffAankoper;Titel opdracht;Perceel;Sociale clausule\nStad Gent;Poetsen;1;\"res-ws\nonderaanneming\"\nStad Gent;Poetsen;1;x\n"))
	f.Add("t.csv", []byte("Aankoper,\"x\ny\"\n\"unterminated"))
	f.Add("t.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	f.Add("t.xlsx", []byte("PK\x03\x04garbage"))
	ref := refdata.Load()
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		tf, err := ReadTenders(context.Background(), ref, name, bytes.NewReader(data), Options{MaxRows: 1000, UnzipSizeLimit: 8 << 20})
		if err != nil {
			return
		}
		for _, tn := range tf.Tenders {
			if err := tn.Validate(ref); err != nil {
				t.Errorf("tender %q does not validate: %v", tn.ID, err)
			}
		}
		if tf.Rejected < 0 || tf.Rejected > tf.Rows {
			t.Errorf("rows %d, rejected %d", tf.Rows, tf.Rejected)
		}
	})
}
