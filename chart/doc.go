// Package chart draws the bar charts of Koppel's pages as inline SVG on
// the server: plain, grouped and stacked bars, horizontal or vertical, with
// an optional reference line (the requested volume a capacity is measured
// against). No JavaScript, no fonts, no internet: the page carries the
// drawing.
//
// Every chart is a figure with its title and a one-sentence summary as the
// caption, the SVG (role="img", named by the title and described by the
// summary) and its numbers as a table in a <details> block, so that a
// screen reader, a phone and a printer get the same facts. Values are
// written in Dutch ("2,5 VTE", "€ 1.250", "12 %"); an unknown value (NaN)
// is drawn as no bar with the word "onbekend", never as a zero.
//
// The drawing scales with its container (viewBox, width 100 %): it is laid
// out for a 360-unit width so that its text reads on a 390-pixel phone.
// Colours are SVG presentation attributes, so it needs no inline styles
// (the pages' Content-Security-Policy forbids them).
package chart
