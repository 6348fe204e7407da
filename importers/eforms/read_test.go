package eforms

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// mustRead reads a notice from testdata and fails the test on refusal.
func mustRead(t *testing.T, name string) *Notice {
	t.Helper()
	n, err := readFile(t, name)
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	return n
}

func readFile(t *testing.T, name string) (*Notice, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Read(f, Options{Ref: refdata.Load(), File: name})
}

func lotByID(t *testing.T, tn *koppel.Tender, id string) koppel.Lot {
	t.Helper()
	for _, l := range tn.Lots {
		if l.ID == id {
			return l
		}
	}
	t.Fatalf("no lot %s in %v", id, tn.Lots)
	return koppel.Lot{}
}

func date(s string) koppel.Date {
	d, err := koppel.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// TestReadReservedLot: INVALID_change-cn_24_FRA_comments.xml is "invalid"
// for the SDK's schematron (a field the changed notice lacks) but a readable
// contract notice with two lots, the second reserved (res-ws) and with
// reserved execution (BT-736 yes).
func TestReadReservedLot(t *testing.T) {
	n := mustRead(t, "INVALID_change-cn_24_FRA_comments.xml")
	tn := n.Tender
	if tn.ID != "eforms-e887ac08-8b2a-47ee-8ba2-b3564418d241" {
		t.Errorf("ID = %q", tn.ID)
	}
	wantSource := koppel.TenderSource{Kind: "eforms", NoticeID: "e887ac08-8b2a-47ee-8ba2-b3564418d241", Version: "01", File: "INVALID_change-cn_24_FRA_comments.xml",
		Notices: []string{"da4d46e9-490b-41ff-a2ae-8166d356a619"}, Procedure: "9999abf1-e057-47a5-9210-b1f6fc759999"}
	if d := cmp.Diff(wantSource, tn.Source); d != "" {
		t.Errorf("Source (-want +got):\n%s", d)
	}
	if n.NoticeType != "cn-standard" || n.Subtype != "16" || n.Language != "FRA" {
		t.Errorf("type %q subtype %q language %q, want cn-standard 16 FRA", n.NoticeType, n.Subtype, n.Language)
	}
	if n.ChangedNoticeID != "da4d46e9-490b-41ff-a2ae-8166d356a619" || n.ChangedNoticeVersion != "01" || n.Cancelled {
		t.Errorf("changed %q version %q cancelled %v", n.ChangedNoticeID, n.ChangedNoticeVersion, n.Cancelled)
	}
	wantBuyer := koppel.Buyer{Name: "Rouen Habitat", LegalType: "body-pl", City: "Rouen Cedex 1"}
	if tn.Buyer != wantBuyer {
		t.Errorf("Buyer = %+v, want %+v", tn.Buyer, wantBuyer)
	}
	if tn.Status != koppel.TenderPublished || tn.Owner != "" {
		t.Errorf("status %q owner %q", tn.Status, tn.Owner)
	}
	if tn.Title != "Service d'entretien de remise en état et de nettoyage des espaces verts" {
		t.Errorf("Title = %q", tn.Title)
	}
	if !tn.Deadline.Equal(date("2019-06-24")) {
		t.Errorf("Deadline = %v", tn.Deadline)
	}
	if len(tn.Lots) != 2 {
		t.Fatalf("%d lots, want 2", len(tn.Lots))
	}
	l1 := lotByID(t, tn, "LOT-0001")
	if len(l1.Clauses) != 0 || l1.NUTS != "FRD22" || l1.Title != "Agence centre" {
		t.Errorf("LOT-0001 = %+v: want no clauses, NUTS FRD22", l1)
	}
	l2 := lotByID(t, tn, "LOT-0002")
	want := koppel.Lot{
		ID: "LOT-0002", Title: "Agence Hauts de Rouen",
		Description: "Service d'entretien de remise en état et de nettoyage des espaces verts.",
		CPV:         []koppel.CPV{"45310000"}, NUTS: "BE100",
		Start: date("2019-09-01"), End: date("2020-12-31"),
		Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedWS}, {Kind: koppel.ClauseReservedExecution}},
	}
	if diff := cmp.Diff(want, l2); diff != "" {
		t.Errorf("LOT-0002 (-want +got):\n%s", diff)
	}
	if d := n.Lots["LOT-0002"]; d.Country != "BEL" || d.DeadlineTime != "16:00:00Z" {
		t.Errorf("LOT-0002 detail %+v", d)
	}
	// Price and quality criteria say nothing social: no award clause.
	for _, l := range tn.Lots {
		for _, c := range l.Clauses {
			if c.Kind == koppel.ClauseAwardCriterion {
				t.Errorf("lot %s: unexpected %+v", l.ID, c)
			}
		}
	}
}

