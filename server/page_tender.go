package server

import (
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/clauses"
	"koppel/i18n"
	"koppel/match"
	"koppel/search"
)

// tenderListPage is what the Opdrachten page shows: the same search, and
// the same visibility, as GET /api/v1/tenders.
type tenderListPage struct {
	Q      string
	Result *search.TenderResult
	Rows   []tenderRow
	Pager  pager
}

type tenderRow struct {
	search.TenderHit
	Title   template.HTML
	Places  []string
	Clauses []string
	// When says where the tender stands in time (tenderWhen).
	When string
}

type tenderPage struct {
	T    *koppel.Tender
	Lots []lotView // one page of lots, with their matches
	Own  bool
	// Pager pages through the lots when there are more than fit a page
	// (?percelen=N).
	Pager pager
	// Contacts of the matched enterprises, so a buyer can call them.
	Contacts map[koppel.KBO]koppel.Contact
	// Closed is true for a closed tender and for a published one past its
	// deadline (the server closes it within the hour); When says where it
	// stands in time (tenderWhen).
	Closed bool
	When   string
	// Notice confirms the status the tender's buyer just gave it.
	Notice string
	// Download links to this page of lots' matches as a file; Scan to
	// their market scans (buyers and admins); Print to the printable page.
	Download, Scan downloadLinks
	Print          string
}

type lotView struct {
	*koppel.Lot
	Matches *match.LotMatches
	// Pager pages the lot's matches; ShowIneligible and HideIneligible
	// link to the page with and without the enterprises that may not bid.
	Pager                                     pager
	FirstPage, ShowIneligible, HideIneligible string
	CPV                                       []cpvView
	Clauses                                   []clauseView
	Period                                    string
	Value                                     string
	Volume                                    string
	// Groups are the wished target groups, in Dutch ("" for none).
	Groups string
	// Outcome is the lot's outcome, if recorded; OutcomeLink the form to
	// record it, for its buyer.
	Outcome     *outcomeView
	OutcomeLink string

	// Save saves ticked matches of the lot in a shortlist (buyers).
	Save *saveForm
	// Chart draws the matches' capacity against the lot's volume (see
	// lotCapacityChart).
	Chart template.HTML
}

type clauseView struct {
	Label  string
	Detail string
	// EForms are the codes the clause sets on the lot's notice.
	EForms []clauses.EFormsCode
}

