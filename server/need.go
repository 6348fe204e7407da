package server

import (
	"context"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/match"
)

var (
	buyerOnly    = []koppel.Role{koppel.RoleBuyer}
	supplierOnly = []koppel.Role{koppel.RoleSupplier}
)

func (s *Server) needRoutes() []route {
	return []route{
		{Method: "POST", Path: "/api/v1/needs", Summary: "Post a need (aanvraag) for a small purchase (buyer); it is sent with /send", Tag: "needs",
			Roles: buyerOnly, Body: bodyJSON, Rate: rateWrite, Request: NeedInput{}, Response: koppel.Need{}, Handler: s.handleNeedCreate},
		{Method: "GET", Path: "/api/v1/needs", Summary: "The caller's needs, newest first (a buyer's own; all for an admin)", Tag: "needs",
			Roles: buyerOrAdmin, Query: pageParamsDoc, Response: NeedList{}, Handler: s.handleNeedList},
		{Method: "GET", Path: "/api/v1/needs/received", Summary: "The needs sent to the caller's enterprise, newest first (supplier)", Tag: "needs",
			Roles: supplierOnly, Query: pageParamsDoc, Response: ReceivedNeeds{}, Handler: s.handleNeedsReceived},
		{Method: "GET", Path: "/api/v1/needs/:id", Summary: "One need: its buyer and admins see every answer, an enterprise it was sent to only its own", Tag: "needs",
			Roles: anyRole, Response: koppel.Need{}, Handler: s.handleNeedView},
		{Method: "GET", Path: "/api/v1/needs/:id/recipients", Summary: "Preview: the enterprises the need would be sent to, with the match explanation and eligibility", Tag: "needs",
			Roles: buyerOrAdmin, Rate: rateSearch, Response: []koppel.NeedRecipient{}, Handler: s.handleNeedRecipients},
		{Method: "POST", Path: "/api/v1/needs/:id/send", Summary: "Send the need to the matching enterprises (all of the preview, or those listed in enterprises)", Tag: "needs",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: SendNeedRequest{}, Response: koppel.Need{}, Handler: s.handleNeedSend},
		{Method: "POST", Path: "/api/v1/needs/:id/answers", Summary: "Answer a need sent to the caller's enterprise: interested, not_interested (with a reason) or question", Tag: "needs",
			Roles: supplierOnly, Body: bodyJSON, Rate: rateWrite, Request: AnswerInput{}, Response: koppel.NeedAnswer{}, Handler: s.handleNeedAnswer},
		{Method: "POST", Path: "/api/v1/needs/:id/answers/:answer/reply", Summary: "Reply to an enterprise's question (the need's buyer)", Tag: "needs",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: ReplyInput{}, Response: koppel.NeedAnswer{}, Handler: s.handleNeedReply},
		{Method: "POST", Path: "/api/v1/needs/:id/choose", Summary: "Mark an interested answer as the chosen one (the need's buyer)", Tag: "needs",
			Roles: buyerOrAdmin, Body: bodyJSON, Rate: rateWrite, Request: ChooseInput{}, Response: koppel.Need{}, Handler: s.handleNeedChoose},
		{Method: "POST", Path: "/api/v1/needs/:id/close", Summary: "Close the need: it takes no more answers (the need's buyer)", Tag: "needs",
			Roles: buyerOrAdmin, Rate: rateWrite, Response: koppel.Need{}, Handler: s.handleNeedClose},
		{Method: "POST", Path: "/api/v1/needs/:id/duplicate", Summary: "Copy the need into a new, unsent need (optionally with a new answer_by date)", Tag: "needs",
			Roles: buyerOnly, Body: bodyJSON, Rate: rateWrite, Request: DuplicateInput{}, Response: koppel.Need{}, Handler: s.handleNeedDuplicate},
	}
}

