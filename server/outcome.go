package server

import (
	"context"
	"html/template"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
)

// OutcomeStore keeps the outcomes of lots and walks them for the outcome
// report. *store.Store implements it.
type OutcomeStore interface {
	koppel.OutcomeService
	ForEachOutcome(ctx context.Context, fn func(*koppel.Outcome) error) error
	ForEachTender(ctx context.Context, fn func(*koppel.Tender) error) error
}

func (s *Server) outcomeRoutes() []route {
	rs := []route{
		{Method: "GET", Path: "/api/v1/tenders/:id/lots/:lot/outcome", Summary: "The outcome of a lot: awarded to whom, or not awarded and why (404 when none is recorded)", Tag: "outcomes",
			Response: koppel.Outcome{}, Handler: s.handleOutcomeView},
		{Method: "PUT", Path: "/api/v1/tenders/:id/lots/:lot/outcome", Summary: "Record the outcome of a lot (the tender's buyer or an admin); a tender whose lots all have an outcome is closed", Tag: "outcomes",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: koppel.Outcome{}, Response: koppel.Outcome{}, Handler: s.handleOutcomePut},
		{Method: "GET", Path: "/api/v1/enterprises/:kbo/outcomes", Summary: "The lots an enterprise won (of the tenders the caller may see)", Tag: "outcomes",
			Response: []koppel.Outcome{}, Handler: s.handleOutcomesWon},
		{Method: "GET", Path: "/api/v1/outcomes/report", Summary: "Outcome report: reserved lots, social clauses, outcomes, share awarded to the social economy, and the needs sent, answered and chosen, per year, work form and category (a buyer's own tenders and needs; an admin all, or one buyer's with ?buyer=)", Tag: "outcomes",
			Roles: buyerOrAdmin, Rate: rateSearch, Query: []param{{Name: "buyer", In: "query", Type: "string", Description: "admins: the buyer account to report on"}}, Export: true,
			Response: koppel.OutcomeReport{}, Handler: s.handleOutcomeReport},
		{Method: "GET", Path: "/opdrachten/:id/percelen/:lot/uitslag", Summary: "Outcome form of a lot (its buyer or an admin)", Page: true, Roles: buyerOrAdmin, Handler: s.handleOutcomePage},
		{Method: "POST", Path: "/opdrachten/:id/percelen/:lot/uitslag", Summary: "Record the outcome of a lot (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleOutcomeForm},
		{Method: "GET", Path: "/resultaten", Summary: "Outcome report page (Resultaten)", Page: true, Roles: buyerOrAdmin, Rate: rateSearch, Handler: s.handleOutcomeReportPage},
	}
	for i := range rs {
		rs[i].Handler = s.needOutcomes(rs[i].Handler)
	}
	return rs
}

// needOutcomes answers 503 for a server that keeps no outcomes.
func (s *Server) needOutcomes(h gin.HandlerFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		if s.Outcomes == nil {
			s.writeError(c, koppel.Errorf(koppel.EUNAVAILABLE, "deze Koppel bewaart geen uitslagen").WithKey("error.forms_outcomes_unavailable"))
			return
		}
		h(c)
	}
}

// findLot returns the lot of the URL of a tender.
func findLot(t *koppel.Tender, id string) (*koppel.Lot, error) {
	for i := range t.Lots {
		if t.Lots[i].ID == id {
			return &t.Lots[i], nil
		}
	}
	return nil, koppel.Errorf(koppel.ENOTFOUND, "opdracht %s heeft geen perceel %q", t.ID, id).WithKey("error.lot_not_found", "Tender", t.ID, "Lot", id)
}

