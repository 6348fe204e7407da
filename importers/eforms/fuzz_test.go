package eforms

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"koppel"
	"koppel/refdata"
)

// FuzzRead feeds mutated notices to Read: it must never panic, must keep
// to its limits, and whatever it imports must be a valid tender (or
// valid outcomes of an award notice). The seeds
// are whole notices of 15-30 kB, whose minimisation takes long: run it with
// a short -fuzzminimizetime, e.g.
//
//	go test -run XXX -fuzz FuzzRead -fuzztime 60s -fuzzminimizetime 2s ./importers/eforms
func FuzzRead(f *testing.F) {
	for _, name := range []string{"cn_flemish_synthetic.xml", "cn-social_25.xml", "INVALID_change-cn_24_FRA_comments.xml", "can_24_minimal.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><ContractNotice>&a;</ContractNotice>`))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><ContractNotice><cbc:NoticeTypeCode>cn-standard</cbc:NoticeTypeCode></ContractNotice>`))
	f.Add([]byte("<ContractNotice>" + strings.Repeat("<a>", 150)))
	f.Add([]byte{})

	ref := refdata.Load()
	const maxBytes = 256 << 10
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := Read(bytes.NewReader(data), Options{Ref: ref, MaxBytes: maxBytes, MaxTokens: 50_000})
		if err != nil {
			code := koppel.ErrorCode(err)
			if code != koppel.EINVALID && code != koppel.ETOOLARGE {
				t.Fatalf("error code %q: %v", code, err)
			}
			if RefusalReason(err) == "" || koppel.ErrorMessage(err) == "" {
				t.Fatalf("refusal without reason or message: %v", err)
			}
			return
		}
		if len(data) > maxBytes+3 { // +3: a byte order mark is not counted twice
			t.Fatalf("imported %d bytes, limit %d", len(data), maxBytes)
		}
		if n.Tender == nil {
			if len(n.Outcomes) == 0 || n.ProcedureID == "" {
				t.Fatalf("imported neither a tender nor outcomes: %+v", n)
			}
			for _, o := range n.Outcomes {
				if err := o.Validate(); err != nil {
					t.Fatalf("imported outcome does not validate: %v", err)
				}
			}
			return
		}
		tn := n.Tender
		if !strings.HasPrefix(tn.ID, "eforms-") || tn.Source.NoticeID == "" || len(tn.Lots) == 0 {
			t.Fatalf("imported tender %+v", tn)
		}
		if err := tn.Validate(ref); err != nil {
			t.Fatalf("imported tender does not validate: %v", err)
		}
	})
}
