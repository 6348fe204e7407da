package chart_test

import (
	"encoding/xml"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"koppel/chart"
	"koppel/i18n"
)

// fte and percent write values as the server's Dutch charts do (package
// chart writes whole numbers only; its callers bring their formats).
func fte(v float64) string { return i18n.T(i18n.NL, "unit.fte", "N", i18n.Number(i18n.NL, v, 1)) }

func percent(v float64) string { return i18n.Percent(i18n.NL, v/100) }

func TestTicks(t *testing.T) {
	tests := []struct {
		max   float64
		want  int
		whole bool
		ticks []float64
	}{
		{max: 0, want: 4, ticks: []float64{0, 1}},
		{max: -3, want: 4, ticks: []float64{0, 1}},
		{max: math.NaN(), want: 4, ticks: []float64{0, 1}},
		{max: 10, want: 4, ticks: []float64{0, 5, 10}},
		{max: 11, want: 4, ticks: []float64{0, 5, 10, 15}},
		{max: 2.5, want: 4, ticks: []float64{0, 1, 2, 3}},
		{max: 0.3, want: 4, ticks: []float64{0, 0.1, 0.2, 0.3}},
		{max: 0.3, want: 4, whole: true, ticks: []float64{0, 1}},
		{max: 3, want: 4, whole: true, ticks: []float64{0, 1, 2, 3}},
		{max: 1250, want: 4, ticks: []float64{0, 500, 1000, 1500}},
		{max: 97, want: 5, ticks: []float64{0, 20, 40, 60, 80, 100}},
		{max: 7, want: 0, ticks: []float64{0, 10}},
	}
	for _, tt := range tests {
		t.Run(strconv.FormatFloat(tt.max, 'g', -1, 64), func(t *testing.T) {
			got := chart.Ticks(tt.max, tt.want, tt.whole)
			if diff := cmp.Diff(tt.ticks, got); diff != "" {
				t.Errorf("Ticks(%v, %d, %v) (-want +got):\n%s", tt.max, tt.want, tt.whole, diff)
			}
			if got[len(got)-1] < tt.max {
				t.Errorf("top tick %v below max %v", got[len(got)-1], tt.max)
			}
		})
	}
}

func TestFormats(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{chart.Count(12345), "12.345"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

// node is an element of the parsed chart.
type node struct {
	name string
	attr map[string]string
	text string // its own and its children's character data
	kids []*node
	up   *node
}

// parse reads the chart's HTML as XML: it must be well-formed (every
// label escaped).
func parse(t *testing.T, html string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(html))
	d.Strict = true
	root := &node{name: "#root"}
	cur := root
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("chart is not well-formed: %v\n%s", err, html)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &node{name: tk.Name.Local, attr: map[string]string{}, up: cur}
			for _, a := range tk.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			cur.kids = append(cur.kids, n)
			cur = n
		case xml.EndElement:
			cur = cur.up
		case xml.CharData:
			for n := cur; n != nil; n = n.up {
				n.text += string(tk)
			}
		}
	}
	return root
}

// all returns the elements under n named name.
func (n *node) all(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
		out = append(out, k.all(name)...)
	}
	return out
}

func (n *node) one(t *testing.T, name string) *node {
	t.Helper()
	a := n.all(name)
	if len(a) != 1 {
		t.Fatalf("got %d <%s>, want 1", len(a), name)
	}
	return a[0]
}

// drawing is the chart's SVG (the legend's swatches are SVGs too).
func drawing(t *testing.T, root *node) *node {
	t.Helper()
	for _, s := range root.all("svg") {
		if s.attr["class"] == "chart-svg" {
			return s
		}
	}
	t.Fatal("no svg.chart-svg")
	return nil
}

func width(t *testing.T, r *node) float64 {
	t.Helper()
	w, err := strconv.ParseFloat(r.attr["width"], 64)
	if err != nil {
		t.Fatalf("rect width %q: %v", r.attr["width"], err)
	}
	return w
}

