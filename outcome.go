package koppel

import (
	"context"
	"strings"
	"time"
)

// OutcomeResult says whether a lot was awarded.
type OutcomeResult string

// The results of a lot.
const (
	OutcomeAwarded    OutcomeResult = "awarded"
	OutcomeNotAwarded OutcomeResult = "not_awarded"
)

// NoAwardReason is why a lot was not awarded: a short list, as buyers say
// it.
type NoAwardReason string

// The reasons a lot is not awarded. NoAwardOther needs a text.
const (
	NoAwardNoTenders  NoAwardReason = "no_tenders"  // geen offertes
	NoAwardNoSuitable NoAwardReason = "no_suitable" // geen geschikte offertes
	NoAwardStopped    NoAwardReason = "stopped"     // procedure stopgezet
	NoAwardOther      NoAwardReason = "other"       // andere (met tekst)
)

// NoAwardReasons lists the reasons in the order forms show them.
var NoAwardReasons = []NoAwardReason{NoAwardNoTenders, NoAwardNoSuitable, NoAwardStopped, NoAwardOther}

// Label returns the Dutch words of the reason, or the raw value.
func (r NoAwardReason) Label() string {
	switch r {
	case NoAwardNoTenders:
		return "geen offertes"
	case NoAwardNoSuitable:
		return "geen geschikte offertes"
	case NoAwardStopped:
		return "procedure stopgezet"
	case NoAwardOther:
		return "andere"
	}
	return string(r)
}

// EventOutcomeRecorded: the outcome of a lot of tender Subject was
// recorded; Enterprises are the winners from the directory (told that they
// won), Buyer the tender's buyer account.
const EventOutcomeRecorded EventKind = "outcome_recorded"

// MaxWinners bounds the winners of one lot (a framework agreement with
// several operators has a handful).
const MaxWinners = 20

// Outcome is the result of one lot of a tender: awarded to one or more
// winners, or not awarded and why. A lot has at most one outcome; a new
// one replaces it.
type Outcome struct {
	TenderID string `json:"tender_id"`
	LotID    string `json:"lot_id"`
	// Procedure is the procedure identifier (BT-04) of the award notice
	// the outcome comes from: an outcome whose procedure has no tender in
	// Koppel yet is kept under it, with TenderID empty, and attached when
	// the tender arrives.
	Procedure string        `json:"procedure,omitempty"`
	Result    OutcomeResult `json:"result"`
	Winners   []Winner      `json:"winners,omitempty"`
	// Reason and ReasonText say why a lot was not awarded; ReasonText is
	// required for NoAwardOther.
	Reason     NoAwardReason `json:"reason,omitempty"`
	ReasonText string        `json:"reason_text,omitempty"`
	// Date is the date of the award decision (or of the decision not to
	// award).
	Date Date `json:"date"`
	// Value is the value of the contract, EUR excl. VAT, when known.
	Value      float64       `json:"value,omitempty"`
	Source     OutcomeSource `json:"source"`
	RecordedBy string        `json:"recorded_by,omitempty"`
	RecordedAt time.Time     `json:"recorded_at"`
}

// Winner is one party a lot was awarded to: an enterprise of Koppel's
// directory (KBO set) or an outside winner (Name, and CompanyID when
// known).
type Winner struct {
	KBO       KBO    `json:"kbo,omitempty"`
	Name      string `json:"name,omitempty"`
	CompanyID string `json:"company_id,omitempty"`
}

// InDirectory reports whether the winner is an enterprise of Koppel's
// directory: a social-economy enterprise.
func (w Winner) InDirectory() bool { return w.KBO != "" }

// OutcomeSource says where an outcome came from: "form" (recorded by its
// buyer on the web or through the API) or "eforms" (an award notice, with
// its ID and version).
type OutcomeSource struct {
	Kind     string `json:"kind"`
	NoticeID string `json:"notice_id,omitempty"`
	Version  string `json:"version,omitempty"`
	File     string `json:"file,omitempty"`
}

