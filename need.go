package koppel

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// NeedStatus is the state of a need (aanvraag).
type NeedStatus string

// Need states. An open need takes answers until its buyer closes it.
const (
	NeedOpen   NeedStatus = "open"
	NeedClosed NeedStatus = "closed"
)

// Frequency says how often the service of a need is wanted.
type Frequency string

// The frequencies a need offers.
const (
	FrequencyOnce      Frequency = "eenmalig"
	FrequencyDaily     Frequency = "dagelijks"
	FrequencyWeekly    Frequency = "wekelijks"
	FrequencyBiweekly  Frequency = "tweewekelijks"
	FrequencyMonthly   Frequency = "maandelijks"
	FrequencyQuarterly Frequency = "driemaandelijks"
	FrequencyYearly    Frequency = "jaarlijks"
)

// Frequencies lists the frequencies in the order forms offer them.
var Frequencies = []Frequency{FrequencyOnce, FrequencyDaily, FrequencyWeekly, FrequencyBiweekly, FrequencyMonthly, FrequencyQuarterly, FrequencyYearly}

// AnswerKind is what an enterprise answers to a need.
type AnswerKind string

// The kinds of answer.
const (
	AnswerInterested    AnswerKind = "interested"
	AnswerNotInterested AnswerKind = "not_interested"
	AnswerQuestion      AnswerKind = "question"
)

// DeclineReason is why an enterprise is not interested in a need.
type DeclineReason string

// The reasons an enterprise gives for declining; DeclineOther asks for a
// text.
const (
	DeclineNoCapacity DeclineReason = "geen capaciteit"
	DeclineOutOfArea  DeclineReason = "buiten ons werkgebied"
	DeclineNotOurs    DeclineReason = "niet onze dienst"
	DeclineTooSoon    DeclineReason = "termijn te kort"
	DeclineOther      DeclineReason = "andere"
)

// DeclineReasons lists the reasons in the order forms offer them.
var DeclineReasons = []DeclineReason{DeclineNoCapacity, DeclineOutOfArea, DeclineNotOurs, DeclineTooSoon, DeclineOther}

// Limits on a need. They keep one need, its page and its matching
// bounded.
const (
	// MaxNeedRecipients is the most enterprises a need is sent to: the
	// best matches.
	MaxNeedRecipients = 50
	// MaxNeedAnswers is the most answers a need takes, and
	// MaxAnswersPerEnterprise the most from one enterprise (questions
	// included).
	MaxNeedAnswers          = 500
	MaxAnswersPerEnterprise = 20
	// MaxNeedTitle, MaxNeedText and MaxAnswerText bound the texts, in
	// characters.
	MaxNeedTitle  = 200
	MaxNeedText   = 5000
	MaxAnswerText = 2000
	// MaxNeedShort bounds the short texts: volume, price indication, place.
	MaxNeedShort = 200
	// MaxRadiusKm is the largest radius a need may ask.
	MaxRadiusKm = 300
)

