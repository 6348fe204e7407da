package server

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/chart"
	"koppel/export"
	"koppel/i18n"
)

// spendPage is the Mijn aankopen page: the upload form, the report of the
// file, the shares against the target, the proposed links and the list
// behind a figure.
type spendPage struct {
	File *koppel.SpendFile // nil before the first upload
	// Refused is the report of an upload that was not stored: no row of
	// it could be read.
	Refused   *koppel.SpendFile
	Accepted  int
	Year      int
	Years     []spendYearLink
	All       spendFigureRow
	YearTable spendTable
	// YearChart draws the share per year against the target.
	YearChart  template.HTML
	FormTable  spendTable
	CatTable   spendTable
	Target     string // as the field shows it
	HasTarget  bool
	Proposals  []spendProposalRow
	MoreProps  int
	Confirmed  []spendProposalRow
	List       *spendList
	Error      string
	Notice     string
	Errors     formErrors
	ExportXLSX string
}

// spendTable is a table of figures: per year, work form or category.
type spendTable struct {
	Head, TotalHead string
	Rows            []spendFigureRow
	HasTarget       bool
}

type spendYearLink struct {
	Label, Href string
	Current     bool
}

type spendFigureRow struct {
	Label, Share, Social, Total, Href string
	Purchases                         int
	// Reached, Gap: against the target, when one is set.
	Reached bool
	Gap     string
}

type spendProposalRow struct {
	Name, Key, Enterprise, KBOText, Amount string
	KBO                                    koppel.KBO
	Purchases                              int
	Social                                 bool
}

type spendList struct {
	Title     string
	Rows      []spendPurchaseRow
	More      int
	XLSX, CSV string
}

type spendPurchaseRow struct {
	Row                                                            int
	Date, Supplier, Amount, Enterprise, How, Form, Category, Descr string
	Social                                                         bool
}

func (s *Server) handleSpendPage(c *gin.Context) {
	s.renderSpend(c, http.StatusOK, spendPage{})
}

// renderSpend fills in the caller's analysis (for the year and the list
// of the query) and writes the page with status.
func (s *Server) renderSpend(c *gin.Context, status int, data spendPage) {
	st := s.spendStore(c)
	if st == nil {
		return
	}
	sel, list, err := spendSelection(c)
	if err != nil {
		data.Error = errorText(lang(c), err)
		sel, list, status = koppel.SpendSelection{}, false, http.StatusBadRequest
	}
	v, err := s.loadSpend(c.Request.Context(), st, caller(c).Token.Buyer, sel.Year)
	if err != nil {
		s.writeError(c, err)
		return
	}
	a := v.analysis
	l := lang(c)
	data.Year = sel.Year
	if data.Target == "" && a.Target > 0 {
		data.Target = i18n.Number(l, a.Target, 1)
	}
	data.HasTarget = a.Target > 0
	if v.file != nil {
		data.File = localSpendFile(l, v.file)
		data.Accepted = len(v.file.Purchases)
	}
	data.ExportXLSX = "/api/v1/spend?format=xlsx"
	row := func(f koppel.SpendFigure) spendFigureRow {
		r := spendFigureRow{Label: f.Label, Share: spendPercent(l, f.Share), Social: spendEuro(l, f.Social),
			Total: spendEuro(l, f.Total), Purchases: f.Purchases, Href: spendListHref(f.Selection)}
		switch {
		case f.Selection.Form != "":
			r.Label = enumLabel(l, "workform.", f.Key, f.Label)
		case koppel.Category(f.Key) == koppel.NoCategory:
			r.Label = tr(c, "spend.no_category")
		case f.Selection.Category != "":
			r.Label = enumLabel(l, "category.", f.Key, f.Label)
		}
		if a.Target > 0 {
			pct := 100 * f.Share
			r.Reached = pct >= a.Target
			if !r.Reached {
				r.Gap = i18n.Number(l, a.Target-pct, 1)
			}
		}
		return r
	}
	data.All = row(a.All)
	data.YearTable = spendTable{Head: tr(c, "spend.col.year"), HasTarget: a.Target > 0}
	data.FormTable = spendTable{Head: tr(c, "spend.col.form")}
	data.CatTable = spendTable{Head: tr(c, "spend.col.category")}
	data.Years = append(data.Years, spendYearLink{Label: tr(c, "spend.all_years"), Href: "/mijn-aankopen", Current: sel.Year == 0})
	for _, y := range a.Years {
		data.YearTable.Rows = append(data.YearTable.Rows, row(y))
		data.Years = append(data.Years, spendYearLink{Label: y.Label, Href: "/mijn-aankopen?year=" + y.Key, Current: y.Key == strconv.Itoa(sel.Year)})
	}
	data.YearChart = spendYearChart(l, a)
	for _, f := range a.Forms {
		data.FormTable.Rows = append(data.FormTable.Rows, row(f))
	}
	for _, f := range a.Categories {
		data.CatTable.Rows = append(data.CatTable.Rows, row(f))
	}
	for i, p := range v.proposals {
		if i >= maxSpendProposals {
			data.MoreProps = len(v.proposals) - maxSpendProposals
			break
		}
		data.Proposals = append(data.Proposals, proposalRow(l, p))
	}
	for _, p := range v.confirmed {
		data.Confirmed = append(data.Confirmed, proposalRow(l, p))
	}
	if list {
		data.List = spendListOf(c, v, sel)
	}
	s.render(c, status, "spend", tr(c, "spend.title"), data)
}