// TestReadSocialObjectives: cn-social_25.xml gives BT-775 opp and acc-all
// (without BT-06) and BT-736 yes; its value is in Botswana pula.
func TestReadSocialObjectives(t *testing.T) {
	n := mustRead(t, "cn-social_25.xml")
	tn := n.Tender
	if n.NoticeType != "cn-social" || n.Subtype != "21" {
		t.Errorf("type %q subtype %q", n.NoticeType, n.Subtype)
	}
	l := lotByID(t, tn, "LOT-0001")
	want := []koppel.Clause{
		{Kind: koppel.ClauseReservedExecution},
		{Kind: koppel.ClauseExecutionCondition, SocialObjectives: []string{"opp", "acc-all"}, Objective: true},
	}
	if diff := cmp.Diff(want, l.Clauses); diff != "" {
		t.Errorf("clauses (-want +got):\n%s", diff)
	}
	if l.Value != 0 || n.Lots["LOT-0001"].Currency != "BWP" || n.Lots["LOT-0001"].Value != 1231 {
		t.Errorf("value %v detail %+v: want no EUR value, 1231 BWP kept aside", l.Value, n.Lots["LOT-0001"])
	}
	if len(n.Problems) != 1 || n.Problems[0].Column != "BT-27-Lot" {
		t.Errorf("problems %+v, want one about the currency", n.Problems)
	}
	if !tn.Deadline.Equal(date("2023-08-11")) {
		t.Errorf("Deadline = %v, want the deadline for requests to participate", tn.Deadline)
	}
}

// TestReadValueAndCPV: cn_24_open.xml has an estimated value in EUR, a main
// CPV code and three additional ones, and a buyer in Scotland.
func TestReadValueAndCPV(t *testing.T) {
	n := mustRead(t, "cn_24_open.xml")
	tn := n.Tender
	if tn.Buyer.Name != "Renfrewshire Council" || tn.Buyer.Postcode != "" {
		t.Errorf("Buyer = %+v: want Renfrewshire Council without a (foreign) postcode", tn.Buyer)
	}
	if len(tn.Lots) != 1 {
		t.Fatalf("%d lots", len(tn.Lots))
	}
	l := tn.Lots[0]
	wantCPV := []koppel.CPV{"71630000", "71314100", "50300000", "31600000"} // main first
	if diff := cmp.Diff(wantCPV, l.CPV); diff != "" {
		t.Errorf("CPV (-want +got):\n%s", diff)
	}
	if l.Value != 500000 {
		t.Errorf("Value = %v, want 500000 (the procedure's value, BT-27, for its one lot)", l.Value)
	}
	if tn.Deadline.IsZero() {
		t.Error("no deadline")
	}
}