// Need is a buyer's small purchase (aanvraag): below the tender thresholds,
// it is sent to the enterprises that fit it, who answer. Only its buyer,
// admins and the enterprises it was sent to see it (SeenBy).
type Need struct {
	ID string `json:"id"`
	// Owner is the buyer account (the token's buyer name) that posted it.
	Owner string `json:"owner"`
	// What.
	Title       string   `json:"title"`
	Description string   `json:"description,omitempty"`
	Category    Category `json:"category"`
	CPV         []CPV    `json:"cpv,omitempty"`
	// Where: a Belgian postcode (Place is filled in from it), and
	// optionally how far from it the enterprises may be.
	Postcode string  `json:"postcode"`
	City     string  `json:"city,omitempty"`
	Place    *Place  `json:"place,omitempty"`
	RadiusKm float64 `json:"radius_km,omitempty"`
	// When.
	Start     Date      `json:"start"`
	End       Date      `json:"end"`
	Frequency Frequency `json:"frequency"`
	// How much: a volume in words ("3 klaslokalen, 2 uur per dag") and/or
	// a budget indication in euro.
	Volume    string  `json:"volume,omitempty"`
	BudgetEUR float64 `json:"budget_eur,omitempty"`
	// AnswerBy is the date answers are expected by; none are taken after.
	AnswerBy Date `json:"answer_by"`
	// Reserved: only social-economy enterprises that may bid on a reserved
	// contract (the eligibility rules of a reserved lot) are told.
	Reserved bool `json:"reserved"`
	// TargetGroups are the buyer's wish: enterprises that work with these
	// target groups are preferred among the recipients (not a condition).
	TargetGroups []TargetGroup `json:"target_groups,omitempty"`
	Status       NeedStatus    `json:"status"`
	// SentAt is when it was sent to Recipients; zero while the buyer has
	// not sent it yet.
	SentAt     time.Time       `json:"sent_at,omitzero"`
	Recipients []NeedRecipient `json:"recipients,omitempty"`
	Answers    []NeedAnswer    `json:"answers,omitempty"`
	// Chosen is the ID of the answer the buyer chose, "" for none.
	Chosen string `json:"chosen,omitempty"`
	// CopyOf names the need this one duplicates.
	CopyOf    string    `json:"copy_of,omitempty"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// NeedRecipient is an enterprise a need was sent to, with why it was
// chosen and its eligibility verdict at sending.
type NeedRecipient struct {
	Enterprise KBO     `json:"enterprise"`
	Name       string  `json:"name"`
	Score      float64 `json:"score"`
	// Explanation is the match explanation in one plain Dutch sentence.
	Explanation string      `json:"explanation"`
	Eligibility Eligibility `json:"eligibility"`
	// EligibilityReason says why, with the figures (empty when the need is
	// not reserved).
	EligibilityReason string `json:"eligibility_reason,omitempty"`
}

// NeedAnswer is one answer of an enterprise to a need: interested (with a
// message and optionally a price indication), not interested (with a
// reason), or a question, which the buyer can reply to.
type NeedAnswer struct {
	ID         string        `json:"id"`
	Enterprise KBO           `json:"enterprise"`
	Kind       AnswerKind    `json:"kind"`
	Message    string        `json:"message,omitempty"`
	Price      string        `json:"price,omitempty"` // price indication in words, e.g. "€ 32 per uur"
	Reason     DeclineReason `json:"reason,omitempty"`
	Reply      string        `json:"reply,omitempty"` // the buyer's reply to a question
	RepliedAt  time.Time     `json:"replied_at,omitzero"`
	At         time.Time     `json:"at"`
}

// Validate checks the need and fills in its place, category and defaults
// (status open, frequency eenmalig). ref may be nil to check the form
// only; today, when not zero, is the earliest answer-by date. Returns
// EINVALID carrying every field's problem (see ValidateFields).
func (n *Need) Validate(ref Reference, today Date) error {
	return n.ValidateFields(ref, today).Err()
}

// ValidateFields is Validate with the problems per field, in the order of
// the form, each with its catalogue key.
func (n *Need) ValidateFields(ref Reference, today Date) FieldErrorList {
	var fe FieldErrorList
	add := func(field, msg, key string, args ...any) { fe.addKey(field, "", msg, key, args...) }
	n.Title = strings.TrimSpace(n.Title)
	n.Description = strings.TrimSpace(n.Description)
	n.Volume = strings.TrimSpace(n.Volume)
	switch {
	case n.Title == "":
		add("title", "geef uw aanvraag een titel, bv. 'Poetsdienst voor drie klaslokalen'", "error.forms_need_title_missing")
	case utf8.RuneCountInString(n.Title) > MaxNeedTitle:
		add("title", fmt.Sprintf("de titel is te lang: hoogstens %d tekens", MaxNeedTitle), "error.forms_title_too_long", "Max", MaxNeedTitle)
	}
	if utf8.RuneCountInString(n.Description) > MaxNeedText {
		add("description", fmt.Sprintf("de omschrijving is te lang: hoogstens %d tekens", MaxNeedText), "error.forms_description_too_long", "Max", MaxNeedText)
	}
	if strings.TrimSpace(n.Owner) == "" {
		add("owner", "de aankoper ontbreekt", "error.forms_need_owner_missing")
	}
	if n.Category == "" {
		add("category", "kies een soort dienst", "error.forms_need_category_missing")
	} else if c, _ := MatchCategory(string(n.Category)); c == "" {
		add("category", fmt.Sprintf("%q is geen soort dienst van Koppel: kies er een uit de lijst", n.Category), "error.forms_need_category_unknown", "Value", string(n.Category))
	} else {
		n.Category = c
	}
	for i, c := range n.CPV {
		var err error
		if ref != nil {
			n.CPV[i], err = ValidateCPV(ref, string(c))
		} else {
			n.CPV[i], _, err = ParseCPV(string(c))
		}
		if err != nil {
			fe.addErr("cpv", "", err)
			break
		}
	}
	n.Postcode = strings.TrimSpace(n.Postcode)
	switch {
	case n.Postcode == "":
		add("postcode", "geef de postcode of de gemeente waar het werk gebeurt", "error.forms_need_postcode_missing")
	case ref != nil:
		p, ok := ref.Postcode(n.Postcode)
		if !ok {
			add("postcode", fmt.Sprintf("%q is geen Belgische postcode", n.Postcode), "error.forms_postcode_unknown", "Value", n.Postcode)
			break
		}
		n.Postcode, n.Place = p.Postcode, &p
		if n.City == "" {
			n.City = p.Name
		}
	}
	if n.RadiusKm < 0 || n.RadiusKm > MaxRadiusKm {
		add("radius_km", fmt.Sprintf("de afstand ligt tussen 0 en %d km", MaxRadiusKm), "error.forms_need_radius", "Max", MaxRadiusKm)
	}
	if !n.Start.IsZero() && !n.End.IsZero() && n.End.Before(n.Start) {
		add("end", fmt.Sprintf("de einddatum %s ligt voor de begindatum %s", n.End.Dutch(), n.Start.Dutch()), "error.forms_end_before_start", "End", n.End.Dutch(), "Start", n.Start.Dutch())
	}
	if n.Frequency == "" {
		n.Frequency = FrequencyOnce
	} else if !slices.Contains(Frequencies, n.Frequency) {
		add("frequency", fmt.Sprintf("%q: kies eenmalig, dagelijks, wekelijks, tweewekelijks, maandelijks, driemaandelijks of jaarlijks", n.Frequency), "error.forms_need_frequency", "Value", string(n.Frequency))
	}
	if utf8.RuneCountInString(n.Volume) > MaxNeedShort {
		add("volume", fmt.Sprintf("het volume is te lang: hoogstens %d tekens", MaxNeedShort), "error.forms_need_volume_too_long", "Max", MaxNeedShort)
	}
	if n.BudgetEUR < 0 {
		add("budget_eur", "het budget mag niet negatief zijn", "error.forms_need_budget_negative")
	}
	if gs, err := CleanTargetGroups(n.TargetGroups); err != nil {
		fe.addErr("target_groups", "", err)
	} else {
		n.TargetGroups = gs
	}
	switch {
	case n.AnswerBy.IsZero():
		add("answer_by", "geef de datum waarop u de antwoorden wilt hebben", "error.forms_need_answer_by_missing")
	case !today.IsZero() && n.AnswerBy.Before(today):
		add("answer_by", fmt.Sprintf("de antwoorddatum %s ligt in het verleden", n.AnswerBy.Dutch()), "error.forms_need_answer_by_past", "Date", n.AnswerBy.Dutch())
	}
	switch n.Status {
	case "":
		n.Status = NeedOpen
	case NeedOpen, NeedClosed:
	default:
		add("status", fmt.Sprintf("status %q is ongeldig: open of closed", n.Status), "error.forms_need_status", "Value", string(n.Status))
	}
	if n.ID != "" && !ValidTenderID(n.ID) {
		add("id", "ongeldig id", "error.forms_id_invalid")
	}
	return fe
}

// Sent reports whether the need was sent to its recipients.
func (n *Need) Sent() bool { return !n.SentAt.IsZero() }

// Recipient returns the recipient entry of enterprise kbo.
func (n *Need) Recipient(kbo KBO) (NeedRecipient, bool) {
	for _, r := range n.Recipients {
		if r.Enterprise == kbo {
			return r, true
		}
	}
	return NeedRecipient{}, false
}

// SeenBy reports whether a caller sees the need: admins, the buyer
// account that owns it (buyer), and the enterprises it was sent to (kbo).
// Anyone else gets ENOTFOUND: that the need exists is not public either.
func (n *Need) SeenBy(admin bool, buyer string, kbo KBO) bool {
	if admin || buyer != "" && n.Owner == buyer {
		return true
	}
	_, ok := n.Recipient(kbo)
	return kbo != "" && n.Sent() && ok
}

// ForEnterprise returns the need as enterprise kbo sees it: without the
// other recipients, their answers, and the choice unless its own answer
// was chosen.
func (n *Need) ForEnterprise(kbo KBO) *Need {
	c := *n
	c.Recipients, c.Answers, c.Chosen = nil, nil, ""
	if r, ok := n.Recipient(kbo); ok {
		c.Recipients = []NeedRecipient{r}
	}
	for _, a := range n.Answers {
		if a.Enterprise == kbo {
			c.Answers = append(c.Answers, a)
			if a.ID == n.Chosen {
				c.Chosen = a.ID
			}
		}
	}
	return &c
}

// Answer returns the answer with the ID.
func (n *Need) Answer(id string) (*NeedAnswer, bool) {
	for i := range n.Answers {
		if n.Answers[i].ID == id {
			return &n.Answers[i], true
		}
	}
	return nil, false
}

// LatestAnswer returns the last interested or not-interested answer of
// enterprise kbo: what it says now (a question is no answer).
func (n *Need) LatestAnswer(kbo KBO) (*NeedAnswer, bool) {
	for i := len(n.Answers) - 1; i >= 0; i-- {
		if a := &n.Answers[i]; a.Enterprise == kbo && a.Kind != AnswerQuestion {
			return a, true
		}
	}
	return nil, false
}

// Unanswered reports whether enterprise kbo still has to answer: the need
// is open, sent to it, and it gave no interested or not-interested answer.
func (n *Need) Unanswered(kbo KBO) bool {
	if n.Status != NeedOpen || !n.Sent() {
		return false
	}
	if _, ok := n.Recipient(kbo); !ok {
		return false
	}
	_, answered := n.LatestAnswer(kbo)
	return !answered
}

// AddAnswer checks an answer of an enterprise and adds it (its ID is its
// number in the need's answers, from 1). today is the
// date answers are checked against the answer-by date. Returns EINVALID
// carrying the answer's problems per field (FieldErrorListOf) for a bad
// answer (the list is returned too), ECONFLICT when the need is closed,
// not sent, past its answer-by date or full, and EFORBIDDEN when the
// enterprise is not a recipient.
func (n *Need) AddAnswer(a NeedAnswer, today Date) (FieldErrorList, error) {
	switch {
	case n.Status != NeedOpen:
		return nil, Errorf(ECONFLICT, "deze aanvraag is afgesloten: ze neemt geen antwoorden meer aan").WithKey("error.forms_need_closed_answers")
	case !n.Sent():
		return nil, Errorf(ECONFLICT, "deze aanvraag is nog niet verstuurd").WithKey("error.forms_need_not_sent")
	case !n.AnswerBy.IsZero() && n.AnswerBy.Before(today):
		return nil, Errorf(ECONFLICT, "de antwoordtermijn is verstreken op %s", n.AnswerBy.Dutch()).WithKey("error.forms_need_answer_late", "Date", n.AnswerBy.Dutch())
	}
	if _, ok := n.Recipient(a.Enterprise); !ok {
		return nil, Errorf(EFORBIDDEN, "deze aanvraag werd niet naar uw onderneming gestuurd").WithKey("error.forms_need_not_yours")
	}
	if fe := a.validate(); len(fe) > 0 {
		return fe, fe.Err()
	}
	mine := 0
	for _, x := range n.Answers {
		if x.Enterprise == a.Enterprise {
			mine++
		}
	}
	if len(n.Answers) >= MaxNeedAnswers || mine >= MaxAnswersPerEnterprise {
		return nil, Errorf(ECONFLICT, "deze aanvraag neemt geen antwoorden meer aan van uw onderneming (hoogstens %d)", MaxAnswersPerEnterprise).
			WithKey("error.forms_need_answers_full", "Max", MaxAnswersPerEnterprise)
	}
	a.ID = itoa(len(n.Answers) + 1) // answers are never removed
	// The choice follows the chosen enterprise's latest answer: a new
	// interest stays chosen, a decline withdraws it.
	if c, ok := n.Answer(n.Chosen); ok && c.Enterprise == a.Enterprise {
		switch a.Kind {
		case AnswerInterested:
			n.Chosen = a.ID
		case AnswerNotInterested:
			n.Chosen = ""
		}
	}
	n.Answers = append(n.Answers, a)
	return nil, nil
}

func (a *NeedAnswer) validate() FieldErrorList {
	var fe FieldErrorList
	add := func(field, msg, key string, args ...any) { fe.addKey(field, "", msg, key, args...) }
	a.Message, a.Price = strings.TrimSpace(a.Message), strings.TrimSpace(a.Price)
	if utf8.RuneCountInString(a.Message) > MaxAnswerText {
		add("message", fmt.Sprintf("het bericht is te lang: hoogstens %d tekens", MaxAnswerText), "error.forms_message_too_long", "Max", MaxAnswerText)
	}
	if utf8.RuneCountInString(a.Price) > MaxNeedShort {
		add("price", fmt.Sprintf("de prijsindicatie is te lang: hoogstens %d tekens", MaxNeedShort), "error.forms_answer_price_too_long", "Max", MaxNeedShort)
	}
	switch a.Kind {
	case AnswerInterested:
		a.Reason = ""
	case AnswerNotInterested:
		a.Price = ""
		switch {
		case a.Reason == "":
			add("reason", "kies waarom u niet geïnteresseerd bent", "error.forms_answer_reason_missing")
		case !slices.Contains(DeclineReasons, a.Reason):
			add("reason", fmt.Sprintf("%q: kies geen capaciteit, buiten ons werkgebied, niet onze dienst, termijn te kort of andere", a.Reason), "error.forms_answer_reason_unknown", "Value", string(a.Reason))
		case a.Reason == DeclineOther && a.Message == "":
			add("message", "zeg in een paar woorden waarom (bij 'andere')", "error.forms_answer_other_why")
		}
	case AnswerQuestion:
		a.Price, a.Reason = "", ""
		if a.Message == "" {
			add("message", "typ uw vraag", "error.forms_answer_question_missing")
		}
	case "":
		add("kind", "kies: geïnteresseerd, niet geïnteresseerd of een vraag", "error.forms_answer_kind_missing")
	default:
		add("kind", fmt.Sprintf("%q: kies interested, not_interested of question", a.Kind), "error.forms_answer_kind_unknown", "Value", string(a.Kind))
	}
	return fe
}

// Choose marks answer id as the chosen one. Returns ENOTFOUND for an
// unknown answer and EINVALID for an answer that is not interested.
func (n *Need) Choose(id string) error {
	a, ok := n.Answer(id)
	if !ok {
		return Errorf(ENOTFOUND, "antwoord %q bestaat niet bij deze aanvraag", id).WithKey("error.forms_answer_not_found", "ID", id)
	}
	if a.Kind != AnswerInterested {
		return Errorf(EINVALID, "u kunt alleen een antwoord kiezen van een onderneming die geïnteresseerd is").WithKey("error.forms_choose_not_interested")
	}
	n.Chosen = id
	return nil
}

// ReplyTo stores the buyer's reply to question id. Returns ENOTFOUND for
// an unknown answer, EINVALID for an answer that is no question or an
// empty or too long reply.
func (n *Need) ReplyTo(id, reply string, at time.Time) error {
	a, ok := n.Answer(id)
	if !ok {
		return Errorf(ENOTFOUND, "vraag %q bestaat niet bij deze aanvraag", id).WithKey("error.forms_question_not_found", "ID", id)
	}
	reply = strings.TrimSpace(reply)
	switch {
	case a.Kind != AnswerQuestion:
		return Errorf(EINVALID, "alleen een vraag krijgt een antwoord").WithKey("error.forms_reply_not_question")
	case reply == "":
		return Errorf(EINVALID, "typ uw antwoord").WithKey("error.forms_reply_missing")
	case utf8.RuneCountInString(reply) > MaxAnswerText:
		return Errorf(EINVALID, "het antwoord is te lang: hoogstens %d tekens", MaxAnswerText).WithKey("error.forms_reply_too_long", "Max", MaxAnswerText)
	}
	a.Reply, a.RepliedAt = reply, at
	return nil
}

// Copy returns a new, unsent, open need with the what, where, when and
// how much of n, and no recipients, answers or choice.
func (n *Need) Copy(id string) *Need {
	return &Need{ID: id, Owner: n.Owner, Title: n.Title, Description: n.Description, Category: n.Category,
		CPV: slices.Clone(n.CPV), Postcode: n.Postcode, City: n.City, RadiusKm: n.RadiusKm,
		Start: n.Start, End: n.End, Frequency: n.Frequency, Volume: n.Volume, BudgetEUR: n.BudgetEUR,
		AnswerBy: n.AnswerBy, Reserved: n.Reserved, TargetGroups: slices.Clone(n.TargetGroups), CopyOf: n.ID}
}

// NeedFilter selects a page of needs, newest first.
type NeedFilter struct {
	Offset int
	Limit  int // 0: the default page size (50); at most 100
}

// NeedSummary is what a list shows of a need for one enterprise, kept in
// the enterprise's index so that its list and count read no need.
type NeedSummary struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`
	Owner    string     `json:"owner"`
	Status   NeedStatus `json:"status"`
	AnswerBy Date       `json:"answer_by"`
	SentAt   time.Time  `json:"sent_at"`
	// Answered: the enterprise gave an interested or not-interested
	// answer.
	Answered bool `json:"answered"`
}

