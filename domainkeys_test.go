package koppel_test

import (
	"errors"
	"strings"
	"testing"

	"koppel"
	"koppel/i18n"
	"koppel/refdata"
)

// keyedText checks that a message with key and args reads in every
// language: the key is in the three catalogues, the Dutch text is dutch
// (the error's Message, word for word), and the French and English texts
// fill every field, differ from the Dutch one and, with telltale, hold no
// Dutch tell-tale word. It returns the texts by language.
func keyedText(t *testing.T, what, dutch, key string, args []any, telltale bool) map[i18n.Lang]string {
	t.Helper()
	if key == "" {
		t.Errorf("%s: no catalogue key for %q", what, dutch)
		return nil
	}
	out := map[i18n.Lang]string{}
	for _, l := range i18n.Langs {
		if !i18n.Has(l, key) {
			t.Errorf("%s: key %q not in the %s catalogue", what, key, l)
			continue
		}
		s := i18n.KeyText(l, key, args...)
		if strings.Contains(s, "<no value>") || strings.Contains(s, "{{") {
			t.Errorf("%s: %s text %q has a field without value", what, l, s)
		}
		if w := i18n.DutchLeft(l, s); w != "" && telltale {
			t.Errorf("%s: %s text %q: Dutch left: %s", what, l, s, w)
		}
		out[l] = s
	}
	if got := out[i18n.NL]; got != dutch {
		t.Errorf("%s: Dutch catalogue text %q, want the message %q", what, got, dutch)
	}
	for _, l := range []i18n.Lang{i18n.FR, i18n.EN} {
		if out[l] == dutch {
			t.Errorf("%s: %s text is the Dutch one: %q", what, l, dutch)
		}
	}
	return out
}

// errorTexts checks err as keyedText does, err being a *koppel.Error.
func errorTexts(t *testing.T, what string, err error) map[i18n.Lang]string {
	t.Helper()
	var e *koppel.Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: got %v, want a *koppel.Error", what, err)
	}
	return keyedText(t, what, e.Message, e.Key, e.Args, true)
}

