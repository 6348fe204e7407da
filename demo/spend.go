package demo

import (
	"fmt"
	"strings"

	"koppel"
)

// SpendBuyer is the buyer organisation whose purchases the demo holds
// (`koppel serve --demo`): a buyer token for it ("koppel token create
// --role buyer --buyer 'Stad Voorbeeld'") sees them on Mijn aankopen.
const SpendBuyer = "Stad Voorbeeld"

// streamSpend is the random stream of the demo's spend file, apart from
// the numbered streams of the other files.
const streamSpend = 0x5e

// regularSuppliers are invented suppliers outside the social economy, with
// what they sell.
var regularSuppliers = [][2]string{
	{"Bakkerij Denkbeeld bv", "Broodjes voor vergaderingen"},
	{"Drukkerij Fabelhout nv", "Drukwerk"},
	{"Kantoorhandel Proefdijk", "Kantoorbenodigdheden"},
	{"Bouwbedrijf Schetsbeek nv", "Onderhoud gebouwen"},
	{"Energiehuis Zomaarlaar", "Elektriciteit"},
	{"IT-Diensten Inktveld bv", "Licenties en ondersteuning"},
	{"Garage Krijtdonk", "Onderhoud voertuigen"},
	{"Advocatenkantoor Prenthoek", "Juridisch advies"},
}

// invoiceName writes an enterprise's name as an accounting package would:
// in capitals, its legal form dotted ("Poetsploeg Fabeldijk vzw" is
// "POETSPLOEG FABELDIJK V.Z.W."), a name without one as it is, in
// capitals. It never adds a second legal form ("… VZW VZW", "… CV VZW").
func invoiceName(name string) string {
	words := strings.Fields(strings.ToUpper(name))
	if n := len(words); n > 1 && koppel.SupplierKey("x "+words[n-1]) == "x" { // a legal form
		words[n-1] = strings.Join(strings.Split(words[n-1], ""), ".") + "."
	}
	return strings.Join(words, " ")
}

// GenerateSpendCSV returns a fictional spend file of SpendBuyer as the CSV
// its accounting would export: purchases over 2025 and 2026 from invented
// regular suppliers and from the enterprises of the directory given, half
// of those by company number and half by their name only, written
// differently ("DE POETSPLOEG V.Z.W."), so that the page has links to
// propose; and one row without a date, so that it has a problem to
// report. The same options and enterprises give the same file.
func GenerateSpendCSV(o Options, directory []*koppel.Enterprise) []byte {
	r := rng(o.Seed, streamSpend, 0)
	var b strings.Builder
	b.WriteString("Ondernemingsnummer;Leverancier;Bedrag (excl. btw);Factuurdatum;Omschrijving\n")
	const rows = 400
	for i := range rows {
		date := fmt.Sprintf("%02d/%02d/%d", between(r, 1, 28), between(r, 1, 12), 2025+i%2)
		if i == rows/2 {
			date = ""
		}
		cents := between(r, 5_000, 2_500_000)
		amount := koppel.FormatNumber(float64(cents)/100, 2)
		if len(directory) > 0 && chance(r, 0.35) {
			e := directory[r.IntN(len(directory))]
			if chance(r, 0.5) {
				fmt.Fprintf(&b, "%s;%s;%s;%s;%s\n", e.KBO.String(), e.Name, amount, date, "Diensten")
			} else {
				fmt.Fprintf(&b, ";%s;%s;%s;%s\n", invoiceName(e.Name), amount, date, "Diensten")
			}
			continue
		}
		s := pick(r, regularSuppliers)
		fmt.Fprintf(&b, ";%s;%s;%s;%s\n", s[0], amount, date, s[1])
	}
	return []byte(b.String())
}
