package demo

import (
	"strings"
	"testing"

	"koppel"
	"koppel/refdata"
)

// TestDemoTargetGroups: the demo enterprises declare target groups the way
// their work forms do, and a good share of the LDE projects and
// maatwerkbedrijven run transition paths; every profile stays valid.
func TestDemoTargetGroups(t *testing.T) {
	d := Generate(DefaultOptions())
	ref := refdata.Load()
	withGroups, transition := 0, map[koppel.WorkForm]int{}
	forms := map[koppel.WorkForm]int{}
	for _, e := range d.Enterprises {
		f := e.Recognitions[0].Form
		forms[f]++
		if len(e.TargetGroups) > 0 {
			withGroups++
		}
		if e.TransitionPaths {
			transition[f]++
		}
		if f == koppel.Maatwerkbedrijf && len(e.TargetGroups) > 0 && !e.HasTargetGroup(koppel.TargetDisability) {
			t.Errorf("%s, a maatwerkbedrijf, declares groups %v without arbeidshandicap", e.Name, e.TargetGroups)
		}
		if f == koppel.LokaleDiensteneconomie && len(e.TargetGroups) > 0 && !e.HasTargetGroup(koppel.TargetLongTerm) {
			t.Errorf("%s, an LDE project, declares groups %v without langdurig werkzoekenden", e.Name, e.TargetGroups)
		}
		c := *e
		if err := c.Validate(ref); err != nil {
			t.Errorf("%s: %v", e.Name, err)
		}
	}
	if share := float64(withGroups) / float64(len(d.Enterprises)); share < 0.75 || share > 0.95 {
		t.Errorf("%.2f of the enterprises declare target groups, want about 0.85", share)
	}
	if lde := float64(transition[koppel.LokaleDiensteneconomie]) / float64(forms[koppel.LokaleDiensteneconomie]); lde < 0.5 {
		t.Errorf("%.2f of the LDE projects run transition paths, want most", lde)
	}
	if transition[koppel.Maatwerkbedrijf] == 0 || transition[koppel.Arbeidszorg] > forms[koppel.Arbeidszorg]/3 {
		t.Errorf("transition paths per form %v of %v", transition, forms)
	}
}

// TestDemoInternships: the demo internship places are valid, offered by
// demo schools and municipalities in Flanders, and near enough to demo
// enterprises with transition paths to be found.
func TestDemoInternships(t *testing.T) {
	o := DefaultOptions()
	d := Generate(o)
	ins := GenerateInternships(o)
	if len(ins) != o.Tenders/3 {
		t.Fatalf("%d internship offers, want %d", len(ins), o.Tenders/3)
	}
	ref := refdata.Load()
	reachable := 0
	for _, in := range ins {
		if err := in.Validate(ref); err != nil {
			t.Fatalf("%s: %v", in.ID, err)
		}
		if !strings.HasSuffix(in.Host, "(demo)") || in.Owner != in.Host || in.Address.Place.Region != "Vlaanderen" {
			t.Errorf("%s: host %q, owner %q, region %q; want a fictional Flemish demo buyer that owns it", in.ID, in.Host, in.Owner, in.Address.Place.Region)
		}
		for _, e := range d.Enterprises {
			p, ok := ref.Postcode(e.Address.Postcode)
			if e.TransitionPaths && ok && koppel.DistanceKm(p.Lat, p.Lon, in.Address.Place.Lat, in.Address.Place.Lon) <= 25 {
				reachable++
				break
			}
		}
	}
	if reachable < len(ins)*3/4 {
		t.Errorf("%d of %d internship offers have an enterprise with transition paths within 25 km, want most", reachable, len(ins))
	}
	again := GenerateInternships(o)
	for i := range ins {
		if ins[i].ID != again[i].ID || ins[i].Address.Postcode != again[i].Address.Postcode || ins[i].Title != again[i].Title {
			t.Errorf("internship %d differs between two runs", i)
		}
	}
}
