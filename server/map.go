package server

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"

	"koppel"
	"koppel/i18n"
	"koppel/search"
)

// outliner is what the maps need of the reference data beyond
// koppel.Reference: the province borders. Without it the pages have no map.
type outliner interface {
	ProvinceOutlines() []koppel.ProvinceOutline
}

// mapView is what one map shows. Title and Desc are its text alternative:
// what a sighted reader takes from the map, in a sentence.
type mapView struct {
	Title, Desc string
	Points      []mapPoint
	Area        *mapArea // a radius around a base
	Provinces   []string // provinces to colour (a service area of whole provinces)
	// Cells are municipalities drawn as shaded discs under the markers
	// (the capacity map, an enterprise's covered municipalities).
	Cells []mapCell
	// Lang names the provinces (their titles); Dutch when empty.
	Lang i18n.Lang
}

// mapCell is a municipality on a map: a disc at its place, its class
// saying its shade.
type mapCell struct {
	Lat, Lon     float64
	Class, Label string
}

// mapCellRadius is a cell's radius in pixels: about 3.5 km, so that the
// cells of neighbouring municipalities (centres 5 to 10 km apart) touch
// without hiding each other.
const mapCellRadius = 6.0

// mapPoint is a marker: the searched place, a hit's enterprise, an
// enterprise's base or a municipality of its service area.
type mapPoint struct {
	Lat, Lon float64
	Label    string
	Kind     string  // "place", "hit", "base", "muni", "tender", "need"
	R        float64 // radius of a dot; 0: the default
}

// mapArea is a radius around a base; Label names it ("werkgebied: 30 km
// rond de vestiging").
type mapArea struct {
	Lat, Lon, RadiusKm float64
	Label              string
}

// mapScale is the drawing's pixels per degree of latitude; longitude is
// scaled by the cosine of Flanders' middle latitude, so that distances are
// true in every direction (an equirectangular projection, within 1 % over
// Flanders).
const (
	mapScale  = 200.0
	mapMidLat = 51.0
	kmPerDeg  = 111.32
)