// TestReadFlemish checks a Dutch/French notice field by field: buyer,
// multilingual texts, CPV with an unknown code, Belgian places, values,
// dates, every clause kind and the warnings.
func TestReadFlemish(t *testing.T) {
	n := mustRead(t, "cn_flemish_synthetic.xml")
	tn := n.Tender
	want := &koppel.Tender{
		ID:          "eforms-7d1c1e2a-3b4c-4d5e-8f90-123456789abc",
		Buyer:       koppel.Buyer{Name: "Stad Gent", LegalType: "la", Postcode: "9000", City: "Gent"},
		Title:       "Schoonmaak en groenonderhoud van de stedelijke scholen",
		Description: "Schoonmaak van klaslokalen en\ngroenonderhoud van speelplaatsen.",
		Deadline:    date("2026-06-10"),
		Status:      koppel.TenderPublished,
		Source: koppel.TenderSource{Kind: "eforms", NoticeID: "7d1c1e2a-3b4c-4d5e-8f90-123456789abc", Version: "02", File: "cn_flemish_synthetic.xml",
			Procedure: "0b5e8a2c-1111-4222-8333-444455556666"},
		Language: "nl",
		Lots: []koppel.Lot{{
			ID: "LOT-0001", Title: "Schoonmaak scholen Gent-Centrum",
			Description: "Dagelijkse schoonmaak van 12 schoolgebouwen.",
			CPV:         []koppel.CPV{"90911200", "90919200"},
			Postcode:    "9000", City: "Gent", NUTS: "BE234",
			Value: 150000.50, Start: date("2026-09-01"), End: date("2027-08-31"),
			Clauses: []koppel.Clause{
				{Kind: koppel.ClauseReservedWS},
				{Kind: koppel.ClauseExecutionCondition, SocialObjectives: []string{"opp", "work-cond"}, Text: "Minstens 20 % van de uren door doelgroepwerknemers.", Objective: true},
				{Kind: koppel.ClauseAwardCriterion, Weight: 15, Text: "Tewerkstelling: Inzet van doelgroepwerknemers uit de sociale economie."},
			},
			SocialSignals: []string{"doelgroepwerknemers", "sociale economie"},
		}, {
			ID: "LOT-0002", Title: "Groenonderhoud speelplaatsen",
			CPV:  []koppel.CPV{"77313000"},
			City: "Drongen", Value: 100000,
			Start: date("2026-09-01"), End: date("2027-06-30"),
			Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedExecution}},
		}, {
			ID: "LOT-0003", Title: "Schoonmaak en groenonderhoud van de stedelijke scholen — perceel LOT-0003",
			CPV:      []koppel.CPV{"90911200"},
			Postcode: "1000", City: "Brussel",
			Clauses: []koppel.Clause{{Kind: koppel.ClauseReservedPubSer}},
		}},
	}
	opts := cmp.Options{cmpopts.IgnoreFields(koppel.Lot{}, "Place")}
	if diff := cmp.Diff(want, tn, opts); diff != "" {
		t.Errorf("tender (-want +got):\n%s", diff)
	}
	if p := tn.Lots[0].Place; p == nil || p.Municipality != "Gent" {
		t.Errorf("LOT-0001 place %+v, want Gent filled in by Validate", p)
	}

	wantTexts := map[string]map[string]string{
		"title":                        {"NLD": "Schoonmaak en groenonderhoud van de stedelijke scholen", "FRA": "Nettoyage et entretien des espaces verts des écoles"},
		"buyer":                        {"NLD": "Stad Gent", "FRA": "Ville de Gand"},
		"LOT-0001.title":               {"NLD": "Schoonmaak scholen Gent-Centrum", "FRA": "Nettoyage des écoles de Gand-Centre"},
		"description":                  {"NLD": "Schoonmaak van klaslokalen en\ngroenonderhoud van speelplaatsen.", "ENG": "Cleaning of classrooms and upkeep of playgrounds."},
		"LOT-0002.title":               {"NLD": "Groenonderhoud speelplaatsen"},
		"LOT-0001.social":              {"NLD": "Minstens 20 % van de uren door doelgroepwerknemers."},
		"LOT-0001.award.3.name":        {"NLD": "Tewerkstelling"},
		"LOT-0001.award.3.description": {"NLD": "Inzet van doelgroepwerknemers uit de sociale economie."},
		"LOT-0001.description":         {"NLD": "Dagelijkse schoonmaak van 12 schoolgebouwen."},
	}
	if diff := cmp.Diff(wantTexts, n.Texts); diff != "" {
		t.Errorf("Texts (-want +got):\n%s", diff)
	}

	var got [][2]string
	for _, p := range n.Problems {
		got = append(got, [2]string{p.Column, p.Value})
		if p.Severity != koppel.SeverityWarning || p.Message == "" || p.MessageEN == "" {
			t.Errorf("problem %+v", p)
		}
	}
	wantProblems := [][2]string{
		{"BT-262-Lot", "99999999"},
		{"BT-5071-Lot", "BE999"},
		{"BT-5121-Lot", "9999"},
		{"BT-27-Lot", "5000 USD"},
		{"BT-21-Lot", "LOT-0003"},
	}
	if diff := cmp.Diff(wantProblems, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if d := n.Lots["LOT-0001"]; d.Duration != "12 MONTH" || !d.Deadline.Equal(date("2026-06-15")) || d.DeadlineTime != "11:00:00+02:00" {
		t.Errorf("LOT-0001 detail %+v", d)
	}
}

