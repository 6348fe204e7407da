package server_test

import (
	"context"
	"encoding/csv"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"koppel"
	"koppel/refdata"
	"koppel/server"
)

// TestExportMatchesTargetGroup exports the matches of a tender with a lot
// that wishes a target group and one that does not: the column Doelgroep
// holds the target group part of the score for the first (as the JSON's
// parts) and is empty for the second, in xlsx and in CSV.
func TestExportMatchesTargetGroup(t *testing.T) {
	f := newFixture(t, server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6})
	f.putCleaner(t, "0202239951", "Poetsploeg Doorstroom vzw", true) // works with people with a disability
	f.putCleaner(t, "0203201340", "Schoonmaak Schetsbeek vzw", false)
	tn := &koppel.Tender{ID: "wens", Owner: "Stad A", Status: koppel.TenderPublished, Title: "Schoonmaak scholen", Buyer: koppel.Buyer{Name: "Stad A"},
		Deadline: koppel.DateOf(time.Now().AddDate(0, 1, 0)),
		Lots: []koppel.Lot{
			{ID: "1", Title: "Schoonmaak basisschool", CPV: []koppel.CPV{"90911200"}, Postcode: "9000", TargetGroups: []koppel.TargetGroup{koppel.TargetDisability}},
			{ID: "2", Title: "Schoonmaak sporthal", CPV: []koppel.CPV{"90911200"}, Postcode: "9000"}}}
	if err := tn.Validate(refdata.Load()); err != nil {
		t.Fatal(err)
	}
	if err := f.st.PutTender(context.Background(), tn); err != nil {
		t.Fatal(err)
	}
	path := "/api/v1/tenders/wens/matches?include_ineligible=true"
	res := matchesPage(t, f, path)
	want := map[string]map[koppel.KBO]float64{} // lot → enterprise → part; absent: none
	n := 0
	for _, l := range res.Lots {
		want[l.LotID] = map[koppel.KBO]float64{}
		for _, m := range l.Matches {
			n++
			if x, ok := m.Explanation.Parts["target_group"]; ok {
				want[l.LotID][kboDigits(m.Enterprise.KBO)] = x
			}
		}
	}
	if n < 4 || len(want["1"]) < 2 || len(want["2"]) != 0 || want["1"]["0202239951"] != 1 || want["1"]["0203201340"] != 0 {
		t.Fatalf("matches %+v: want both cleaners for both lots, a target group part only for lot 1 (1 and 0)", want)
	}
	const col = 14 // after Erkenning
	check := func(format string, rows [][]string) {
		t.Helper()
		if len(rows) != n+1 || rows[0][col-1] != "Erkenning" || rows[0][col] != "Doelgroep" {
			t.Fatalf("%s: %d rows, header %q", format, len(rows), rows[0])
		}
		for _, r := range rows[1:] {
			part, ok := want[r[0]][kboDigits(koppel.KBO(r[4]))]
			// The CSV rounds to 3 decimals, with a decimal comma in Dutch.
			got, err := strconv.ParseFloat(strings.Replace(r[col], ",", ".", 1), 64)
			switch {
			case ok && (err != nil || math.Abs(got-part) > 0.0005):
				t.Errorf("%s lot %s %s: Doelgroep %q, want %v", format, r[0], r[4], r[col], part)
			case !ok && r[col] != "":
				t.Errorf("%s lot %s %s: Doelgroep %q, want empty", format, r[0], r[4], r[col])
			}
		}
	}
	resp, body := f.do(t, "anonymous", "GET", path+"&format=xlsx", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("%d %.300s", resp.StatusCode, body)
	}
	x, sheet, rows := openXLSX(t, body)
	for i := range rows {
		for len(rows[i]) < col+1 {
			rows[i] = append(rows[i], "")
		}
	}
	check("xlsx", rows)
	for i, r := range rows[1:] {
		if part, ok := want[r[0]][kboDigits(koppel.KBO(r[4]))]; ok {
			checkNumber(t, x, sheet, col+1, i+2, part)
		}
	}
	resp, body = f.do(t, "anonymous", "GET", path+"&format=csv", "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("%d %.300s", resp.StatusCode, body)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	check("csv", rows)
}

// kboDigits is an enterprise number as stored, however it is written.
func kboDigits(k koppel.KBO) koppel.KBO {
	p, _ := koppel.ParseKBO(string(k))
	return p
}
