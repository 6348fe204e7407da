package koppel

import (
	"cmp"
	"math"
	"slices"
	"strings"
)

// The capacity map (capaciteitskaart) shows, per service category, the
// staff in full-time equivalents (VTE) of the enterprises whose service
// area covers each Flemish municipality, beside the demand of the last 12
// months: tenders' lots and needs placed there. Where there is demand and
// little capacity lies a white spot (witte vlek).
//
// How capacity is counted (the README says the same to users):
//   - An enterprise counts in a category when it has an offering of that
//     category. Its capacity there is the capacity its offerings of the
//     category state in VTE, together at most its total staff (VTETotaal).
//     When none of them states VTE, its total staff is shared equally over
//     the categories it offers (an estimate, counted in Estimated). Without
//     either, it counts as an enterprise of unknown capacity (Unknown).
//   - It counts fully in every municipality its service area (of those
//     offerings) covers, by the rule of ServiceArea.Covers: the capacity of
//     a municipality is what could serve it, not a share; the capacities of
//     two neighbouring municipalities must not be added up.

// IsFTEUnit reports whether a capacity unit is full-time equivalents.
func IsFTEUnit(unit string) bool {
	switch strings.ToLower(strings.TrimSpace(unit)) {
	case "vte", "fte", "voltijdse equivalenten", "voltijds equivalent", "etp":
		return true
	}
	return false
}

// WhiteSpotFTE is the capacity per unit of demand below which a
// municipality with demand is a white spot: less than 1 VTE for each
// tender lot or need placed there in the last 12 months.
const WhiteSpotFTE = 1.0

// DemandMonths is how far back the demand on the map reaches.
const DemandMonths = 12

// MunicipalityCapacity is one municipality of the capacity map with the
// capacity that serves it in a category and the demand placed in it.
type MunicipalityCapacity struct {
	Municipality string  `json:"municipality"`
	NIS          string  `json:"nis,omitempty"`
	Province     string  `json:"province"`
	Postcode     string  `json:"postcode"` // the postcode whose place stands for it
	Lat          float64 `json:"lat"`
	Lon          float64 `json:"lon"`
	// CapacityFTE is the summed capacity of the enterprises that serve
	// it, each counted fully; Enterprises how many serve it, Unknown how
	// many of them with no known capacity, Estimated how many with a
	// capacity estimated from their total staff.
	CapacityFTE float64 `json:"capacity_fte"`
	Enterprises int     `json:"enterprises"`
	Unknown     int     `json:"enterprises_unknown_capacity"`
	Estimated   int     `json:"enterprises_estimated_capacity"`
	// Tenders and Needs count the tender lots and the sent needs of the
	// last DemandMonths months placed in it.
	Tenders int `json:"tenders"`
	Needs   int `json:"needs"`
}

// Demand returns the tender lots and needs placed in the municipality.
func (m MunicipalityCapacity) Demand() int { return m.Tenders + m.Needs }

// WhiteSpot reports whether the municipality has demand and less than
// WhiteSpotFTE of capacity per unit of it.
func (m MunicipalityCapacity) WhiteSpot() bool {
	return m.Demand() > 0 && m.CapacityFTE < WhiteSpotFTE*float64(m.Demand())
}

// Demand is one tender lot or sent need of a category at a place: a dot
// on the capacity map. Needs are seen only by their buyer and recipients,
// so a need's demand carries no title.
type Demand struct {
	Kind     string   `json:"kind"` // "tender" or "need"
	Category Category `json:"category"`
	// Municipality and Postcode are where it is placed.
	Municipality string  `json:"municipality"`
	Postcode     string  `json:"postcode"`
	Lat          float64 `json:"lat"`
	Lon          float64 `json:"lon"`
	Date         Date    `json:"date"`
	// TenderID, LotID and Title name a tender's lot; empty for a need.
	TenderID string `json:"tender_id,omitempty"`
	LotID    string `json:"lot_id,omitempty"`
	Title    string `json:"title,omitempty"`
}