// TestReadRefused: a contract modification notice is refused with a
// Dutch message and a Refusal carrying the reason and the English text.
func TestReadRefused(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "can_24_minimal.xml"))
	if err != nil {
		t.Fatal(err)
	}
	modif := strings.Replace(string(b), ">can-standard<", ">can-modif<", 1)
	_, err = Read(strings.NewReader(modif), Options{Ref: refdata.Load()})
	if koppel.ErrorCode(err) != koppel.EINVALID {
		t.Fatalf("err = %v, want EINVALID", err)
	}
	if msg := koppel.ErrorMessage(err); !strings.Contains(msg, "wijziging van een lopende opdracht (can-modif)") {
		t.Errorf("message %q", msg)
	}
	var r *Refusal
	if !errors.As(err, &r) || r.Reason != "modification" || r.NoticeType != "can-modif" || !strings.Contains(i18n.ErrorText(i18n.EN, err), "contract modification notice") {
		t.Errorf("refusal %+v", r)
	}
}

// TestReadAward: an award notice gives the outcomes of its lots, no
// tender: winners with their name and company ID, the value of the
// winning tenders in euro, the decision date, and the reason of a lot not
// awarded; a lot still open is reported, not an outcome.
func TestReadAward(t *testing.T) {
	n, err := readFile(t, "can_flemish_synthetic.xml")
	if err != nil {
		t.Fatal(err)
	}
	if n.Tender != nil || n.ProcedureID != "0b5e8a2c-1111-4222-8333-444455556666" || len(n.Outcomes) != 3 {
		t.Fatalf("got tender %v, procedure %q and %d outcomes; want no tender, the procedure and 3", n.Tender, n.ProcedureID, len(n.Outcomes))
	}
	src := koppel.OutcomeSource{Kind: "eforms", NoticeID: "9e2f4a61-5c7d-4e8f-a012-3456789abcde", Version: "01", File: "can_flemish_synthetic.xml"}
	want := []*koppel.Outcome{
		{LotID: "LOT-0001", Procedure: n.ProcedureID, Result: koppel.OutcomeAwarded, Source: src, Value: 184000,
			Winners: []koppel.Winner{{Name: "Fictieve Maatwerk Schetsbeek vzw", CompanyID: "BE0123456749"}}, Date: koppel.NewDate(2026, 7, 10)},
		{LotID: "LOT-0002", Procedure: n.ProcedureID, Result: koppel.OutcomeAwarded, Source: src, Value: 61500.50,
			Winners: []koppel.Winner{{Name: "Voorbeeld Groen Verzinselgem bv", CompanyID: "0400.040.767"}, {Name: "Fictieve Tuinploeg Schetsbeek", CompanyID: "0202.239.951"}},
			Date:    koppel.NewDate(2026, 7, 21)},
		{LotID: "LOT-0003", Procedure: n.ProcedureID, Result: koppel.OutcomeNotAwarded, Reason: koppel.NoAwardNoTenders, Source: src, Date: koppel.NewDate(2026, 7, 25)},
	}
	if diff := cmp.Diff(want, n.Outcomes, cmp.Comparer(func(a, b koppel.Date) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}

	n, err = readFile(t, "can-social_24.xml")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]*koppel.Outcome{}
	for _, o := range n.Outcomes {
		got[o.LotID] = o
	}
	if o := got["LOT-0001"]; o == nil || o.Result != koppel.OutcomeNotAwarded || o.Reason != koppel.NoAwardNoSuitable {
		t.Errorf("LOT-0001: got %+v, want not awarded, no suitable tenders (all-rej)", o)
	}
	if o := got["LOT-0002"]; o == nil || o.Result != koppel.OutcomeAwarded || len(o.Winners) != 1 || o.Winners[0].Name != "Kapa" || o.Value != 100000 {
		t.Errorf("LOT-0002: got %+v, want awarded to Kapa for 100000", o)
	}
	if got["LOT-0003"] != nil || len(n.Problems) != 1 || !strings.Contains(n.Problems[0].Message, "nog geen winnaar") {
		t.Errorf("LOT-0003 (open-nw): got outcome %+v and problems %+v, want none and one warning", got["LOT-0003"], n.Problems)
	}
}

