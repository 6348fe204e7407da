package importers

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"koppel"
)

func TestAnnotateWorkbook(t *testing.T) {
	data := aanbod(t, templateHeader,
		[]any{"A", "Poetsen", "", "", "90911200"},
		[]any{"B", "=1+1", "", "Ruimtevaart", "9091200"},
	)
	res := mustRead(t, "a.xlsx", data, Options{})
	if len(res.problems) != 2 {
		t.Fatalf("problems = %v", res.problems)
	}
	var out bytes.Buffer
	if err := AnnotateWorkbook(context.Background(), bytes.NewReader(data), res.problems, &out); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fill := func(c string) string {
		id, _ := f.GetCellStyle("Aanbod", c)
		st, _ := f.GetStyle(id)
		if st == nil || len(st.Fill.Color) == 0 {
			return ""
		}
		return st.Fill.Color[0]
	}
	if got := fill("E3"); got != errorFill {
		t.Errorf("E3 fill = %q, want %q", got, errorFill)
	}
	if got := fill("D3"); got != warningFill {
		t.Errorf("D3 fill = %q, want %q", got, warningFill)
	}
	if got := fill("B3"); got != "" {
		t.Errorf("B3 fill = %q, want none", got)
	}
	comments, _ := f.GetComments("Aanbod")
	texts := map[string]string{}
	for _, c := range comments {
		var b strings.Builder
		for _, p := range c.Paragraph {
			b.WriteString(p.Text)
		}
		texts[c.Cell] = b.String() + c.Text
	}
	if want := "Fout: '9091200' is geen geldige CPV-code (8 cijfers verwacht). Deze dienst is niet ingelezen; een bestaande dienst met code B blijft zoals hij was."; texts["E3"] != want {
		t.Errorf("E3 comment = %q, want %q", texts["E3"], want)
	}
	if !strings.HasPrefix(texts["D3"], "Let op: onbekende categorie 'Ruimtevaart'") {
		t.Errorf("D3 comment = %q", texts["D3"])
	}
	// A value that looks like a formula stays text.
	if fm, _ := f.GetCellFormula("Aanbod", "B3"); fm != "" {
		t.Errorf("B3 became a formula: %q", fm)
	}
	rows, err := f.GetRows(SheetProblems)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1][1] != "3" || rows[1][4] != "waarschuwing" || rows[2][4] != "fout" {
		t.Errorf("Problemen sheet = %q", rows)
	}
}

func TestAnnotateCSV(t *testing.T) {
	data := []byte("Dienst;CPV\n=HYPERLINK(\"http://x\");1\n")
	res := mustRead(t, "a.csv", data, Options{})
	var out bytes.Buffer
	if err := AnnotateWorkbook(context.Background(), bytes.NewReader(data), res.problems, &out); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Aanbod", "A2"); v != `=HYPERLINK("http://x")` {
		t.Errorf("A2 = %q", v)
	}
	if fm, _ := f.GetCellFormula("Aanbod", "A2"); fm != "" {
		t.Errorf("A2 became a formula: %q", fm)
	}
	comments, _ := f.GetComments("Aanbod")
	if len(comments) != 1 || comments[0].Cell != "B2" {
		t.Errorf("comments = %+v", comments)
	}
}

func TestAnnotateBroken(t *testing.T) {
	err := AnnotateWorkbook(context.Background(), bytes.NewReader([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0}), []koppel.Problem{{File: "a.xls"}}, &bytes.Buffer{})
	if koppel.ErrorCode(err) != koppel.EINVALID {
		t.Errorf("err = %v, want EINVALID", err)
	}
}
