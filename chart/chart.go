package chart

import (
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"koppel"
)

// Orientation says which way the bars grow.
type Orientation int

// Orientations of a chart. Horizontal suits long labels (enterprises,
// clause kinds) on a phone; Vertical suits a few short ones (years).
const (
	Horizontal Orientation = iota
	Vertical
)

// Series is one measure drawn in each bar: a part of a stacked bar or one
// bar of a group.
type Series struct {
	Name  string
	Color string // an SVG colour; a default from the palette when empty
}

// Bar is one category: its label and one value per series. A NaN value is
// unknown: no bar is drawn and the chart and its table say Unknown.
type Bar struct {
	Label  string
	Values []float64
}

// Line is a reference value drawn across the bars, such as the requested
// volume of a lot.
type Line struct {
	Label string
	Value float64
}

// Chart is what one chart shows. ID must be unique on the page (it
// prefixes the ids the accessible names point to); Title and Summary are
// its caption and its text alternative.
type Chart struct {
	ID, Title, Summary string
	// Category is the header of the table's label column ("Jaar").
	Category    string
	Series      []Series
	Bars        []Bar
	Stacked     bool
	Orientation Orientation
	Line        *Line
	// Format writes a value (default Count); Whole keeps the axis on whole
	// numbers (counts).
	Format func(float64) string
	Whole  bool
	// Unknown is the text of an unknown value (default "onbekend").
	Unknown string
	// TableLabel is the text of the table's disclosure (default "Cijfers
	// van de grafiek").
	TableLabel string
	// TotalLabel heads the table's column of a stacked bar's totals
	// (default "Totaal").
	TotalLabel string
	// TableOpen shows the table unfolded (where the page has no other
	// table of the same numbers).
	TableOpen bool
	// Colon joins a name and its value (default ": "; French puts a
	// no-break space before the colon).
	Colon string
}

// palette holds colours that differ in lightness as well as hue (so that
// they part in greyscale) and keep white text readable on the darker ones.
var palette = []string{"#0b5cad", "#e0a100", "#8c95a6", "#2f8f4e", "#a4161a"}

// Layout of the drawing in viewBox units; at 100 % of a phone's 358-pixel
// content width one unit is about one pixel, so 12-unit text stays
// readable.
const (
	width     = 360.0
	fontSize  = 12.0
	charWidth = 6.6 // average width of a character at fontSize
	valueRoom = 84.0
	rowLabel  = 16.0 // a horizontal bar's label line
	barThick  = 16.0
	rowGap    = 10.0
	axisRoom  = 22.0
	plotTall  = 160.0
	textColor = "#1d2330"
	gridColor = "#d5dae3"
	lineColor = "#a4161a"
)

// Count writes a whole number: "1.250".
func Count(v float64) string { return koppel.FormatNumber(v, 0) }

// Ticks returns the axis marks from 0 to the first nice value at or above
// max: about want steps of 1, 2 or 5 times a power of ten (whole numbers
// only when whole is set). A max of 0 or less gives 0 and 1.
func Ticks(max float64, want int, whole bool) []float64 {
	if want < 1 {
		want = 1
	}
	if !(max > 0) || math.IsInf(max, 1) {
		return []float64{0, 1}
	}
	step := niceStep(max / float64(want))
	if whole && step < 1 {
		step = 1
	}
	n := int(math.Ceil(max/step - 1e-9))
	ticks := make([]float64, 0, n+1)
	for i := 0; i <= n; i++ {
		ticks = append(ticks, roundTo(float64(i)*step, step))
	}
	return ticks
}

// niceStep rounds x up to 1, 2 or 5 times a power of ten.
func niceStep(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	switch f := x / p; {
	case f <= 1+1e-9:
		return p
	case f <= 2+1e-9:
		return 2 * p
	case f <= 5+1e-9:
		return 5 * p
	}
	return 10 * p
}

// roundTo removes the float noise of i*step (0.30000000000000004).
func roundTo(v, step float64) float64 {
	d := math.Max(0, -math.Floor(math.Log10(step))+1)
	p := math.Pow(10, d)
	return math.Round(v*p) / p
}