// TestDomainErrorsHaveKeys: every refusal of the domain package's checks
// named in #22 (tenders and their status, size limits, shortlists, roles,
// dates, enterprises, offerings, categories) has a catalogue key, so
// French and English readers do not get Dutch.
func TestDomainErrorsHaveKeys(t *testing.T) {
	ref := refdata.Load()
	fte := func(f float64) *float64 { return &f }
	price := -5.0
	enterprise := func(change func(e *koppel.Enterprise)) func() error {
		return func() error {
			e := koppel.Enterprise{KBO: "0123456749", Name: "Atelier", Address: koppel.Address{Postcode: "9000"}}
			change(&e)
			return e.Validate(ref)
		}
	}
	offering := func(change func(o *koppel.Offering)) func() error {
		return func() error {
			o := koppel.Offering{ID: "A1", Enterprise: "0123456749", Title: "Poetsen", Category: "schoonmaak"}
			change(&o)
			return o.Validate(ref)
		}
	}
	lots := func(n int, desc string) func() error {
		return func() error {
			tender := koppel.Tender{Title: "Groot", Buyer: koppel.Buyer{Name: "Stad"}, Lots: make([]koppel.Lot, n)}
			for i := range tender.Lots {
				tender.Lots[i] = koppel.Lot{ID: "L1", Title: "x", Description: desc}
			}
			return tender.Validate(ref)
		}
	}
	status := func(from, to koppel.TenderStatus) func() error {
		return func() error { tender := koppel.Tender{Status: from}; return tender.ChangeStatus(to) }
	}
	tests := []struct {
		name, key string
		err       func() error
		code      string
	}{
		{"status not to choose", "error.domain_status_choice", status(koppel.TenderPublished, koppel.TenderDraft), koppel.EINVALID},
		{"status change refused", "error.domain_status_change", status(koppel.TenderDraft, koppel.TenderClosed), koppel.ECONFLICT},
		{"status withdrawn refused", "error.domain_status_change", status(koppel.TenderClosed, koppel.TenderWithdrawn), koppel.ECONFLICT},
		{"too many lots", "error.domain_too_many_lots", lots(koppel.MaxLots+1, ""), koppel.ETOOLARGE},
		{"lot description lines", "error.domain_lot_description_lines", lots(1, strings.Repeat("x\n", koppel.MaxLotDescriptionLines)), koppel.ETOOLARGE},
		{"lot description long", "error.domain_lot_description_long", lots(1, strings.Repeat("x", koppel.MaxLotDescriptionBytes+1)), koppel.ETOOLARGE},
		{"shortlist owner", "error.domain_shortlist_owner", func() error { l := koppel.Shortlist{Name: "Lijst"}; return l.Validate() }, koppel.EINVALID},
		{"shortlist invited", "error.domain_shortlist_invited", func() error {
			l := koppel.Shortlist{Name: "Lijst", Owner: "Stad", Items: []koppel.ShortlistItem{{KBO: "0123456749", Invited: true}}}
			return l.Validate()
		}, koppel.EINVALID},
		{"role", "error.domain_role", func() error { _, err := koppel.ParseRole("boss"); return err }, koppel.EINVALID},
		{"date not text", "error.domain_date_not_text", func() error { var d koppel.Date; return d.UnmarshalJSON([]byte("20260901")) }, koppel.EINVALID},
		{"enterprise name missing", "error.domain_enterprise_name_missing", enterprise(func(e *koppel.Enterprise) { e.Name = " " }), koppel.EINVALID},
		{"enterprise name long", "error.domain_enterprise_name_long", enterprise(func(e *koppel.Enterprise) { e.Name = strings.Repeat("a", 301) }), koppel.EINVALID},
		{"recognition dates", "error.domain_recognition_dates", enterprise(func(e *koppel.Enterprise) {
			e.Recognitions = []koppel.Recognition{{Form: koppel.WorkForm("maatwerkbedrijf"), ValidFrom: koppel.NewDate(2027, 1, 1), ValidTo: koppel.NewDate(2026, 1, 1)}}
		}), koppel.EINVALID},
		{"postcode missing", "error.domain_enterprise_postcode_missing", enterprise(func(e *koppel.Enterprise) { e.Address.Postcode = "" }), koppel.EINVALID},
		{"postcode unknown", "error.postcode_unknown", enterprise(func(e *koppel.Enterprise) { e.Address.Postcode = "99999" }), koppel.EINVALID},
		{"email", "error.domain_email", enterprise(func(e *koppel.Enterprise) { e.Contact.Email = "x@" }), koppel.EINVALID},
		{"fte negative", "error.domain_fte_negative", enterprise(func(e *koppel.Enterprise) { e.FTETotal = fte(-1) }), koppel.EINVALID},
		{"fte target over total", "error.domain_fte_target_over_total", enterprise(func(e *koppel.Enterprise) { e.FTETotal, e.FTETarget = fte(2), fte(3.5) }), koppel.EINVALID},
		{"radius", "error.domain_radius", enterprise(func(e *koppel.Enterprise) { e.ServiceArea.RadiusKm = 600 }), koppel.EINVALID},
		{"offering code missing", "error.domain_offering_code_missing", offering(func(o *koppel.Offering) { o.ID = "" }), koppel.EINVALID},
		{"offering code invalid", "error.domain_offering_code_invalid", offering(func(o *koppel.Offering) { o.ID = "a/b" }), koppel.EINVALID},
		{"offering title missing", "error.domain_offering_title_missing", offering(func(o *koppel.Offering) { o.Title = "" }), koppel.EINVALID},
		{"category unknown", "error.domain_category_unknown", offering(func(o *koppel.Offering) { o.Category = "xyz" }), koppel.EINVALID},
		{"category nearest", "error.domain_category_nearest", offering(func(o *koppel.Offering) { o.Category = "Fietsen en catering" }), koppel.EINVALID},
		{"capacity negative", "error.domain_capacity_negative", offering(func(o *koppel.Offering) { o.Capacity = -1 }), koppel.EINVALID},
		{"price negative", "error.domain_price_negative", offering(func(o *koppel.Offering) { o.Price = &price }), koppel.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if got := koppel.ErrorCode(err); got != tt.code {
				t.Fatalf("got %v (%s), want code %s", err, got, tt.code)
			}
			if e := (*koppel.Error)(nil); !errors.As(err, &e) || e.Key != tt.key {
				t.Fatalf("got %v, want key %s", err, tt.key)
			}
			errorTexts(t, tt.name, err)
		})
	}
}

