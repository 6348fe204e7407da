package indexer

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"koppel"
)

// Places resolves postcodes and place names (koppel.Places); the indexer
// uses it for enterprises and lots whose place was not filled in by
// validation (the demo data, for one).
type Places = koppel.Places

// OpenStart and OpenEnd stand for a recognition without start or end date
// (Bleve's dates run from 1677 to 2262).
var (
	OpenStart = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	OpenEnd   = time.Date(2200, 12, 31, 0, 0, 0, 0, time.UTC)
)

// geoPoint is a Bleve geo point.
type geoPoint struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// offeringDoc is what the offering index holds of an offering: only what
// search needs, and nothing is stored. The enterprise fields are copied in
// so that filters on work form, place and target group need no join (a
// profile change re-indexes the enterprise's offerings: DocEnterprise).
type offeringDoc struct {
	Title          string     `json:"title"`
	Description    string     `json:"description"`
	Keywords       string     `json:"keywords"`
	Name           string     `json:"name"`
	CategoryLabel  string     `json:"category_label"`
	Text           string     `json:"text"`
	TextFR         string     `json:"text_fr,omitempty"`
	TextEN         string     `json:"text_en,omitempty"`
	Place          string     `json:"place,omitempty"`
	Vocab          string     `json:"vocab"`
	Enterprise     string     `json:"enterprise"`
	Category       string     `json:"category"`
	CPV            []string   `json:"cpv"`
	Forms          []string   `json:"forms,omitempty"`
	Province       string     `json:"province,omitempty"`
	Postcode       string     `json:"postcode,omitempty"`
	Municipality   string     `json:"municipality,omitempty"`
	Languages      []string   `json:"languages,omitempty"`
	Location       *geoPoint  `json:"location,omitempty"`
	AreaRadius     string     `json:"area_radius,omitempty"`
	AreaMunis      []string   `json:"area_munis,omitempty"`
	AreaProvinces  []string   `json:"area_provinces,omitempty"`
	RecognisedFrom *time.Time `json:"recognised_from,omitempty"`
	RecognisedTo   *time.Time `json:"recognised_to,omitempty"`
	TargetGroups   []string   `json:"target_groups,omitempty"`
	// Transition is a list so that an enterprise without transition
	// paths has no term at all (Bleve would index "" for a string).
	Transition []string `json:"transition,omitempty"`
}

// KeywordsText is how an offering's keywords are indexed (and highlighted):
// one text, separated by " · ".
func KeywordsText(kw []string) string { return strings.Join(kw, " · ") }

func newOfferingDoc(o *koppel.Offering, e *koppel.Enterprise, places Places) offeringDoc {
	d := offeringDoc{
		Title:         o.Title,
		Description:   o.Description,
		Keywords:      KeywordsText(o.Keywords),
		CategoryLabel: o.Category.Label(),
		Enterprise:    string(o.Enterprise),
		Category:      string(o.Category),
		CPV:           cpvPrefixes(o.CPV),
		Languages:     o.Languages,
		Vocab:         o.Title + " " + strings.Join(o.Keywords, " ") + " " + o.Category.Label(),
	}
	if e != nil {
		d.Name = e.Name
		var from, to time.Time
		open := false
		for _, r := range e.Recognitions {
			if !slices.Contains(d.Forms, string(r.Form)) {
				d.Forms = append(d.Forms, string(r.Form))
			}
			if f := r.ValidFrom.Time(); !f.IsZero() && (from.IsZero() || f.Before(from)) {
				from = f
			}
			if t := r.ValidTo.Time(); t.IsZero() {
				open = true
			} else if t.After(to) {
				to = t
			}
		}
		if len(e.Recognitions) > 0 {
			if from.IsZero() {
				from = OpenStart
			}
			if open || to.IsZero() {
				to = OpenEnd
			}
			d.RecognisedFrom, d.RecognisedTo = &from, &to
		}
		for _, g := range e.TargetGroups {
			d.TargetGroups = append(d.TargetGroups, string(g))
		}
		if e.TransitionPaths {
			d.Transition = []string{TransitionYes}
		}
		d.Postcode = e.Address.Postcode
		if p, ok := e.HomePlace(places); ok {
			d.Province, d.Municipality = p.Province, koppel.MunicipalityKey(p.Municipality)
			d.Place = p.Municipality + " " + p.Name + " " + p.Postcode
			d.Location = &geoPoint{Lat: p.Lat, Lon: p.Lon}
		}
		if len(d.Languages) == 0 {
			d.Languages = e.Languages
		}
	}
	for _, l := range d.Languages {
		switch l {
		case "fr":
			d.TextFR = o.Title + "\n" + o.Description
		case "en":
			d.TextEN = o.Title + "\n" + o.Description
		}
	}
	d.Text = OfferingText(d.Title, d.Keywords, d.CategoryLabel, d.Name, d.Description)
	area := o.Area(e)
	if area.IsZero() && d.Municipality != "" {
		// No service area given: the enterprise's own municipality.
		area.Municipalities = []string{d.Municipality}
	}
	if area.RadiusKm > 0 && d.Location != nil {
		d.AreaRadius = RadiusTerm(area.RadiusKm)
	}
	d.AreaMunis = area.MunicipalityKeys(places)
	d.AreaProvinces = area.ProvinceNames(places)
	return d
}