// HTML renders the chart as a figure: caption, legend, drawing and table.
func (c Chart) HTML() template.HTML {
	c.defaults()
	var b strings.Builder
	id := c.ID
	fmt.Fprintf(&b, `<figure class="chart" id="%s">`, id)
	fmt.Fprintf(&b, `<figcaption><strong id="%s-title">%s</strong> <span id="%s-desc">%s</span></figcaption>`, id, esc(c.Title), id, esc(c.Summary))
	c.legend(&b)
	if c.Orientation == Vertical {
		c.vertical(&b)
	} else {
		c.horizontal(&b)
	}
	c.table(&b)
	b.WriteString(`</figure>`)
	return template.HTML(b.String())
}

// defaults fills in what the caller left out.
func (c *Chart) defaults() {
	c.ID = cleanID(c.ID)
	if c.Format == nil {
		c.Format = Count
	}
	if c.Unknown == "" {
		c.Unknown = "onbekend"
	}
	if c.TotalLabel == "" {
		c.TotalLabel = "Totaal"
	}
	if c.TableLabel == "" {
		c.TableLabel = "Cijfers van de grafiek"
	}
	if c.Colon == "" {
		c.Colon = ": "
	}
	if len(c.Series) == 0 {
		c.Series = []Series{{}}
	}
	s := make([]Series, len(c.Series))
	for i, x := range c.Series {
		if x.Color == "" {
			x.Color = palette[i%len(palette)]
		}
		s[i] = x
	}
	c.Series = s
}

// cleanID keeps the characters an id and a CSS selector take without
// escaping.
func cleanID(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 || b.String()[0] < 'a' {
		return "chart-" + b.String()
	}
	return b.String()
}

// hasLine says whether a reference line is drawn.
func (c *Chart) hasLine() bool { return c.Line != nil && !math.IsNaN(c.Line.Value) }

// value is v of bar b in series s, NaN when the bar has no such value.
func (c *Chart) value(b Bar, s int) float64 {
	if s < len(b.Values) {
		return b.Values[s]
	}
	return math.NaN()
}

// total is the sum of a stacked bar's known values.
func total(b Bar) float64 {
	t := 0.0
	for _, v := range b.Values {
		if !math.IsNaN(v) {
			t += v
		}
	}
	return t
}

// anyUnknown says whether a bar lacks a value of a series.
func (c *Chart) anyUnknown(b Bar) bool {
	for s := range c.Series {
		if math.IsNaN(c.value(b, s)) {
			return true
		}
	}
	return false
}

// scale returns the axis of the chart: its ticks and their top.
func (c *Chart) scale(want int) ([]float64, float64) {
	max := 0.0
	for _, b := range c.Bars {
		if c.Stacked {
			max = math.Max(max, total(b))
			continue
		}
		for s := range c.Series {
			if v := c.value(b, s); !math.IsNaN(v) && !math.IsInf(v, 0) {
				max = math.Max(max, v)
			}
		}
	}
	if c.hasLine() {
		max = math.Max(max, c.Line.Value)
	}
	t := Ticks(max, want, c.Whole)
	return t, t[len(t)-1]
}

// length maps a value to a bar length of at most full units; negative and
// unknown values have none.
func length(v, top, full float64) float64 {
	if math.IsNaN(v) || v <= 0 || top <= 0 {
		return 0
	}
	return math.Min(v, top) / top * full
}

// segment is one drawn part of a bar.
type segment struct {
	series int
	v      float64
}

// parts lists what bar b draws: its stacked parts or its group's bars.
func (c *Chart) parts(b Bar) []segment {
	var p []segment
	for s := range c.Series {
		p = append(p, segment{s, c.value(b, s)})
	}
	return p
}

// barTitle is the tooltip of one drawn bar.
func (c *Chart) barTitle(b Bar, s int, text string) string {
	if name := c.Series[s].Name; len(c.Series) > 1 && name != "" {
		return b.Label + " – " + name + c.Colon + text
	}
	return b.Label + c.Colon + text
}

// rect writes one bar with its value as data-value (the markup check
// compares it with the table) and a tooltip.
func (c *Chart) rect(w *strings.Builder, x, y, wd, h float64, b Bar, s int, v float64) {
	text := c.Format(v)
	fmt.Fprintf(w, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" data-value="%s"><title>%s</title></rect>`,
		num(x), num(y), num(wd), num(h), esc(c.Series[s].Color), esc(text), esc(c.barTitle(b, s, text)))
}