// NeedInput is what a buyer writes of a need; Koppel sets the rest.
type NeedInput struct {
	Title       string           `json:"title"`
	Description string           `json:"description,omitempty"`
	Category    koppel.Category  `json:"category"`
	CPV         []koppel.CPV     `json:"cpv,omitempty"`
	Postcode    string           `json:"postcode"`
	RadiusKm    float64          `json:"radius_km,omitempty"`
	Start       koppel.Date      `json:"start"`
	End         koppel.Date      `json:"end"`
	Frequency   koppel.Frequency `json:"frequency,omitempty"`
	Volume      string           `json:"volume,omitempty"`
	BudgetEUR   float64          `json:"budget_eur,omitempty"`
	AnswerBy    koppel.Date      `json:"answer_by"`
	Reserved    bool             `json:"reserved"`
	// TargetGroups are wished target groups (codes or names): enterprises
	// that work with them are preferred among the recipients.
	TargetGroups []koppel.TargetGroup `json:"target_groups,omitempty"`
}

func (in NeedInput) need(id, owner string) *koppel.Need {
	return &koppel.Need{ID: id, Owner: owner, Title: in.Title, Description: in.Description, Category: in.Category, CPV: in.CPV,
		Postcode: in.Postcode, RadiusKm: in.RadiusKm, Start: in.Start, End: in.End, Frequency: in.Frequency,
		Volume: in.Volume, BudgetEUR: in.BudgetEUR, AnswerBy: in.AnswerBy, Reserved: in.Reserved, TargetGroups: in.TargetGroups}
}

// SendNeedRequest optionally narrows the recipients to some of the
// preview; without it the need goes to the whole preview.
type SendNeedRequest struct {
	Enterprises []koppel.KBO `json:"enterprises,omitempty"`
}

// AnswerInput is an enterprise's answer to a need.
type AnswerInput struct {
	Kind    koppel.AnswerKind    `json:"kind"`
	Message string               `json:"message,omitempty"`
	Price   string               `json:"price,omitempty"`
	Reason  koppel.DeclineReason `json:"reason,omitempty"`
}

// ReplyInput is the buyer's reply to a question.
type ReplyInput struct {
	Reply string `json:"reply"`
}

// ChooseInput names the chosen answer.
type ChooseInput struct {
	Answer string `json:"answer"`
}

// DuplicateInput optionally gives the copy a new answer-by date.
type DuplicateInput struct {
	AnswerBy koppel.Date `json:"answer_by"`
}

// NeedList is a page of needs.
type NeedList struct {
	Total int            `json:"total"`
	Page  int            `json:"page"`
	Size  int            `json:"size"`
	Needs []*koppel.Need `json:"needs"`
}

// ReceivedNeeds is a page of the needs sent to an enterprise.
type ReceivedNeeds struct {
	Total      int                  `json:"total"`
	Unanswered int                  `json:"unanswered"`
	Page       int                  `json:"page"`
	Size       int                  `json:"size"`
	Needs      []koppel.NeedSummary `json:"needs"`
}

// maxUnansweredCount is where the count of unanswered needs in the page
// header stops.
const maxUnansweredCount = 99

func today() koppel.Date { return koppel.DateOf(timeNow()) }

// needsAvailable refuses when the server has no need store.
func (s *Server) needsAvailable() error {
	if s.Needs == nil {
		return koppel.Errorf(koppel.EUNAVAILABLE, "aanvragen kunnen op deze server niet").WithKey("error.forms_needs_unavailable")
	}
	return nil
}

// needClosed refuses to send a closed need.
func needClosed() error {
	return koppel.Errorf(koppel.ECONFLICT, "deze aanvraag is afgesloten").WithKey("error.forms_need_closed")
}

// seesNeed applies koppel.Need.SeenBy to the caller.
func seesNeed(p principal, n *koppel.Need) bool {
	if p.Token == nil {
		return false
	}
	var buyer string
	var kbo koppel.KBO
	switch p.role() {
	case koppel.RoleBuyer:
		buyer = p.Token.Buyer
	case koppel.RoleSupplier:
		kbo = p.Token.Enterprise
	}
	return n.SeenBy(p.isAdmin(), buyer, kbo)
}

