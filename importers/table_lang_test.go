package importers

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// TestFileErrorsInEveryLanguage: the errors that refuse a whole file (a
// missing column, no sheet of the table, an empty sheet, too many rows,
// too many columns) carry a catalogue key, so that the API and the pages
// say them in the reader's language; the Dutch text stays the error's
// message.
func TestFileErrorsInEveryLanguage(t *testing.T) {
	many := "Dienst;Omschrijving\n" + strings.Repeat("Poetsen;x\n", 30)
	wide := "Dienst;Omschrijving\nPoetsen;x" + strings.Repeat(";", 40) + "x\n"
	for _, tc := range []struct {
		name   string
		file   string
		data   []byte
		read   func(name string, data []byte) error
		nl, fr string
		en     string
	}{
		{"catalogue without Dienst", "a.xlsx", aanbod(t, []any{"Code", "Omschrijving"}, []any{"A", "x"}), readCat,
			"ontbreekt de kolom 'Dienst' (de naam van de dienst", "il manque la colonne « Prestation » (le nom du service ; aussi « Dienst »", "lacks the column 'Service' (the name of the service; also 'Dienst'"},
		{"spend without amount and date", "s.csv", []byte("Leverancier;Omschrijving\nX;y\n"), readSpendErr,
			"ontbreken de kolommen 'Bedrag'", "il manque les colonnes « Bedrag » (le montant de l’achat ; aussi « Montant » ou « Amount ») et « Datum »", "lacks the columns 'Bedrag' (the amount of the purchase; also 'Montant' or 'Amount') and 'Datum'"},
		{"no sheet", "a.xlsx", buildXLSX(t, []sheet{{"Blad1", [][]any{{"x"}}}, {"Blad2", [][]any{{"y"}}}}, nil), readCat,
			"heeft geen blad 'Aanbod' met de diensten", "n’a pas d’onglet « Offre » avec les services", "has no sheet 'Offerings' with the services"},
		{"empty sheet", "a.xlsx", buildXLSX(t, []sheet{{"Aanbod", nil}}, nil), readCat,
			"is leeg: er staan geen kolomkoppen en geen diensten in", "est vide : il ne contient ni en-têtes de colonnes ni services", "is empty: it holds no column headers and no services"},
		{"too many rows", "a.csv", []byte(many), func(name string, data []byte) error {
			_, err := ReadCatalogue(context.Background(), refdata.Load(), name, bytes.NewReader(data), Options{MaxRows: 10})
			return err
		}, "splits de catalogus of neem contact op", "divisez le catalogue ou prenez contact avec nous", "split the catalogue or get in touch"},
		{"too many columns", "a.csv", []byte(wide), func(name string, data []byte) error {
			_, err := ReadCatalogue(context.Background(), refdata.Load(), name, bytes.NewReader(data), Options{MaxColumns: 20})
			return err
		}, "Koppel leest hoogstens 20 kolommen", "Koppel en lit au maximum 20", "Koppel reads at most 20 columns"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.read(tc.file, tc.data)
			var e *koppel.Error
			if err == nil || !errors.As(err, &e) || e.Key == "" {
				t.Fatalf("err %v, want a keyed error", err)
			}
			for l, want := range map[i18n.Lang]string{i18n.NL: tc.nl, i18n.FR: tc.fr, i18n.EN: tc.en} {
				if got := plain(i18n.ErrorText(l, err)); !strings.Contains(got, want) {
					t.Errorf("%s: %q, want %q", l, got, want)
				}
			}
			if !strings.Contains(koppel.ErrorMessage(err), tc.nl) {
				t.Errorf("Dutch message %q, want %q", koppel.ErrorMessage(err), tc.nl)
			}
		})
	}
}

func readCat(name string, data []byte) error {
	cat, err := ReadCatalogue(context.Background(), refdata.Load(), name, bytes.NewReader(data), Options{})
	if cat != nil {
		cat.Close()
	}
	return err
}

func readSpendErr(name string, data []byte) error {
	_, err := ReadSpend(context.Background(), refdata.Load(), name, bytes.NewReader(data), Options{})
	return err
}
