package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"koppel"
)

func TestDrawMap(t *testing.T) {
	// A square "province" from (3,50) to (5,52): the frame of the drawing.
	square := []koppel.ProvinceOutline{
		{Province: "Vierkant", Rings: [][][2]float64{{{3, 50}, {5, 50}, {5, 52}, {3, 52}, {3, 50}}}},
		{Province: "Brussel", Rings: [][][2]float64{{{3.9, 50.9}, {4.1, 50.9}, {4.1, 51.1}, {3.9, 51.1}, {3.9, 50.9}}}},
	}
	svg := drawMap(square, mapView{
		Title: "Kaart <test>", Desc: "Gezochte plaats: A & B.",
		Points: []mapPoint{
			{Lat: 51, Lon: 4, Label: "Midden", Kind: "place"},
			{Lat: 50, Lon: 3, Label: "Hoek", Kind: "hit"},
			{Lat: 49, Lon: 4, Label: "Buiten", Kind: "hit"}, // outside the frame
		},
		Area:      &mapArea{Lat: 51, Lon: 4, RadiusKm: kmPerDeg}, // one degree of latitude
		Provinces: []string{"Vierkant"},
	})
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(svg)))
	if err != nil {
		t.Fatal(err)
	}
	s := doc.Find("svg.map")
	if role, _ := s.Attr("role"); role != "img" {
		t.Errorf("role %q, want img", role)
	}
	if got := s.Find("title#map-title").Text(); got != "Kaart <test>" {
		t.Errorf("title %q", got)
	}
	if got := s.Find("desc#map-desc").Text(); got != "Gezochte plaats: A & B." {
		t.Errorf("desc %q", got)
	}
	if !strings.Contains(string(svg), "Kaart &lt;test&gt;") {
		t.Error("the title is not escaped")
	}
	if s.Find("path.prov.on").Length() != 1 || s.Find("path.prov.bru").Length() != 1 {
		t.Errorf("provinces: %d coloured, %d Brussels", s.Find("path.prov.on").Length(), s.Find("path.prov.bru").Length())
	}
	// The middle of the frame, its corner, and a circle one degree of
	// latitude (mapScale px) across in radius.
	place := s.Find("g.place circle").First()
	cx, _ := place.Attr("cx")
	cy, _ := place.Attr("cy")
	wantX := 6 + 1*0.6293203910498375*mapScale // pad + 1° of longitude at 51°
	wantY := 6 + 1*mapScale
	if cx != fmtPx(wantX) || cy != fmtPx(wantY) {
		t.Errorf("Midden drawn at (%s, %s), want (%s, %s)", cx, cy, fmtPx(wantX), fmtPx(wantY))
	}
	if r, _ := s.Find("circle.area").Attr("r"); r != fmtPx(mapScale) {
		t.Errorf("area radius %s, want %s", r, fmtPx(mapScale))
	}
	if n := s.Find("circle.hit").Length(); n != 1 {
		t.Errorf("%d hit markers, want 1 (the one outside the frame left out)", n)
	}
	if drawMap(nil, mapView{}) != "" {
		t.Error("a map without outlines")
	}
}

// fmtPx formats like the SVG: one decimal, a decimal point.
func fmtPx(f float64) string { return fmt.Sprintf("%.1f", f) }
