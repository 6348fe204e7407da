package server

import (
	"cmp"
	"context"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
)

// The capacity map (/capaciteit, /api/v1/capacity): per category, the VTE
// of the enterprises whose service area covers each Flemish municipality,
// the demand of the last 12 months and the white spots. See
// koppel.CapacityBuilder for how capacity is counted.

func (s *Server) capacityRoutes() []route {
	return []route{
		{Method: "GET", Path: "/api/v1/capacity", Summary: "Capacity map of one category: per Flemish municipality the VTE of the enterprises whose service area covers it (each counted fully in every municipality it serves), the tender lots and needs of the last 12 months, and the white spots (demand, less than 1 VTE per unit of demand)", Tag: "capacity",
			Query: []param{{Name: "category", In: "query", Type: "string", Required: true, Description: "service category, e.g. schoonmaak or groenonderhoud"}},
			Rate:  rateSearch, Response: koppel.CapacityMap{}, Handler: s.handleCapacity},
		{Method: "GET", Path: "/capaciteit", Summary: "Capacity map page", Page: true, Rate: rateSearch, Handler: s.handleCapacityPage},
	}
}

// capacityStore is what the capacity map reads of the store: every
// enterprise, offering and tender, each in one walk, and the sequence
// number of the last change to any of them, which keys the cache.
type capacityStore interface {
	ForEachEnterprise(ctx context.Context, fn func(*koppel.Enterprise) error) error
	ForEachOffering(ctx context.Context, fn func(*koppel.Offering) error) error
	ForEachTender(ctx context.Context, fn func(*koppel.Tender) error) error
	OutboxSeq() uint64
}

// municipalityLister lists the municipalities with their postcodes
// (package refdata).
type municipalityLister interface {
	Municipalities() []string
	PostcodesByName(name string) []koppel.Place
}

// capacityCache keeps the capacity of every category and the tenders'
// demand, computed in one walk of the store. It is valid while the store's
// outbox sequence (every write of an enterprise, offering or tender moves
// it) and the day are the same; the first request after a change computes
// it again, and concurrent requests wait for that one computation (or
// until their own request ends).
type capacityCache struct {
	// lock holds one token while the cache is read or computed: a channel
	// rather than a mutex, so that a waiting request can give up.
	lockOnce sync.Once
	lock     chan struct{}
	valid    bool
	seq      uint64
	since    koppel.Date
	caps     map[koppel.Category]*koppel.CategoryCapacity
	tenders  []koppel.Demand
	// took is how long the last computation took.
	took time.Duration

	// grid is one place per Flemish municipality (see municipalityGrid).
	gridOnce sync.Once
	grid     []koppel.Place
}

// municipalityGrid returns one place per Flemish municipality, worked out
// once: the grid of the capacity map and of an enterprise's covered
// municipalities. Nil without reference data that lists municipalities.
func (s *Server) municipalityGrid() []koppel.Place {
	c := &s.capacity
	c.gridOnce.Do(func() {
		if l, ok := s.Reference.(municipalityLister); ok {
			c.grid = flemishMunicipalities(l)
		}
	})
	return c.grid
}

// coveredMunicipalities returns the Flemish municipalities the service
// area of e covers, by the rule of koppel.ServiceArea.Covers.
func (s *Server) coveredMunicipalities(e *koppel.Enterprise) []koppel.Place {
	places, ok := s.Reference.(koppel.Places)
	if !ok {
		return nil
	}
	var home *koppel.Place
	if p, ok := e.HomePlace(places); ok {
		home = &p
	}
	test := e.ServiceArea.Test(home, places)
	var out []koppel.Place
	for _, p := range s.municipalityGrid() {
		if test.Covers(p, koppel.MunicipalityKey(p.Municipality)) {
			out = append(out, p)
		}
	}
	return out
}