// NeedService stores needs.
type NeedService interface {
	// FindNeedByID returns ENOTFOUND if the need does not exist.
	FindNeedByID(ctx context.Context, id string) (*Need, error)
	// FindNeedsByOwner returns a page of a buyer account's needs, newest
	// first, and their count.
	FindNeedsByOwner(ctx context.Context, owner string, f NeedFilter) ([]*Need, int, error)
	// FindNeeds returns a page of all needs, newest first, and their count
	// (for admins).
	FindNeeds(ctx context.Context, f NeedFilter) ([]*Need, int, error)
	// FindNeedsForEnterprise returns a page of the needs sent to an
	// enterprise, newest first, and their count.
	FindNeedsForEnterprise(ctx context.Context, kbo KBO, f NeedFilter) ([]NeedSummary, int, error)
	// CountUnansweredNeeds counts the open needs sent to an enterprise
	// that it has not answered, up to limit.
	CountUnansweredNeeds(ctx context.Context, kbo KBO, limit int) (int, error)
	// CreateNeed stores a new need. Returns ECONFLICT if its ID exists.
	CreateNeed(ctx context.Context, n *Need) error
	// UpdateNeed reads need id, lets fn change it and stores it, in one
	// transaction, so that answers arriving together are all kept.
	// Returns ENOTFOUND if the need does not exist, and fn's error.
	UpdateNeed(ctx context.Context, id string, fn func(*Need) error) (*Need, error)
}

// NewNeedID returns a new need ID: "A-", the creation time in
// milliseconds and random bits, in hex, so that IDs sort by creation.
func NewNeedID(now time.Time) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("A-%012X%s", now.UnixMilli(), strings.ToUpper(hex.EncodeToString(b[:])))
}