// TenderDemand returns the demand of a tender's lots: one per lot with a
// category (LotCategory) and a known place. Drafts and withdrawn tenders
// are no demand; a tender counts when its deadline (without one: its
// creation) lies on or after since.
func TenderDemand(t *Tender, since Date, places Places) []Demand {
	if t.Status == TenderDraft || t.Status == TenderWithdrawn {
		return nil
	}
	date := t.Deadline
	if date.IsZero() {
		date = DateOf(t.CreatedAt)
	}
	if date.Before(since) {
		return nil
	}
	var out []Demand
	for i := range t.Lots {
		l := &t.Lots[i]
		c := LotCategory(l)
		p, ok := l.PerformancePlace(places)
		if c == "" || !ok {
			continue
		}
		out = append(out, newDemand("tender", c, p, date, t.ID, l.ID, cmp.Or(l.Title, t.Title)))
	}
	return out
}

// NeedDemand returns the demand of a need: sent on or after since, with a
// category and a known place.
func NeedDemand(n *Need, since Date, places Places) (Demand, bool) {
	if !n.Sent() || n.Category == "" || DateOf(n.SentAt).Before(since) {
		return Demand{}, false
	}
	p, ok := Place{}, false
	if n.Place != nil {
		p, ok = *n.Place, true
	} else if places != nil {
		p, ok = places.Postcode(n.Postcode)
	}
	if !ok {
		return Demand{}, false
	}
	return newDemand("need", n.Category, p, DateOf(n.SentAt), "", "", ""), true
}

func newDemand(kind string, c Category, p Place, d Date, tender, lot, title string) Demand {
	return Demand{Kind: kind, Category: c, Municipality: p.Municipality, Postcode: p.Postcode,
		Lat: p.Lat, Lon: p.Lon, Date: d, TenderID: tender, LotID: lot, Title: title}
}

// DemandSince is the first day of the demand shown on a map made on today.
func DemandSince(today Date) Date {
	return DateOf(today.Time().AddDate(0, -DemandMonths, 0))
}

// CapacityBuilder adds up the capacity per category and municipality from
// the enterprises and offerings, read once each (a walk of the store). Add
// every enterprise before the offerings; then call Build.
type CapacityBuilder struct {
	munis  []Place
	keys   []string // MunicipalityKey of each of munis
	places Places
	ents   map[KBO]*capacityEnterprise
}

// capacityEnterprise is what the builder keeps of one enterprise: its
// place and area, and per category its stated VTE and its offerings'
// service areas.
type capacityEnterprise struct {
	e    *Enterprise
	home *Place
	cats map[Category]*capacityOffer
}

type capacityOffer struct {
	fte   float64
	areas []ServiceArea
}

// NewCapacityBuilder returns a builder over munis, one place per
// municipality (the map's grid); places resolves the names in service
// areas.
func NewCapacityBuilder(munis []Place, places Places) *CapacityBuilder {
	keys := make([]string, len(munis))
	for i, p := range munis {
		keys[i] = MunicipalityKey(p.Municipality)
	}
	return &CapacityBuilder{munis: munis, keys: keys, places: places, ents: map[KBO]*capacityEnterprise{}}
}

// AddEnterprise adds an enterprise; it counts once it has an offering.
func (b *CapacityBuilder) AddEnterprise(e *Enterprise) {
	ce := &capacityEnterprise{e: e, cats: map[Category]*capacityOffer{}}
	if p, ok := e.HomePlace(b.places); ok {
		ce.home = &p
	}
	b.ents[e.KBO] = ce
}

// AddOffering adds an offering of an enterprise added before; an offering
// without category, or of an enterprise not added, does not count.
func (b *CapacityBuilder) AddOffering(o *Offering) {
	ce := b.ents[o.Enterprise]
	if ce == nil || o.Category == "" {
		return
	}
	co := ce.cats[o.Category]
	if co == nil {
		co = &capacityOffer{}
		ce.cats[o.Category] = co
	}
	if o.Capacity > 0 && IsFTEUnit(o.Unit) {
		co.fte += o.Capacity
	}
	area := o.Area(ce.e)
	if !slices.ContainsFunc(co.areas, func(a ServiceArea) bool { return sameArea(a, area) }) {
		co.areas = append(co.areas, area)
	}
}

func sameArea(a, b ServiceArea) bool {
	return a.RadiusKm == b.RadiusKm && slices.Equal(a.Municipalities, b.Municipalities) && slices.Equal(a.Provinces, b.Provinces)
}