func proposalRow(l i18n.Lang, p SpendProposal) spendProposalRow {
	return spendProposalRow{Name: p.Name, Key: p.Key, Enterprise: p.Enterprise, KBO: p.KBO, KBOText: p.KBO.String(),
		Amount: spendEuro(l, p.Cents), Purchases: p.Purchases, Social: p.Social}
}

// spendListHref is the page's link to the list behind a figure.
func spendListHref(sel koppel.SpendSelection) string {
	q := url.Values{}
	if sel.Year != 0 {
		q.Set("year", strconv.Itoa(sel.Year))
	}
	switch {
	case sel.Form != "":
		q.Set("form", string(sel.Form))
	case sel.Category != "":
		q.Set("category", string(sel.Category))
	case sel.Social:
		q.Set("list", "social")
	default:
		q.Set("list", "all")
	}
	return "/mijn-aankopen?" + q.Encode() + "#lijst"
}

// spendListOf lists the selected purchases, the first maxSpendList.
func spendListOf(c *gin.Context, v *spendView, sel koppel.SpendSelection) *spendList {
	lg := lang(c)
	catLabel := func(cat koppel.Category) string { return spendCategoryLabel(lg, cat) }
	l := &spendList{}
	switch {
	case sel.Form != "":
		l.Title = tr(c, "spend.list.form", "Form", workFormName(lg, sel.Form))
	case sel.Category != "":
		l.Title = tr(c, "spend.list.category", "Category", catLabel(sel.Category))
	case sel.Social:
		l.Title = tr(c, "spend.list.social")
	default:
		l.Title = tr(c, "spend.list.all")
	}
	if sel.Year != 0 {
		l.Title = tr(c, "spend.list.in_year", "Title", l.Title, "Year", strconv.Itoa(sel.Year))
	}
	l.XLSX = exportLink("/api/v1/spend", c.Request.URL.Query(), export.XLSX)
	l.CSV = exportLink("/api/v1/spend", c.Request.URL.Query(), export.CSV)
	for i := range v.lines {
		line := &v.lines[i]
		if !sel.Matches(line) {
			continue
		}
		if len(l.Rows) >= maxSpendList {
			l.More++
			continue
		}
		r := spendPurchaseRow{Row: line.Row, Date: line.Date.Dutch(), Supplier: line.Supplier, Amount: spendEuro(lg, line.Cents),
			Social: line.Social, Descr: line.Description}
		r.How = howText(lg, line.How)
		if r.Supplier == "" {
			r.Supplier = line.KBO.String()
		}
		if line.Enterprise != nil {
			r.Enterprise = line.Enterprise.Name
		}
		if line.Form != "" {
			r.Form = workFormName(lg, line.Form)
		}
		if line.Category != "" {
			r.Category = catLabel(line.Category)
		}
		l.Rows = append(l.Rows, r)
	}
	return l
}

// handleSpendPageUpload reads the uploaded file and, when it has at least
// one valid purchase, replaces the caller's file with it; the page shows
// the report either way.
func (s *Server) handleSpendPageUpload(c *gin.Context) {
	st := s.spendStore(c)
	if st == nil {
		return
	}
	f, err := s.readSpendUpload(c)
	if err != nil {
		code := koppel.ErrorCode(err)
		if code != koppel.EINVALID && code != koppel.ETOOLARGE {
			s.writeError(c, err)
			return
		}
		var fe formErrors
		fe.addField(lang(c), "file", tr(c, "spend.field.file"), koppel.FieldErrorOf("file", err), 0)
		s.renderSpend(c, statusByCode[code], spendPage{Errors: fe})
		return
	}
	if len(f.Purchases) == 0 {
		var fe formErrors
		fe.add("file", tr(c, "spend.field.file"), tr(c, "spend.refused_error", "File", f.File), 0)
		s.renderSpend(c, http.StatusUnprocessableEntity, spendPage{Errors: fe, Refused: localSpendFile(lang(c), f)})
		return
	}
	if err := st.ReplaceSpendFile(c.Request.Context(), f); err != nil {
		s.writeError(c, err)
		return
	}
	notice := tr(c, "spend.uploaded", "File", f.File) + " " + trn(c, "spend.uploaded_count", len(f.Purchases))
	if f.Rejected > 0 {
		notice += trn(c, "spend.uploaded_rejected", f.Rejected)
	}
	s.renderSpend(c, http.StatusOK, spendPage{Notice: notice + "."})
}