// text writes a label; data marks it as a value shown in the table.
func text(w *strings.Builder, x, y float64, anchor, fill, size, data, s string) {
	attr := ""
	if data != "" {
		attr = ` data-value="` + esc(data) + `"`
	}
	if size != "" {
		attr += ` font-size="` + size + `"`
	}
	fmt.Fprintf(w, `<text x="%s" y="%s" text-anchor="%s" fill="%s" stroke="#fff" stroke-width="3" paint-order="stroke"%s>%s</text>`, num(x), num(y), anchor, fill, attr, esc(s))
}

// line draws a stretch of the chart's line (the requested volume).
func (c *Chart) line(w *strings.Builder, x1, y1, x2, y2 float64) {
	fmt.Fprintf(w, `<line class="chart-line" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="5 3" data-value="%s"><title>%s</title></line>`,
		num(x1), num(y1), num(x2), num(y2), lineColor, esc(c.Format(c.Line.Value)), esc(c.Line.Label+c.Colon+c.Format(c.Line.Value)))
}

// box is the room a label takes, in viewBox units.
type box struct{ x0, y0, x1, y1 float64 }

// labelSet is the labels drawn over the bars, and the room each takes, so
// that the line can leave a gap where it would cross one.
type labelSet struct {
	b     strings.Builder
	boxes []box
}

// text writes a label (see text) and keeps its room: the width of its
// characters at a generous average, the height of its letters, with a
// margin of 2 units.
func (ls *labelSet) text(x, y float64, anchor, fill, size, data, s string) {
	text(&ls.b, x, y, anchor, fill, size, data, s)
	sz := fontSize
	if f, err := strconv.ParseFloat(size, 64); err == nil {
		sz = f
	}
	wd := float64(utf8.RuneCountInString(s)) * charWidth * 1.15 * sz / fontSize
	x0 := x
	switch anchor {
	case "middle":
		x0 -= wd / 2
	case "end":
		x0 -= wd
	}
	const margin = 3.0
	ls.boxes = append(ls.boxes, box{x0 - margin, y - sz*0.8 - margin, x0 + wd + margin, y + sz*0.25 + margin})
}

// gaps splits the stretch from..to of the line into the parts no label
// covers; span gives a box's extent along the line and whether the line
// crosses it at all.
func (ls *labelSet) gaps(from, to float64, span func(box) (float64, float64, bool)) [][2]float64 {
	var cut [][2]float64
	for _, b := range ls.boxes {
		if lo, hi, ok := span(b); ok && hi > from && lo < to {
			cut = append(cut, [2]float64{lo, hi})
		}
	}
	sort.Slice(cut, func(i, j int) bool { return cut[i][0] < cut[j][0] })
	var out [][2]float64
	at := from
	for _, c := range cut {
		if c[0] > at {
			out = append(out, [2]float64{at, c[0]})
		}
		at = math.Max(at, c[1])
	}
	if at < to {
		out = append(out, [2]float64{at, to})
	}
	return out
}

// svgOpen starts the drawing, named by the caption's title and described
// by its summary.
func (c *Chart) svgOpen(w *strings.Builder, h float64) {
	fmt.Fprintf(w, `<svg class="chart-svg" viewBox="0 0 %s %s" width="100%%" role="img" aria-labelledby="%s-title" aria-describedby="%s-desc" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="%s"><title>%s</title><desc>%s</desc>`,
		num(width), num(h), c.ID, c.ID, num(fontSize), esc(c.Title), esc(c.Summary))
}

