package server

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/export"
	"koppel/i18n"
	"koppel/match"
	"koppel/search"
)

// Exports: every list route of the API answers ?format=xlsx or ?format=csv
// with the same list as a file (package export), for the same query and
// the same visibility. A search exports its hits from the first, up to
// search.MaxExportRows whatever page was asked; the matches of a tender
// and its market scans export exactly the page of lots (and of matches)
// the JSON holds, whose size is bounded as for the page.

// maxExports is the number of exports that run at once; beyond it an
// export is answered 503 with Retry-After, so that large exports cannot
// take every core.
const maxExports = 2

// exportFormat reads ?format= ("" when absent: answer JSON).
func exportFormat(c *gin.Context) (export.Format, error) {
	return export.ParseFormat(c.Query("format"))
}

// exportFile is one export to answer: the file's name (without extension),
// what the first sheet says and the columns.
type exportFile struct {
	Name  string
	About export.About
	Cols  []export.Column
}

// writeExport writes the rows fill adds as format and answers with the
// file. The file is made in a temporary file first, so that a failure
// halfway is answered as an error rather than as a file cut short, and
// the client gets its length.
func (s *Server) writeExport(c *gin.Context, format export.Format, f exportFile, fill func(w *export.Writer) error) {
	select {
	case s.exportSlots() <- struct{}{}:
		defer func() { <-s.exportSlots() }()
	default:
		s.writeError(c, koppel.Errorf(koppel.EUNAVAILABLE, "er worden nu al %d exports gemaakt; probeer het over een halve minuut opnieuw", maxExports).WithKey("error.exports_busy", "Max", maxExports))
		return
	}
	tmp, err := os.CreateTemp("", "koppel-export-*")
	if err != nil {
		s.writeError(c, fmt.Errorf("export: %w", err))
		return
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	f.About.Created = timeNow()
	f.About.Version = s.Version
	f.About.Lang = lang(c)
	w, err := export.New(tmp, format, f.About, f.Cols)
	if err == nil {
		err = fill(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = tmp.Seek(0, io.SeekStart)
	}
	if err != nil {
		s.writeError(c, fmt.Errorf("export: %w", err))
		return
	}
	name := f.Name + "-" + timeNow().Format("2006-01-02") + "." + string(format)
	c.Header("Content-Type", format.ContentType())
	c.Header("Content-Length", strconv.FormatInt(size, 10))
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Status(http.StatusOK)
	if _, err := io.Copy(c.Writer, tmp); err != nil {
		s.logger().Warn("export cut short", "path", c.Request.URL.Path, "err", err)
	}
}

// exportSlots is the semaphore of running exports.
func (s *Server) exportSlots() chan struct{} {
	s.exportOnce.Do(func() { s.exports = make(chan struct{}, maxExports) })
	return s.exports
}

// exportLink is the URL of the API route path with the query q and
// format=xlsx or csv: the pages' "Download" links.
func exportLink(path string, q url.Values, format export.Format) string {
	v := url.Values{}
	for k, vs := range q {
		if k != "page" && k != "format" {
			v[k] = vs
		}
	}
	v.Set("format", string(format))
	return path + "?" + v.Encode()
}

// filterFields lists the query's parameters that are set, with their
// names in the request's language (imports.export_f.<parameter>), for
// the sheet "Over deze export". A category, work form, province or
// language Koppel knows is named in that language too (filterValue).
func filterFields(c *gin.Context, names ...string) []export.Field {
	var out []export.Field
	for _, n := range names {
		if v := strings.TrimSpace(c.Query(n)); v != "" {
			out = append(out, export.Field{Name: tr(c, "imports.export_f."+n), Value: filterValue(lang(c), n, v)})
		}
	}
	return out
}

// filterValue is the value v of the query parameter name as the sheet
// "Over deze export" says it in l: a category, work form, province or
// language by its name ("Nettoyage" for category=schoonmaak), the order
// (relevantie, afstand) and include_ineligible (ja, nee) in words,
// anything else (or a value Koppel does not know) as it was asked.
func filterValue(l i18n.Lang, name, v string) string {
	switch name {
	case "category":
		if cat, _ := koppel.MatchCategory(v); cat != "" {
			return categoryName(l, cat)
		}
	case "form":
		if f, err := koppel.ParseWorkForm(v); err == nil {
			return workFormName(l, f)
		}
	case "province":
		return provinceName(l, v)
	case "language":
		return languageLabel(l, v)
	case "sort":
		if key := "imports.export_sort." + v; i18n.Has(l, key) {
			return i18n.T(l, key)
		}
	case "include_ineligible":
		if b, err := strconv.ParseBool(v); err == nil {
			return yesNo(l, b)
		}
	}
	return v
}

// workFormsText names work forms in l, joined with ", ".
func workFormsText(l i18n.Lang, forms []koppel.WorkForm) string {
	s := make([]string, len(forms))
	for i, f := range forms {
		s[i] = workFormName(l, f)
	}
	return strings.Join(s, ", ")
}

// workFormName names a work form in l, as the pages do.
func workFormName(l i18n.Lang, f koppel.WorkForm) string {
	return enumLabel(l, "workform.", string(f), f.Label())
}

func cpvText(codes []koppel.CPV) string {
	s := make([]string, len(codes))
	for i, c := range codes {
		s[i] = string(c)
	}
	return strings.Join(s, ", ")
}

// verdictName names an eligibility verdict in l, as the pages do.
func verdictName(l i18n.Lang, v koppel.Eligibility) string {
	return enumLabel(l, "verdict.", string(v), verdictText(v))
}

// verdictText names an eligibility verdict in Dutch.
func verdictText(v koppel.Eligibility) string {
	switch v {
	case koppel.Eligible:
		return "mag inschrijven"
	case koppel.NotEligible:
		return "mag niet inschrijven"
	case koppel.ToVerify:
		return "te verifiëren"
	case koppel.NotApplicable:
		return "niet van toepassing (niet voorbehouden)"
	}
	return string(v)
}

// maxRowsNote says how far an export goes, in l.
func maxRowsNote(l i18n.Lang, total, rows, limit int) string {
	num := func(n int) string { return i18n.Number(l, float64(n), 0) }
	if total > rows {
		return i18n.T(l, "imports.export_n_first", "Rows", num(rows), "Total", num(total), "Max", num(limit))
	}
	if total == 1 {
		return i18n.T(l, "imports.export_n_only", "Max", num(limit))
	}
	return i18n.T(l, "imports.export_n_all", "Total", num(total), "Max", num(limit))
}

var offeringExportCols = []export.Column{
	{Name: "Onderneming", Width: 34},
	{Name: "Ondernemingsnummer", Width: 16},
	{Name: "Werkvormen", Width: 28},
	{Name: "Gemeente", Width: 18},
	{Name: "Postcode", Width: 9},
	{Name: "Provincie", Width: 16},
	{Name: "Afstand (km)", Kind: export.Number, Width: 12, Decimals: 1},
	{Name: "Dienst", Width: 40},
	{Name: "Code dienst", Width: 12},
	{Name: "Categorie", Width: 22},
	{Name: "CPV-codes", Width: 24},
	{Name: "Omschrijving", Width: 60},
	{Name: "Relevantie", Kind: export.Number, Width: 11, Decimals: 3},
}

// offeringFilterNames are the query parameters of an offering search the
// sheet "Over deze export" names (imports.export_f.<parameter>).
var offeringFilterNames = []string{"category", "form", "cpv", "province", "municipality", "language", "serves", "postcode", "radius_km", "sort", "keep"}

// exportOfferings answers an offering search as a file: its hits from the
// first, up to search.MaxExportRows.
func (s *Server) exportOfferings(c *gin.Context, format export.Format, q search.OfferingQuery) {
	f := exportFile{Name: tr(c, "imports.export_file.offerings"), Cols: offeringExportCols,
		About: export.About{Title: tr(c, "imports.export_t_offerings"), Query: q.Text, Filters: append(filterFields(c, offeringFilterNames...), targetGroupFilterFields(lang(c), q)...), Sheet: tr(c, "imports.export_s_offerings")}}
	l := lang(c)
	s.writeExport(c, format, f, func(w *export.Writer) error {
		res, err := s.Search.EachOffering(c.Request.Context(), q, search.MaxExportRows, func(hits []search.OfferingHit) error {
			for _, h := range hits {
				o, e := h.Offering, h.Enterprise
				cat := o.CategoryLabel
				if o.Category != "" {
					cat = categoryName(l, o.Category)
				}
				if err := w.Row(e.Name, string(e.KBO), workFormsText(l, e.WorkForms), e.Municipality, e.Postcode, provinceName(l, e.Province), h.DistanceKm,
					o.Title, o.Code, cat, cpvText(o.CPV), o.Description, h.Score); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		w.AddFilter(tr(c, "imports.export_total"), strconv.Itoa(res.Total))
		for _, r := range res.Read {
			w.AddFilter(tr(c, "imports.export_read_as"), fmt.Sprintf("%q: %s", r.Words, s.readLabel(lang(c), r)))
		}
		w.AddNote(maxRowsNote(lang(c), res.Total, w.Rows(), search.MaxExportRows))
		return nil
	})
}

var enterpriseExportCols = []export.Column{
	{Name: "Onderneming", Width: 34},
	{Name: "Ondernemingsnummer", Width: 16},
	{Name: "Werkvormen", Width: 28},
	{Name: "Erkend tot", Kind: export.Date, Width: 12},
	{Name: "Straat", Width: 28},
	{Name: "Postcode", Width: 9},
	{Name: "Gemeente", Width: 18},
	{Name: "Provincie", Width: 16},
	{Name: "Telefoon", Width: 16},
	{Name: "E-mail", Width: 28},
	{Name: "Website", Width: 30},
	{Name: "VTE totaal", Kind: export.Number, Width: 11},
	{Name: "VTE doelgroep", Kind: export.Number, Width: 13},
	{Name: "Omschrijving", Width: 60},
}

// enterpriseRow is an enterprise as a row of enterpriseExportCols, with
// Koppel's words (work forms, province) in l.
func enterpriseRow(l i18n.Lang, e *koppel.Enterprise) []any {
	forms := make([]koppel.WorkForm, len(e.Recognitions))
	var until koppel.Date
	for i, r := range e.Recognitions {
		forms[i] = r.Form
		if r.ValidTo.After(until) {
			until = r.ValidTo
		}
	}
	province, city := "", e.Address.City
	if p := e.Address.Place; p != nil {
		province = p.Province
		if city == "" {
			city = p.Municipality
		}
	}
	if province != "" {
		province = provinceName(l, province)
	}
	return []any{e.Name, string(e.KBO), workFormsText(l, forms), until, e.Address.Street, e.Address.Postcode, city, province,
		e.Contact.Phone, e.Contact.Email, e.Contact.Website, e.FTETotal, e.FTETarget, e.Description}
}

// exportEnterprises answers the directory as a file: the enterprises the
// query finds (with q: best first, as far as the search reaches; without:
// all, in KBO order, read from the store one at a time), up to
// search.MaxExportRows.
func (s *Server) exportEnterprises(c *gin.Context, format export.Format) {
	q := c.Query("q")
	if len(q) > 500 {
		s.writeError(c, koppel.Errorf(koppel.EINVALID, "de zoekvraag is te lang (max. 500 tekens)").WithKey("error.query_too_long"))
		return
	}
	f := exportFile{Name: tr(c, "imports.export_file.enterprises"), Cols: enterpriseExportCols,
		About: export.About{Title: tr(c, "imports.export_t_enterprises"), Query: q, Filters: filterFields(c, "form", "province"), Sheet: tr(c, "imports.export_t_enterprises")}}
	ctx := c.Request.Context()
	s.writeExport(c, format, f, func(w *export.Writer) error {
		total := 0
		if q != "" {
			hits, err := s.Search.AllEnterprises(ctx, search.EnterpriseQuery{Text: q, WorkForm: c.Query("form"), Province: c.Query("province")})
			if err != nil {
				return err
			}
			total = len(hits)
			for _, h := range hits[:min(len(hits), search.MaxExportRows)] {
				e, err := s.Enterprises.FindEnterpriseByKBO(ctx, h.KBO)
				if koppel.ErrorCode(err) == koppel.ENOTFOUND {
					continue // deleted since it was indexed
				}
				if err != nil {
					return err
				}
				if err := w.Row(enterpriseRow(lang(c), e)...); err != nil {
					return err
				}
			}
		} else {
			ef := koppel.EnterpriseFilter{Province: c.Query("province")}
			if v := c.Query("form"); v != "" {
				var err error
				if ef.Form, err = koppel.ParseWorkForm(v); err != nil {
					return err
				}
			}
			var err error
			if total, err = s.eachEnterprise(ctx, ef, func(e *koppel.Enterprise) error {
				if w.Rows() == search.MaxExportRows {
					return nil // counted, not written
				}
				return w.Row(enterpriseRow(lang(c), e)...)
			}); err != nil {
				return err
			}
		}
		w.AddFilter(tr(c, "imports.export_total"), strconv.Itoa(total))
		w.AddNote(maxRowsNote(lang(c), total, w.Rows(), search.MaxExportRows))
		return nil
	})
}

// eachEnterprise calls fn with every enterprise f keeps, in KBO order, and
// returns how many there were: one at a time from the store when it walks
// them (enterpriseWalker), else a page of FindEnterprises at a time (each
// page at most the 500 the store gives).
func (s *Server) eachEnterprise(ctx context.Context, f koppel.EnterpriseFilter, fn func(*koppel.Enterprise) error) (int, error) {
	n := 0
	if walker, ok := s.Enterprises.(enterpriseWalker); ok {
		err := walker.ForEachEnterprise(ctx, func(e *koppel.Enterprise) error {
			if !f.Keeps(e) {
				return nil
			}
			n++
			return fn(e)
		})
		return n, err
	}
	for f.Offset, f.Limit = 0, 500; ; f.Offset += f.Limit {
		list, total, err := s.Enterprises.FindEnterprises(ctx, f)
		if err != nil {
			return 0, err
		}
		for _, e := range list {
			if err := fn(e); err != nil {
				return 0, err
			}
		}
		if len(list) == 0 || f.Offset+len(list) >= total {
			return total, nil
		}
	}
}

var matchExportCols = slices.Concat([]export.Column{
	{Name: "Perceel", Width: 10},
	{Name: "Titel perceel", Width: 34},
	{Name: "Rang", Kind: export.Integer, Width: 7},
	{Name: "Onderneming", Width: 34},
	{Name: "Ondernemingsnummer", Width: 16},
	{Name: "Werkvormen", Width: 26},
	{Name: "Gemeente", Width: 18},
	{Name: "Afstand (km)", Kind: export.Number, Width: 12, Decimals: 1},
}, scoreCols(70), []export.Column{
	{Name: "Diensten", Width: 40},
})

// scoreCols are the columns of a match's score, its parts and its
// eligibility, the same in the export of a lot's matches and of a
// shortlist; whyWidth is the width of the explanation's column.
func scoreCols(whyWidth float64) []export.Column {
	return []export.Column{
		{Name: "Score", Kind: export.Number, Width: 8, Decimals: 3},
		{Name: "Tekst", Kind: export.Number, Width: 8, Decimals: 3},
		{Name: "CPV", Kind: export.Number, Width: 8, Decimals: 3},
		// The distance's part of the score (1 at the place, 0 from
		// 100 km), not the kilometres of "Afstand (km)".
		{Name: "Afstand (deelscore)", Kind: export.Number, Width: 11, Decimals: 3},
		{Name: "Capaciteit", Kind: export.Number, Width: 10, Decimals: 3},
		{Name: "Erkenning", Kind: export.Number, Width: 10, Decimals: 3},
		{Name: "Doelgroep", Kind: export.Number, Width: 10, Decimals: 3},
		{Name: "Geschiktheid", Width: 22},
		{Name: "Regel", Width: 22},
		{Name: "Reden", Width: 60},
		{Name: "Rechtsgrond", Width: 30},
		{Name: "Waarom", Width: whyWidth},
	}
}

// scoreCells are the cells of scoreCols, the verdict named in l. The
// target group part is there only when the lot wishes target groups
// (match.Weights.TargetGroup); the cell is empty otherwise.
func scoreCells(l i18n.Lang, score float64, parts map[string]float64, v koppel.Eligibility, rule, reason, legalBasis, why string) []any {
	var tg any
	if x, ok := parts["target_group"]; ok {
		tg = x
	}
	return []any{score, parts["text"], parts["cpv"], parts["distance"], parts["capacity"], parts["recognition"], tg,
		verdictName(l, v), rule, reason, legalBasis, why}
}

// matchRow is a match of a lot as a row of matchExportCols, Koppel's
// words in lang.
func matchRow(lang i18n.Lang, l *match.LotMatches, m *match.Match) []any {
	offs := make([]string, len(m.Offerings))
	for i, o := range m.Offerings {
		offs[i] = o.Title
	}
	row := []any{l.LotID, l.Title, m.Rank, m.Enterprise.Name, string(m.Enterprise.KBO), workFormsText(lang, m.Enterprise.WorkForms), m.Enterprise.Municipality, m.Explanation.DistanceKm}
	row = append(row, scoreCells(lang, m.Score, m.Explanation.Parts, m.Eligibility.Verdict, m.Eligibility.Rule, m.Eligibility.Reason, m.Eligibility.LegalBasis, m.Explanation.Text)...)
	return append(row, strings.Join(offs, "; "))
}

// exportMatches answers a page of a tender's matches as a file: the rows
// are the matches the JSON holds for the same query.
func (s *Server) exportMatches(c *gin.Context, format export.Format, t *koppel.Tender, res *TenderMatchesPage) {
	f := exportFile{Name: tr(c, "imports.export_file.matches") + "-" + safeName(t.ID), Cols: matchExportCols,
		About: export.About{Title: tr(c, "imports.export_t_matches", "ID", t.ID), Query: t.Title,
			Filters: append(tenderLotsFields(lang(c), t, res.LotsPage, res.LotsSize, res.LotsTotal),
				filterFields(c, "page", "size", "include_ineligible")...),
			Sheet: tr(c, "imports.export_s_matches")}}
	s.writeExport(c, format, f, func(w *export.Writer) error {
		for i := range res.Lots {
			l := &res.Lots[i]
			for j := range l.Matches {
				if err := w.Row(matchRow(lang(c), l, &l.Matches[j])...); err != nil {
					return err
				}
			}
			w.AddFilter(tr(c, "imports.export_lot", "Lot", l.LotID), trn(c, "imports.export_lot_matches", l.Total, "Title", l.Title, "Excluded", l.Excluded))
		}
		dw := match.DefaultWeights()
		n := func(f float64) string { return i18n.Number(lang(c), f, 2) }
		w.AddNote(tr(c, "imports.export_n_score", "Text", n(dw.Text), "CPV", n(dw.CPV), "Distance", n(dw.Distance), "Capacity", n(dw.Capacity), "Recognition", n(dw.Recognition), "TargetGroup", n(dw.TargetGroup)))
		return nil
	})
}

var scanExportCols = []export.Column{
	{Name: "Perceel", Width: 10},
	{Name: "Titel perceel", Width: 34},
	{Name: "Kandidaten", Kind: export.Integer, Width: 11},
	{Name: "Rang", Kind: export.Integer, Width: 7},
	{Name: "Onderneming", Width: 34},
	{Name: "Ondernemingsnummer", Width: 16},
	{Name: "Werkvormen", Width: 26},
	{Name: "Dienst", Width: 40},
	{Name: "Afstand (km)", Kind: export.Number, Width: 12, Decimals: 1},
	{Name: "Capaciteit (VTE)", Kind: export.Number, Width: 15},
	{Name: "Voorbehouden opdracht (sociale werkplaatsen)", Width: 24},
	{Name: "Aanbevolen clausule", Width: 34},
}

// scanLot is the market scan of one lot with its title.
type scanLot struct {
	ID, Title string
	Resp      *DraftResponse
}

// exportScans answers market scans as a file: per lot the best candidates
// the scan names (a lot without candidates gives one row with its count).
func (s *Server) exportScans(c *gin.Context, format export.Format, name, subject string, fields []export.Field, lots []scanLot) {
	f := exportFile{Name: name, Cols: scanExportCols,
		About: export.About{Title: tr(c, "imports.export_t_scan"), Query: subject, Filters: fields, Sheet: tr(c, "imports.export_t_scan")}}
	s.writeExport(c, format, f, func(w *export.Writer) error {
		for _, l := range lots {
			k := l.Resp.Recommendation.Kind
			sc, rec := l.Resp.Scan, enumLabel(lang(c), "clausekind.", string(k), kindLabel(k))
			if len(sc.Best) == 0 {
				if err := w.Row(l.ID, l.Title, sc.Candidates, nil, "", "", "", "", nil, nil, "", rec); err != nil {
					return err
				}
			}
			for i, b := range sc.Best {
				var capacity *float64
				if b.CapacityFTE > 0 {
					capacity = &b.CapacityFTE
				}
				if err := w.Row(l.ID, l.Title, sc.Candidates, i+1, b.Name, string(b.KBO), workFormsText(lang(c), b.WorkForms), b.Offering, b.DistanceKm, capacity, verdictName(lang(c), b.Verdict), rec); err != nil {
					return err
				}
			}
			for _, k := range []koppel.ClauseKind{koppel.ClauseReservedWS, koppel.ClauseReservedExecution, koppel.ClauseReservedPubSer} {
				kc, ok := sc.ByKind[k]
				if !ok {
					continue
				}
				v := tr(c, "imports.export_kind_counts", "Eligible", kc.Eligible, "ToVerify", kc.ToVerify, "FTE", i18n.Number(lang(c), kc.CapacityFTE, 1))
				if !kc.Allowed {
					v = i18n.T(lang(c), "scan.not_allowed") + " " + kc.Why
				}
				w.AddFilter(tr(c, "imports.export_lot_kind", "Lot", l.ID, "Kind", strings.ToLower(enumLabel(lang(c), "clausekind.", string(k), kindLabel(k)))), v)
			}
		}
		w.AddNote(tr(c, "imports.export_n_scan"))
		return nil
	})
}

// safeName keeps letters, digits, - and _ of s, for a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// draftLotFields describe the lot of a clause draft on the sheet "Over
// deze export", in lang.
func draftLotFields(lang i18n.Lang, l *DraftLot) []export.Field {
	out := []export.Field{{Name: i18n.T(lang, "imports.export_lot_title"), Value: l.Title}, {Name: i18n.T(lang, "imports.export_cpv"), Value: strings.Join(l.CPV, ", ")},
		{Name: i18n.T(lang, "imports.export_place"), Value: l.Postcode}}
	if l.VolumeFTE > 0 {
		out = append(out, export.Field{Name: i18n.T(lang, "imports.export_volume"), Value: i18n.Number(lang, l.VolumeFTE, 1)})
	}
	return out
}

// tenderLotsFields describe a tender and its page of lots on the sheet
// "Over deze export", in lang.
func tenderLotsFields(lang i18n.Lang, t *koppel.Tender, page, size, total int) []export.Field {
	return []export.Field{{Name: i18n.T(lang, "imports.export_tender"), Value: t.ID}, {Name: i18n.T(lang, "imports.export_buyer"), Value: t.Buyer.Name},
		{Name: i18n.T(lang, "imports.export_lots"), Value: i18n.N(lang, "imports.export_lots_page", total, "Page", page, "Size", size)}}
}

// downloadLinks are the "Download (Excel / CSV)" links of a page: the API
// route of the page's list with the same query.
type downloadLinks struct {
	XLSX, CSV string
	What      string // what the file holds, when not just the list shown
}

func downloads(path string, q url.Values, what string) downloadLinks {
	return downloadLinks{XLSX: exportLink(path, q, export.XLSX), CSV: exportLink(path, q, export.CSV), What: what}
}

// offeringValues is an offering search as the API's query parameters.
func offeringValues(q search.OfferingQuery) url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"q": q.Text, "category": q.Category, "form": q.WorkForm, "cpv": q.CPV, "province": q.Province,
		"municipality": q.Municipality, "language": q.Language, "serves": q.ServesPostcode, "postcode": q.Postcode, "sort": q.Sort, "keep": q.Keep} {
		if x != "" {
			v.Set(k, x)
		}
	}
	if q.RadiusKm > 0 {
		v.Set("radius_km", strconv.FormatFloat(q.RadiusKm, 'f', -1, 64))
	}
	if q.TargetGroups != "" {
		v.Set("target_group", q.TargetGroups)
	}
	if q.Transition {
		v.Set("transition", "ja")
	}
	return v
}

// exportLimitNote warns when a list is longer than an export holds.
func exportLimitNote(l i18n.Lang, total int) string {
	if total > search.MaxExportRows {
		return i18n.T(l, "download.limit", "Max", i18n.Number(l, search.MaxExportRows, 0), "Total", i18n.Number(l, float64(total), 0))
	}
	return ""
}

// tenderDownloads sets the tender page's download links: the matches of
// its page of lots (up to match.MaxSize a lot, with the not-eligible
// enterprises when the page shows them) and, for buyers and admins, their
// market scans.
func (s *Server) tenderDownloads(c *gin.Context, data *tenderPage, mp matchPage) {
	base := "/api/v1/tenders/" + url.PathEscape(data.T.ID)
	lots := url.Values{}
	if mp.lots > 1 {
		lots.Set("lots_page", strconv.Itoa(mp.lots))
	}
	v := url.Values{"size": {strconv.Itoa(match.MaxSize)}}
	for k, x := range lots {
		v[k] = x
	}
	if mp.all {
		v.Set("include_ineligible", "true")
	}
	data.Print = "/opdrachten/" + url.PathEscape(data.T.ID) + "/afdrukken"
	if len(lots) > 0 || mp.all {
		pv := url.Values{}
		if mp.lots > 1 {
			pv.Set("percelen", strconv.Itoa(mp.lots))
		}
		if mp.all {
			pv.Set("alle", "1")
		}
		data.Print += "?" + pv.Encode()
	}
	data.Download = downloads(base+"/matches", v, tr(c, "download.matches", "N", match.MaxSize))
	if r := caller(c); r.Token != nil && (r.Token.Role == koppel.RoleBuyer || r.Token.Role == koppel.RoleAdmin) {
		data.Scan = downloads(base+"/clauses", lots, tr(c, "download.scans"))
	}
}
