package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"koppel"
)

// demoMWB is a maatwerkbedrijf of the demo dataset (see the README's
// matching example).
const demoMWB = "0760.522.065"

// TestRecognitionRegisterEndToEnd: an admin imports the register with
// koppel import recognitions, then replaces it on the admin page in a real
// Chromium; the enterprise's page shows its verified recognition.
func TestRecognitionRegisterEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	// The register replaced below is dated the day of its upload: today,
	// or tomorrow when the test runs over midnight (UTC).
	started := time.Now().UTC()
	dir := t.TempDir()
	s := startSiteWith(t, func(bin, data string) {
		if out, err := exec.Command(bin, "demo", "--data", data).CombinedOutput(); err != nil {
			t.Fatalf("koppel demo: %v\n%s", err, out)
		}
		csv := filepath.Join(dir, "erkenningen.csv")
		if err := os.WriteFile(csv, []byte("Ondernemingsnummer;Werkvorm;Erkenningsnummer;Begin;Einde;Bron\n"+
			demoMWB+";Maatwerkbedrijf;MWB-0042;01/01/2019;31/12/2030;Departement WSE\n"+
			"0202.239.951;Maatwerkbedrijf;MWB-0050;01/01/2019;31/12/2030;Departement WSE\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(bin, "import", "recognitions", "--data", data, csv).CombinedOutput()
		if err != nil {
			t.Fatalf("koppel import recognitions: %v\n%s", err, out)
		}
		for _, want := range []string{"2 rijen: 1 erkenning opgenomen, 1 geweigerd", "rij 3, kolom Ondernemingsnummer (A)", "niet gekend in Koppel"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("import output lacks %q:\n%s", want, out)
			}
		}
	}, map[string][]string{"admin": {"--role", "admin"}})
	ctx, url := s.ctx, s.url

	browse(t, ctx, "register page",
		s.signIn("admin", "/beheer/erkenningen"),
		chromedp.WaitVisible("section.report"),
	)
	if page := read(t, ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(page, "Huidig register: erkenningen.csv") || !strings.Contains(page, "MWB-0042") {
		t.Errorf("register page lacks the imported register: %.500s", page)
	}

	xlsx := filepath.Join(dir, "erkenningen-2.xlsx")
	f := excelize.NewFile()
	for i, row := range [][]any{
		{"Numéro d'entreprise", "Forme", "Numéro d'agrément", "Date de début", "Date de fin", "Source"},
		{demoMWB, "ETA", "MWB-0099", "01/01/2020", "31/12/2031", "Departement WSE"},
		{demoMWB, "LDE", "LDE-1", "31/12/2031", "01/01/2020", "Departement WSE"},
	} {
		if err := f.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	browse(t, ctx, "replace the register",
		chromedp.SetUploadFiles("#file", []string{xlsx}),
		submitted("#file"),
		chromedp.WaitVisible("section.report"),
	)
	report := read(t, ctx, chromedp.Text("section.report"))
	for _, want := range []string{"Register vervangen: erkenningen-2.xlsx", "1 erkenning opgenomen", "1 geweigerd", "voor de begindatum"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q: %.500s", want, report)
		}
	}
	if page := read(t, ctx, chromedp.Text(chromedp.CSS("main"))); strings.Contains(page, "MWB-0042") || !strings.Contains(page, "MWB-0099") {
		t.Errorf("the new register did not replace the old one: %.800s", page)
	}

	browse(t, ctx, "enterprise page",
		chromedp.Navigate(url+"/ondernemingen/"+strings.ReplaceAll(demoMWB, ".", "")),
		chromedp.WaitVisible(chromedp.CSS("h1")),
	)
	badge := func(day time.Time) string {
		return "erkenning geverifieerd (Departement WSE, " + koppel.DateOf(day).Dutch() + ")"
	}
	page := read(t, ctx, chromedp.Text(chromedp.CSS("main")))
	if now := time.Now().UTC(); (!strings.Contains(page, badge(started)) && !strings.Contains(page, badge(now))) || !strings.Contains(page, "MWB-0099") {
		t.Errorf("enterprise page lacks %q and the register's number: %.800s", badge(now), page)
	}
}
