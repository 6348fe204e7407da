package indexer

import (
	"strings"
	"time"

	"koppel"
)

// geoPoint is a Bleve geo point.
type geoPoint struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// offeringDoc is what the offering index holds of an offering: only what
// search needs. The enterprise fields are copied in so that filters on work
// form and place need no join.
type offeringDoc struct {
	Title         string    `json:"title"`
	Description   string    `json:"description"`
	Keywords      string    `json:"keywords"`
	Name          string    `json:"name"`
	Category      string    `json:"category"`
	CategoryLabel string    `json:"category_label"`
	Enterprise    string    `json:"enterprise"`
	CPV           []string  `json:"cpv"`
	Forms         []string  `json:"forms"`
	Province      string    `json:"province,omitempty"`
	Postcode      string    `json:"postcode,omitempty"`
	Municipality  string    `json:"municipality,omitempty"`
	Languages     []string  `json:"languages,omitempty"`
	Location      *geoPoint `json:"location,omitempty"`
}

func newOfferingDoc(o *koppel.Offering, e *koppel.Enterprise) offeringDoc {
	d := offeringDoc{
		Title:         o.Title,
		Description:   o.Description,
		Keywords:      strings.Join(o.Keywords, " "),
		Category:      string(o.Category),
		CategoryLabel: o.Category.Label(),
		Enterprise:    string(o.Enterprise),
		CPV:           cpvPrefixes(o.CPV),
		Languages:     o.Languages,
	}
	if e != nil {
		d.Name = e.Name
		for _, r := range e.Recognitions {
			d.Forms = append(d.Forms, string(r.Form))
		}
		d.Postcode = e.Address.Postcode
		if p := e.Address.Place; p != nil {
			d.Province, d.Municipality = p.Province, p.Municipality
			d.Location = &geoPoint{Lat: p.Lat, Lon: p.Lon}
		}
		if len(d.Languages) == 0 {
			d.Languages = e.Languages
		}
	}
	return d
}

// tenderDoc is what the tender index holds of a tender.
type tenderDoc struct {
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Lots        string    `json:"lots"`
	Buyer       string    `json:"buyer"`
	Status      string    `json:"status"`
	Owner       string    `json:"owner,omitempty"`
	CPV         []string  `json:"cpv"`
	Postcode    []string  `json:"postcode,omitempty"`
	Province    []string  `json:"province,omitempty"`
	Clauses     []string  `json:"clauses,omitempty"`
	Deadline    time.Time `json:"deadline,omitzero"`
}

func newTenderDoc(t *koppel.Tender) tenderDoc {
	d := tenderDoc{
		Title:       t.Title,
		Description: t.Description,
		Buyer:       t.Buyer.Name,
		Status:      string(t.Status),
		Owner:       t.Owner,
		Deadline:    t.Deadline.Time(),
	}
	var lots []string
	var cpv []koppel.CPV
	for _, l := range t.Lots {
		lots = append(lots, l.Title, l.Description)
		cpv = append(cpv, l.CPV...)
		if l.Postcode != "" {
			d.Postcode = append(d.Postcode, l.Postcode)
		}
		if l.Place != nil && l.Place.Province != "" {
			d.Province = append(d.Province, l.Place.Province)
		}
		for _, c := range l.Clauses {
			d.Clauses = append(d.Clauses, string(c.Kind))
		}
	}
	d.Lots = strings.Join(lots, "\n")
	d.CPV = cpvPrefixes(cpv)
	return d
}

// cpvPrefixes returns every hierarchy prefix of the codes, once each, so a
// term query for a class ("9091") finds its categories and codes.
func cpvPrefixes(codes []koppel.CPV) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range codes {
		for _, p := range c.Prefixes() {
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}
