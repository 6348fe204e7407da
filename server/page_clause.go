package server

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/clauses"
	"koppel/export"
	"koppel/i18n"
)

// clausePage is the Sociale clausule opstellen page.
type clausePage struct {
	Form   clauseForm
	Kinds  []koppel.ClauseKindInfo
	Result *DraftResponse
	Kind   string // label of the drafted kind
	Error  string
	// Contacts of the best-fitting enterprises the scan names.
	Contacts map[koppel.KBO]koppel.Contact
	// Attach offers to put the drafted clause on a lot of the buyer's
	// tender the form came from.
	Attach *clauseAttach
	// Charts draw the market scan (see scanCharts).
	Charts []template.HTML
}

// clauseForm holds the fields of the form as typed, to show them again.
type clauseForm struct {
	Buyer, Title, Description, CPV, Postcode, Start, End, Volume, Clause string
	// Tender is the buyer's own tender the form was filled in from: the
	// drafted clause can be put on its lots.
	Tender string
}

// handleClausePage shows the form, filled in from a lot of a tender when
// ?tender=ID&lot=ID names one the caller may see.
func (s *Server) handleClausePage(c *gin.Context) {
	data := clausePage{Kinds: koppel.ClauseKinds}
	if id := c.Query("tender"); id != "" {
		t, err := s.Tenders.FindTenderByID(c.Request.Context(), id)
		if err == nil && canSeeTender(caller(c), t) {
			for _, l := range t.Lots {
				if l.ID != c.Query("lot") {
					continue
				}
				f := &data.Form
				if ownsTender(caller(c), t) {
					f.Tender = t.ID
				}
				f.Buyer, f.Title, f.Description, f.Postcode = t.Buyer.Name, l.Title, l.Description, l.Postcode
				f.CPV = s.cpvField(l.CPV) // with check digits, as the tender page shows them
				f.Start, f.End = l.Start.Dutch(), l.End.Dutch()
				if len(l.Clauses) > 0 {
					f.Clause = string(l.Clauses[0].Kind) // the clause the buyer chose for the lot
				}
				if l.VolumeFTE > 0 {
					f.Volume = i18n.Number(lang(c), l.VolumeFTE, 1)
				}
			}
		}
	}
	s.render(c, http.StatusOK, "clause", tr(c, "clause.title"), data)
}

// handleClauseForm runs the market scan for the lot of the form and shows
// the advice and the draft.
func (s *Server) handleClauseForm(c *gin.Context) {
	f := clauseForm{Buyer: c.PostForm("buyer"), Title: c.PostForm("title"), Description: c.PostForm("description"), CPV: c.PostForm("cpv"),
		Postcode: c.PostForm("postcode"), Start: c.PostForm("start"), End: c.PostForm("end"), Volume: c.PostForm("volume_fte"), Clause: c.PostForm("clause"), Tender: c.PostForm("tender")}
	data := clausePage{Form: f, Kinds: koppel.ClauseKinds}
	fail := func(err error) {
		if koppel.ErrorCode(err) == koppel.EINTERNAL {
			s.writeError(c, err)
			return
		}
		data.Error = s.userMessage(c, err)
		s.render(c, http.StatusBadRequest, "clause", tr(c, "clause.title"), data)
	}
	lot := koppel.Lot{ID: "1", Title: f.Title, Description: f.Description, Postcode: f.Postcode}
	for _, code := range strings.FieldsFunc(f.CPV, func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' }) {
		lot.CPV = append(lot.CPV, koppel.CPV(code))
	}
	var err error
	if f.Start != "" {
		if lot.Start, err = koppel.ParseDate(f.Start); err != nil {
			fail(err)
			return
		}
	}
	if f.End != "" {
		if lot.End, err = koppel.ParseDate(f.End); err != nil {
			fail(err)
			return
		}
	}
	if f.Volume != "" {
		if lot.VolumeFTE, err = strconv.ParseFloat(strings.Replace(f.Volume, ",", ".", 1), 64); err != nil || lot.VolumeFTE < 0 {
			fail(koppel.Errorf(koppel.EINVALID, "volume %q: geef een aantal VTE, bv. 2,5", f.Volume).WithKey("error.clause_volume", "Value", f.Volume))
			return
		}
	}
	t := koppel.Tender{Title: lot.Title, Buyer: koppel.Buyer{Name: firstNonEmpty(f.Buyer, "aankoper")}, Lots: []koppel.Lot{lot}}
	if err := t.Validate(s.Reference); err != nil {
		fail(err)
		return
	}
	resp, err := s.draftForLot(c.Request.Context(), &t.Lots[0], koppel.ClauseKind(f.Clause), clauses.TemplateParams{Buyer: f.Buyer, Object: objectText(&t.Lots[0]), ObjectFR: objectTextFR(&t.Lots[0])})
	if err != nil {
		fail(err)
		return
	}
	if format, err := export.ParseFormat(c.PostForm("format")); err != nil || format != "" {
		if err != nil {
			fail(err)
			return
		}
		s.exportScans(c, format, tr(c, "imports.export_file.scan"), lot.Title, draftLotFields(lang(c), &DraftLot{Title: f.Title, CPV: []string{f.CPV}, Postcode: f.Postcode, VolumeFTE: lot.VolumeFTE}), []scanLot{{ID: "1", Title: f.Title, Resp: resp}})
		return
	}
	data.Result, data.Kind = resp, resp.Draft.Label
	data.Charts = scanCharts(lang(c), resp.Scan)
	data.Attach = s.attachOffer(c, f.Tender, resp.Draft)
	for _, b := range resp.Scan.Best { // five at most
		if e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), b.KBO); err == nil {
			if data.Contacts == nil {
				data.Contacts = map[koppel.KBO]koppel.Contact{}
			}
			data.Contacts[b.KBO] = e.Contact
		}
	}
	s.render(c, http.StatusOK, "clause", tr(c, "clause.title"), data)
}