// CategoryCapacity is the capacity of one category over the grid of
// municipalities, before demand is added.
type CategoryCapacity struct {
	Category Category
	// Enterprises offer the category; CapacityFTE is their capacity,
	// each counted once; Unknown and Estimated as in
	// MunicipalityCapacity.
	Enterprises    int
	CapacityFTE    float64
	Unknown        int
	Estimated      int
	Municipalities []MunicipalityCapacity
}

// Build returns the capacity of every category of Categories. Its work is
// the enterprises' distinct service areas times the municipalities of the
// grid; an area's coverage is worked out once for all its categories.
func (b *CapacityBuilder) Build() map[Category]*CategoryCapacity {
	out := map[Category]*CategoryCapacity{}
	for _, info := range Categories {
		cc := &CategoryCapacity{Category: info.Category, Municipalities: make([]MunicipalityCapacity, len(b.munis))}
		for i, p := range b.munis {
			cc.Municipalities[i] = MunicipalityCapacity{Municipality: p.Municipality, NIS: p.NIS, Province: p.Province,
				Postcode: p.Postcode, Lat: p.Lat, Lon: p.Lon}
		}
		out[info.Category] = cc
	}
	kbos := make([]KBO, 0, len(b.ents))
	for k := range b.ents {
		kbos = append(kbos, k)
	}
	slices.Sort(kbos) // a fixed order: the sums come out the same every time
	covered := make([]bool, len(b.munis))
	for _, k := range kbos {
		ce := b.ents[k]
		if len(ce.cats) == 0 {
			continue
		}
		var areas []ServiceArea
		coverage := map[int][]int{} // index in areas → municipalities it covers
		for c, co := range ce.cats {
			cc := out[c]
			if cc == nil {
				continue // a category no longer listed
			}
			fte, estimated, known := ce.capacity(co, len(ce.cats))
			cc.Enterprises++
			cc.CapacityFTE += fte
			clear(covered)
			for _, a := range co.areas {
				ai := slices.IndexFunc(areas, func(x ServiceArea) bool { return sameArea(x, a) })
				if ai < 0 {
					areas = append(areas, a)
					ai = len(areas) - 1
					test := a.Test(ce.home, b.places)
					for i, p := range b.munis {
						if test.Covers(p, b.keys[i]) {
							coverage[ai] = append(coverage[ai], i)
						}
					}
				}
				for _, i := range coverage[ai] {
					covered[i] = true
				}
			}
			if !known {
				cc.Unknown++
			} else if estimated {
				cc.Estimated++
			}
			for i, on := range covered {
				if !on {
					continue
				}
				m := &cc.Municipalities[i]
				m.Enterprises++
				m.CapacityFTE += fte
				if !known {
					m.Unknown++
				} else if estimated {
					m.Estimated++
				}
			}
		}
	}
	for _, cc := range out {
		for i := range cc.Municipalities {
			cc.Municipalities[i].CapacityFTE = roundFTE(cc.Municipalities[i].CapacityFTE)
		}
		cc.CapacityFTE = roundFTE(cc.CapacityFTE)
	}
	return out
}

// capacity is the enterprise's VTE in a category (co) of the ncat it
// offers: stated, capped by its total staff; else estimated from its
// total staff; known is false when there is neither.
func (ce *capacityEnterprise) capacity(co *capacityOffer, ncat int) (fte float64, estimated, known bool) {
	total := ce.e.FTETotal
	switch {
	case co.fte > 0 && total != nil && *total > 0:
		return math.Min(co.fte, *total), false, true
	case co.fte > 0:
		return co.fte, false, true
	case total != nil && *total > 0:
		return *total / float64(ncat), true, true
	}
	return 0, false, false
}

// roundFTE rounds to a hundredth, so that sums read the same however they
// were added up.
func roundFTE(f float64) float64 { return math.Round(f*100) / 100 }