// capacityData returns the capacity of every category and the tenders'
// demand since the first day of the map made today, from the cache when
// the store has not changed.
func (s *Server) capacityData(ctx context.Context) (map[koppel.Category]*koppel.CategoryCapacity, []koppel.Demand, koppel.Date, error) {
	st, ok := s.Offerings.(capacityStore)
	places, ok2 := s.Reference.(koppel.Places)
	grid := s.municipalityGrid()
	if !ok || !ok2 || len(grid) == 0 {
		return nil, nil, koppel.Date{}, koppel.Errorf(koppel.EUNAVAILABLE, "de capaciteitskaart is niet beschikbaar").WithKey("error.api_capacity_unavailable")
	}
	since := koppel.DemandSince(koppel.DateOf(time.Now().In(brussels())))
	c := &s.capacity
	c.lockOnce.Do(func() { c.lock = make(chan struct{}, 1) })
	select {
	case c.lock <- struct{}{}:
		defer func() { <-c.lock }()
	case <-ctx.Done():
		return nil, nil, since, fmt.Errorf("wait for the capacity map: %w", ctx.Err())
	}
	seq := st.OutboxSeq()
	if c.valid && c.seq == seq && c.since.Equal(since) {
		return c.caps, c.tenders, since, nil
	}
	start := time.Now()
	b := koppel.NewCapacityBuilder(grid, places)
	if err := st.ForEachEnterprise(ctx, func(e *koppel.Enterprise) error { b.AddEnterprise(e); return nil }); err != nil {
		return nil, nil, since, err
	}
	if err := st.ForEachOffering(ctx, func(o *koppel.Offering) error { b.AddOffering(o); return nil }); err != nil {
		return nil, nil, since, err
	}
	var tenders []koppel.Demand
	if err := st.ForEachTender(ctx, func(t *koppel.Tender) error {
		tenders = append(tenders, koppel.TenderDemand(t, since, places)...)
		return nil
	}); err != nil {
		return nil, nil, since, err
	}
	c.caps, c.tenders, c.since, c.seq, c.valid = b.Build(), tenders, since, seq, true
	c.took = time.Since(start)
	s.logger().Info("capacity map computed", "took", c.took, "seq", seq)
	return c.caps, c.tenders, since, nil
}

// flemishMunicipalities returns one place per Flemish municipality: the
// first postcode of its name (its main one, e.g. 9000 for Gent).
func flemishMunicipalities(l municipalityLister) []koppel.Place {
	var out []koppel.Place
	for _, m := range l.Municipalities() {
		for _, p := range l.PostcodesByName(m) {
			if p.Municipality == m {
				if p.Region == "Vlaanderen" {
					out = append(out, p)
				}
				break
			}
		}
	}
	return out
}

// capacityMap returns the map of category c: the cached capacity, the
// tenders' demand and the needs sent in the period (at most
// koppel.MaxReportNeeds, the newest).
func (s *Server) capacityMap(ctx context.Context, c koppel.Category) (*koppel.CapacityMap, error) {
	caps, demand, since, err := s.capacityData(ctx)
	if err != nil {
		return nil, err
	}
	cc := caps[c]
	if cc == nil {
		return nil, koppel.Errorf(koppel.EINVALID, "onbekende categorie %q", c).WithKey("error.api_category_unknown", "Value", string(c))
	}
	if s.Needs != nil {
		needs, _, err := s.reportNeeds(ctx, "")
		if err != nil {
			return nil, err
		}
		places, _ := s.Reference.(koppel.Places)
		demand = slices.Clip(demand)
		for _, n := range needs {
			if d, ok := koppel.NeedDemand(n, since, places); ok {
				demand = append(demand, d)
			}
		}
	}
	return koppel.NewCapacityMap(cc, demand, since), nil
}

// capacityCategory reads the category asked for; "" when none is.
func capacityCategory(c *gin.Context) (koppel.Category, error) {
	q := strings.TrimSpace(c.Query("category"))
	if q == "" {
		return "", nil
	}
	return koppel.ParseCategory(q)
}

func (s *Server) handleCapacity(c *gin.Context) {
	cat, err := capacityCategory(c)
	if err == nil && cat == "" {
		err = koppel.Errorf(koppel.EINVALID, "kies een categorie (parameter category), bv. schoonmaak of groenonderhoud").WithKey("error.api_capacity_category")
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	m, err := s.capacityMap(c.Request.Context(), cat)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, m)
}

