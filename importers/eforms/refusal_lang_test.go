package eforms

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// readEdited reads a testdata notice after replacing old by new in it.
func readEdited(t *testing.T, name, old, new string) (*Notice, error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", name, old)
	}
	return Read(strings.NewReader(strings.Replace(string(b), old, new, 1)), Options{Ref: refdata.Load(), File: name})
}

// TestLastWarningsInThreeLanguages: the warnings of a text given twice in
// one language, a CPV code not in the vocabulary, an end date before the
// start date and an unusable award result are in Dutch, French and
// English.
func TestLastWarningsInThreeLanguages(t *testing.T) {
	const flemish = "cn_flemish_synthetic.xml"
	for _, tc := range []struct {
		name, file, old, new, field string
		nl, fr, en                  string
	}{
		{"text twice", flemish,
			`<cbc:Name languageID="NLD">Schoonmaak en groenonderhoud van de stedelijke scholen</cbc:Name>`,
			`<cbc:Name languageID="NLD">Schoonmaak en groenonderhoud van de stedelijke scholen</cbc:Name><cbc:Name languageID="NLD">Nog een titel</cbc:Name>`,
			"BT-21-Procedure",
			"De titel staat meer dan eens in de taal NLD", "Le titre figure plus d’une fois dans la langue NLD ; le premier texte a été retenu.", "The title is given more than once in language NLD"},
		{"cpv", flemish, "", "", "BT-262-Lot",
			"Perceel LOT-0001: CPV-code \"99999999\" bestaat niet", "Lot LOT-0001 : le code CPV « 99999999 » n’existe pas", "Lot LOT-0001: CPV code \"99999999\" does not exist"},
		{"end before start", flemish,
			"<cbc:StartDate>2026-09-01+02:00</cbc:StartDate>\n\t\t\t\t<cbc:DurationMeasure",
			"<cbc:StartDate>2026-09-01+02:00</cbc:StartDate><cbc:EndDate>2026-08-01+02:00</cbc:EndDate>\n\t\t\t\t<cbc:DurationMeasure",
			"BT-537-Lot",
			"de einddatum 01/08/2026 ligt voor de begindatum 01/09/2026", "la date de fin 01/08/2026 précède la date de début 01/09/2026 ; la date de fin a été omise", "the end date 01/08/2026 is before the start date 01/09/2026"},
		{"award result", "can_flemish_synthetic.xml", ">no-rece<", ">" + strings.Repeat("x", 1100) + "<", "BT-142-LotResult",
			"de uitslag is onvolledig of tegenstrijdig (de toelichting bij de reden)", "le résultat est incomplet ou contradictoire (l’explication du motif) ; il n’a pas été repris", "the result is incomplete or contradictory (the explanation of the reason)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n *Notice
			var err error
			if tc.old == "" {
				n = mustRead(t, tc.file)
			} else if n, err = readEdited(t, tc.file, tc.old, tc.new); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range n.Problems {
				if p.Column != tc.field {
					continue
				}
				found = true
				if !strings.Contains(p.Message, tc.nl) || !strings.Contains(plain(p.MessageFR), tc.fr) || !strings.Contains(p.MessageEN, tc.en) {
					t.Errorf("nl %q, fr %q, en %q;\nwant %q, %q, %q", p.Message, p.MessageFR, p.MessageEN, tc.nl, tc.fr, tc.en)
				}
			}
			if !found {
				t.Errorf("no %s warning: %+v", tc.field, n.Problems)
			}
		})
	}
}

// TestRefusalsInThreeLanguages: a refused notice says why in Dutch,
// French and English, said from the error's catalogue key (its Dutch
// text is the error's Message).
func TestRefusalsInThreeLanguages(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "can_24_minimal.xml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, input, reason string
		fr, en              string
	}{
		{"modification", strings.Replace(string(b), ">can-standard<", ">can-modif<", 1), "modification",
			"C’est un avis de modification d’un marché en cours (can-modif), pas un appel à la concurrence", "This is a contract modification notice (can-modif)"},
		{"planning", strings.Replace(string(b), ">can-standard<", ">pin-buyer<", 1), "planning",
			"Importez l’avis de marché dès sa publication.", "Import the contract notice once it is published."},
		{"pdf", "%PDF-1.7 …", "not-xml", "C’est un fichier PDF, pas un avis eForms en XML.", "This is a PDF file, not an eForms notice in XML."},
		{"not eforms", "<Invoice/>", "not-eforms", "l’élément racine est <Invoice>", "the root element is <Invoice>"},
		{"broken", "<ContractNotice><a></ContractNotice>", "not-xml", "n’est pas du XML valable (ligne 1", "is not well-formed XML (line 1"},
	} {
		_, err := Read(strings.NewReader(tc.input), Options{Ref: refdata.Load()})
		var r *Refusal
		if !errors.As(err, &r) || r.Reason != tc.reason {
			t.Fatalf("%s: err %v, refusal %+v, want reason %s", tc.name, err, r, tc.reason)
		}
		// The texts are said from the error's key: the Dutch one is its
		// Message.
		nl, fr, en := i18n.ErrorText(i18n.NL, err), i18n.ErrorText(i18n.FR, err), i18n.ErrorText(i18n.EN, err)
		if !strings.Contains(plain(fr), tc.fr) || !strings.Contains(en, tc.en) || nl == "" || nl != koppel.ErrorMessage(err) {
			t.Errorf("%s: refusal nl %q, fr %q, en %q", tc.name, nl, fr, en)
		}
	}
}

// plain is s with its no-break spaces (French typography) as spaces, for
// comparing with a text written with ordinary spaces.
func plain(s string) string { return strings.ReplaceAll(s, "\u00a0", " ") }