// CapacityMap is the capacity map of one category: the municipalities with
// their capacity and demand, the demand as points, and the white spots.
type CapacityMap struct {
	Category Category `json:"category"`
	Label    string   `json:"label"`
	// Since is the first day of the demand counted.
	Since       Date    `json:"since"`
	Enterprises int     `json:"enterprises"`
	CapacityFTE float64 `json:"capacity_fte"`
	Unknown     int     `json:"enterprises_unknown_capacity"`
	Estimated   int     `json:"enterprises_estimated_capacity"`
	// Municipalities are the Flemish municipalities, by province and name.
	Municipalities []MunicipalityCapacity `json:"municipalities"`
	// Demand are the points of demand in Flanders; Outside counts the
	// demand of the category placed outside it (Brussels, Wallonia).
	Demand  []Demand `json:"demand"`
	Outside int      `json:"demand_outside_flanders"`
	// WhiteSpots are the municipalities with demand and little capacity,
	// most demand first.
	WhiteSpots []MunicipalityCapacity `json:"white_spots"`
	// Breaks are the upper bounds of the map's shades of capacity (see
	// Shade).
	Breaks []float64 `json:"breaks"`
}

// NewCapacityMap puts the demand of cc's category beside its capacity.
// demand may hold other categories; they are left out.
func NewCapacityMap(cc *CategoryCapacity, demand []Demand, since Date) *CapacityMap {
	m := &CapacityMap{Category: cc.Category, Label: cc.Category.Label(), Since: since, Enterprises: cc.Enterprises,
		CapacityFTE: cc.CapacityFTE, Unknown: cc.Unknown, Estimated: cc.Estimated,
		Municipalities: slices.Clone(cc.Municipalities), Demand: []Demand{}, WhiteSpots: []MunicipalityCapacity{}}
	byKey := make(map[string]int, len(m.Municipalities))
	for i, mc := range m.Municipalities {
		byKey[MunicipalityKey(mc.Municipality)] = i
	}
	for _, d := range demand {
		if d.Category != cc.Category {
			continue
		}
		i, ok := byKey[MunicipalityKey(d.Municipality)]
		if !ok {
			m.Outside++
			continue
		}
		if d.Kind == "need" {
			m.Municipalities[i].Needs++
		} else {
			m.Municipalities[i].Tenders++
		}
		m.Demand = append(m.Demand, d)
	}
	slices.SortStableFunc(m.Municipalities, func(a, b MunicipalityCapacity) int {
		return cmp.Or(cmp.Compare(a.Province, b.Province), cmp.Compare(MunicipalityKey(a.Municipality), MunicipalityKey(b.Municipality)))
	})
	for _, mc := range m.Municipalities {
		if mc.WhiteSpot() {
			m.WhiteSpots = append(m.WhiteSpots, mc)
		}
	}
	slices.SortStableFunc(m.WhiteSpots, func(a, b MunicipalityCapacity) int {
		return cmp.Or(cmp.Compare(b.Demand(), a.Demand()), cmp.Compare(a.CapacityFTE, b.CapacityFTE))
	})
	m.Breaks = capacityBreaks(m.Municipalities)
	return m
}

// capacityBreaks returns up to four rounded upper bounds that split the
// municipalities with capacity into about equal groups (quartiles).
func capacityBreaks(ms []MunicipalityCapacity) []float64 {
	var vals []float64
	for _, m := range ms {
		if m.CapacityFTE > 0 {
			vals = append(vals, m.CapacityFTE)
		}
	}
	if len(vals) == 0 {
		return nil
	}
	slices.Sort(vals)
	var out []float64
	for _, q := range []float64{0.25, 0.5, 0.75} {
		v := niceCeil(vals[int(q*float64(len(vals)-1))])
		if len(out) == 0 || v > out[len(out)-1] {
			out = append(out, v)
		}
	}
	if top := niceCeil(vals[len(vals)-1]); top > out[len(out)-1] {
		out = append(out, top)
	}
	return out
}

// niceCeil rounds f up to a number that reads well in a legend: 1, 1,5,
// 2, 2,5, 3, 4, 5, 6 or 8 times a power of ten.
func niceCeil(f float64) float64 {
	if f <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(f)))
	for _, s := range []float64{1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10} {
		if f <= s*p {
			return s * p
		}
	}
	return 10 * p
}

// Shade returns the shade of a capacity on the map: 0 for none, then 1 up
// to len(Breaks) for the groups the breaks bound.
func (m *CapacityMap) Shade(fte float64) int {
	if fte <= 0 {
		return 0
	}
	for i, b := range m.Breaks {
		if fte <= b {
			return i + 1
		}
	}
	return len(m.Breaks)
}