// horizontal draws one row per bar: the label on its own line above the
// bar (long names keep the full width), the value after the bar's end.
func (c *Chart) horizontal(w *strings.Builder) {
	ticks, top := c.scale(4)
	x0, full := 4.0, width-4-valueRoom
	k := 1
	if !c.Stacked {
		k = len(c.Series)
	}
	row := rowLabel + float64(k)*barThick + rowGap
	plotH := float64(len(c.Bars))*row + 4
	h := plotH + axisRoom
	c.svgOpen(w, h)
	for _, t := range ticks { // grid first, under the bars
		x := x0 + length(t, top, full)
		fmt.Fprintf(w, `<line x1="%s" y1="0" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, num(x), num(x), num(plotH), gridColor)
	}
	maxChars := int(math.Floor((width - 8) / charWidth))
	var labels labelSet // written over the bars and the line
	for i, b := range c.Bars {
		y := 4 + float64(i)*row
		labels.text(x0, y+fontSize, "start", textColor, "", "", truncate(b.Label, maxChars))
		by := y + rowLabel
		switch {
		case c.Stacked:
			x := x0
			for _, p := range c.parts(b) {
				if l := length(p.v, top, full); l > 0 {
					c.rect(w, x, by, l, barThick, b, p.series, p.v)
					x += l
				}
			}
			label, data := c.Format(total(b)), c.Format(total(b))
			if c.anyUnknown(b) && total(b) == 0 {
				label, data = c.Unknown, c.Unknown
			}
			labels.text(x+4, by+barThick-4, "start", textColor, "", data, label)
		default:
			for _, p := range c.parts(b) {
				if math.IsNaN(p.v) {
					labels.text(x0, by+barThick-4, "start", "#4a5468", "", c.Unknown, c.Unknown)
				} else {
					l := length(p.v, top, full)
					c.rect(w, x0, by, l, barThick-2, b, p.series, p.v)
					labels.text(x0+l+4, by+barThick-4, "start", textColor, "", c.Format(p.v), c.Format(p.v))
				}
				by += barThick
			}
		}
	}
	if c.hasLine() {
		x := x0 + length(c.Line.Value, top, full)
		for _, seg := range labels.gaps(0, plotH, func(b box) (float64, float64, bool) { return b.y0, b.y1, b.x0 <= x && x <= b.x1 }) {
			c.line(w, x, seg[0], x, seg[1])
		}
	}
	w.WriteString(labels.b.String())
	fmt.Fprintf(w, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#7a8499" stroke-width="1"/>`, num(x0), num(plotH), num(x0+full), num(plotH))
	for i, t := range ticks {
		anchor := "middle"
		switch i {
		case 0:
			anchor = "start"
		case len(ticks) - 1:
			anchor = "end"
		}
		text(w, x0+length(t, top, full), plotH+16, anchor, "#4a5468", "11", "", c.Format(t))
	}
	w.WriteString(`</svg>`)
}

// vertical draws one group per bar along the bottom (years), with the
// axis' values on the left.
func (c *Chart) vertical(w *strings.Builder) {
	ticks, top := c.scale(4)
	left := 8.0
	for _, t := range ticks {
		left = math.Max(left, float64(utf8.RuneCountInString(c.Format(t)))*charWidth*11/12+10)
	}
	top0, right := 18.0, width-4
	plotW := right - left
	base := top0 + plotTall
	h := base + axisRoom + 4
	c.svgOpen(w, h)
	for _, t := range ticks {
		y := base - length(t, top, plotTall)
		fmt.Fprintf(w, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1"/>`, num(left), num(y), num(right), num(y), gridColor)
		text(w, left-4, y+4, "end", "#4a5468", "11", "", c.Format(t))
	}
	n := max(len(c.Bars), 1)
	gw := plotW / float64(n)
	k := len(c.Series)
	if c.Stacked {
		k = 1
	}
	bw := math.Min(48, gw*0.75/float64(k))
	showValues := bw >= 26
	maxChars := max(int(gw/charWidth), 2)
	var labels labelSet // written over the bars and the line
	for i, b := range c.Bars {
		gx := left + float64(i)*gw
		x := gx + (gw-bw*float64(k))/2
		if c.Stacked {
			y := base
			for _, p := range c.parts(b) {
				if l := length(p.v, top, plotTall); l > 0 {
					y -= l
					c.rect(w, x, y, bw, l, b, p.series, p.v)
				}
			}
			if showValues {
				labels.text(x+bw/2, y-4, "middle", textColor, "11", c.Format(total(b)), c.Format(total(b)))
			}
		} else {
			for _, p := range c.parts(b) {
				if math.IsNaN(p.v) {
					labels.text(x+bw/2, base-4, "middle", "#4a5468", "10", c.Unknown, "?")
				} else {
					l := length(p.v, top, plotTall)
					c.rect(w, x, base-l, bw-1, l, b, p.series, p.v)
					if showValues {
						labels.text(x+bw/2, base-l-4, "middle", textColor, "11", c.Format(p.v), c.Format(p.v))
					}
				}
				x += bw
			}
		}
		labels.text(gx+gw/2, base+16, "middle", textColor, "", "", truncate(b.Label, maxChars))
	}
	if c.hasLine() {
		y := base - length(c.Line.Value, top, plotTall)
		for _, seg := range labels.gaps(left, right, func(b box) (float64, float64, bool) { return b.x0, b.x1, b.y0 <= y && y <= b.y1 }) {
			c.line(w, seg[0], y, seg[1], y)
		}
	}
	w.WriteString(labels.b.String())
	fmt.Fprintf(w, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#7a8499" stroke-width="1"/>`, num(left), num(base), num(right), num(base))
	w.WriteString(`</svg>`)
}

// legend names the series and the line, in HTML so that it wraps on a
// phone.
func (c *Chart) legend(w *strings.Builder) {
	named := len(c.Series) > 1 || c.Series[0].Name != "" && c.Stacked
	if !named && c.Line == nil {
		return
	}
	w.WriteString(`<ul class="chart-legend">`)
	if named {
		for _, s := range c.Series {
			fmt.Fprintf(w, `<li><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><rect width="12" height="12" fill="%s"/></svg> %s</li>`, esc(s.Color), esc(s.Name))
		}
	}
	if c.hasLine() {
		fmt.Fprintf(w, `<li><svg width="18" height="12" viewBox="0 0 18 12" aria-hidden="true"><line x1="9" y1="0" x2="9" y2="12" stroke="%s" stroke-width="2" stroke-dasharray="4 2"/></svg> %s%s%s</li>`,
			lineColor, esc(c.Line.Label), esc(c.Colon), esc(c.Format(c.Line.Value)))
	}
	w.WriteString(`</ul>`)
}

// table writes the numbers of the chart, the same texts as the drawing.
func (c *Chart) table(w *strings.Builder) {
	open := ""
	if c.TableOpen {
		open = " open"
	}
	fmt.Fprintf(w, `<details class="chart-data"%s><summary>%s</summary><table><caption>%s</caption><thead><tr><th scope="col">%s</th>`, open, esc(c.TableLabel), esc(c.Title), esc(c.Category))
	for _, s := range c.Series {
		fmt.Fprintf(w, `<th scope="col">%s</th>`, esc(s.Name))
	}
	if c.Stacked {
		fmt.Fprintf(w, `<th scope="col">%s</th>`, esc(c.TotalLabel))
	}
	w.WriteString(`</tr></thead><tbody>`)
	for _, b := range c.Bars {
		fmt.Fprintf(w, `<tr><th scope="row">%s</th>`, esc(b.Label))
		for s := range c.Series {
			v := c.value(b, s)
			t := c.Unknown
			if !math.IsNaN(v) {
				t = c.Format(v)
			}
			fmt.Fprintf(w, `<td>%s</td>`, esc(t))
		}
		if c.Stacked {
			t := c.Format(total(b))
			if c.anyUnknown(b) && total(b) == 0 {
				t = c.Unknown
			}
			fmt.Fprintf(w, `<td>%s</td>`, esc(t))
		}
		w.WriteString(`</tr>`)
	}
	w.WriteString(`</tbody>`)
	if c.hasLine() {
		fmt.Fprintf(w, `<tfoot><tr><th scope="row">%s</th><td colspan="%d">%s</td></tr></tfoot>`, esc(c.Line.Label), len(c.Series)+btoi(c.Stacked), esc(c.Format(c.Line.Value)))
	}
	w.WriteString(`</table></details>`)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// truncate shortens s to n characters with an ellipsis; the full text is
// in the bar's tooltip and the table.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// num writes a coordinate with at most one decimal.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// esc escapes text for an attribute or an element.
func esc(s string) string { return template.HTMLEscapeString(s) }
