package demo

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"koppel"
)

// dateCmp compares koppel.Date, whose field is unexported.
var dateCmp = cmp.Comparer(func(a, b koppel.Date) bool { return a == b })

func TestDeterministic(t *testing.T) {
	a, b := Generate(DefaultOptions()), Generate(DefaultOptions())
	if diff := cmp.Diff(a, b, dateCmp); diff != "" {
		t.Fatalf("same options, different datasets (-a +b):\n%s", diff)
	}
	o := DefaultOptions()
	o.Seed++
	c := Generate(o)
	if cmp.Equal(a.Enterprises, c.Enterprises, dateCmp) || cmp.Equal(a.Offerings, c.Offerings, dateCmp) || cmp.Equal(a.Tenders, c.Tenders, dateCmp) {
		t.Fatal("a different seed gave the same data")
	}
}

func TestDefaultDataset(t *testing.T) {
	o := DefaultOptions()
	d := Generate(o)
	if got := len(d.Enterprises); got != o.Enterprises {
		t.Errorf("%d enterprises, want %d", got, o.Enterprises)
	}
	if got, want := len(d.Offerings), o.Enterprises*o.OfferingsPerEnterprise; got != want {
		t.Errorf("%d offerings, want %d", got, want)
	}
	if got := len(d.Tenders); got != o.Tenders {
		t.Errorf("%d tenders, want %d", got, o.Tenders)
	}

	kbos := map[koppel.KBO]bool{}
	forms := map[koppel.WorkForm]int{}
	unknownFTE, expired, expiring2027, twoForms := 0, 0, 0, 0
	for _, e := range d.Enterprises {
		if err := e.Validate(nil); err != nil {
			t.Errorf("enterprise %s %q: %v", e.KBO, e.Name, err)
		}
		if _, err := koppel.ParseKBO(string(e.KBO)); err != nil {
			t.Errorf("KBO %s: %v", e.KBO, err)
		}
		if kbos[e.KBO] {
			t.Errorf("KBO %s used twice", e.KBO)
		}
		kbos[e.KBO] = true
		if !strings.HasSuffix(e.Contact.Email, ".example") {
			t.Errorf("email %q is not on a reserved domain", e.Contact.Email)
		}
		if !strings.Contains(e.Contact.Phone, " 00") {
			t.Errorf("phone %q is not in the fictional block", e.Contact.Phone)
		}
		if _, ok := e.TargetShare(); !ok {
			unknownFTE++
		}
		if len(e.Recognitions) > 1 {
			twoForms++
		}
		for _, r := range e.Recognitions {
			forms[r.Form]++
			if !r.ValidTo.IsZero() && r.ValidTo.Before(koppel.DateOf(ReferenceDate)) {
				expired++
			}
			if r.ValidTo.Time().Year() == 2027 {
				expiring2027++
			}
		}
	}
	for _, f := range koppel.WorkForms {
		if forms[f.Form] == 0 {
			t.Errorf("no enterprise with work form %s", f.Form)
		}
	}
	if forms[koppel.Maatwerkbedrijf] <= forms[koppel.LokaleDiensteneconomie] || forms[koppel.Invoegbedrijf] >= forms[koppel.LokaleDiensteneconomie] {
		t.Errorf("unrealistic work-form mix: %v", forms)
	}
	if n := len(d.Enterprises); unknownFTE < n/20 || unknownFTE > n/5 {
		t.Errorf("%d of %d enterprises with unknown FTE share, want about 10%%", unknownFTE, n)
	}
	if expired == 0 || expiring2027 == 0 || twoForms == 0 {
		t.Errorf("expired %d, expiring in 2027 %d, with two forms %d: want some of each", expired, expiring2027, twoForms)
	}

	cats := map[koppel.Category]int{}
	ids := map[string]bool{}
	for _, of := range d.Offerings {
		if err := of.Validate(nil); err != nil {
			t.Errorf("offering %s: %v", of.Key(), err)
		}
		if !kbos[of.Enterprise] {
			t.Errorf("offering %s of an unknown enterprise", of.Key())
		}
		if ids[of.Key()] {
			t.Errorf("offering ID %s used twice in its enterprise", of.Key())
		}
		ids[of.Key()] = true
		cats[of.Category]++
		info, _ := of.Category.Info()
		if len(of.CPV) < 1 || len(of.CPV) > 3 {
			t.Errorf("offering %s has %d CPV codes", of.Key(), len(of.CPV))
		}
		for _, c := range of.CPV {
			if !containsCPV(info.CPV, c) {
				t.Errorf("offering %s: CPV %s is not one of its category's", of.Key(), c)
			}
		}
	}
	for _, c := range koppel.Categories {
		if cats[c.Category] == 0 {
			t.Errorf("no offering in category %s", c.Category)
		}
	}

	kinds := map[koppel.ClauseKind]int{}
	tenderCats := map[koppel.Category]bool{}
	statuses := map[koppel.TenderStatus]int{}
	for _, tn := range d.Tenders {
		if err := tn.Validate(nil); err != nil {
			t.Errorf("tender %s: %v", tn.ID, err)
		}
		statuses[tn.Status]++
		if tn.Status == koppel.TenderDraft && tn.Owner != tn.Buyer.Name {
			t.Errorf("draft %s: owner %q, want the buyer's name", tn.ID, tn.Owner)
		}
		if tn.Deadline.IsZero() || tn.Source.Kind != "form" {
			t.Errorf("tender %s: deadline %v, source %q", tn.ID, tn.Deadline, tn.Source.Kind)
		}
		for _, l := range tn.Lots {
			if l.Start.Time().Year() != 2027 || l.Postcode == "" || l.VolumeFTE <= 0 || l.Value <= 0 {
				t.Errorf("tender %s lot %s: start %v, postcode %q, volume %g, value %g", tn.ID, l.ID, l.Start, l.Postcode, l.VolumeFTE, l.Value)
			}
			for _, c := range l.CPV {
				tenderCats[categoryOfCPV(c)] = true
			}
			for _, c := range l.Clauses {
				kinds[c.Kind]++
				switch c.Kind {
				case koppel.ClauseAwardCriterion:
					if c.Weight <= 0 {
						t.Errorf("tender %s lot %s: award criterion without weight", tn.ID, l.ID)
					}
				case koppel.ClauseExecutionCondition:
					if !cmp.Equal(c.SocialObjectives, []string{"opp"}) {
						t.Errorf("tender %s lot %s: execution condition objectives %v", tn.ID, l.ID, c.SocialObjectives)
					}
				case koppel.ClauseReservedPubSer:
					if !socialServiceCPV[l.CPV[0]] {
						t.Errorf("tender %s lot %s: res-pub-ser on CPV %v", tn.ID, l.ID, l.CPV)
					}
				}
			}
		}
	}
	for _, k := range koppel.ClauseKinds {
		if kinds[k.Kind] < 2 {
			t.Errorf("clause kind %s used %d times, want at least 2", k.Kind, kinds[k.Kind])
		}
	}
	for _, c := range koppel.Categories {
		if !tenderCats[c.Category] {
			t.Errorf("no tender lot in category %s", c.Category)
		}
	}
	if statuses[koppel.TenderClosed] != 1 || statuses[koppel.TenderDraft] < 2 || statuses[koppel.TenderPublished] < len(d.Tenders)/2 {
		t.Errorf("statuses %v: want mostly published, a few drafts, one closed", statuses)
	}
}