// OfferingText is how FieldText is made of an offering's title, keywords
// text, category label, enterprise name and description: one line each.
func OfferingText(title, keywords, categoryLabel, name, description string) string {
	return title + "\n" + keywords + "\n" + categoryLabel + "\n" + name + "\n" + description
}

// RadiusTerm is how a service radius is indexed: whole km, rounded up.
func RadiusTerm(km float64) string {
	n := int(km)
	if float64(n) < km {
		n++
	}
	return strconv.Itoa(n)
}

// tenderDoc is what the tender index holds of a tender.
type tenderDoc struct {
	Title        string     `json:"title"`
	Description  string     `json:"description"`
	Lots         string     `json:"lots"`
	Buyer        string     `json:"buyer"`
	Vocab        string     `json:"vocab"`
	BuyerType    string     `json:"buyer_type,omitempty"`
	Status       string     `json:"status"`
	Owner        string     `json:"owner,omitempty"`
	CPV          []string   `json:"cpv"`
	Postcode     []string   `json:"postcode,omitempty"`
	Municipality []string   `json:"municipality,omitempty"`
	Province     []string   `json:"province,omitempty"`
	Clauses      []string   `json:"clauses,omitempty"`
	Location     []geoPoint `json:"location,omitempty"`
	Deadline     *time.Time `json:"deadline,omitempty"`
}

// LotsText is how the lots of a tender are indexed (and highlighted).
func LotsText(t *koppel.Tender) string {
	var lots []string
	for _, l := range t.Lots {
		lots = append(lots, l.Title)
		if l.Description != "" {
			lots = append(lots, l.Description)
		}
	}
	return strings.Join(lots, "\n")
}

func newTenderDoc(t *koppel.Tender, places Places) tenderDoc {
	d := tenderDoc{
		Title:       t.Title,
		Description: t.Description,
		Lots:        LotsText(t),
		Buyer:       t.Buyer.Name,
		BuyerType:   t.Buyer.LegalType,
		Status:      string(t.Status),
		Owner:       t.Owner,
		Vocab:       t.Title,
	}
	if !t.Deadline.IsZero() {
		dl := t.Deadline.Time()
		d.Deadline = &dl
	}
	var cpv []koppel.CPV
	for i := range t.Lots {
		l := &t.Lots[i]
		d.Vocab += " " + l.Title
		cpv = append(cpv, l.CPV...)
		if l.Postcode != "" && !slices.Contains(d.Postcode, l.Postcode) {
			d.Postcode = append(d.Postcode, l.Postcode)
		}
		if p, ok := l.PerformancePlace(places); ok {
			if p.Province != "" && !slices.Contains(d.Province, p.Province) {
				d.Province = append(d.Province, p.Province)
			}
			if m := koppel.MunicipalityKey(p.Municipality); !slices.Contains(d.Municipality, m) {
				d.Municipality = append(d.Municipality, m)
			}
			d.Location = append(d.Location, geoPoint{Lat: p.Lat, Lon: p.Lon})
		}
		for _, c := range l.Clauses {
			if !slices.Contains(d.Clauses, string(c.Kind)) {
				d.Clauses = append(d.Clauses, string(c.Kind))
			}
		}
	}
	d.CPV = cpvPrefixes(cpv)
	return d
}

// cpvPrefixes returns every hierarchy prefix of the codes, once each, so a
// term query for a class ("9091") finds its categories and codes.
func cpvPrefixes(codes []koppel.CPV) []string {
	var out []string
	for _, c := range codes {
		for _, p := range c.Prefixes() {
			if !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}