// TestReadVariants edits a real notice to reach the branches the examples
// do not: a cancelling change notice, a missing title or buyer, a bad date.
func TestReadVariants(t *testing.T) {
	base, err := os.ReadFile(filepath.Join("testdata", "INVALID_change-cn_24_FRA_comments.xml"))
	if err != nil {
		t.Fatal(err)
	}
	ref := refdata.Load()
	for _, tc := range []struct {
		name   string
		edit   func(string) string
		reason string // "" when imported
		check  func(t *testing.T, n *Notice)
	}{
		{
			name: "cancel",
			edit: func(s string) string {
				return strings.Replace(s, "</efbc:ChangedNoticeIdentifier>", "</efbc:ChangedNoticeIdentifier><efac:ChangeReason><cbc:ReasonCode listName=\"change-corrig-justification\">cancel</cbc:ReasonCode></efac:ChangeReason>", 1)
			},
			check: func(t *testing.T, n *Notice) {
				if !n.Cancelled || n.Tender.Status != koppel.TenderClosed {
					t.Errorf("cancelled %v status %q, want a closed tender", n.Cancelled, n.Tender.Status)
				}
			},
		},
		{
			name: "no buyer",
			edit: func(s string) string {
				return strings.Replace(s, "<cbc:Name languageID=\"FRA\">Rouen Habitat</cbc:Name>", "", 1)
			},
			reason: "invalid",
		},
		{
			name: "no title",
			edit: func(s string) string {
				s = strings.Replace(s, "<cbc:Name languageID=\"FRA\">Service d'entretien de remise en état et de nettoyage des espaces verts</cbc:Name>", "", 1)
				return s
			},
			reason: "no-title",
		},
		{
			name:   "no lots",
			edit:   func(s string) string { return strings.ReplaceAll(s, "schemeName=\"Lot\"", "schemeName=\"LotsGroup\"") },
			reason: "no-lots",
		},
		{
			name: "bad date and end before start",
			edit: func(s string) string {
				s = strings.Replace(s, "<cbc:EndDate>2019-06-24Z</cbc:EndDate>", "<cbc:EndDate>24/06/2019</cbc:EndDate>", 1)
				return strings.Replace(s, "<cbc:EndDate>2020-12-31+01:00</cbc:EndDate>", "<cbc:EndDate>2018-12-31+01:00</cbc:EndDate>", 1)
			},
			check: func(t *testing.T, n *Notice) {
				if len(n.Problems) != 2 || !n.Tender.Lots[0].End.IsZero() {
					t.Errorf("problems %+v, end %v", n.Problems, n.Tender.Lots[0].End)
				}
			},
		},
		{
			name: "latin-1",
			edit: func(s string) string {
				s = strings.Replace(s, `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
				var b []byte
				for _, r := range s {
					if r < 0x100 {
						b = append(b, byte(r))
					} else {
						b = append(b, '?')
					}
				}
				return string(b)
			},
			check: func(t *testing.T, n *Notice) {
				if !strings.Contains(n.Tender.Title, "remise en état") {
					t.Errorf("title %q: ISO-8859-1 not decoded", n.Tender.Title)
				}
			},
		},
		{
			name:   "windows-1250",
			edit:   func(s string) string { return strings.Replace(s, `encoding="UTF-8"`, `encoding="windows-1250"`, 1) },
			reason: "encoding",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.edit(string(base))
			if in == string(base) {
				t.Fatal("edit changed nothing")
			}
			n, err := Read(strings.NewReader(in), Options{Ref: ref})
			if got := RefusalReason(err); got != tc.reason {
				t.Fatalf("reason %q (%v), want %q", got, err, tc.reason)
			}
			if err != nil && koppel.ErrorMessage(err) == "" {
				t.Error("refusal without message")
			}
			if tc.check != nil && err == nil {
				tc.check(t, n)
			}
		})
	}
}

// TestIsSocialText checks the words that make an award criterion social.
func TestIsSocialText(t *testing.T) {
	for s, want := range map[string]bool{
		"Inzet van doelgroepwerknemers":                                   true,
		"Sociale tewerkstelling":                                          true,
		"Clause d'insertion sociale":                                      true,
		"Social value: employment opportunities for disadvantaged people": true,
		"Beschäftigung von Menschen mit Behinderung":                      true,
		"Prix": false,
		"Qualité architecturale et insertion dans le site": false,
		"Attestation de sécurité sociale":                  false,
		"Prijs inclusief btw":                              false,
		"Technical merit":                                  false,
	} {
		if got := isSocialText(s); got != want {
			t.Errorf("isSocialText(%q) = %v, want %v", s, got, want)
		}
	}
}