func TestCapacityAgainstNeed(t *testing.T) {
	c := chart.Chart{
		ID: "capaciteit", Title: "Capaciteit tegenover het gevraagde volume", Summary: "Twee vormen dekken het volume.",
		Category: "Vorm", Series: []chart.Series{{Name: "Capaciteit"}}, Format: fte,
		Bars: []chart.Bar{
			{Label: "Voorbehouden opdracht", Values: []float64{4}},
			{Label: "Voorbehouden uitvoering", Values: []float64{2}},
			{Label: "Openbare dienst", Values: []float64{math.NaN()}},
		},
		Line: &chart.Line{Label: "Gevraagd", Value: 2.5},
	}
	root := parse(t, string(c.HTML()))
	svg := drawing(t, root)
	if svg.attr["role"] != "img" || svg.attr["aria-labelledby"] != "capaciteit-title" || svg.attr["aria-describedby"] != "capaciteit-desc" {
		t.Errorf("svg attributes %v", svg.attr)
	}
	if !strings.HasPrefix(svg.attr["viewBox"], "0 0 360 ") || svg.attr["width"] != "100%" {
		t.Errorf("svg viewBox %q width %q, want 360 wide and 100%%", svg.attr["viewBox"], svg.attr["width"])
	}
	rects := svg.all("rect")
	if len(rects) != 2 {
		t.Fatalf("got %d bars, want 2 (the unknown capacity has none)", len(rects))
	}
	if got, want := width(t, rects[0])/width(t, rects[1]), 2.0; math.Abs(got-want) > 0.05 {
		t.Errorf("bar ratio %v, want %v", got, want)
	}
	var values []string
	for _, n := range append(svg.all("rect"), append(svg.all("text"), svg.all("line")...)...) {
		if v, ok := n.attr["data-value"]; ok {
			values = append(values, v)
		}
	}
	slices.Sort(values)
	values = slices.Compact(values)
	if diff := cmp.Diff([]string{"2 VTE", "2,5 VTE", "4 VTE", "onbekend"}, values); diff != "" {
		t.Errorf("values drawn (-want +got):\n%s", diff)
	}
	var cells []string
	for _, td := range root.one(t, "table").all("td") {
		cells = append(cells, td.text)
	}
	if diff := cmp.Diff([]string{"4 VTE", "2 VTE", "onbekend", "2,5 VTE"}, cells); diff != "" {
		t.Errorf("table cells (-want +got):\n%s", diff)
	}
	if got := root.one(t, "figcaption").text; !strings.Contains(got, c.Title) || !strings.Contains(got, c.Summary) {
		t.Errorf("caption %q lacks title or summary", got)
	}
	if got := root.one(t, "ul").text; !strings.Contains(got, "Gevraagd: 2,5 VTE") {
		t.Errorf("legend %q lacks the line", got)
	}
	// The line sits at 2,5 of the axis' 4: between the two bars' ends.
	line := svg.all("line")
	var at float64
	for _, l := range line {
		if l.attr["class"] == "chart-line" {
			at, _ = strconv.ParseFloat(l.attr["x1"], 64)
		}
	}
	x0, _ := strconv.ParseFloat(rects[0].attr["x"], 64)
	if at <= x0+width(t, rects[1]) || at >= x0+width(t, rects[0]) {
		t.Errorf("line at x=%v, want between the 2 and the 4 VTE bar ends", at)
	}
}

