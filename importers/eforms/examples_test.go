package eforms

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"koppel"
	"koppel/refdata"
)

// examplesDir holds the 91 example notices of the eForms SDK 1.15.1.
const examplesDir = "../../../shared/data/eforms/examples/notices"

// wantAnnounced lists the prior information notices kept as announced:
// they announce a reserved lot (BT-71 res-pub-ser and res-ws).
var wantAnnounced = []string{"pin-only_24_maximal.xml", "pin-rtl_81.xml"}

// wantRefused lists, for the example notices Koppel does not import, the
// refusal reason. Every other example must import.
var wantRefused = map[string]string{
	"E1_minimal.xml":                   "consultation",
	"E2_minimal.xml":                   "planning",
	"E5_minimal.xml":                   "completion",
	"E6_minimal.xml":                   "modification",
	"INVALID_can_24_empty.xml":         "no-notice-id",
	"INVALID_can_24_stage-1.xml":       "no-notice-id",
	"INVALID_can_24_stage-2.xml":       "no-notice-id",
	"INVALID_cn_24_empty.xml":          "no-notice-id",
	"INVALID_cn_24_stage-1.xml":        "no-notice-id",
	"INVALID_cn_24_stage-2.xml":        "no-notice-id",
	"INVALID_pin-buyer_24_stage-1.xml": "planning",
	"INVALID_pin-only_24_empty.xml":    "planning",
	"INVALID_pin-only_24_minimal.xml":  "planning",
	"INVALID_pin-only_24_stage-1.xml":  "planning",
	"X01_EEIG.xml":                     "registration",
	"X02_registration.xml":             "registration",
	"can-modif_23.xml":                 "modification",
	"can-modif_24_duration.xml":        "modification",
	"can-modif_24_value.xml":           "modification",
	"can-modif_25.xml":                 "modification",
	"pin-buyer_24.xml":                 "planning",
	"pin-buyer_24_minimal.xml":         "planning",
	"pin-buyer_24_published.xml":       "planning",
	"pin-buyer_25.xml":                 "planning",
	"pin-buyer_81.xml":                 "planning",
	"pin-only_24.xml":                  "planning",
	"pin-only_24_lots.xml":             "planning",
	"pin-only_25.xml":                  "planning",
	"pin-only_81.xml":                  "planning",
	"pin-only_81_FRA.xml":              "planning",
	"pin-only_fin-reg.xml":             "planning",
	"pin-rtl_24.xml":                   "planning",
	"pin-rtl_25.xml":                   "planning",
	"t01_PRT.xml":                      "planning",
	"veat_23.xml":                      "direct-award",
	"veat_24.xml":                      "direct-award",
	"veat_25.xml":                      "direct-award",
	"veat_81.xml":                      "direct-award",
}

// TestExamples reads every example notice of the eForms SDK and checks that
// each is imported or refused with a clear reason, as listed in
// wantRefused. With -v it prints a summary table.
func TestExamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(examplesDir, "*.xml"))
	if len(files) == 0 {
		t.Skipf("no example notices in %s", examplesDir)
	}
	ref := refdata.Load()
	var table strings.Builder
	imported, lots, clauses, outcomes := 0, 0, 0, 0
	reasons := map[string]int{}
	for _, f := range files {
		name := filepath.Base(f)
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		n, err := Read(strings.NewReader(string(data)), Options{Ref: ref, File: name})
		want, refused := wantRefused[name]
		switch {
		case err != nil:
			reason := RefusalReason(err)
			reasons[reason]++
			fmt.Fprintf(&table, "%-40s refused  %-14s %s\n", name, reason, koppel.ErrorMessage(err))
			if !refused {
				t.Errorf("%s: refused (%s): %v; want imported", name, reason, err)
				continue
			}
			if reason != want {
				t.Errorf("%s: refusal reason %q (%v), want %q", name, reason, err, want)
			}
			if koppel.ErrorCode(err) != koppel.EINVALID || koppel.ErrorMessage(err) == "" {
				t.Errorf("%s: error code %q message %q, want EINVALID with a message", name, koppel.ErrorCode(err), koppel.ErrorMessage(err))
			}
		case refused:
			t.Errorf("%s: imported, want refused (%s)", name, want)
		case n.Tender == nil:
			imported++
			outcomes++
			fmt.Fprintf(&table, "%-40s outcomes %-16s %d lot result(s) %d problem(s) procedure=%s\n", name, n.NoticeType, len(n.Outcomes), len(n.Problems), n.ProcedureID)
			if !awardNotice(n.NoticeType) || len(n.Outcomes) == 0 || n.ProcedureID == "" {
				t.Errorf("%s: no tender and %d outcomes of a %s notice; want outcomes of an award notice only", name, len(n.Outcomes), n.NoticeType)
			}
			for _, o := range n.Outcomes {
				if err := o.Validate(); err != nil || o.Procedure != n.ProcedureID || o.Source.Kind != "eforms" || o.Source.NoticeID == "" {
					t.Errorf("%s: outcome %+v: %v", name, o, err)
				}
			}
		default:
			imported++
			tn := n.Tender
			lots += len(tn.Lots)
			var kinds []string
			for _, l := range tn.Lots {
				for _, c := range l.Clauses {
					clauses++
					kinds = append(kinds, string(c.Kind))
				}
			}
			slices.Sort(kinds)
			fmt.Fprintf(&table, "%-40s imported %-16s %d lot(s) %d problem(s) clauses=%v buyer=%q\n", name, n.NoticeType, len(tn.Lots), len(n.Problems), slices.Compact(kinds), tn.Buyer.Name)
			if announced := tn.Status == koppel.TenderAnnounced; announced != slices.Contains(wantAnnounced, name) {
				t.Errorf("%s: status %s, want announced only for %v", name, tn.Status, wantAnnounced)
			}
			if tn.ID != "eforms-"+tn.Source.NoticeID || tn.Source.Kind != "eforms" || tn.Status == "" {
				t.Errorf("%s: tender ID %q source %+v status %q", name, tn.ID, tn.Source, tn.Status)
			}
			for _, p := range n.Problems {
				if p.Severity != koppel.SeverityWarning || p.Message == "" || p.MessageEN == "" || p.File != name {
					t.Errorf("%s: problem %+v: want a warning with Dutch and English messages and the file name", name, p)
				}
			}
		}
	}
	if len(files) == 91 && imported != 91-len(wantRefused) {
		t.Errorf("imported %d of 91, want %d", imported, 91-len(wantRefused))
	}
	t.Logf("%d notices: %d imported (%d lots, %d social clauses; %d award notices as outcomes), %d refused %v\n%s",
		len(files), imported, lots, clauses, outcomes, len(files)-imported, reasons, table.String())
}