// ownsNeed: admins and the buyer account that posted the need.
func ownsNeed(p principal, n *koppel.Need) bool {
	return p.isAdmin() || p.role() == koppel.RoleBuyer && n.Owner == p.Token.Buyer
}

// findVisibleNeed returns the need of the URL if the caller sees it, and
// ENOTFOUND otherwise: a need the caller may not see does not exist for it.
func (s *Server) findVisibleNeed(c *gin.Context) (*koppel.Need, error) {
	return s.findVisibleNeedID(c, c.Param("id"))
}

// findVisibleNeedID is findVisibleNeed for need id.
func (s *Server) findVisibleNeedID(c *gin.Context, id string) (*koppel.Need, error) {
	if err := s.needsAvailable(); err != nil {
		return nil, err
	}
	n, err := s.Needs.FindNeedByID(c.Request.Context(), id)
	switch code := koppel.ErrorCode(err); {
	case code == koppel.ENOTFOUND, code == koppel.EINVALID, err == nil && !seesNeed(caller(c), n):
		return nil, koppel.Errorf(koppel.ENOTFOUND, "aanvraag %q niet gevonden", id).WithKey("error.need_not_found", "ID", id)
	case err != nil:
		return nil, err
	}
	return n, nil
}

// findOwnNeed returns the need of the URL when the caller may manage it
// (ownsNeed); one it sees but does not own answers EFORBIDDEN.
func (s *Server) findOwnNeed(c *gin.Context) (*koppel.Need, error) {
	return s.findOwnNeedID(c, c.Param("id"))
}

// findOwnNeedID is findOwnNeed for need id.
func (s *Server) findOwnNeedID(c *gin.Context, id string) (*koppel.Need, error) {
	n, err := s.findVisibleNeedID(c, id)
	if err != nil {
		return nil, err
	}
	if !ownsNeed(caller(c), n) {
		return nil, koppel.Errorf(koppel.EFORBIDDEN, "u mag aanvraag %s niet wijzigen", n.ID).WithKey("error.forms_need_forbidden", "ID", n.ID)
	}
	return n, nil
}

// needFor returns n as the caller may read it: whole for its buyer and
// admins, an enterprise's own part for a supplier.
func needFor(p principal, n *koppel.Need) *koppel.Need {
	if ownsNeed(p, n) {
		return n
	}
	return n.ForEnterprise(p.Token.Enterprise)
}

// createNeed validates and stores a new need of the caller.
func (s *Server) createNeed(ctx context.Context, n *koppel.Need) error {
	if err := s.needsAvailable(); err != nil {
		return err
	}
	if err := n.Validate(s.Reference, today()); err != nil {
		return err
	}
	return s.Needs.CreateNeed(ctx, n)
}

func (s *Server) handleNeedCreate(c *gin.Context) {
	var in NeedInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	n := in.need(koppel.NewNeedID(timeNow()), caller(c).Token.Buyer)
	if err := s.createNeed(c.Request.Context(), n); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, n)
}

func (s *Server) handleNeedList(c *gin.Context) {
	page, size, err := pageParams(c)
	if err == nil {
		err = s.needsAvailable()
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	list, total, err := s.ownNeeds(c, page, size)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, NeedList{Total: total, Page: page, Size: size, Needs: list})
}

// ownNeeds returns a page of the needs the caller manages: a buyer's
// own, all for an admin.
func (s *Server) ownNeeds(c *gin.Context, page, size int) ([]*koppel.Need, int, error) {
	f := koppel.NeedFilter{Offset: (page - 1) * size, Limit: size}
	if p := caller(c); !p.isAdmin() {
		return s.Needs.FindNeedsByOwner(c.Request.Context(), p.Token.Buyer, f)
	}
	return s.Needs.FindNeeds(c.Request.Context(), f)
}