func TestStackedScan(t *testing.T) {
	c := chart.Chart{
		ID: "scan", Title: "Wie mag inschrijven", Summary: "s", Category: "Vorm", Stacked: true, Whole: true,
		Series: []chart.Series{{Name: "Mogen inschrijven"}, {Name: "Na te gaan"}, {Name: "Niet toegelaten"}},
		Bars: []chart.Bar{
			{Label: "A", Values: []float64{3, 1, 0}},
			{Label: "B", Values: []float64{0, 0, 4}},
		},
	}
	root := parse(t, string(c.HTML()))
	rects := drawing(t, root).all("rect")
	if len(rects) != 3 {
		t.Fatalf("got %d segments, want 3 (zero parts draw none)", len(rects))
	}
	// Stacked: the second segment starts where the first ends; 3+1 and
	// 4 have the same total length.
	x := func(r *node) float64 { f, _ := strconv.ParseFloat(r.attr["x"], 64); return f }
	if got, want := x(rects[1]), x(rects[0])+width(t, rects[0]); math.Abs(got-want) > 0.11 {
		t.Errorf("second segment at %v, want %v", got, want)
	}
	if got, want := width(t, rects[0])+width(t, rects[1]), width(t, rects[2]); math.Abs(got-want) > 0.2 {
		t.Errorf("total lengths %v and %v differ", got, want)
	}
	if got := len(root.one(t, "ul").all("li")); got != 3 {
		t.Errorf("legend has %d entries, want 3", got)
	}
	var head []string
	for _, th := range root.one(t, "thead").all("th") {
		head = append(head, th.text)
	}
	if diff := cmp.Diff([]string{"Vorm", "Mogen inschrijven", "Na te gaan", "Niet toegelaten", "Totaal"}, head); diff != "" {
		t.Errorf("table header (-want +got):\n%s", diff)
	}
}

func TestVerticalGroups(t *testing.T) {
	c := chart.Chart{
		ID: "jaren", Title: "Per jaar", Summary: "s", Category: "Jaar", Orientation: chart.Vertical, Whole: true,
		Series: []chart.Series{{Name: "Voorbehouden"}, {Name: "Beantwoord"}},
		Bars:   []chart.Bar{{Label: "2025", Values: []float64{10, 5}}, {Label: "2026", Values: []float64{4, 4}}},
	}
	root := parse(t, string(c.HTML()))
	rects := drawing(t, root).all("rect")
	if len(rects) != 4 {
		t.Fatalf("got %d bars, want 4", len(rects))
	}
	h := func(r *node) float64 { f, _ := strconv.ParseFloat(r.attr["height"], 64); return f }
	y := func(r *node) float64 { f, _ := strconv.ParseFloat(r.attr["y"], 64); return f }
	if got := h(rects[0]) / h(rects[1]); math.Abs(got-2) > 0.05 {
		t.Errorf("10 against 5: height ratio %v, want 2", got)
	}
	for _, r := range rects[1:] {
		if math.Abs(y(r)+h(r)-(y(rects[0])+h(rects[0]))) > 0.11 {
			t.Errorf("bars do not share a baseline")
		}
	}
}

func TestEscaping(t *testing.T) {
	evil := `<script>alert("x")</script> & 'Zonen'`
	c := chart.Chart{ID: `x"><script>`, Title: evil, Summary: evil, Category: evil,
		Series: []chart.Series{{Name: evil, Color: `red" onclick="x`}}, Bars: []chart.Bar{{Label: evil, Values: []float64{1}}},
		Line: &chart.Line{Label: evil, Value: 1}}
	html := string(c.HTML())
	if strings.Contains(html, "<script") || strings.Contains(html, `onclick="`) {
		t.Fatalf("unescaped input in\n%s", html)
	}
	root := parse(t, html)
	if got := root.one(t, "figure").attr["id"]; got != "xscript" {
		t.Errorf("id %q, want the letters only", got)
	}
	if got := root.one(t, "caption").text; got != evil {
		t.Errorf("caption %q, want %q", got, evil)
	}
}

func TestLongLabelTruncated(t *testing.T) {
	long := strings.Repeat("Maatwerkbedrijf ", 10)
	c := chart.Chart{ID: "l", Title: "t", Summary: "s", Bars: []chart.Bar{{Label: long, Values: []float64{1}}}}
	root := parse(t, string(c.HTML()))
	for _, tx := range drawing(t, root).all("text") {
		if n := len([]rune(tx.text)); n > 54 {
			t.Errorf("label of %d characters drawn: %q", n, tx.text)
		}
	}
	if got := root.one(t, "tbody").one(t, "th").text; got != long {
		t.Errorf("table label %q, want the full label", got)
	}
}

