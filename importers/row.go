package importers

import (
	"fmt"
	"slices"
	"strings"

	"koppel"
)

// readRow turns one data row into an offering. ok is false for an empty
// row, the template's example row, and a row with errors; the row's
// problems are recorded either way.
func (c *Catalogue) readRow(num int, cells []string) (o *koppel.Offering, ok bool) {
	if c.emptyRecord(cells) {
		return nil, false
	}
	code, codeCol := c.layout.get(cells, fieldID)
	if strings.EqualFold(code, exampleCode) {
		return nil, false
	}
	c.stats.Rows++
	r := &rowReader{t: &c.table, num: num, cells: cells}
	o = c.parseRow(r, code, codeCol)
	if r.errors > 0 {
		// Each error says that the row is not imported, and that a service
		// stored under its code stays (Rejected).
		more := problemf("import.row_not_imported")
		if id := strings.TrimSpace(code); id != "" && !r.codeError {
			more = problemf("import.row_not_imported_code", "Code", truncate(id, 100))
		}
		for i, p := range r.probs {
			if p.Severity == koppel.SeverityError {
				r.probs[i] = more.after(p)
			}
		}
	}
	c.record(r.probs)
	if r.errors > 0 {
		c.stats.Rejected++
		if id := rejectedID(code, o); id != "" {
			c.rejected[id] = true
		}
		return nil, false
	}
	c.stats.Accepted++
	if r.warns > 0 {
		c.stats.Warnings++
	}
	return o, true
}

// rejectedID is the offering ID of a rejected row, when it has one: so that
// a replace keeps the stored offering rather than deleting it for a typo.
func rejectedID(code string, o *koppel.Offering) string {
	if code != "" {
		return strings.TrimSpace(code)
	}
	if o != nil {
		return o.ID
	}
	return ""
}

func (c *Catalogue) parseRow(r *rowReader, code string, codeCol int) *koppel.Offering {
	l := &c.layout
	o := &koppel.Offering{Enterprise: c.KBO}
	if r.tooLongCell() {
		return nil
	}

	title, titleCol := l.get(r.cells, fieldTitle)
	switch {
	case title == "":
		r.add(koppel.SeverityError, titleCol, "", problemf("import.service_name_missing"))
	case len([]rune(title)) > maxTitleLen:
		r.add(koppel.SeverityError, titleCol, title, problemf("import.service_name_long", "Length", len([]rune(title)), "Max", maxTitleLen))
	}
	o.Title = title

	// The ID: the enterprise's own code, else one derived from the title.
	switch {
	case code != "":
		if len(code) > 100 || strings.ContainsAny(code, "/\x00\n\t") {
			r.add(koppel.SeverityError, codeCol, code, problemf("import.code_invalid", "Value", truncate(code, 100)))
			r.codeError = true
		}
		o.ID = code
	case title != "":
		o.ID = deriveID(title)
	}
	if o.ID != "" && r.errors == 0 {
		if prev, dup := c.seen[strings.ToLower(o.ID)]; dup {
			if code != "" {
				r.add(koppel.SeverityError, codeCol, code, problemf("import.code_duplicate", "Value", code, "Row", prev))
				r.codeError = true
			} else {
				r.add(koppel.SeverityError, titleCol, title, problemf("import.service_duplicate", "Title", truncate(title, 80), "Row", prev))
			}
		} else {
			c.seen[strings.ToLower(o.ID)] = r.num
		}
	}

	o.Description, _ = l.get(r.cells, fieldDescription)

	if v, col := l.get(r.cells, fieldCategory); v != "" && !isBlankWord(v) {
		res := cached(&c.cache.category, v, func() (categoryResult, bool) {
			cat, nearest := koppel.MatchCategory(v)
			return categoryResult{cat, nearest}, true
		})
		if res.cat == "" {
			r.add(koppel.SeverityWarning, col, v, unknownCategory(v, res.nearest))
		}
		o.Category = res.cat
	}

	if v, col := l.get(r.cells, fieldCPV); v != "" && !isBlankWord(v) {
		res := cached(&c.cache.cpv, v, func() (cpvResult, bool) {
			codes, errs := parseCPVList(c.ref, v)
			return cpvResult{codes, errs}, true
		})
		for _, e := range res.errs {
			r.add(koppel.SeverityError, col, v, e)
		}
		o.CPV = slices.Clone(res.codes)
	}

	if v, col := l.get(r.cells, fieldArea); v != "" {
		res := cached(&c.cache.area, v, func() (areaResult, bool) {
			area, unknown, errs := parseArea(c.ref, v)
			return areaResult{area, unknown, errs}, true
		})
		area, unknown, errs := res.area, res.unknown, res.errs
		area.Municipalities = slices.Clone(area.Municipalities)
		area.Provinces = slices.Clone(area.Provinces)
		for _, e := range errs {
			r.add(koppel.SeverityError, col, v, e)
		}
		for _, u := range unknown {
			r.add(koppel.SeverityWarning, col, v, problemf("import.area_unknown", "Value", u))
		}
		o.ServiceArea = area
	}

	unit, unitCol := l.get(r.cells, fieldUnit)
	if len(unit) > 50 {
		r.add(koppel.SeverityWarning, unitCol, unit, problemf("import.unit_cut"))
		unit = truncate(unit, 50)
	}
	o.Unit = unit

	if v, col := l.get(r.cells, fieldCapacity); v != "" && !isBlankWord(v) {
		n, rest, amb, err := parseQuantity(v)
		if r.usableNumber(col, v, n, amb, err, capacityProblems) {
			o.Capacity = n
			if o.Unit == "" && rest != "" {
				o.Unit = truncate(rest, 50)
			}
		}
	}

	if v, col := l.get(r.cells, fieldPrice); v != "" && !isBlankWord(v) {
		n, rest, amb, err := parseQuantity(v)
		if r.usableNumber(col, v, n, amb, err, priceProblems) {
			o.Price = &n
			if rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(rest, "per "), "/")); o.Unit == "" && rest != "" && !isVATNote(rest) {
				o.Unit = truncate(rest, 50)
			}
		}
	}

	if v, _ := l.get(r.cells, fieldKeywords); v != "" {
		o.Keywords = parseKeywords(v)
	}

	if v, col := l.get(r.cells, fieldLanguages); v != "" {
		res := cached(&c.cache.languages, v, func() (languageResult, bool) {
			langs, unknown := parseLanguages(v)
			return languageResult{langs, unknown}, true
		})
		for _, u := range res.unknown {
			r.add(koppel.SeverityWarning, col, v, problemf("import.language_unknown", "Value", u))
		}
		o.Languages = slices.Clone(res.codes)
	}

	if v, _ := l.get(r.cells, fieldLeadTime); v != "" {
		o.LeadTime = truncate(v, 200)
	}
	return o
}