func (s *Server) handleNeedsReceived(c *gin.Context) {
	page, size, err := pageParams(c)
	if err == nil {
		err = s.needsAvailable()
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	res, err := s.receivedNeeds(c, page, size)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

func (s *Server) receivedNeeds(c *gin.Context, page, size int) (ReceivedNeeds, error) {
	kbo := caller(c).Token.Enterprise
	list, total, err := s.Needs.FindNeedsForEnterprise(c.Request.Context(), kbo, koppel.NeedFilter{Offset: (page - 1) * size, Limit: size})
	if err != nil {
		return ReceivedNeeds{}, err
	}
	open, err := s.Needs.CountUnansweredNeeds(c.Request.Context(), kbo, maxUnansweredCount)
	return ReceivedNeeds{Total: total, Unanswered: open, Page: page, Size: size, Needs: list}, err
}

func (s *Server) handleNeedView(c *gin.Context) {
	n, err := s.findVisibleNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, needFor(caller(c), n))
}

func (s *Server) handleNeedRecipients(c *gin.Context) {
	n, err := s.findOwnNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	rs, err := s.needMatches(c.Request.Context(), n)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, rs)
}

// needLot is the need as a tender with one lot, so that it is matched
// with the same engine and eligibility rules as a lot: its CPV codes, or
// else the typical codes of its category, and for a reserved need the
// reserved clause of sheltered workshops and integration enterprises
// (res-ws).
func needLot(n *koppel.Need) (*koppel.Tender, *koppel.Lot) {
	lot := koppel.Lot{ID: "1", Title: n.Title, Description: n.Description, CPV: n.CPV, Postcode: n.Postcode, City: n.City,
		Place: n.Place, Start: n.Start, End: n.End, TargetGroups: n.TargetGroups}
	if len(lot.CPV) == 0 {
		for _, c := range koppel.Categories {
			if c.Category == n.Category {
				lot.CPV = slices.Clone(c.CPV)
			}
		}
	}
	if n.Reserved {
		lot.Clauses = []koppel.Clause{{Kind: koppel.ClauseReservedWS}}
	}
	t := &koppel.Tender{ID: n.ID, Title: n.Title, Buyer: koppel.Buyer{Name: n.Owner}, Status: koppel.TenderPublished, Lots: []koppel.Lot{lot}}
	return t, &t.Lots[0]
}

// offersKind reports whether match m offers the need's kind of service:
// an offering in category c, or a CPV class shared with the need. A word in
// common alone (a "bibliotheek" or "sanitair" in a gardener's catalogue)
// does not make a cleaning need its business. A need without a category
// takes every match.
func offersKind(m match.Match, c koppel.Category) bool {
	if c == "" || m.Explanation.CPV != nil {
		return true
	}
	return slices.ContainsFunc(m.Offerings, func(o match.OfferingRef) bool { return o.Category == c })
}

// needMatches returns the enterprises the need goes to: the best
// matches of its lot (needLot) that may bid on it and offer its kind of
// service (offersKind), within its radius when it has one, at most
// koppel.MaxNeedRecipients.
func (s *Server) needMatches(ctx context.Context, n *koppel.Need) ([]koppel.NeedRecipient, error) {
	if s.Matcher == nil {
		return nil, koppel.Errorf(koppel.EUNAVAILABLE, "matching kan op deze server niet").WithKey("error.forms_matching_unavailable")
	}
	t, lot := needLot(n)
	lm, err := s.Matcher.MatchLot(ctx, t, lot, match.Options{Size: match.MaxSize})
	if err != nil {
		return nil, err
	}
	out := []koppel.NeedRecipient{}
	for _, m := range lm.Matches {
		if n.RadiusKm > 0 && (m.Explanation.DistanceKm == nil || *m.Explanation.DistanceKm > n.RadiusKm) {
			continue
		}
		if !offersKind(m, n.Category) {
			continue
		}
		r := koppel.NeedRecipient{Enterprise: m.Enterprise.KBO, Name: m.Enterprise.Name, Score: m.Score,
			Explanation: m.Explanation.Text, Eligibility: m.Eligibility.Verdict}
		if n.Reserved {
			r.EligibilityReason = m.Eligibility.Reason
		}
		if out = append(out, r); len(out) == koppel.MaxNeedRecipients {
			break
		}
	}
	return out, nil
}