// socialServiceCPV are the codes the demo uses from the eForms
// social-service-cpv list.
var socialServiceCPV = map[koppel.CPV]bool{"85320000": true, "92600000": true}

func containsCPV(s []koppel.CPV, c koppel.CPV) bool {
	for _, x := range s {
		if x == c {
			return true
		}
	}
	return false
}

func categoryOfCPV(c koppel.CPV) koppel.Category {
	for _, ci := range koppel.Categories {
		if containsCPV(ci.CPV, c) {
			return ci.Category
		}
	}
	return ""
}

func TestStreamMatchesGenerate(t *testing.T) {
	o := DefaultOptions()
	d := Generate(o)
	var es []*koppel.Enterprise
	var offs []*koppel.Offering
	if err := Stream(o, func(e *koppel.Enterprise, of []*koppel.Offering) error {
		es = append(es, e)
		offs = append(offs, of...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.Enterprises, es, dateCmp); diff != "" {
		t.Errorf("Stream enterprises differ from Generate (-generate +stream):\n%s", diff)
	}
	if diff := cmp.Diff(d.Offerings, offs, dateCmp); diff != "" {
		t.Errorf("Stream offerings differ from Generate (-generate +stream):\n%s", diff)
	}

	// A larger dataset with the same seed and average starts with the same
	// enterprises (their offering counts depend only on the pairing).
	big := o
	big.Enterprises = 1000
	n := 0
	if err := Stream(big, func(e *koppel.Enterprise, _ []*koppel.Offering) error {
		if !cmp.Equal(e, d.Enterprises[n], dateCmp) {
			t.Errorf("enterprise %d differs between sizes", n)
		}
		n++
		if n == 50 {
			return errStop
		}
		return nil
	}); !errors.Is(err, errStop) {
		t.Errorf("Stream returned %v, want the yield error", err)
	}
}

var errStop = errors.New("stop")

func TestSizes(t *testing.T) {
	start := time.Now()
	o := Options{Seed: 7, Enterprises: 1000, OfferingsPerEnterprise: 100}
	ne, no := 0, 0
	minN, maxN := 1<<30, 0
	err := Stream(o, func(e *koppel.Enterprise, offs []*koppel.Offering) error {
		ne++
		no += len(offs)
		minN, maxN = min(minN, len(offs)), max(maxN, len(offs))
		ids := map[string]bool{}
		for _, of := range offs {
			if ids[of.ID] {
				t.Fatalf("enterprise %s: offering ID %s twice", e.KBO, of.ID)
			}
			ids[of.ID] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if ne != 1000 || no != 100_000 {
		t.Errorf("%d enterprises, %d offerings; want 1000, 100000", ne, no)
	}
	if minN < 1 || minN == maxN {
		t.Errorf("offerings per enterprise from %d to %d: want varied and at least 1", minN, maxN)
	}
	t.Logf("100,000 offerings took %v", time.Since(start))
	if len(GenerateTenders(o)) != 0 {
		t.Error("tenders generated for Tenders: 0")
	}
}

func TestForOfferingsExact(t *testing.T) {
	for _, n := range []int{1, 9, 10, 1234, 5003} {
		o := ForOfferings(n)
		got := 0
		if err := Stream(o, func(_ *koppel.Enterprise, offs []*koppel.Offering) error {
			got += len(offs)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if got != n || o.TotalOfferings() != n {
			t.Errorf("ForOfferings(%d): %d offerings, TotalOfferings %d", n, got, o.TotalOfferings())
		}
	}
	if err := Stream(Options{Enterprises: MaxEnterprises + 1}, nil); err == nil {
		t.Error("no error beyond MaxEnterprises")
	}
}

func TestNamesFictional(t *testing.T) {
	real := []string{"wai-not", "ateljee", "mariasteen", "kringwinkel", "vzw oké", "ryhove", "waak", "bewel", "ado icarus"}
	for _, e := range Generate(DefaultOptions()).Enterprises {
		n := strings.ToLower(e.Name)
		for _, r := range real {
			if strings.Contains(n, r) {
				t.Errorf("name %q contains the real name %q", e.Name, r)
			}
		}
	}
}

func BenchmarkStream100k(b *testing.B) {
	o := ForOfferings(100_000)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := Stream(o, func(_ *koppel.Enterprise, offs []*koppel.Offering) error {
			n += len(offs)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
		if n != 100_000 {
			b.Fatalf("%d offerings", n)
		}
	}
}
