package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"koppel"
	"koppel/refdata"
	"koppel/server"
	"koppel/store"
)

// BenchmarkSpend20k uploads a spend file of 20,000 rows (an xlsx made
// with excelize: 2,000 suppliers, half by company number, half by name,
// over a directory of 1,000 enterprises) to a real server and reads its
// analysis: upload, parse, store, link and analyse, end to end. It
// reports the seconds per file (the target is 10 s) and the rows read.
//
//	go test -run '^$' -bench BenchmarkSpend20k -benchtime 3x ./server/
func BenchmarkSpend20k(b *testing.B) {
	const rows, suppliers, enterprises = 20_000, 2_000, 1_000
	ctx := context.Background()
	st, err := store.Open(b.TempDir(), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ref := refdata.Load()
	kbos := make([]koppel.KBO, enterprises)
	for i := range enterprises {
		first8 := 2_000_000 + i*37
		kbos[i] = koppel.KBO(fmt.Sprintf("%08d%02d", first8, koppel.KBOCheckDigits(first8)))
		e := &koppel.Enterprise{KBO: kbos[i], Name: fmt.Sprintf("Onderneming %d vzw", i), Address: koppel.Address{Postcode: "9000"},
			Recognitions: []koppel.Recognition{{Form: koppel.WorkForms[i%len(koppel.WorkForms)].Form}}}
		if err := e.Validate(ref); err != nil {
			b.Fatal(err)
		}
		if err := st.PutEnterprise(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
	secret, id, _ := koppel.NewTokenSecret()
	if err := st.PutToken(ctx, &koppel.Token{ID: id, Hash: koppel.HashToken(secret), Role: koppel.RoleBuyer, Buyer: "Stad Bench", CreatedAt: time.Now()}); err != nil {
		b.Fatal(err)
	}
	srv := &server.Server{Addr: "127.0.0.1:0", Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), MaxUploadBytes: 20 << 20,
		Reference: ref, Enterprises: st, Offerings: st, Tenders: st, Tokens: st, Spend: st,
		Limits: server.RateLimits{SearchPerSecond: 1e6, SearchBurst: 1e6, WritePerSecond: 1e6, WriteBurst: 1e6}}
	if err := srv.Open(); err != nil {
		b.Fatal(err)
	}
	defer srv.Close(ctx)

	// The workbook, written once with the stream writer.
	x := excelize.NewFile()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	sw.SetRow("A1", []any{"Ondernemingsnummer", "Leverancier", "Bedrag (excl. btw)", "Factuurdatum", "Omschrijving", "CPV"})
	for r := range rows {
		s := r % suppliers
		var kbo, name string
		if s%2 == 0 {
			kbo = kbos[s%enterprises].String()
		} else if s < enterprises {
			name = fmt.Sprintf("ONDERNEMING %d", s)
		} else {
			name = fmt.Sprintf("Leverancier %d bv", s)
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+2)
		sw.SetRow(cell, []any{kbo, name, float64(r%5000) + 0.5, 45658 + r%700, "Aankoop", "90911200-8"})
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var file bytes.Buffer
	if err := x.Write(&file); err != nil {
		b.Fatal(err)
	}
	x.Close()

	do := func(method, path, ct string, body io.Reader) []byte {
		req, _ := http.NewRequest(method, srv.URL()+path, body)
		req.Header.Set("Authorization", "Bearer "+secret)
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 200 {
			b.Fatalf("%s %s = %d: %.300s", method, path, resp.StatusCode, out)
		}
		return out
	}
	b.SetBytes(int64(file.Len()))
	b.ResetTimer()
	start := time.Now()
	for b.Loop() {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		fw, _ := w.CreateFormFile("file", "aankopen-20k.xlsx")
		fw.Write(file.Bytes())
		w.Close()
		do("POST", "/api/v1/spend", w.FormDataContentType(), &body)
		if out := do("GET", "/api/v1/spend", "", nil); !bytes.Contains(out, []byte(`"purchases":`)) {
			b.Fatalf("no analysis: %.300s", out)
		}
	}
	b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/file")
	b.ReportMetric(rows, "rows/file")
}