// sendNeed sends n to its matches (only those in only, when given),
// stores the recipients and tells them. Returns ECONFLICT for a need sent
// or closed before, EINVALID when no enterprise fits.
func (s *Server) sendNeed(ctx context.Context, n *koppel.Need, only []koppel.KBO) (*koppel.Need, error) {
	switch {
	case n.Sent():
		return nil, koppel.Errorf(koppel.ECONFLICT, "deze aanvraag werd al verstuurd op %s", koppel.DateOf(n.SentAt).Dutch()).WithKey("error.forms_need_sent_on", "Date", koppel.DateOf(n.SentAt).Dutch())
	case n.Status != koppel.NeedOpen:
		return nil, needClosed()
	case n.AnswerBy.Before(today()):
		return nil, koppel.Errorf(koppel.ECONFLICT, "de antwoorddatum %s ligt in het verleden: dupliceer de aanvraag met een nieuwe datum", n.AnswerBy.Dutch()).WithKey("error.forms_need_send_late", "Date", n.AnswerBy.Dutch())
	}
	rs, err := s.needMatches(ctx, n)
	if err != nil {
		return nil, err
	}
	if only != nil {
		rs = slices.DeleteFunc(rs, func(r koppel.NeedRecipient) bool { return !slices.Contains(only, r.Enterprise) })
	}
	if len(rs) == 0 {
		return nil, koppel.Errorf(koppel.EINVALID, "geen enkele gekozen onderneming past bij deze aanvraag: pas de omschrijving, de soort dienst of de plaats aan").WithKey("error.forms_need_no_recipients")
	}
	sent, err := s.Needs.UpdateNeed(ctx, n.ID, func(n *koppel.Need) error {
		switch {
		case n.Sent():
			return koppel.Errorf(koppel.ECONFLICT, "deze aanvraag werd al verstuurd").WithKey("error.forms_need_sent")
		case n.Status != koppel.NeedOpen:
			return needClosed()
		}
		n.Recipients, n.SentAt = rs, timeNow().UTC()
		return nil
	})
	if err != nil {
		return nil, err
	}
	kbos := make([]koppel.KBO, len(rs))
	for i, r := range rs {
		kbos[i] = r.Enterprise
	}
	s.notify(ctx, koppel.Event{Key: string(koppel.EventNeedSent) + "/" + sent.ID, Kind: koppel.EventNeedSent,
		Subject: sent.ID, Enterprises: kbos, Buyer: sent.Owner})
	return sent, nil
}

func (s *Server) handleNeedSend(c *gin.Context) {
	n, err := s.findOwnNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var req SendNeedRequest
	if err := decodeOptionalJSON(c, &req); err != nil {
		s.writeError(c, err)
		return
	}
	for i, k := range req.Enterprises {
		if req.Enterprises[i], err = koppel.ParseKBO(string(k)); err != nil {
			s.writeError(c, err)
			return
		}
	}
	sent, err := s.sendNeed(c.Request.Context(), n, req.Enterprises)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, sent)
}

// decodeOptionalJSON is decodeJSON for a body that may be left out.
func decodeOptionalJSON(c *gin.Context, v any) error {
	if c.Request.ContentLength == 0 {
		return nil
	}
	return decodeJSON(c, v)
}