// capacityPage is what the Capaciteit page shows.
type capacityPage struct {
	Category   koppel.Category
	Categories []koppel.CategoryInfo
	Error      string
	Map        *koppel.CapacityMap
	// Label is the category's name in the page's language.
	Label      string
	SVG        template.HTML
	Summary    string
	Since      string
	Legend     []capacityLegend
	Rows       []capacityRow
	WhiteSpots []capacityRow
	// Outside counts the demand placed outside Flanders.
	Outside int
}

type capacityLegend struct {
	Class, Label string
}

// capacityRow is a municipality in the page's tables, its numbers written
// in the page's language.
type capacityRow struct {
	Municipality, Province string
	Capacity               string // "2,5 VTE"
	Enterprises            int
	Tenders, Needs, Demand int
	Note                   string // unknown or estimated capacities
}

func (s *Server) handleCapacityPage(c *gin.Context) {
	l := lang(c)
	title := i18n.T(l, "capacity.title")
	data := capacityPage{Categories: koppel.Categories}
	cat, err := capacityCategory(c)
	if err != nil {
		data.Error = koppel.ErrorMessage(err)
		s.render(c, http.StatusBadRequest, "capacity", title, data)
		return
	}
	data.Category = cmp.Or(cat, koppel.Categories[0].Category)
	m, err := s.capacityMap(c.Request.Context(), data.Category)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data.Map = m
	data.Label = categoryName(l, m.Category)
	data.Since = i18n.Date(m.Since.Time())
	data.Summary = capacitySummary(l, m)
	data.Outside = m.Outside
	for i := 0; i <= len(m.Breaks); i++ {
		data.Legend = append(data.Legend, capacityLegend{Class: fmt.Sprintf("cap%d", i), Label: shadeLabel(l, m, i)})
	}
	for _, mc := range m.Municipalities {
		data.Rows = append(data.Rows, newCapacityRow(l, mc))
	}
	for _, mc := range m.WhiteSpots {
		data.WhiteSpots = append(data.WhiteSpots, newCapacityRow(l, mc))
	}
	if o, ok := s.Reference.(outliner); ok {
		data.SVG = drawMap(o.ProvinceOutlines(), capacityMapView(l, m, data.Summary))
	}
	s.render(c, http.StatusOK, "capacity", title, data)
}

// categoryName is the name of a category in l.
func categoryName(l i18n.Lang, c koppel.Category) string {
	return enumLabel(l, "category.", string(c), c.Label())
}

// shadeLabel says which capacities shade i of m stands for ("tot 20 VTE",
// "20 tot 50 VTE"; see koppel.CapacityMap.Shade).
func shadeLabel(l i18n.Lang, m *koppel.CapacityMap, i int) string {
	switch {
	case i == 0:
		return i18n.T(l, "capacity.shade_none")
	case i == 1:
		return i18n.T(l, "capacity.shade_first", "To", fteText(l, m.Breaks[0]))
	}
	return i18n.T(l, "capacity.shade", "From", i18n.Number(l, m.Breaks[i-2], 1), "To", fteText(l, m.Breaks[i-1]))
}

func newCapacityRow(l i18n.Lang, mc koppel.MunicipalityCapacity) capacityRow {
	r := capacityRow{Municipality: mc.Municipality, Province: provinceName(l, mc.Province), Capacity: fteText(l, mc.CapacityFTE),
		Enterprises: mc.Enterprises, Tenders: mc.Tenders, Needs: mc.Needs, Demand: mc.Demand()}
	var notes []string
	if mc.Estimated > 0 {
		notes = append(notes, i18n.N(l, "capacity.estimated", mc.Estimated))
	}
	if mc.Unknown > 0 {
		notes = append(notes, i18n.N(l, "capacity.unknown", mc.Unknown))
	}
	r.Note = strings.Join(notes, ", ")
	return r
}

// fteText writes a capacity in l: "2,5 VTE", "2,5 ETP", "2.5 FTE".
func fteText(l i18n.Lang, f float64) string { return i18n.T(l, "unit.fte", "N", i18n.Number(l, f, 1)) }

