package server

import (
	"strings"
	"testing"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
	"koppel/match"
)

// cellsOf returns the table cells of a rendered chart, in order.
func cellsOf(html string) []string {
	var out []string
	for _, part := range strings.Split(html, "<td")[1:] {
		_, rest, _ := strings.Cut(part, ">")
		cell, _, _ := strings.Cut(rest, "</td>")
		out = append(out, cell)
	}
	return out
}

func TestScanCharts(t *testing.T) {
	sc := clauses.Scan{Candidates: 7, NeedFTE: 2.5, ByKind: map[koppel.ClauseKind]clauses.KindCount{
		// Three may bid but none gave a capacity: unknown, not 0.
		koppel.ClauseReservedWS: {Eligible: 3, ToVerify: 2, NotEligible: 2, Allowed: true},
		// None may bid: 0 VTE.
		koppel.ClauseReservedExecution: {NotEligible: 7, Allowed: true},
		koppel.ClauseReservedPubSer:    {Allowed: false, Why: "geen sociale dienst"},
	}}
	charts := scanCharts(i18n.NL, sc)
	if len(charts) != 2 {
		t.Fatalf("got %d charts, want 2", len(charts))
	}
	elig, capa := string(charts[0]), string(charts[1])
	if got, want := strings.Join(cellsOf(elig), " "), "3 2 2 7 0 0 7 7"; got != want {
		t.Errorf("eligibility table %q, want %q", got, want)
	}
	if !strings.Contains(elig, "Op een voorbehouden opdracht mogen inschrijven: 3 van de 7 ondernemingen die dit perceel kunnen uitvoeren (te verifiëren: 2). Een openbaredienstverleningstaak is voor dit perceel niet toegelaten.") {
		t.Errorf("eligibility summary in %s", elig)
	}
	if strings.Contains(elig, "res-pub-ser") || strings.Contains(capa, "res-pub-ser") {
		t.Error("the kind the lot does not allow is drawn")
	}
	if got, want := strings.Join(cellsOf(capa), " | "), "onbekend | 0 VTE | 2,5 VTE"; got != want {
		t.Errorf("capacity table %q, want %q", got, want)
	}
	if n := strings.Count(capa, "<rect"); n != 1 {
		t.Errorf("capacity chart draws %d bars, want 1 (the 0 VTE; the unknown has none)", n)
	}
	if !strings.Contains(capa, "Van de ondernemingen die mogen inschrijven op een voorbehouden opdracht is de capaciteit onbekend, tegenover 2,5 VTE gevraagd.") {
		t.Errorf("capacity summary in %s", capa)
	}

	// Known capacity, one that may bid: singular forms.
	sc.ByKind[koppel.ClauseReservedWS] = clauses.KindCount{Eligible: 1, CapacityFTE: 4, CanCarry: 1, Allowed: true}
	capa = string(scanCharts(i18n.NL, sc)[1])
	if !strings.Contains(capa, "De 1 onderneming die mag inschrijven op een voorbehouden opdracht heeft 4 VTE capaciteit, tegenover 2,5 VTE gevraagd.") {
		t.Errorf("capacity summary in %s", capa)
	}
	// In French and English the numbers and units are theirs.
	for l, want := range map[i18n.Lang]string{i18n.FR: "2,5 ETP", i18n.EN: "2.5 FTE"} {
		capa := string(scanCharts(l, sc)[1])
		if !strings.Contains(capa, want) || strings.Contains(capa, "VTE") || strings.Contains(capa, "onbekend") {
			t.Errorf("%s: capacity chart lacks %q or keeps Dutch: %s", l, want, capa)
		}
	}
	if got := scanCharts(i18n.NL, clauses.Scan{}); got != nil {
		t.Errorf("a scan without candidates draws %d charts", len(got))
	}
}

func TestLotCapacityChart(t *testing.T) {
	yes, no := true, false
	lm := &match.LotMatches{Matches: []match.Match{
		{Enterprise: match.EnterpriseRef{Name: "Groot <vzw>"}, Explanation: match.Explanation{Capacity: &match.Capacity{Offered: 3, Unit: "VTE", RequiredFTE: 2.5, Enough: &yes}}},
		{Enterprise: match.EnterpriseRef{Name: "Klein"}, Explanation: match.Explanation{Capacity: &match.Capacity{Offered: 1.5, Unit: "VTE", RequiredFTE: 2.5, Enough: &no}}},
		{Enterprise: match.EnterpriseRef{Name: "In uren"}, Explanation: match.Explanation{Capacity: &match.Capacity{Offered: 800, Unit: "uur"}}},
		{Enterprise: match.EnterpriseRef{Name: "Zonder"}},
	}}
	lot := &koppel.Lot{ID: "2", VolumeFTE: 2.5}
	html := string(lotCapacityChart(i18n.NL, lot, lm, 11))
	if got, want := strings.Join(cellsOf(html), " | "), "3 VTE | 1,5 VTE | onbekend | onbekend | 2,5 VTE"; got != want {
		t.Errorf("table %q, want %q", got, want)
	}
	for _, want := range []string{`id="capaciteit-perceel-2"`, "11. Groot &lt;vzw&gt;", "14. Zonder",
		"1 van de 4 ondernemingen hieronder kan het gevraagde volume van 2,5 VTE alleen aan. Van 2 is de capaciteit in VTE onbekend."} {
		if !strings.Contains(html, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if strings.Contains(html, "800") {
		t.Error("a capacity in hours is drawn as VTE")
	}
	if got := lotCapacityChart(i18n.NL, &koppel.Lot{ID: "3"}, lm, 1); got != "" {
		t.Error("a lot without a volume has a capacity chart")
	}
}

func TestOutcomeYearsChart(t *testing.T) {
	rep := &koppel.OutcomeReport{Years: []koppel.OutcomeYear{ // newest first
		{Year: 2026, OutcomeCounts: koppel.OutcomeCounts{Lots: 5, Reserved: 3, ReservedAnswered: 2, ReservedSocialEconomy: 1}},
		{Year: 2025}, // needs only: no lots, not drawn
		{Year: 2024, OutcomeCounts: koppel.OutcomeCounts{Lots: 2, Reserved: 1, ReservedAnswered: 1}},
	}}
	html := string(outcomeYearsChart(i18n.NL, rep))
	if got, want := strings.Join(cellsOf(html), " "), "1 1 0 3 2 1"; got != want {
		t.Errorf("table %q, want %q (oldest year first)", got, want)
	}
	if strings.Contains(html, ">2025<") {
		t.Error("a year without lots is drawn")
	}
	if !strings.Contains(html, "Van 2024 tot 2026: 4 voorbehouden percelen, waarvan 3 met offertes en 1 gegund aan de sociale economie.") {
		t.Errorf("summary in %s", html)
	}
	rep.Years = []koppel.OutcomeYear{{Year: 2026, OutcomeCounts: koppel.OutcomeCounts{Lots: 4}}}
	if got := outcomeYearsChart(i18n.NL, rep); got != "" {
		t.Error("a report without reserved lots has a chart")
	}
}