// Check returns every problem of the outcome, one per field, each with
// its catalogue key: the form shows them beside their fields. It trims
// texts and drops empty winners.
func (o *Outcome) Check() FieldErrorList {
	var errs FieldErrorList
	add := func(f, m, key string, args ...any) { errs.addKey(f, "", m, key, args...) }
	o.ReasonText = strings.TrimSpace(o.ReasonText)
	ws := o.Winners[:0:0]
	for _, w := range o.Winners {
		w.Name, w.CompanyID = strings.TrimSpace(w.Name), strings.TrimSpace(w.CompanyID)
		if w.KBO != "" || w.Name != "" || w.CompanyID != "" {
			ws = append(ws, w)
		}
	}
	o.Winners = ws
	if strings.TrimSpace(o.LotID) == "" {
		add("lot", "het perceel ontbreekt", "error.forms_outcome_lot_missing")
	}
	switch o.Result {
	case OutcomeAwarded:
		if o.Reason != "" || o.ReasonText != "" {
			add("reason", "een gegund perceel heeft geen reden van niet-gunning", "error.forms_outcome_awarded_reason")
		}
		switch {
		case len(o.Winners) == 0:
			add("winners", "kies de onderneming uit Koppel of vul de naam van de winnaar in", "error.forms_outcome_winner_missing")
		case len(o.Winners) > MaxWinners:
			add("winners", "hoogstens "+itoa(MaxWinners)+" winnaars per perceel", "error.forms_outcome_winners_max", "Max", MaxWinners)
		}
		for _, w := range o.Winners {
			if w.KBO == "" && w.Name == "" {
				add("winners", "een winnaar buiten Koppel heeft een naam nodig, niet alleen een ondernemingsnummer", "error.forms_outcome_winner_name")
				break
			}
		}
	case OutcomeNotAwarded:
		if len(o.Winners) > 0 {
			add("winners", "een niet gegund perceel heeft geen winnaar", "error.forms_outcome_not_awarded_winner")
		}
		switch o.Reason {
		case NoAwardNoTenders, NoAwardNoSuitable, NoAwardStopped:
		case NoAwardOther:
			if o.ReasonText == "" {
				add("reason_text", "zeg in een paar woorden waarom het perceel niet gegund is", "error.forms_outcome_reason_text_missing")
			}
		case "":
			add("reason", "kies waarom het perceel niet gegund is", "error.forms_outcome_reason_missing")
		default:
			add("reason", "onbekende reden "+string(o.Reason)+": geen offertes, geen geschikte offertes, procedure stopgezet of andere", "error.forms_outcome_reason_unknown", "Value", string(o.Reason))
		}
	case "":
		add("result", "kies gegund of niet gegund", "error.forms_outcome_result_missing")
	default:
		add("result", "onbekende uitslag "+string(o.Result)+": gegund of niet gegund", "error.forms_outcome_result_unknown", "Value", string(o.Result))
	}
	if len(o.ReasonText) > 1000 {
		add("reason_text", "de reden is te lang: hoogstens 1000 tekens", "error.forms_outcome_reason_too_long", "Max", 1000)
	}
	if o.Date.IsZero() {
		add("date", "de datum van de beslissing ontbreekt", "error.forms_outcome_date_missing")
	}
	if o.Value < 0 {
		add("value", "de waarde mag niet negatief zijn", "error.forms_outcome_value_negative")
	}
	return errs
}

// Validate checks the outcome (see Check). Returns EINVALID with the first
// problem, naming the lot.
func (o *Outcome) Validate() error {
	if errs := o.Check(); len(errs) > 0 {
		first := errs[0]
		return Errorf(EINVALID, "uitslag van perceel %s: %s", o.LotID, first.Message).
			WithKey("error.forms_outcome_invalid", "Lot", o.LotID, "Problem", &Error{Code: EINVALID, Message: first.Message, Key: first.Key, Args: first.Args})
	}
	return nil
}

// OutcomeService reads and writes the outcomes of lots.
type OutcomeService interface {
	// FindOutcome returns ENOTFOUND if the lot has no outcome.
	FindOutcome(ctx context.Context, tenderID, lotID string) (*Outcome, error)
	// FindOutcomesByTender returns the outcomes of a tender's lots.
	FindOutcomesByTender(ctx context.Context, tenderID string) ([]*Outcome, error)
	// FindOutcomesByWinner returns the outcomes an enterprise of the
	// directory won, newest first.
	FindOutcomesByWinner(ctx context.Context, kbo KBO) ([]*Outcome, error)
	// PutOutcome records the outcome of a lot, replacing the one it had,
	// and closes the tender when every lot then has an outcome. Returns
	// ENOTFOUND if the tender or the lot does not exist, EINVALID for an
	// invalid outcome.
	PutOutcome(ctx context.Context, o *Outcome) error
}