// isVATNote reports whether the words after a price only say whether VAT
// is included, which is no unit.
func isVATNote(s string) bool {
	n := headerKey(s)
	return strings.Contains(n, "btw") || strings.Contains(n, "tva") || strings.Contains(n, "vat") || strings.HasPrefix(n, "excl") || strings.HasPrefix(n, "incl")
}

func fieldAt(l *layout, col int) field {
	for f, c := range l.col {
		if c == col {
			return field(f)
		}
	}
	return fieldNone
}

func ambiguousNumber(v string, n float64) *cellError {
	return problemf("import.ambiguous_number", "Value", v, "Read", formatDutch(n))
}

// formatDutch writes a number with a decimal comma, as users expect.
func formatDutch(n float64) string {
	return strings.ReplaceAll(fmt.Sprintf("%g", n), ".", ",")
}

// unknownCategory is the warning for a category cell that names no
// category: it proposes the nearest ones when there are, and lists the
// categories, each in the reader's language.
func unknownCategory(v string, nearest []koppel.Category) *cellError {
	all := make([]koppel.Category, len(koppel.Categories))
	for i, c := range koppel.Categories {
		all[i] = c.Category
	}
	if len(nearest) == 0 {
		return problemf("import.category_unknown", "Value", v, "List", koppel.CategoryTerms(all, false))
	}
	return problemf("import.category_nearest", "Value", v, "Nearest", koppel.CategoryTerms(nearest, true), "List", koppel.CategoryTerms(all, false))
}

// Catalogues repeat the same category, CPV, area and language cells on
// many rows; the parsed results are cached per distinct cell text. The
// cached slices are cloned into each offering, which owns its own.
type parseCache struct {
	category  map[string]categoryResult
	cpv       map[string]cpvResult
	area      map[string]areaResult
	languages map[string]languageResult
}

type categoryResult struct {
	cat     koppel.Category
	nearest []koppel.Category
}

type cpvResult struct {
	codes []koppel.CPV
	errs  []*cellError
}

type areaResult struct {
	area    koppel.ServiceArea
	unknown []string
	errs    []*cellError
}

type languageResult struct {
	codes, unknown []string
}

// maxCached bounds each cache: a file of all-different cells does not
// make memory grow with its rows.
const maxCached = 4096

func cached[T any](m *map[string]T, key string, parse func() (T, bool)) T {
	if v, ok := (*m)[key]; ok {
		return v
	}
	v, _ := parse()
	if *m == nil {
		*m = make(map[string]T)
	}
	if len(*m) < maxCached {
		(*m)[key] = v
	}
	return v
}