// handleSpendPageLink stores the caller's decision on a proposed link
// and goes back to the page.
func (s *Server) handleSpendPageLink(c *gin.Context) {
	st := s.spendStore(c)
	if st == nil {
		return
	}
	r := SpendLinkRequest{Name: c.PostForm("name"), KBO: koppel.KBO(c.PostForm("kbo")), Decision: koppel.LinkDecision(c.PostForm("decision"))}
	if _, err := s.decideLink(c.Request.Context(), st, caller(c).Token.Buyer, r); err != nil {
		if code := koppel.ErrorCode(err); code == koppel.EINVALID || code == koppel.ENOTFOUND {
			s.renderSpend(c, statusByCode[code], spendPage{Error: errorText(lang(c), err)})
			return
		}
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/mijn-aankopen"+spendQuery(atoiOr0(c.PostForm("year")))+"#voorstellen")
}

// handleSpendPageTarget stores the caller's target; a wrong value is
// shown beside the field.
func (s *Server) handleSpendPageTarget(c *gin.Context) {
	st := s.spendStore(c)
	if st == nil {
		return
	}
	v := c.PostForm("target")
	pct, err := parsePercent(v)
	if err == nil {
		err = st.PutSpendTarget(c.Request.Context(), caller(c).Token.Buyer, pct)
	}
	if err != nil {
		if koppel.ErrorCode(err) != koppel.EINVALID {
			s.writeError(c, err)
			return
		}
		var fe formErrors
		fe.add("target", tr(c, "spend.field.target"), tr(c, "spend.target_invalid"), 1)
		s.renderSpend(c, http.StatusBadRequest, spendPage{Errors: fe, Target: v})
		return
	}
	c.Redirect(http.StatusSeeOther, "/mijn-aankopen"+spendQuery(atoiOr0(c.PostForm("year"))))
}

func atoiOr0(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// spendYearChart draws the share of the social economy per year as bars,
// with the target as a line; nil without purchases.
func spendYearChart(l i18n.Lang, a *koppel.SpendAnalysis) template.HTML {
	if len(a.Years) == 0 {
		return ""
	}
	pct := func(v float64) string { return spendPercent(l, v/100) }
	c := chart.Chart{ID: "aandeel-per-jaar", Title: i18n.T(l, "spend.chart.title"), Category: i18n.T(l, "spend.col.year"), Orientation: chart.Vertical,
		Format: pct, Series: []chart.Series{{Name: i18n.T(l, "spend.chart.series")}}, TableLabel: i18n.T(l, "spend.chart.table"), Colon: i18n.T(l, "display.colon")}
	var parts []string
	for _, y := range a.Years {
		c.Bars = append(c.Bars, chart.Bar{Label: y.Label, Values: []float64{100 * y.Share}})
		parts = append(parts, y.Label+c.Colon+spendPercent(l, y.Share))
	}
	c.Summary = i18n.T(l, "spend.chart.summary", "Years", strings.Join(parts, i18n.T(l, "display.semicolon")))
	if a.Target > 0 {
		c.Line = &chart.Line{Label: i18n.T(l, "spend.col.target"), Value: a.Target}
		c.Summary += " " + i18n.T(l, "spend.chart.target", "Target", pct(a.Target))
	}
	return c.HTML()
}

// spendEuro writes cents as an amount in the page's language: "€ 1.250",
// "€ 1.250,50" (nl).
func spendEuro(l i18n.Lang, cents int64) string { return i18n.Euro(l, float64(cents)/100) }

// spendPercent writes a share (0…1) with one decimal at most: "12,5 %"
// (nl), "12,5 %" (fr), "12.5%" (en).
func spendPercent(l i18n.Lang, share float64) string {
	n := i18n.Number(l, 100*share, 1)
	switch l {
	case i18n.FR:
		return n + "\u00a0%"
	case i18n.EN:
		return n + "%"
	}
	return n + " %"
}