func (s *Server) handleTenderListPage(c *gin.Context) {
	q, err := tenderQuery(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	res, err := s.Search.Tenders(c.Request.Context(), q)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data := tenderListPage{Q: q.Text, Result: res, Pager: newPager(c, res.Page, res.Size, res.Total)}
	today := koppel.DateOf(timeNow())
	for _, h := range res.Hits {
		row := tenderRow{TenderHit: h, Title: template.HTML(template.HTMLEscapeString(h.Tender.Title))}
		outcomes, err := s.tenderOutcomes(c.Request.Context(), h.Tender.ID)
		if err != nil {
			s.writeError(c, err)
			return
		}
		row.When = tenderWhen(lang(c), h.Tender.Status, h.Tender.Deadline, len(h.Tender.Lots), outcomes, today)
		if hl := h.Highlights["title"]; len(hl) > 0 {
			row.Title = template.HTML(hl[0]) // escaped by the searcher, <mark> only
		}
		seenP, seenC := map[string]bool{}, map[string]bool{}
		for _, l := range h.Tender.Lots {
			if l.Municipality != "" && !seenP[l.Municipality] {
				seenP[l.Municipality] = true
				row.Places = append(row.Places, l.Municipality)
			}
			labels := make([]string, 0, len(l.Clauses)+1)
			for _, k := range l.Clauses {
				labels = append(labels, enumLabel(lang(c), "clausekind.", string(k), kindLabel(k)))
			}
			if l.SocialObjective {
				labels = append(labels, s.objectiveLabel(lang(c), l.SocialObjectives))
			}
			for _, label := range labels {
				if !seenC[label] {
					seenC[label] = true
					row.Clauses = append(row.Clauses, label)
				}
			}
		}
		data.Rows = append(data.Rows, row)
	}
	s.render(c, http.StatusOK, "tenders", tr(c, "nav.tenders"), data)
}

func (s *Server) handleTenderPage(c *gin.Context) {
	t, err := s.findVisibleTender(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data := tenderPage{T: t, Own: ownsTender(caller(c), t)}
	if data.Own {
		data.Notice = statusNotice(c, t)
	}
	today := koppel.DateOf(timeNow())
	data.Closed = t.Status == koppel.TenderClosed || t.Expired(today)
	mp, err := readMatchPage(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	data.Pager = pagerWith(mp.lots, defaultLotsPerPage, len(t.Lots), func(n int) string { return mp.lotsLink(c, n) })
	w := lotWindow(t, mp.lots, defaultLotsPerPage)
	s.tenderDownloads(c, &data, mp)
	save := s.saveFormFor(c, "", "save.enterprises")
	matches, err := s.Matcher.MatchTenderEach(c.Request.Context(), w, mp.options)
	if err != nil {
		s.writeError(c, err)
		return
	}
	outcomes, err := s.lotOutcomes(c, t)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var recorded []*koppel.Outcome
	for _, v := range outcomes {
		recorded = append(recorded, v.Outcome)
	}
	data.When = tenderWhen(lang(c), t.Status, t.Deadline, len(t.Lots), recorded, today)
	for i := range w.Lots {
		l := &w.Lots[i]
		lv := lotView{Lot: l, Outcome: outcomes[l.ID], Save: save.forLot(t.ID, l.ID)}
		if data.Own && t.Status != koppel.TenderDraft && s.Outcomes != nil {
			lv.OutcomeLink = "/opdrachten/" + url.PathEscape(t.ID) + "/percelen/" + url.PathEscape(l.ID) + "/uitslag"
		}
		if i < len(matches.Lots) {
			lm := &matches.Lots[i]
			lv.Matches = lm
			lv.Pager = pagerWith(lm.Page, lm.Size, lm.Total, func(n int) string { return mp.link(c, l.ID, n, mp.all) })
			lv.FirstPage = mp.link(c, l.ID, 1, mp.all)
			lv.ShowIneligible, lv.HideIneligible = mp.link(c, l.ID, 1, true), mp.link(c, l.ID, 1, false)
			s.addContacts(c, &data, lm.Matches)
			lv.Chart = lotCapacityChart(lang(c), l, lm, lv.Pager.First)
		}
		for _, code := range l.CPV {
			cv := cpvView{Code: string(code)}
			if s.Reference != nil {
				if e, ok := s.Reference.CPV(code); ok {
					cv.Code, cv.Label = e.Full(), cpvLabel(lang(c), e)
				}
			}
			lv.CPV = append(lv.CPV, cv)
		}
		lv.Clauses = s.clauseViews(lang(c), l.Clauses)
		switch {
		case !l.Start.IsZero() && !l.End.IsZero():
			lv.Period = l.Start.Dutch() + " – " + l.End.Dutch()
		case !l.Start.IsZero():
			lv.Period = tr(c, "lot.from", "Date", l.Start.Dutch())
		}
		if l.VolumeFTE > 0 {
			lv.Volume = tr(c, "unit.fte", "N", i18n.Number(lang(c), l.VolumeFTE, 1))
		}
		if l.Value > 0 {
			lv.Value = i18n.Euro(lang(c), math.Round(l.Value))
		}
		lv.Groups = groupLabelsIn(lang(c), l.TargetGroups)
		data.Lots = append(data.Lots, lv)
	}
	s.render(c, http.StatusOK, "tender", t.Title, data)
}

// clauseViews are a lot's clauses as the pages show them.
func (s *Server) clauseViews(l i18n.Lang, cs []koppel.Clause) []clauseView {
	var out []clauseView
	for _, cl := range cs {
		info, _ := cl.Kind.Info()
		cv := clauseView{Label: enumLabel(l, "clausekind.", string(cl.Kind), info.Label), Detail: cl.Text, EForms: clauses.Load().EFormsOf(cl)}
		if cl.Objective {
			cv.Label = s.objectiveLabel(l, cl.SocialObjectives)
		}
		if cl.Weight > 0 {
			cv.Label += " (" + i18n.Number(l, cl.Weight, 1) + " %)"
		}
		out = append(out, cv)
	}
	return out
}

// addContacts reads the contact details of the matched enterprises that
// are not known yet: at most the page size of matches per lot.
func (s *Server) addContacts(c *gin.Context, data *tenderPage, ms []match.Match) {
	for _, m := range ms {
		if _, ok := data.Contacts[m.Enterprise.KBO]; ok {
			continue
		}
		if data.Contacts == nil {
			data.Contacts = map[koppel.KBO]koppel.Contact{}
		}
		if e, err := s.Enterprises.FindEnterpriseByKBO(c.Request.Context(), m.Enterprise.KBO); err == nil {
			data.Contacts[m.Enterprise.KBO] = e.Contact
		}
	}
}

// lotPageSize is the number of matches a lot shows per page on the tender
// page.
const lotPageSize = match.DefaultSize

// matchPage is which matches the tender page shows: page lots of the
// tender's lots, page page of lot lot (the others their first), and with
// all the enterprises that may not bid on a reserved lot too.
type matchPage struct {
	lots int
	lot  string
	page int
	all  bool
}

// readMatchPage reads ?percelen=N&perceel=ID&page=N&alle=1. Returns
// EINVALID for a page that is no number of 1 or more.
func readMatchPage(c *gin.Context) (matchPage, error) {
	mp := matchPage{lot: c.Query("perceel"), page: 1, all: c.Query("alle") == "1"}
	var err error
	if mp.lots, _, err = lotPageParams(c, "percelen", ""); err != nil {
		return mp, err
	}
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxLotPage {
			return mp, koppel.Errorf(koppel.EINVALID, "pagina %q bestaat niet: kies een getal van 1 tot %d", v, maxLotPage).WithKey("error.lots_page", "Value", v, "Max", maxLotPage)
		}
		mp.page = n
	}
	return mp, nil
}

// maxLotPage bounds the page number: a lot has at most
// match.DefaultCandidates offerings to page through.
const maxLotPage = 1000

func (mp matchPage) options(l *koppel.Lot) match.Options {
	o := match.Options{Page: 1, Size: lotPageSize, IncludeIneligible: mp.all}
	if l.ID == mp.lot {
		o.Page = mp.page
	}
	return o
}

// link is the tender page at page n of lot id, with or without the
// not-eligible enterprises, scrolled to the lot.
func (mp matchPage) link(c *gin.Context, id string, n int, all bool) string {
	q := url.Values{}
	if mp.lots > 1 {
		q.Set("percelen", strconv.Itoa(mp.lots))
	}
	if n > 1 {
		q.Set("perceel", id)
		q.Set("page", strconv.Itoa(n))
	}
	if all {
		q.Set("alle", "1")
	}
	u := c.Request.URL.Path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u + "#perceel-" + url.PathEscape(id)
}

// lotsLink is the tender page at page n of its lots, each lot's matches
// at their first page.
func (mp matchPage) lotsLink(c *gin.Context, n int) string {
	q := url.Values{}
	if n > 1 {
		q.Set("percelen", strconv.Itoa(n))
	}
	if mp.all {
		q.Set("alle", "1")
	}
	if len(q) == 0 {
		return c.Request.URL.Path
	}
	return c.Request.URL.Path + "?" + q.Encode()
}

// statusNotice confirms the status change a status button made
// (?status=, see tenderStatusForm) when the tender still has that status:
// a link kept from earlier does not claim a change that was undone.
func statusNotice(c *gin.Context, t *koppel.Tender) string {
	if to := koppel.TenderStatus(c.Query("status")); to != t.Status {
		return ""
	}
	switch t.Status {
	case koppel.TenderPublished:
		return tr(c, "tender.now_published")
	case koppel.TenderClosed:
		return tr(c, "tender.now_closed")
	case koppel.TenderWithdrawn:
		return tr(c, "tender.now_withdrawn")
	}
	return ""
}
