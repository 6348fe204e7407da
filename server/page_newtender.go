package server

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
	"koppel/ingest"
)

// maxFormLots is how many lots the Nieuwe opdracht form offers; more lots
// come in through a spreadsheet or an eForms notice.
const maxFormLots = 3

// newTenderPage is the Nieuwe opdracht page, and the Opdracht bewerken
// page that reuses its form.
type newTenderPage struct {
	Form   newTenderForm
	Kinds  []koppel.ClauseKindInfo
	Error  string
	Result *ingest.TenderResult // after an upload
	// Edit is the tender being edited; nil on Nieuwe opdracht.
	Edit *koppel.Tender
}

type newTenderForm struct {
	Title, Buyer, Description, Deadline, Status string
	// BuyerFixed: the organisation comes from the buyer's token (or, for a
	// tender from a notice, the notice) and is shown, not asked.
	BuyerFixed bool
	Lots       []lotForm
	// Errors are the problems of the fields, shown beside them and listed
	// at the top, in lang.
	Errors formErrors
	lang   i18n.Lang
}

type lotForm struct {
	N int
	// ID is the lot's ID when editing a stored lot ("" for a new one): it
	// keeps the lot's identity, its clauses and what the form does not
	// show (value, NUTS) through an edit.
	ID                                                            string
	Title, Description, CPV, Postcode, Start, End, Volume, Clause string
	// Clauses are the lot's stored clauses, shown beside the select.
	Clauses []clauseView
	// Groups are the codes of the wished target groups ticked.
	Groups []string
}

func emptyTenderForm(buyer string, fixed bool) newTenderForm {
	f := newTenderForm{Buyer: buyer, BuyerFixed: fixed, Status: string(koppel.TenderDraft)}
	for i := 1; i <= maxFormLots; i++ {
		f.Lots = append(f.Lots, lotForm{N: i})
	}
	return f
}

func (s *Server) handleNewTenderPage(c *gin.Context) {
	p := caller(c)
	s.render(c, http.StatusOK, "newtender", tr(c, "nav.new_tender"), newTenderPage{Form: emptyTenderForm(p.Token.Buyer, !p.isAdmin()), Kinds: koppel.ClauseKinds})
}

// handleNewTenderForm creates a tender from the form and goes to its page.
func (s *Server) handleNewTenderForm(c *gin.Context) {
	p := caller(c)
	t := koppel.Tender{ID: newTenderID(), Source: koppel.TenderSource{Kind: "form"}}
	f, slots := s.readTenderForm(c, &t, nil)
	f.Status = c.PostForm("status")
	t.Status = koppel.TenderStatus(f.Status)
	if !p.isAdmin() {
		p.claim(&t, nil)
		f.Buyer = t.Buyer.Name
	}
	// Validate also when the form had problems, so that the buyer sees a
	// wrong CPV code or postcode in the same round as a wrong date.
	if err := t.Validate(s.Reference); err != nil {
		f.addValidation(err, slots)
	}
	if f.Errors.Any() {
		f.Errors.sort()
		s.render(c, http.StatusBadRequest, "newtender", tr(c, "nav.new_tender"), newTenderPage{Form: f, Kinds: koppel.ClauseKinds})
		return
	}
	if err := s.storeTender(c, &t); err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/opdrachten/"+t.ID)
}

