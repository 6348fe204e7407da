package notifytest

import (
	"context"
	"fmt"

	"koppel"
	"koppel/store"
)

// KBO returns the i-th of a series of valid company numbers.
func KBO(i int) koppel.KBO {
	n := 10000000 + i
	return koppel.KBO(fmt.Sprintf("%08d%02d", n, 97-n%97))
}

// CleaningLot is a lot every seeded enterprise fits: cleaning of
// classrooms in Gent.
func CleaningLot() koppel.Lot {
	return koppel.Lot{ID: "1", Title: "Poetsen van klaslokalen", CPV: []koppel.CPV{"90911200"}, Postcode: "9000"}
}

// SeedEnterprises stores n enterprises in Gent, each with a cleaning
// offering and the e-mail address Email(i), for CleaningLot to fit.
func SeedEnterprises(ctx context.Context, st *store.Store, n int) ([]koppel.KBO, error) {
	var out []koppel.KBO
	for i := range n {
		e := &koppel.Enterprise{KBO: KBO(i), Name: fmt.Sprintf("Fictieve Poetsploeg %d", i), Address: koppel.Address{Postcode: "9000"},
			Contact: koppel.Contact{Email: Email(i)}}
		if err := e.Validate(nil); err != nil {
			return nil, err
		}
		o := &koppel.Offering{ID: "P1", Enterprise: e.KBO, Title: "Poetsen van klaslokalen en sanitair", Category: "schoonmaak",
			CPV: []koppel.CPV{"90911200"}, Capacity: 2, Unit: "VTE"}
		if _, err := st.ReplaceCatalogue(ctx, e, func(yield func(*koppel.Offering, error) bool) { yield(o, nil) }, "replace"); err != nil {
			return nil, err
		}
		out = append(out, e.KBO)
	}
	return out, nil
}

// Email is the address of the i-th seeded enterprise.
func Email(i int) string { return fmt.Sprintf("poets%d@ploeg.example", i) }