// TestLineLeavesLabelsClear checks that the requested-volume line crosses
// no label: not an enterprise's name above its bar, not the value after a
// bar that ends just short of the line, not a value above a column. Each
// label is taken at no more than its least width (5 units a character at
// 12) and the height of its letters.
func TestLineLeavesLabelsClear(t *testing.T) {
	for _, c := range []chart.Chart{
		{ID: "h", Title: "Capaciteit", Series: []chart.Series{{Name: "Capaciteit"}}, Format: fte,
			Bars: []chart.Bar{
				{Label: "1. Wasatelier Schetsveld vzw", Values: []float64{4.3}},
				{Label: "2. Archiefploeg Fabeldijk vzw", Values: []float64{math.NaN()}},
				{Label: "3. Groenzorg Prentkerke bv", Values: []float64{9.8}},
				{Label: "4. Schoonmaakploeg OCMW Voorbeeld Bredene", Values: []float64{14.2}},
			},
			Line: &chart.Line{Label: "Gevraagd", Value: 5.4}},
		{ID: "v", Title: "Per jaar", Orientation: chart.Vertical, Series: []chart.Series{{Name: "Aandeel"}}, Format: percent,
			Bars: []chart.Bar{{Label: "2025", Values: []float64{17.8}}, {Label: "2026", Values: []float64{18.2}}, {Label: "2027", Values: []float64{16.5}}},
			Line: &chart.Line{Label: "Streefcijfer", Value: 18}},
	} {
		svg := drawing(t, parse(t, string(c.HTML())))
		type span struct{ x0, y0, x1, y1 float64 }
		var labels []span
		var names []string
		for _, tx := range svg.all("text") {
			x, _ := strconv.ParseFloat(tx.attr["x"], 64)
			y, _ := strconv.ParseFloat(tx.attr["y"], 64)
			size := 12.0
			if s, err := strconv.ParseFloat(tx.attr["font-size"], 64); err == nil {
				size = s
			}
			w := float64(len([]rune(tx.text))) * 5 * size / 12
			switch tx.attr["text-anchor"] {
			case "middle":
				x -= w / 2
			case "end":
				x -= w
			}
			labels = append(labels, span{x, y - 0.75*size, x + w, y})
			names = append(names, tx.text)
		}
		segments := 0
		for _, l := range svg.all("line") {
			if l.attr["class"] != "chart-line" {
				continue
			}
			segments++
			var p [4]float64
			for i, k := range []string{"x1", "y1", "x2", "y2"} {
				p[i], _ = strconv.ParseFloat(l.attr[k], 64)
			}
			for i, b := range labels {
				if math.Min(p[0], p[2]) <= b.x1 && math.Max(p[0], p[2]) >= b.x0 && math.Min(p[1], p[3]) <= b.y1 && math.Max(p[1], p[3]) >= b.y0 {
					t.Errorf("%s: the line %v crosses the label %q", c.ID, p, names[i])
				}
			}
		}
		if segments == 0 {
			t.Errorf("%s: no line drawn", c.ID)
		}
	}
}

// TestColon checks that the chart joins a name and its value with the
// colon it is given (French: a no-break space before it), in the legend
// and the titles, and with ": " by default.
func TestColon(t *testing.T) {
	c := chart.Chart{ID: "c", Title: "Capacité", Series: []chart.Series{{Name: "Capacité"}}, Format: fte,
		Bars: []chart.Bar{{Label: "A", Values: []float64{2}}}, Line: &chart.Line{Label: "Demandé", Value: 1}}
	if got := string(c.HTML()); !strings.Contains(got, "Demandé: 1 VTE") {
		t.Errorf("default colon: no %q in %s", "Demandé: 1 VTE", got)
	}
	c.Colon = "\u00a0: "
	got := string(c.HTML())
	for _, want := range []string{"Demandé\u00a0: 1 VTE</li>", "<title>A\u00a0: 2 VTE</title>", "<title>Demandé\u00a0: 1 VTE</title>"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in %s", want, got)
		}
	}
}