// readTenderForm reads the tender form into t, lot by lot, on top of old
// when editing (its lots keep what the form does not show), and returns
// the form as typed with the problems of the fields it could not read,
// and the form slot (from 1) of each of t's lots. The lot slots are
// bounded by koppel.MaxLots.
func (s *Server) readTenderForm(c *gin.Context, t *koppel.Tender, old *koppel.Tender) (newTenderForm, []int) {
	f := newTenderForm{Title: c.PostForm("title"), Buyer: c.PostForm("buyer"), Description: c.PostForm("description"), Deadline: c.PostForm("deadline"), lang: lang(c)}
	t.Title, t.Description, t.Buyer.Name = f.Title, f.Description, f.Buyer
	f.BuyerFixed = !caller(c).isAdmin()
	var slots []int
	t.Deadline = koppel.Date{}
	if f.Deadline != "" {
		d, err := koppel.ParseDate(f.Deadline)
		if err != nil {
			f.addTender("deadline", i18n.ErrorText(f.lang, err))
		}
		t.Deadline = d
	}
	nslots := maxFormLots
	if n, err := strconv.Atoi(c.PostForm("lots")); err == nil && n > nslots {
		nslots = min(n, koppel.MaxLots)
	}
	stored := map[string]*koppel.Lot{}
	if old != nil {
		for i := range old.Lots {
			stored[old.Lots[i].ID] = &old.Lots[i]
		}
	}
	t.Lots = nil
	used := map[string]bool{}
	for i := 1; i <= nslots; i++ {
		n := strconv.Itoa(i)
		lf := lotForm{N: i, ID: c.PostForm("lot" + n + "_id"), Title: c.PostForm("lot" + n + "_title"), Description: c.PostForm("lot" + n + "_description"), CPV: c.PostForm("lot" + n + "_cpv"),
			Postcode: c.PostForm("lot" + n + "_postcode"), Start: c.PostForm("lot" + n + "_start"), End: c.PostForm("lot" + n + "_end"),
			Volume: c.PostForm("lot" + n + "_volume"), Clause: c.PostForm("lot" + n + "_clause"), Groups: c.PostFormArray("lot" + n + "_target_group")}
		prev := stored[lf.ID]
		if prev == nil || used[lf.ID] {
			lf.ID, prev = "", nil // not a lot of this tender: a new one
		}
		if prev != nil {
			lf.Clauses = s.clauseViews(lang(c), prev.Clauses)
		}
		if strings.TrimSpace(lf.Title) == "" {
			f.Lots = append(f.Lots, lf)
			continue
		}
		l := koppel.Lot{ID: n}
		if old != nil {
			l.ID = "" // chosen below, among the IDs the tender has
		}
		if prev != nil {
			l = *prev
			if strings.TrimSpace(lf.Postcode) != prev.Postcode {
				l.City, l.NUTS, l.Place = "", "", nil // the place moved: Validate finds it again
			}
		}
		used[l.ID] = true
		l.Title, l.Description, l.Postcode = lf.Title, lf.Description, lf.Postcode
		var words []string
		l.CPV, words = splitCPVField(lf.CPV)
		var cpvWords string
		var cpvHits []cpvHit
		if len(words) > 0 {
			cpvWords, cpvHits = s.cpvWordsError(f.lang, words)
		}
		f.Lots = append(f.Lots, lf)
		if cpvWords != "" {
			f.addLot(i, "cpv", cpvWords)
			f.Errors.addCPVChoices(f.lang, "lot"+strconv.Itoa(i)+"_cpv", cpvHits)
		}
		l.Start, l.End = koppel.Date{}, koppel.Date{}
		for _, fv := range [][2]string{{"start", lf.Start}, {"end", lf.End}} {
			field, v := fv[0], fv[1]
			if v == "" {
				continue
			}
			d, err := koppel.ParseDate(v)
			if err != nil {
				f.addLot(i, field, i18n.ErrorText(f.lang, err))
				continue
			}
			if field == "start" {
				l.Start = d
			} else {
				l.End = d
			}
		}
		l.VolumeFTE = 0
		if lf.Volume != "" {
			v, err := strconv.ParseFloat(strings.Replace(lf.Volume, ",", ".", 1), 64)
			if err != nil || !(v >= 0) || math.IsInf(v, 1) {
				f.addLot(i, "volume_fte", i18n.T(f.lang, "form.volume_fte"))
			} else {
				l.VolumeFTE = v
			}
		}
		l.Clauses = chosenClauses(l.Clauses, koppel.ClauseKind(lf.Clause))
		l.TargetGroups = formGroups(c, "lot"+n+"_target_group")
		t.Lots = append(t.Lots, l)
		slots = append(slots, i)
	}
	// New lots of an edited tender get the lowest free numbers.
	next := 1
	for i := range t.Lots {
		if t.Lots[i].ID != "" {
			continue
		}
		for used[strconv.Itoa(next)] {
			next++
		}
		t.Lots[i].ID = strconv.Itoa(next)
		used[t.Lots[i].ID] = true
	}
	return f, slots
}