// capacitySummary says in words what the map shows: the capacity in all,
// where most of it is, where none is, the demand and the white spots.
func capacitySummary(l i18n.Lang, m *koppel.CapacityMap) string {
	var parts []string
	parts = append(parts, i18n.N(l, "capacity.sum_total", m.Enterprises, "Label", categoryName(l, m.Category), "FTE", fteText(l, m.CapacityFTE)))
	if m.Estimated > 0 {
		parts = append(parts, i18n.N(l, "capacity.sum_estimated", m.Estimated))
	}
	if m.Unknown > 0 {
		parts = append(parts, i18n.N(l, "capacity.sum_unknown", m.Unknown))
	}
	ranked := slices.Clone(m.Municipalities)
	slices.SortStableFunc(ranked, func(a, b koppel.MunicipalityCapacity) int { return cmp.Compare(b.CapacityFTE, a.CapacityFTE) })
	var top []string
	for _, mc := range ranked[:min(3, len(ranked))] {
		if mc.CapacityFTE > 0 {
			top = append(top, fmt.Sprintf("%s (%s)", mc.Municipality, fteText(l, mc.CapacityFTE)))
		}
	}
	if len(top) > 0 {
		parts = append(parts, i18n.T(l, "capacity.sum_most", "Towns", joinList(l, top)))
	}
	none := 0
	for _, mc := range m.Municipalities {
		if mc.CapacityFTE == 0 {
			none++
		}
	}
	parts = append(parts, noCapacityText(l, none, len(m.Municipalities)))
	tenders, needs := 0, 0
	for _, d := range m.Demand {
		if d.Kind == "need" {
			needs++
		} else {
			tenders++
		}
	}
	parts = append(parts, i18n.T(l, "capacity.sum_demand", "Since", i18n.Date(m.Since.Time()),
		"Lots", countOrNone(l, "capacity.lots", "display.capacity.no_lots", tenders), "Needs", countOrNone(l, "capacity.needs", "display.capacity.no_needs", needs)))
	if n := len(m.WhiteSpots); n == 0 {
		parts = append(parts, i18n.T(l, "capacity.sum_no_white"))
	} else {
		var names []string
		for _, w := range m.WhiteSpots[:min(5, n)] {
			names = append(names, w.Municipality)
		}
		if n > 5 {
			names = append(names, i18n.N(l, "capacity.others", n-5))
		}
		parts = append(parts, i18n.N(l, "capacity.sum_white", n, "Names", joinList(l, names)))
	}
	return strings.Join(parts, " ")
}

// capacityMapView draws the municipalities as cells shaded by capacity,
// and the demand as dots.
func capacityMapView(l i18n.Lang, m *koppel.CapacityMap, desc string) mapView {
	v := mapView{Title: i18n.T(l, "capacity.map_title", "Label", categoryName(l, m.Category)), Desc: desc, Lang: l}
	for _, mc := range m.Municipalities {
		label := i18n.T(l, "capacity.cell", "Town", mc.Municipality, "FTE", fteText(l, mc.CapacityFTE),
			"Enterprises", i18n.N(l, "capacity.enterprises", mc.Enterprises))
		if d := mc.Demand(); d > 0 {
			label += i18n.N(l, "capacity.cell_demand", d)
		}
		v.Cells = append(v.Cells, mapCell{Lat: mc.Lat, Lon: mc.Lon, Class: fmt.Sprintf("cap%d", m.Shade(mc.CapacityFTE)), Label: label})
	}
	// One dot per municipality and kind, larger for more demand.
	type spot struct{ muni, kind string }
	var order []spot
	groups := map[spot][]koppel.Demand{}
	for _, d := range m.Demand {
		k := spot{d.Municipality, d.Kind}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], d)
	}
	for _, k := range order {
		ds := groups[k]
		n := len(ds)
		var label string
		if k.kind == "tender" {
			var titles []string
			for _, d := range ds[:min(3, n)] {
				titles = append(titles, d.Title)
			}
			t := strings.Join(titles, i18n.T(l, "display.semicolon"))
			if n > 3 {
				t += " …"
			}
			label = i18n.N(l, "capacity.dot_lots", n, "Town", k.muni, "Titles", t)
		} else {
			label = i18n.N(l, "capacity.dot_needs", n, "Town", k.muni)
		}
		v.Points = append(v.Points, mapPoint{Lat: ds[0].Lat, Lon: ds[0].Lon, Label: label, Kind: k.kind, R: 2.5 + math.Sqrt(float64(n))})
	}
	return v
}