// answerNeed adds the caller's answer to the need and tells its buyer.
func (s *Server) answerNeed(c *gin.Context, id string, in AnswerInput) (*koppel.NeedAnswer, koppel.FieldErrorList, error) {
	var fe koppel.FieldErrorList
	var added koppel.NeedAnswer
	ans := koppel.NeedAnswer{Enterprise: caller(c).Token.Enterprise, Kind: in.Kind, Message: in.Message, Price: in.Price, Reason: in.Reason, At: timeNow().UTC()}
	n, err := s.Needs.UpdateNeed(c.Request.Context(), id, func(n *koppel.Need) error {
		var err error
		fe, err = n.AddAnswer(ans, today())
		if err == nil {
			added = n.Answers[len(n.Answers)-1]
		}
		return err
	})
	if err != nil {
		return nil, fe, err
	}
	s.notify(c.Request.Context(), koppel.Event{Key: string(koppel.EventNeedAnswered) + "/" + n.ID + "/" + added.ID, Kind: koppel.EventNeedAnswered,
		Subject: n.ID, Enterprises: []koppel.KBO{added.Enterprise}, Buyer: n.Owner})
	return &added, nil, nil
}

func (s *Server) handleNeedAnswer(c *gin.Context) {
	n, err := s.findVisibleNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var in AnswerInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	a, _, err := s.answerNeed(c, n.ID, in)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, a)
}

func (s *Server) handleNeedReply(c *gin.Context) {
	n, err := s.findOwnNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var in ReplyInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	n, err = s.replyToQuestion(c.Request.Context(), n.ID, c.Param("answer"), in.Reply)
	if err != nil {
		s.writeError(c, err)
		return
	}
	a, _ := n.Answer(c.Param("answer"))
	c.JSON(http.StatusOK, a)
}

func (s *Server) replyToQuestion(ctx context.Context, id, answer, reply string) (*koppel.Need, error) {
	return s.Needs.UpdateNeed(ctx, id, func(n *koppel.Need) error { return n.ReplyTo(answer, reply, timeNow().UTC()) })
}

func (s *Server) handleNeedChoose(c *gin.Context) {
	n, err := s.findOwnNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var in ChooseInput
	if err := decodeJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	n, err = s.Needs.UpdateNeed(c.Request.Context(), n.ID, func(n *koppel.Need) error { return n.Choose(in.Answer) })
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, n)
}

func (s *Server) handleNeedClose(c *gin.Context) {
	n, err := s.findOwnNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	n, err = s.closeNeed(c.Request.Context(), n.ID)
	if err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusOK, n)
}

// closeNeed closes a need; closing a closed need changes nothing.
func (s *Server) closeNeed(ctx context.Context, id string) (*koppel.Need, error) {
	return s.Needs.UpdateNeed(ctx, id, func(n *koppel.Need) error {
		n.Status = koppel.NeedClosed
		return nil
	})
}

func (s *Server) handleNeedDuplicate(c *gin.Context) {
	n, err := s.findOwnNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	var in DuplicateInput
	if err := decodeOptionalJSON(c, &in); err != nil {
		s.writeError(c, err)
		return
	}
	cp := n.Copy(koppel.NewNeedID(timeNow()))
	if !in.AnswerBy.IsZero() {
		cp.AnswerBy = in.AnswerBy
	}
	if err := s.createNeed(c.Request.Context(), cp); err != nil {
		s.writeError(c, err)
		return
	}
	c.JSON(http.StatusCreated, cp)
}

// formFloat reads an amount as people type it: "2,5", "1500", "1.500",
// "€ 1.500,50"; empty is 0. A dot before groups of three digits, with no
// comma, separates thousands, as in Dutch.
func formFloat(v string) (float64, bool) {
	v = strings.TrimSpace(strings.NewReplacer("€", "", " ", "", "\u00a0", "").Replace(v))
	if v == "" {
		return 0, true
	}
	switch {
	case strings.Contains(v, ","):
		v = strings.Replace(strings.ReplaceAll(v, ".", ""), ",", ".", 1)
	case thousands.MatchString(v):
		v = strings.ReplaceAll(v, ".", "")
	}
	f, err := strconv.ParseFloat(v, 64)
	return f, err == nil && f >= 0
}

var thousands = regexp.MustCompile(`^\d{1,3}(\.\d{3})+$`)