// drawMap renders v on the province outlines as an inline SVG with its text
// alternative. Points outside the outlines' frame are left out (and said
// so by the caller's Desc). The work is bounded by the outlines (a few
// hundred points) and the markers (a page of hits).
func drawMap(outlines []koppel.ProvinceOutline, v mapView) template.HTML {
	if len(outlines) == 0 {
		return ""
	}
	minLon, maxLon, minLat, maxLat := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, o := range outlines {
		for _, r := range o.Rings {
			for _, p := range r {
				minLon, maxLon = min(minLon, p[0]), max(maxLon, p[0])
				minLat, maxLat = min(minLat, p[1]), max(maxLat, p[1])
			}
		}
	}
	cosMid := math.Cos(mapMidLat * math.Pi / 180)
	const pad = 6.0
	x := func(lon float64) float64 { return pad + (lon-minLon)*cosMid*mapScale }
	y := func(lat float64) float64 { return pad + (maxLat-lat)*mapScale }
	w, h := x(maxLon)+pad, y(minLat)+pad
	inFrame := func(lat, lon float64) bool { return lon >= minLon && lon <= maxLon && lat >= minLat && lat <= maxLat }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="map" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">`, w, h)
	fmt.Fprintf(&b, `<title id="map-title">%s</title><desc id="map-desc">%s</desc>`, template.HTMLEscapeString(v.Title), template.HTMLEscapeString(v.Desc))
	for _, o := range outlines {
		class := "prov"
		switch {
		case o.Province == "Brussel":
			class += " bru"
		case slices.Contains(v.Provinces, o.Province):
			class += " on"
		}
		fmt.Fprintf(&b, `<path class="%s" fill-rule="evenodd" d="`, class)
		for _, r := range o.Rings {
			for i, p := range r {
				op := "L"
				if i == 0 {
					op = "M"
				}
				fmt.Fprintf(&b, "%s%.1f %.1f", op, x(p[0]), y(p[1]))
			}
			b.WriteString("Z")
		}
		fmt.Fprintf(&b, `"><title>%s</title></path>`, template.HTMLEscapeString(provinceName(cmp.Or(v.Lang, i18n.NL), o.Province)))
	}
	for _, c := range v.Cells {
		if inFrame(c.Lat, c.Lon) {
			fmt.Fprintf(&b, `<circle class="cell %s" cx="%.1f" cy="%.1f" r="%.1f"><title>%s</title></circle>`,
				c.Class, x(c.Lon), y(c.Lat), mapCellRadius, template.HTMLEscapeString(c.Label))
		}
	}
	if a := v.Area; a != nil && a.RadiusKm > 0 && inFrame(a.Lat, a.Lon) {
		fmt.Fprintf(&b, `<circle class="area" cx="%.1f" cy="%.1f" r="%.1f"><title>%s</title></circle>`,
			x(a.Lon), y(a.Lat), a.RadiusKm/kmPerDeg*mapScale, template.HTMLEscapeString(a.Label))
	}
	// Markers in drawing order: municipalities and hits under the base and
	// the searched place.
	order := map[string]int{"muni": 0, "hit": 1, "base": 2, "place": 3}
	pts := slices.Clone(v.Points)
	slices.SortStableFunc(pts, func(a, b mapPoint) int { return cmp.Compare(order[a.Kind], order[b.Kind]) })
	for _, p := range pts {
		if !inFrame(p.Lat, p.Lon) {
			continue
		}
		cx, cy := x(p.Lon), y(p.Lat)
		label := template.HTMLEscapeString(p.Label)
		switch p.Kind {
		case "place", "base":
			fmt.Fprintf(&b, `<g class="%s"><circle cx="%.1f" cy="%.1f" r="6"/><circle cx="%.1f" cy="%.1f" r="2.2" class="dot"/><title translate="no">%s</title></g>`, p.Kind, cx, cy, cx, cy, label)
			anchor, dx := "start", 9.0
			if cx > w*0.75 {
				anchor, dx = "end", -9
			}
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="%s" class="label" translate="no">%s</text>`, cx+dx, cy+4, anchor, label)
		default:
			fmt.Fprintf(&b, `<circle class="%s" cx="%.1f" cy="%.1f" r="%.1f"><title translate="no">%s</title></circle>`, p.Kind, cx, cy, cmp.Or(p.R, 3.5), label)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text escaped above
}

// searchMap shows the searched place and the enterprises of the hits on
// this page of results.
func (s *Server) searchMap(l i18n.Lang, postcode string, hits []search.OfferingHit) template.HTML {
	o, ok := s.Reference.(outliner)
	if !ok || len(hits) == 0 {
		return ""
	}
	v := mapView{Title: i18n.T(l, "map.search_title"), Lang: l}
	var place string
	if postcode != "" {
		if p, ok := s.Reference.Postcode(postcode); ok {
			place = p.Name + " (" + p.Postcode + ")"
			v.Points = append(v.Points, mapPoint{Lat: p.Lat, Lon: p.Lon, Label: place, Kind: "place"})
		}
	}
	seen := map[koppel.KBO]bool{}
	perTown := map[string]int{}
	var towns []string
	for _, h := range hits {
		if seen[h.Enterprise.KBO] {
			continue
		}
		seen[h.Enterprise.KBO] = true
		p, ok := s.Reference.Postcode(h.Enterprise.Postcode)
		if !ok {
			continue
		}
		town := cmp.Or(h.Enterprise.Municipality, p.Municipality)
		if perTown[town] == 0 {
			towns = append(towns, town)
		}
		perTown[town]++
		v.Points = append(v.Points, mapPoint{Lat: p.Lat, Lon: p.Lon, Label: h.Enterprise.Name + ", " + town, Kind: "hit"})
	}
	slices.SortStableFunc(towns, func(a, b string) int { return cmp.Compare(perTown[b], perTown[a]) })
	var parts []string
	for _, t := range towns[:min(len(towns), 8)] {
		parts = append(parts, fmt.Sprintf("%s (%d)", t, perTown[t]))
	}
	var d strings.Builder
	if place != "" {
		d.WriteString(i18n.T(l, "map.searched_place", "Place", place) + " ")
	}
	d.WriteString(i18n.N(l, "map.on_page", len(seen)))
	if len(parts) > 0 {
		d.WriteString(i18n.T(l, "map.based_in", "Towns", strings.Join(parts, ", ")))
		if len(towns) > len(parts) {
			d.WriteString(i18n.N(l, "map.other_towns", len(towns)-len(parts)))
		}
	}
	d.WriteString(".")
	v.Desc = d.String()
	return drawMap(o.ProvinceOutlines(), v)
}

// enterpriseMap shows an enterprise's base and its service area: the
// radius around the base, the municipalities it lists, the provinces, and
// the municipalities the area covers (covered) shaded.
func (s *Server) enterpriseMap(l i18n.Lang, e *koppel.Enterprise, covered []koppel.Place) template.HTML {
	o, ok := s.Reference.(outliner)
	if !ok {
		return ""
	}
	base, ok := s.Reference.Postcode(e.Address.Postcode)
	if !ok {
		return ""
	}
	town := cmp.Or(e.Address.City, base.Name)
	v := mapView{Title: i18n.T(l, "map.enterprise_title", "Name", e.Name), Lang: l, Provinces: e.ServiceArea.Provinces}
	v.Points = append(v.Points, mapPoint{Lat: base.Lat, Lon: base.Lon, Label: town, Kind: "base"})
	var d strings.Builder
	d.WriteString(i18n.T(l, "map.base", "Town", town, "Postcode", base.Postcode))
	a := e.ServiceArea
	if a.RadiusKm > 0 {
		km := i18n.Number(l, a.RadiusKm, 0)
		v.Area = &mapArea{Lat: base.Lat, Lon: base.Lon, RadiusKm: a.RadiusKm, Label: i18n.T(l, "map.area_circle", "Km", km)}
		d.WriteString(" " + i18n.T(l, "map.area", "Km", km, "Town", town))
	}
	if r, ok := s.Reference.(placeResolver); ok && len(a.Municipalities) > 0 {
		var names []string
		for _, m := range a.Municipalities[:min(len(a.Municipalities), 60)] {
			if p, ok := r.ResolvePlace(m); ok {
				v.Points = append(v.Points, mapPoint{Lat: p.Lat, Lon: p.Lon, Label: p.Municipality, Kind: "muni"})
				names = append(names, p.Municipality)
			}
		}
		if len(names) > 0 {
			d.WriteString(" " + i18n.T(l, "map.works_in_municipalities", "Names", strings.Join(names, ", ")))
		}
	}
	if len(a.Provinces) > 0 {
		d.WriteString(" " + i18n.N(l, "map.works_in_provinces", len(a.Provinces), "Names", joinList(l, provinceNames(l, a.Provinces))))
	}
	if a.IsZero() {
		d.WriteString(" " + i18n.T(l, "map.no_area"))
	}
	for _, p := range covered {
		v.Cells = append(v.Cells, mapCell{Lat: p.Lat, Lon: p.Lon, Class: "covered", Label: p.Municipality})
	}
	if n := len(covered); n > 0 {
		d.WriteString(" " + i18n.N(l, "map.covers_municipalities", n))
	}
	v.Desc = d.String()
	return drawMap(o.ProvinceOutlines(), v)
}

// placeResolver finds a municipality by name (package refdata has it).
type placeResolver interface {
	ResolvePlace(s string) (koppel.Place, bool)
}