// chosenClauses applies the form's Sociale clausule select to a lot's
// clauses: it shows the first clause's kind, so the same kind keeps them
// all (with their texts), none removes them, and another kind replaces the
// first.
func chosenClauses(cs []koppel.Clause, kind koppel.ClauseKind) []koppel.Clause {
	switch {
	case kind == "":
		return nil
	case len(cs) > 0 && cs[0].Kind == kind:
		return cs
	}
	c := koppel.Clause{Kind: kind}
	if kind == koppel.ClauseExecutionCondition {
		c.SocialObjectives = []string{"opp"}
	}
	out := []koppel.Clause{c}
	for i, o := range cs {
		if i > 0 && o.Kind != kind {
			out = append(out, o)
		}
	}
	return out
}

// handleNewTenderUpload imports an eForms notice or a tender spreadsheet
// from the page and shows what came in.
func (s *Server) handleNewTenderUpload(c *gin.Context) {
	p := caller(c)
	data := newTenderPage{Form: emptyTenderForm(p.Token.Buyer, !p.isAdmin()), Kinds: koppel.ClauseKinds}
	name, body, err := s.readUploadedFile(c)
	if err == nil {
		data.Result, err = s.Importer.Tenders(c.Request.Context(), s.Tenders, p.tenderRequest(name, body))
	}
	if err == nil {
		s.announceImported(c.Request.Context(), data.Result)
		local := *data.Result
		local.Problems = localProblems(lang(c), data.Result.Problems)
		data.Result = &local
	}
	if err != nil {
		if koppel.ErrorCode(err) == koppel.EINTERNAL {
			s.writeError(c, err)
			return
		}
		data.Error = s.userMessage(c, err)
		s.render(c, http.StatusBadRequest, "newtender", tr(c, "nav.new_tender"), data)
		return
	}
	s.render(c, http.StatusOK, "newtender", tr(c, "nav.new_tender"), data)
}

// splitCPVField splits what was typed in a CPV field into codes and the
// parts with letters, which are no code ("reiniging", "ramen wassen").
func splitCPVField(v string) (codes []koppel.CPV, words []string) {
	for _, part := range strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' }) {
		part = strings.TrimSpace(part)
		if strings.ContainsFunc(part, unicode.IsLetter) {
			words = append(words, part)
			continue
		}
		for _, code := range strings.Fields(part) {
			codes = append(codes, koppel.CPV(code))
		}
	}
	return codes, words
}

// cpvWordsError says that the words are no CPV code and offers the codes
// the picker finds for them, so that typed words lead somewhere.
func (s *Server) cpvWordsError(l i18n.Lang, words []string) (string, []cpvHit) {
	e, hits := s.cpvWordsProblem("", words)
	return fieldText(l, e), hits
}

// cpvWordsProblem is cpvWordsError as the problem of field, with its
// catalogue key.
func (s *Server) cpvWordsProblem(field string, words []string) (koppel.FieldError, []cpvHit) {
	var hits []cpvHit
	for _, w := range words {
		for _, e := range s.CPVs.CPVSearch(w, 5) {
			hits = append(hits, cpvHit{Code: e.Full(), Label: e.NL, FR: e.FR, EN: e.EN})
		}
	}
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = strconv.Quote(w)
	}
	key := "form.cpv_words"
	if len(hits) == 0 {
		key = "form.cpv_words_none"
	}
	args := []any{"Words", strings.Join(quoted, ", ")}
	return koppel.FieldError{Field: field, Message: i18n.T(i18n.NL, key, args...), Key: key, Args: args}, hits
}