// TestDomainErrorTerms: the words an error names from the domain (a
// status, a work form, the categories) are said in the reader's language.
func TestDomainErrorTerms(t *testing.T) {
	tender := koppel.Tender{Status: koppel.TenderDraft}
	got := errorTexts(t, "status", tender.ChangeStatus(koppel.TenderClosed))
	for l, want := range map[i18n.Lang][]string{i18n.NL: {"ontwerp", "afgesloten"}, i18n.FR: {"brouillon", "clôturé"}, i18n.EN: {"draft", "closed"}} {
		for _, w := range want {
			if !strings.Contains(got[l], w) {
				t.Errorf("%s: got %q, want %q in it", l, got[l], w)
			}
		}
	}
	_, err := koppel.ParseCategory("Fietsen en catering")
	got = errorTexts(t, "category", err)
	for l, want := range map[i18n.Lang]string{i18n.FR: "vouliez-vous dire Vélos (point vélo, réparation, parking, location) ou Traiteur & repas\u00a0?", i18n.EN: "did you mean Bicycles (bike point, repair, parking, rental) or Catering & meals?"} {
		if !strings.Contains(got[l], want) {
			t.Errorf("%s: got %q, want %q in it", l, got[l], want)
		}
		if !strings.Contains(got[l], i18n.T(l, "category.sport-schoolinfrastructuur")) {
			t.Errorf("%s: got %q, want every category listed in %s", l, got[l], l)
		}
	}
	e := koppel.Enterprise{KBO: "0123456749", Name: "Atelier", Recognitions: []koppel.Recognition{{Form: "invoegbedrijf", ValidFrom: koppel.NewDate(2027, 1, 1), ValidTo: koppel.NewDate(2026, 1, 1)}}}
	got = errorTexts(t, "recognition", e.Validate(nil))
	if want := "Entreprise d’insertion"; !strings.Contains(got[i18n.FR], want) {
		t.Errorf("fr: got %q, want %q in it", got[i18n.FR], want)
	}
}

// TestTenderFieldErrorsHaveKeys: every problem Validate finds in a tender
// has a catalogue key, so a tender form shows none of them in Dutch.
func TestTenderFieldErrorsHaveKeys(t *testing.T) {
	tender := koppel.Tender{ID: "a b", Status: "gepland", Language: "xx", Lots: []koppel.Lot{
		{ID: "1", CPV: []koppel.CPV{"123"}, Postcode: "99999", Start: koppel.NewDate(2027, 1, 1), End: koppel.NewDate(2026, 1, 1),
			Value: -1, VolumeFTE: -1, Clauses: []koppel.Clause{{Kind: "xyz"}}, TargetGroups: []koppel.TargetGroup{"astronauten"}},
		{ID: "1", Title: "b"},
	}}
	fe := koppel.FieldErrorListOf(tender.Validate(refdata.Load()))
	fields := map[string]bool{}
	for _, e := range fe {
		fields[e.Field] = true
		// A language code ("de") and the target groups' names stay as
		// they are in every language.
		keyedText(t, e.Field, e.Message, e.Key, e.Args, e.Field != "language" && e.Field != "lots[0].target_groups")
	}
	for _, f := range []string{"title", "buyer.name", "status", "language", "id", "lots[0].title", "lots[0].cpv", "lots[0].postcode", "lots[0].end",
		"lots[0].value", "lots[0].volume_fte", "lots[0].clauses", "lots[0].target_groups", "lots[1].id"} {
		if !fields[f] {
			t.Errorf("no problem for field %s, want one (got %v)", f, fe)
		}
	}
	empty := koppel.Tender{}
	for _, e := range koppel.FieldErrorListOf(empty.Validate(nil)) {
		keyedText(t, e.Field, e.Message, e.Key, e.Args, true)
	}
}

// TestTenderFieldErrorsText: a tender's problems as one error (as an
// import report quotes them) read in the reader's language, each lot's
// named in it, French spacing its joins' ":" and ";" with a no-break
// space; Dutch keeps the message.
func TestTenderFieldErrorsText(t *testing.T) {
	tender := koppel.Tender{Buyer: koppel.Buyer{Name: "Stad"}, Status: "gepland", Lots: []koppel.Lot{{ID: "1", Title: "a", Postcode: "99999"}}}
	err := tender.Validate(refdata.Load())
	for l, want := range map[i18n.Lang]string{
		i18n.NL: err.Error(),
		i18n.FR: "titre du marché manque\u00a0; le statut «\u00a0gepland\u00a0» n’est pas valable\u00a0: draft, published, announced, closed ou withdrawn\u00a0; Lot 1\u00a0: «\u00a099999\u00a0» n’est pas un code postal belge",
		i18n.EN: `title of the tender is missing; status "gepland" is not valid: draft, published, announced, closed or withdrawn; Lot 1: "99999" is not a Belgian postcode`,
	} {
		if got := i18n.ErrorText(l, err); !strings.HasSuffix(got, want) {
			t.Errorf("%s: got %q, want it to end in %q", l, got, want)
		}
	}
}
