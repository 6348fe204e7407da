package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"koppel"
	"koppel/i18n"
)

func (s *Server) needPageRoutes() []route {
	return []route{
		{Method: "GET", Path: "/aanvragen", Summary: "Needs page: a buyer's own (Mijn aanvragen), those sent to an enterprise (Aanvragen voor ons), all for an admin", Page: true, Roles: anyRole, Handler: s.handleNeedListPage},
		{Method: "GET", Path: "/aanvragen/nieuw", Summary: "New need form (buyer; ?van=ID prefills a copy)", Page: true, Roles: buyerOnly, Handler: s.handleNewNeedPage},
		{Method: "POST", Path: "/aanvragen/nieuw", Summary: "Post a need (form)", Page: true, Roles: buyerOnly, Body: bodyForm, Rate: rateWrite, Handler: s.handleNewNeedForm},
		{Method: "GET", Path: "/aanvragen/:id", Summary: "Need page: preview and send, answers side by side; for an enterprise its answer form", Page: true, Roles: anyRole, Rate: rateSearch, Handler: s.handleNeedPage},
		{Method: "POST", Path: "/aanvragen/:id/versturen", Summary: "Send a need to the enterprises ticked in the preview (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleNeedSendForm},
		{Method: "POST", Path: "/aanvragen/:id/antwoorden", Summary: "Answer a need (form; an enterprise it was sent to)", Page: true, Roles: supplierOnly, Body: bodyForm, Rate: rateWrite, Handler: s.handleNeedAnswerForm},
		{Method: "POST", Path: "/aanvragen/:id/kiezen", Summary: "Choose an answer (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleNeedChooseForm},
		{Method: "POST", Path: "/aanvragen/:id/sluiten", Summary: "Close a need (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleNeedCloseForm},
		{Method: "POST", Path: "/aanvragen/:id/vragen/:answer", Summary: "Reply to an enterprise's question (form)", Page: true, Roles: buyerOrAdmin, Body: bodyForm, Rate: rateWrite, Handler: s.handleNeedReplyForm},
	}
}

// needListPage is the Aanvragen page.
type needListPage struct {
	Received bool // an enterprise's list
	Needs    []*koppel.Need
	Summary  []koppel.NeedSummary
	Total    int
	Open     int // unanswered, for an enterprise
	Pager    pager
}

func (s *Server) handleNeedListPage(c *gin.Context) {
	page, size, err := pageParams(c)
	if err == nil {
		err = s.needsAvailable()
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	data := needListPage{}
	title := tr(c, "nav.my_needs")
	switch p := caller(c); p.role() {
	case koppel.RoleSupplier:
		title, data.Received = tr(c, "nav.needs_for_us"), true
		var res ReceivedNeeds
		if res, err = s.receivedNeeds(c, page, size); err == nil {
			data.Summary, data.Total, data.Open = res.Needs, res.Total, res.Unanswered
		}
	case koppel.RoleAdmin:
		title = tr(c, "needs.all")
		data.Needs, data.Total, err = s.ownNeeds(c, page, size)
	default:
		data.Needs, data.Total, err = s.ownNeeds(c, page, size)
	}
	if err != nil {
		s.writeError(c, err)
		return
	}
	data.Pager = newPager(c, page, size, data.Total)
	s.render(c, http.StatusOK, "needs", title, data)
}

// needForm is the new need form as typed.
type needForm struct {
	Title, Description, Category, CPV, Postcode, RadiusKm, Start, End, Frequency, Volume, Budget, AnswerBy string
	Reserved                                                                                               bool
	CopyOf                                                                                                 string
	// Groups are the codes of the wished target groups ticked.
	Groups []string
	// cpvHits are the codes the words typed in the CPV field may mean.
	cpvHits []cpvHit
}

// newNeedPage is the Nieuwe aanvraag page.
type newNeedPage struct {
	Form        needForm
	Errors      formErrors
	Categories  []koppel.CategoryInfo
	Frequencies []koppel.Frequency
}

// needFields are the fields of the need form in their order: element id,
// the catalogue key of the label, the koppel.FieldError name.
var needFields = []fieldDef{
	{"title", "newtender.lot_title", "title"}, {"description", "clause.description", "description"}, {"category", "need.category", "category"},
	{"cpv", "newneed.cpv", "cpv"}, {"postcode", "search.place", "postcode"}, {"radius_km", "newneed.radius", "radius_km"},
	{"start", "newneed.from", "start"}, {"end", "internship.to", "end"}, {"frequency", "newneed.frequency", "frequency"},
	{"volume", "lot.volume", "volume"}, {"budget_eur", "newneed.budget", "budget_eur"}, {"answer_by", "need.answer_by", "answer_by"},
	{"target_groups", "groups.wanted_optional", "target_groups"},
}

func (s *Server) newNeedPage(l i18n.Lang, f needForm, fes koppel.FieldErrorList) newNeedPage {
	p := newNeedPage{Form: f, Categories: koppel.Categories, Frequencies: koppel.Frequencies}
	p.Errors.addFields(l, needFields, fes, "forms.need")
	if len(p.Errors.Field("cpv").Messages) > 0 {
		p.Errors.addCPVChoices(l, "cpv", f.cpvHits)
	}
	return p
}

// formOfNeed fills the form from a need, for a copy.
func formOfNeed(n *koppel.Need) needForm {
	f := needForm{Title: n.Title, Description: n.Description, Category: string(n.Category), Postcode: n.Postcode,
		Start: n.Start.Dutch(), End: n.End.Dutch(), Frequency: string(n.Frequency), Volume: n.Volume, Reserved: n.Reserved, CopyOf: n.ID, Groups: groupCodes(n.TargetGroups)}
	var cpv []string
	for _, c := range n.CPV {
		cpv = append(cpv, string(c))
	}
	f.CPV = strings.Join(cpv, ", ")
	if n.RadiusKm > 0 {
		f.RadiusKm = dutchNum(n.RadiusKm, 1)
	}
	if n.BudgetEUR > 0 {
		f.Budget = dutchNum(n.BudgetEUR, 2)
	}
	if !n.AnswerBy.Before(today()) {
		f.AnswerBy = n.AnswerBy.Dutch()
	}
	return f
}

func (s *Server) handleNewNeedPage(c *gin.Context) {
	f := needForm{Frequency: string(koppel.FrequencyOnce)}
	if from := c.Query("van"); from != "" {
		n, err := s.findOwnNeedID(c, from)
		if err != nil {
			s.writeError(c, err)
			return
		}
		f = formOfNeed(n)
	}
	s.render(c, http.StatusOK, "newneed", tr(c, "needs.new"), s.newNeedPage(lang(c), f, nil))
}

// readNeedForm reads the form into a need of the caller, with the errors
// of what could not be read.
func (s *Server) readNeedForm(c *gin.Context) (needForm, *koppel.Need, koppel.FieldErrorList) {
	f := needForm{Title: c.PostForm("title"), Description: c.PostForm("description"), Category: c.PostForm("category"), CPV: c.PostForm("cpv"),
		Postcode: strings.TrimSpace(c.PostForm("postcode")), RadiusKm: c.PostForm("radius_km"), Start: c.PostForm("start"), End: c.PostForm("end"),
		Frequency: c.PostForm("frequency"), Volume: c.PostForm("volume"), Budget: c.PostForm("budget_eur"), AnswerBy: c.PostForm("answer_by"),
		Reserved: c.PostForm("reserved") != "", CopyOf: c.PostForm("copy_of"), Groups: c.PostFormArray("target_group")}
	var fe koppel.FieldErrorList
	n := &koppel.Need{ID: koppel.NewNeedID(timeNow()), Owner: caller(c).Token.Buyer, Title: f.Title, Description: f.Description,
		Category: koppel.Category(f.Category), Postcode: f.Postcode, Frequency: koppel.Frequency(f.Frequency), Volume: f.Volume, Reserved: f.Reserved,
		TargetGroups: formGroups(c, "target_group")}
	var words []string
	n.CPV, words = splitCPVField(f.CPV)
	if len(words) > 0 {
		e, hits := s.cpvWordsProblem("cpv", words)
		fe = append(fe, e)
		f.cpvHits = hits
	}
	if r, ok := s.Reference.(placeResolver); ok && f.Postcode != "" {
		if p, ok := r.ResolvePlace(f.Postcode); ok {
			n.Postcode, n.City = p.Postcode, p.Name
		} else {
			fe = append(fe, koppel.FieldErrorOf("postcode", placeUnknown(f.Postcode)))
		}
	}
	for _, d := range []struct {
		id, v string
		to    *koppel.Date
	}{{"start", f.Start, &n.Start}, {"end", f.End, &n.End}, {"answer_by", f.AnswerBy, &n.AnswerBy}} {
		if strings.TrimSpace(d.v) == "" {
			continue
		}
		v, err := koppel.ParseDate(strings.TrimSpace(d.v))
		if err != nil {
			fe = append(fe, koppel.FieldErrorOf(d.id, err))
		}
		*d.to = v
	}
	var ok bool
	if n.RadiusKm, ok = formFloat(f.RadiusKm); !ok {
		fe = append(fe, koppel.FieldErrorOf("radius_km", koppel.Errorf(koppel.EINVALID, "geef een aantal km, bv. 15").WithKey("error.forms_km_number")))
	}
	if n.BudgetEUR, ok = formFloat(f.Budget); !ok {
		fe = append(fe, koppel.FieldErrorOf("budget_eur", koppel.Errorf(koppel.EINVALID, "geef een bedrag in euro, bv. 2500").WithKey("error.forms_euro_number")))
	}
	if f.CopyOf != "" && koppel.ValidTenderID(f.CopyOf) {
		n.CopyOf = f.CopyOf
	}
	// Validate also when the form had problems, so that every field's
	// error shows in one round; what the form found first stays.
	return f, n, fe.Merge(n.ValidateFields(s.Reference, today()))
}

func (s *Server) handleNewNeedForm(c *gin.Context) {
	if err := s.needsAvailable(); err != nil {
		s.writeError(c, err)
		return
	}
	f, n, fe := s.readNeedForm(c)
	if len(fe) > 0 {
		s.render(c, http.StatusBadRequest, "newneed", tr(c, "needs.new"), s.newNeedPage(lang(c), f, fe))
		return
	}
	if err := s.Needs.CreateNeed(c.Request.Context(), n); err != nil {
		s.writeError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/aanvragen/"+n.ID)
}

// needPage is the page of one need.
type needPage struct {
	Need     *koppel.Need
	Category string // its label
	// Budget and Radius are written the Dutch way ("" when not given).
	Budget, Radius string
	Manage         bool // the buyer's (or an admin's) view
	// Before sending: who will be told.
	Preview      []koppel.NeedRecipient
	PreviewError string
	// After sending: one card per recipient, answered ones first.
	Cards    []answerCard
	Answered int
	// An enterprise's view: why it got the need, its answers, its form.
	Recipient koppel.NeedRecipient
	Mine      []koppel.NeedAnswer
	CanAnswer bool
	Form      AnswerInput
	Errors    formErrors
	Reasons   []koppel.DeclineReason
	// Error is a refusal of the last action, shown at the top.
	Error string
}

// answerCard is a recipient with what it answered.
type answerCard struct {
	Recipient koppel.NeedRecipient
	Latest    *koppel.NeedAnswer
	Questions []koppel.NeedAnswer
	Chosen    bool
}

func (s *Server) handleNeedPage(c *gin.Context) {
	n, err := s.findVisibleNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	s.renderNeed(c, http.StatusOK, n, needPage{})
}

// renderNeed fills in the page of n for the caller and renders it.
func (s *Server) renderNeed(c *gin.Context, status int, n *koppel.Need, data needPage) {
	p := caller(c)
	data.Need, data.Manage, data.Reasons = needFor(p, n), ownsNeed(p, n), koppel.DeclineReasons
	data.Category = enumLabel(lang(c), "category.", string(n.Category), n.Category.Label())
	if n.BudgetEUR > 0 {
		data.Budget = "€ " + i18n.Number(lang(c), n.BudgetEUR, 2)
		if l := lang(c); l != i18n.NL {
			data.Budget = i18n.Euro(l, n.BudgetEUR)
		}
	}
	if n.RadiusKm > 0 {
		data.Radius = i18n.Number(lang(c), n.RadiusKm, 1) + " km"
	}
	switch {
	case data.Manage && !n.Sent() && n.Status == koppel.NeedOpen:
		rs, err := s.needMatches(c.Request.Context(), n)
		if err != nil {
			s.writeError(c, err)
			return
		}
		data.Preview = rs
		if len(rs) == 0 {
			data.PreviewError = tr(c, "forms.need_no_match")
		}
	case data.Manage:
		data.Cards, data.Answered = answerCards(n)
	default:
		kbo := p.Token.Enterprise
		data.Recipient, _ = n.Recipient(kbo)
		data.Mine = data.Need.Answers
		data.CanAnswer = n.Status == koppel.NeedOpen && !n.AnswerBy.Before(today())
		if data.Form.Kind == "" {
			data.Form.Kind = koppel.AnswerInterested
		}
	}
	s.render(c, status, "need", n.Title, data)
}

// answerCards puts the recipients side by side: those that answered
// first (in the order of their answers), then the others.
func answerCards(n *koppel.Need) ([]answerCard, int) {
	var answered, waiting []answerCard
	for _, r := range n.Recipients {
		card := answerCard{Recipient: r}
		for _, a := range n.Answers {
			if a.Enterprise == r.Enterprise && a.Kind == koppel.AnswerQuestion {
				card.Questions = append(card.Questions, a)
			}
		}
		if a, ok := n.LatestAnswer(r.Enterprise); ok {
			card.Latest, card.Chosen = a, a.ID == n.Chosen
			answered = append(answered, card)
		} else {
			waiting = append(waiting, card)
		}
	}
	return append(answered, waiting...), len(answered)
}

func (s *Server) handleNeedSendForm(c *gin.Context) {
	n, err := s.findOwnNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	only := []koppel.KBO{}
	for _, v := range c.PostFormArray("kbo") {
		if k, err := koppel.ParseKBO(v); err == nil {
			only = append(only, k)
		}
	}
	if _, err := s.sendNeed(c.Request.Context(), n, only); err != nil {
		s.needActionFailed(c, n, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/aanvragen/"+n.ID)
}

// needActionFailed shows the need page again with why an action was
// refused; an internal error is the error page.
func (s *Server) needActionFailed(c *gin.Context, n *koppel.Need, err error) {
	code := koppel.ErrorCode(err)
	if code == koppel.EINTERNAL || code == koppel.EUNAVAILABLE {
		s.writeError(c, err)
		return
	}
	if fresh, ferr := s.Needs.FindNeedByID(c.Request.Context(), n.ID); ferr == nil {
		n = fresh
	}
	s.renderNeed(c, statusByCode[code], n, needPage{Error: s.userMessage(c, err)})
}

func (s *Server) handleNeedAnswerForm(c *gin.Context) {
	n, err := s.findVisibleNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	in := AnswerInput{Kind: koppel.AnswerKind(c.PostForm("kind")), Message: c.PostForm("message"), Price: c.PostForm("price"), Reason: koppel.DeclineReason(c.PostForm("reason"))}
	if _, fe, err := s.answerNeed(c, n.ID, in); err != nil {
		if len(fe) == 0 {
			s.needActionFailed(c, n, err)
			return
		}
		var errs formErrors
		errs.addFields(lang(c), answerFields, fe, "forms.answer")
		s.renderNeed(c, http.StatusBadRequest, n, needPage{Form: in, Errors: errs, Error: tr(c, "need.answer_not_sent")})
		return
	}
	c.Redirect(http.StatusSeeOther, "/aanvragen/"+n.ID)
}

// answerFields are the fields of a need's answer form.
var answerFields = []fieldDef{
	{"kind", "need.your_answer_label", "kind"}, {"message", "need.message", "message"}, {"price", "need.price_label", "price"}, {"reason", "need.reason", "reason"},
}

func (s *Server) handleNeedChooseForm(c *gin.Context) {
	n, err := s.findOwnNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	answer := c.PostForm("answer")
	if _, err := s.Needs.UpdateNeed(c.Request.Context(), n.ID, func(n *koppel.Need) error { return n.Choose(answer) }); err != nil {
		s.needActionFailed(c, n, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/aanvragen/"+n.ID)
}

func (s *Server) handleNeedCloseForm(c *gin.Context) {
	n, err := s.findOwnNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if _, err := s.closeNeed(c.Request.Context(), n.ID); err != nil {
		s.needActionFailed(c, n, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/aanvragen/"+n.ID)
}

func (s *Server) handleNeedReplyForm(c *gin.Context) {
	n, err := s.findOwnNeed(c)
	if err != nil {
		s.writeError(c, err)
		return
	}
	if _, err := s.replyToQuestion(c.Request.Context(), n.ID, c.Param("answer"), c.PostForm("reply")); err != nil {
		s.needActionFailed(c, n, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/aanvragen/"+n.ID)
}

// needsWaiting counts, for the page header, the needs a signed-in
// enterprise has not answered; 0 for others and when the count fails (the
// header is no place for an error).
func (s *Server) needsWaiting(c *gin.Context, p principal) int {
	if p.role() != koppel.RoleSupplier || s.Needs == nil {
		return 0
	}
	n, err := s.Needs.CountUnansweredNeeds(c.Request.Context(), p.Token.Enterprise, maxUnansweredCount)
	if err != nil {
		s.logger().Warn("count unanswered needs", "err", err, "request_id", requestID(c))
		return 0
	}
	return n
}