func (s *Server) handleOutcomeView(c *gin.Context) {
	t, err := s.findVisibleTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if _, err := findLot(t, c.Param("lot")); err != nil {
		s.writeError(c, err)
		return
	}
	o, err := s.Outcomes.FindOutcome(c.Request.Context(), t.ID, c.Param("lot"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, o)
}

func (s *Server) handleOutcomePut(c *gin.Context) {
	t, err := s.findOwnTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var o koppel.Outcome
	if err := decodeJSON(c, &o); err != nil {
		s.writeError(c, err)
		return
	}
	errs, err := s.recordOutcome(c, t, c.Param("lot"), &o, nil)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if len(errs) > 0 {
		s.writeError(c, errs.Err())
		return
	}
	c.JSON(http.StatusOK, o)
}

// recordOutcome checks and stores the outcome of lot of t, recorded by the
// caller: the problems of the outcome per field (after those the caller
// found, pre), or the error of a lot that does not exist or of the store.
// Nothing is stored while there is a problem. Winners named by company
// number must be enterprises of the directory; they get its name.
func (s *Server) recordOutcome(c *gin.Context, t *koppel.Tender, lot string, o *koppel.Outcome, pre koppel.FieldErrorList) (koppel.FieldErrorList, error) {
	ctx := c.Request.Context()
	if _, err := findLot(t, lot); err != nil {
		return nil, err
	}
	if t.Status == koppel.TenderDraft {
		return koppel.FieldErrorList{koppel.FieldErrorOf("result", koppel.Errorf(koppel.EINVALID, "dit is nog een ontwerp: publiceer de opdracht voor u een uitslag registreert").WithKey("error.forms_outcome_draft"))}, nil
	}
	o.TenderID, o.LotID, o.Procedure = t.ID, lot, ""
	o.Source = koppel.OutcomeSource{Kind: "form"}
	o.RecordedBy, o.RecordedAt = describeToken(caller(c).Token), timeNow().UTC()
	errs := append(pre, o.Check()...)
	for i, w := range o.Winners {
		if w.KBO == "" {
			continue
		}
		kbo, err := koppel.ParseKBO(string(w.KBO))
		if err == nil {
			var e *koppel.Enterprise
			if e, err = s.Enterprises.FindEnterpriseByKBO(ctx, kbo); err == nil {
				o.Winners[i].KBO, o.Winners[i].Name = e.KBO, e.Name
				continue
			}
		}
		if code := koppel.ErrorCode(err); code == koppel.ENOTFOUND || code == koppel.EINVALID {
			err = koppel.Errorf(koppel.EINVALID, "ondernemingsnummer %s is geen onderneming in Koppel: vul een winnaar buiten Koppel in bij naam", w.KBO).
				WithKey("error.forms_outcome_winner_unknown", "KBO", string(w.KBO))
		}
		errs = append(errs, koppel.FieldErrorOf("winner_kbo", err))
	}
	if len(errs) > 0 {
		return errs, nil
	}
	if err := s.Outcomes.PutOutcome(ctx, o); err != nil {
		return nil, err
	}
	// The tender may now be closed: its searches show it so at once.
	if err := s.syncTenders(c); err != nil {
		s.logger().Warn("sync after an outcome", "tender", t.ID, "err", err)
	}
	s.notify(ctx, outcomeEvent(t, o))
	return nil, nil
}

// outcomeEvent is the event of a recorded outcome. Its key names the lot,
// the result and the winners: recording the same outcome again tells no
// one twice, a changed one is told.
func outcomeEvent(t *koppel.Tender, o *koppel.Outcome) koppel.Event {
	e := koppel.Event{Kind: koppel.EventOutcomeRecorded, Subject: t.ID, Buyer: t.Owner}
	key := []string{string(e.Kind), t.ID, o.LotID, string(o.Result)}
	for _, w := range o.Winners {
		if w.InDirectory() {
			e.Enterprises = append(e.Enterprises, w.KBO)
			key = append(key, string(w.KBO))
		}
	}
	e.Key = strings.Join(key, "/")
	return e
}

func (s *Server) handleOutcomesWon(c *gin.Context) {
	kbo, err := koppel.ParseKBO(c.Param("kbo"))
	if err != nil {
		s.writeError(c, err)
		return
	}
	won, err := s.wonOutcomes(c, kbo)
	if err != nil {
		s.writeError(c, err)
		return
	}
	out := make([]*koppel.Outcome, len(won))
	for i, w := range won {
		out[i] = w.Outcome
	}
	c.JSON(http.StatusOK, out)
}

// wonLot is a lot an enterprise won, with its tender.
type wonLot struct {
	Outcome *koppel.Outcome
	Tender  *koppel.Tender
	Lot     *koppel.Lot
	Value   string
}

// wonOutcomes returns the lots kbo won of the tenders the caller may see.
func (s *Server) wonOutcomes(c *gin.Context, kbo koppel.KBO) ([]wonLot, error) {
	ctx := c.Request.Context()
	list, err := s.Outcomes.FindOutcomesByWinner(ctx, kbo)
	if err != nil {
		return nil, err
	}
	out := []wonLot{}
	for _, o := range list {
		t, err := s.Tenders.FindTenderByID(ctx, o.TenderID)
		if koppel.ErrorCode(err) == koppel.ENOTFOUND || err == nil && !canSeeTender(caller(c), t) {
			continue
		}
		if err != nil {
			return nil, err
		}
		l, err := findLot(t, o.LotID)
		if err != nil {
			continue
		}
		w := wonLot{Outcome: o, Tender: t, Lot: l}
		if o.Value > 0 {
			w.Value = "€ " + dutchNum(o.Value, 0)
		}
		out = append(out, w)
	}
	return out, nil
}

// outcomeView is a lot's outcome as the tender page shows it.
type outcomeView struct {
	*koppel.Outcome
	Awarded bool
	Reason  string
	Value   string
	Source  string
}

// lotOutcomes returns the outcomes of t's lots, by lot ID, as the tender
// page shows them; none when the server keeps no outcomes.
func (s *Server) lotOutcomes(c *gin.Context, t *koppel.Tender) (map[string]*outcomeView, error) {
	views := map[string]*outcomeView{}
	if s.Outcomes == nil {
		return views, nil
	}
	list, err := s.Outcomes.FindOutcomesByTender(c.Request.Context(), t.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range list {
		l := lang(c)
		v := &outcomeView{Outcome: o, Awarded: o.Result == koppel.OutcomeAwarded, Reason: enumLabel(l, "noaward.", string(o.Reason), o.Reason.Label())}
		if o.ReasonText != "" {
			v.Reason += ": " + o.ReasonText
		}
		if o.Value > 0 {
			v.Value = i18n.T(l, "lot.excl_vat", "Value", i18n.Euro(l, math.Round(o.Value)))
		}
		v.Source = outcomeSource(l, o, t, caller(c))
		views[o.LotID] = v
	}
	return views, nil
}

// outcomeForm is the outcome form of a lot, as typed, with its errors by
// field.
type outcomeForm struct {
	T             *koppel.Tender
	Lot           *koppel.Lot
	Result        string
	WinnerKBO     string
	WinnerName    string
	WinnerCompany string
	Reason        string
	ReasonText    string
	Date          string
	Value         string
	Reasons       []reasonOption
	Errors        formErrors
	Saved         bool
}

type reasonOption struct {
	Value, Label string
}

func (f *outcomeForm) fill() {
	for _, r := range koppel.NoAwardReasons {
		f.Reasons = append(f.Reasons, reasonOption{Value: string(r), Label: r.Label()})
	}
}

func (s *Server) outcomeFormTender(c *gin.Context) (*koppel.Tender, *koppel.Lot, error) {
	t, err := s.findOwnTender(c)
	if err != nil {
		return nil, nil, err
	}
	l, err := findLot(t, c.Param("lot"))
	return t, l, err
}

func (s *Server) handleOutcomePage(c *gin.Context) {
	t, l, err := s.outcomeFormTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	f := outcomeForm{T: t, Lot: l, Date: timeNow().Format("2006-01-02")}
	if o, err := s.Outcomes.FindOutcome(c.Request.Context(), t.ID, l.ID); err == nil {
		f.Result, f.Reason, f.ReasonText, f.Date = string(o.Result), string(o.Reason), o.ReasonText, o.Date.String()
		if o.Value > 0 {
			f.Value = strconv.FormatFloat(o.Value, 'f', -1, 64)
		}
		for _, w := range o.Winners {
			if w.KBO != "" && f.WinnerKBO == "" {
				f.WinnerKBO = w.KBO.String()
			} else if w.KBO == "" && f.WinnerName == "" {
				f.WinnerName, f.WinnerCompany = w.Name, w.CompanyID
			}
		}
	}
	f.fill()
	s.render(c, http.StatusOK, "outcome", tr(c, "outcome.of_lot_title", "ID", l.ID), f)
}

// handleOutcomeForm records the outcome typed on the form, or shows the
// form again with every problem beside its field.
func (s *Server) handleOutcomeForm(c *gin.Context) {
	t, l, err := s.outcomeFormTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	f := outcomeForm{T: t, Lot: l, Result: c.PostForm("result"), WinnerKBO: strings.TrimSpace(c.PostForm("winner_kbo")),
		WinnerName: c.PostForm("winner_name"), WinnerCompany: c.PostForm("winner_company"), Reason: c.PostForm("reason"),
		ReasonText: c.PostForm("reason_text"), Date: strings.TrimSpace(c.PostForm("date")), Value: strings.TrimSpace(c.PostForm("value"))}
	f.fill()
	if f.Result != string(koppel.OutcomeAwarded) && f.Result != string(koppel.OutcomeNotAwarded) {
		f.Result = "" // not one of the form's two choices (the page would quote a raw value): ask to choose
	}
	o := koppel.Outcome{Result: koppel.OutcomeResult(f.Result), ReasonText: f.ReasonText}
	var errs koppel.FieldErrorList
	if o.Result == koppel.OutcomeAwarded {
		if f.WinnerKBO != "" {
			o.Winners = append(o.Winners, koppel.Winner{KBO: koppel.KBO(f.WinnerKBO)})
		}
		o.Winners = append(o.Winners, koppel.Winner{Name: f.WinnerName, CompanyID: f.WinnerCompany})
	} else {
		o.Reason = koppel.NoAwardReason(f.Reason)
	}
	if f.Date != "" {
		d, err := koppel.ParseDate(f.Date)
		if err != nil {
			errs = append(errs, koppel.FieldErrorOf("date", koppel.Errorf(koppel.EINVALID, "datum %q niet herkend: schrijf dd/mm/jjjj, bv. 01/07/2026", f.Date).WithKey("error.forms_outcome_date", "Value", f.Date)))
		}
		o.Date = d
	}
	if f.Value != "" {
		v, ok := parseAmount(f.Value)
		if !ok {
			errs = append(errs, koppel.FieldErrorOf("value", koppel.Errorf(koppel.EINVALID, "bedrag %s niet herkend: schrijf bv. 125000 of 125.000,50", f.Value).WithKey("error.forms_outcome_value", "Value", f.Value)))
		}
		o.Value = v
	}
	errs, err = s.recordOutcome(c, t, l.ID, &o, errs)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if len(errs) == 0 {
		c.Redirect(http.StatusSeeOther, "/opdrachten/"+t.ID+"#perceel-"+l.ID)
		return
	}
	f.Errors.addFields(lang(c), outcomeFields, errs, "forms.outcome")
	s.render(c, http.StatusBadRequest, "outcome", tr(c, "outcome.of_lot_title", "ID", l.ID), f)
}

// outcomeFields are the fields of the outcome form in their order:
// element id, the catalogue key of the label, the koppel.FieldError name
// (a winner's problem shows beside the name of a winner outside Koppel).
var outcomeFields = []fieldDef{
	{"result-awarded", "outcome.q_awarded", "result"}, {"winner_kbo", "outcome.winner_kbo", "winner_kbo"}, {"winner_name", "outcome.winner_name", "winners"},
	{"reason", "outcome.reason", "reason"}, {"reason_text", "outcome.reason_text", "reason_text"}, {"date", "outcome.date", "date"}, {"value", "outcome.value", "value"},
}

// parseAmount reads an amount in euro as people type it: 125000,
// 125.000, 125 000,50, € 125000.50.
func parseAmount(s string) (float64, bool) {
	s = strings.NewReplacer("€", "", " ", "", "\u00a0", "", "EUR", "", "eur", "").Replace(s)
	if strings.Contains(s, ",") {
		s = strings.ReplaceAll(s, ".", "")
		s = strings.Replace(s, ",", ".", 1)
	} else if i := strings.LastIndexByte(s, '.'); i >= 0 && len(s)-i == 4 {
		s = strings.ReplaceAll(s, ".", "") // 125.000: a thousands separator
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && v >= 0
}

// outcomeReport builds the outcome report of the tenders of buyer ("" for
// all), leaving out drafts.
func (s *Server) outcomeReport(ctx context.Context, buyer string) (*koppel.OutcomeReport, error) {
	outs := map[string]*koppel.Outcome{}
	err := s.Outcomes.ForEachOutcome(ctx, func(o *koppel.Outcome) error {
		outs[o.TenderID+"/"+o.LotID] = o
		return nil
	})
	if err != nil {
		return nil, err
	}
	var lots []koppel.ReportLot
	err = s.Outcomes.ForEachTender(ctx, func(t *koppel.Tender) error {
		if t.Status == koppel.TenderDraft || buyer != "" && t.Owner != buyer {
			return nil
		}
		for i := range t.Lots {
			l := &t.Lots[i]
			lots = append(lots, koppel.ReportLot{Tender: t, Lot: l, Outcome: outs[t.ID+"/"+l.ID]})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	forms := map[koppel.KBO][]koppel.WorkForm{}
	formsOf := func(kbo koppel.KBO) []koppel.WorkForm {
		if f, ok := forms[kbo]; ok {
			return f
		}
		var f []koppel.WorkForm
		if e, err := s.Enterprises.FindEnterpriseByKBO(ctx, kbo); err == nil {
			for _, r := range e.Recognitions {
				f = append(f, r.Form)
			}
		}
		forms[kbo] = f
		return f
	}
	rep := koppel.BuildOutcomeReport(buyer, lots, formsOf)
	if s.Needs != nil {
		needs, left, err := s.reportNeeds(ctx, buyer)
		if err != nil {
			return nil, err
		}
		rep.AddNeeds(needs, formsOf)
		rep.NeedsLeftOut = left
	}
	return rep, nil
}

// reportNeeds reads the newest needs of buyer ("" for all), page by page
// through the store's lists, at most koppel.MaxReportNeeds; it returns
// them and how many older needs it left out.
func (s *Server) reportNeeds(ctx context.Context, buyer string) ([]*koppel.Need, int, error) {
	const page = 100
	var all []*koppel.Need
	for {
		f := koppel.NeedFilter{Offset: len(all), Limit: min(page, koppel.MaxReportNeeds-len(all))}
		var list []*koppel.Need
		var total int
		var err error
		if buyer == "" {
			list, total, err = s.Needs.FindNeeds(ctx, f)
		} else {
			list, total, err = s.Needs.FindNeedsByOwner(ctx, buyer, f)
		}
		if err != nil {
			return nil, 0, err
		}
		all = append(all, list...)
		if len(list) == 0 || len(all) >= total {
			return all, 0, nil
		}
		if len(all) >= koppel.MaxReportNeeds {
			return all, total - len(all), nil
		}
	}
}

// reportBuyer is whose tenders the report covers: a buyer's own, an
// admin's choice (all by default).
func reportBuyer(c *gin.Context) string {
	p := caller(c)
	if p.isAdmin() {
		return strings.TrimSpace(c.Query("buyer"))
	}
	return p.Token.Buyer
}

func (s *Server) handleOutcomeReport(c *gin.Context) {
	format, err := exportFormat(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	rep, err := s.outcomeReport(c.Request.Context(), reportBuyer(c))
	if err != nil {
		s.writeError(c, err)
		return
	}
	if format != "" {
		s.exportOutcomeReport(c, format, rep)
		return
	}
	c.JSON(http.StatusOK, rep)
}

// outcomeReportPage is the Resultaten page.
type outcomeReportPage struct {
	R        *koppel.OutcomeReport
	Admin    bool
	MaxNeeds int
	// Chart draws the reserved lots per year (see outcomeYearsChart);
	// Download links to the report as a file.
	Chart    template.HTML
	Download downloadLinks
}

func (s *Server) handleOutcomeReportPage(c *gin.Context) {
	rep, err := s.outcomeReport(c.Request.Context(), reportBuyer(c))
	if err != nil {
		s.writeError(c, err)
		return
	}
	admin := caller(c).isAdmin()
	s.render(c, http.StatusOK, "outcomes", tr(c, "nav.results"), outcomeReportPage{R: rep, Admin: admin, MaxNeeds: koppel.MaxReportNeeds, Chart: outcomeYearsChart(lang(c), rep), Download: outcomeDownloads(lang(c), admin, rep.Buyer)})
}
