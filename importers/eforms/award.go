package eforms

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"koppel"
	"koppel/i18n"
)

// Winner selection status (BT-142, code list winner-selection-status) and
// the reasons a lot is not awarded (BT-144, non-award-justification), as
// the eForms SDK 1.x lists them.
const (
	winnerChosen   = "selec-w" // at least one winner was chosen
	closedNoWinner = "clos-nw" // the competition is closed, no winner
	openNoWinner   = "open-nw" // no winner chosen yet, the competition goes on
)

// noAwardReasons maps BT-144 onto the reasons buyers use in Koppel.
var noAwardReasons = map[string]koppel.NoAwardReason{
	"no-rece":   koppel.NoAwardNoTenders,  // no tenders or requests to participate received
	"all-rej":   koppel.NoAwardNoSuitable, // all tenders withdrawn or inadmissible
	"chan-need": koppel.NoAwardStopped,    // the buyer's needs changed
	"ins-fund":  koppel.NoAwardStopped,    // insufficient funds
	"no-need":   koppel.NoAwardStopped,
	"un-pro":    koppel.NoAwardStopped, // after a request to review
	"other":     koppel.NoAwardOther,
}

// awardNotice reports whether the notice type is a result notice Koppel
// reads as outcomes: contract award notices and design contest results.
func awardNotice(noticeType string) bool {
	return strings.HasPrefix(noticeType, "can-") && noticeType != "can-modif"
}

// resultIndex holds the parts of efac:NoticeResult by their IDs.
type resultIndex struct {
	tenders   map[string]*node // efac:LotTender by tender ID
	parties   map[string]*node // efac:TenderingParty by ID
	contracts map[string]*node // efac:SettledContract by ID
}

func indexResult(res *node) resultIndex {
	ix := resultIndex{tenders: map[string]*node{}, parties: map[string]*node{}, contracts: map[string]*node{}}
	for _, n := range res.all("LotTender") {
		ix.tenders[n.get("ID")] = n
	}
	for _, n := range res.all("TenderingParty") {
		ix.parties[n.get("ID")] = n
	}
	for _, n := range res.all("SettledContract") {
		ix.contracts[n.get("ID")] = n
	}
	return ix
}

// buildAward turns the lot results (efac:LotResult) of an award notice
// into outcomes of the procedure's lots: a lot with a winner chosen
// (BT-142 selec-w) is awarded to the organisations of its winning tenders'
// tendering parties (OPT-320 → OPT-310 → OPT-300 → BT-500 name and BT-501
// company ID); a lot closed without winner (clos-nw) is not awarded, with
// the reason BT-144. A lot whose competition is still open (open-nw) has no
// outcome yet and is reported.
func (r *reader) buildAward() (*Notice, error) {
	t := r.n.NoticeType
	if r.noticeID == "" {
		return nil, Refuse(koppel.EINVALID, "no-notice-id", t, "imports.notice_award_no_id")
	}
	if r.n.ProcedureID == "" {
		return nil, Refuse(koppel.EINVALID, "no-procedure", t, "imports.notice_award_no_procedure")
	}
	r.buyer() // the buyers' company IDs: whose notice it is (Notice.BuyerIDs)
	ix := indexResult(r.result)
	src := koppel.OutcomeSource{Kind: "eforms", NoticeID: r.noticeID, Version: r.version, File: r.opts.File}
	issued := r.date("", "BT-05-notice", r.issueDate)
	results := r.result.all("LotResult")
	if len(results) > koppel.MaxLots {
		return nil, Refuse(koppel.ETOOLARGE, "too-large", t, "imports.notice_award_results", "Count", len(results), "Max", koppel.MaxLots)
	}
	seen := map[string]bool{}
	for _, lr := range results {
		lot := lr.get("TenderLot", "ID")
		if lot == "" || seen[lot] {
			continue
		}
		o := &koppel.Outcome{LotID: lot, Procedure: r.n.ProcedureID, Source: src}
		status := lr.get("TenderResultCode")
		switch status {
		case winnerChosen:
			o.Result = koppel.OutcomeAwarded
			r.winners(o, lr, ix)
			if len(o.Winners) == 0 {
				r.warnKey("BT-142-LotResult", lot,
					"import.notice_award_no_winner", "Lot", lot)
				continue
			}
		case closedNoWinner:
			o.Result = koppel.OutcomeNotAwarded
			code := lr.get("DecisionReason", "DecisionReasonCode")
			reason, ok := noAwardReasons[code]
			switch {
			case !ok:
				o.Reason, o.ReasonText = koppel.NoAwardOther, "reden volgens de aankondiging: "+cmp.Or(code, "niet vermeld")
			case reason == koppel.NoAwardOther:
				o.Reason, o.ReasonText = reason, "andere reden volgens de aankondiging"
			case reason == koppel.NoAwardStopped:
				o.Reason, o.ReasonText = reason, "reden volgens de aankondiging: "+code
			default:
				o.Reason = reason
			}
		case openNoWinner:
			r.warnKey("BT-142-LotResult", lot,
				"import.notice_award_open", "Lot", lot)
			continue
		default:
			r.warnKey("BT-142-LotResult", status,
				"import.notice_award_status", "Lot", lot, "Status", status)
			continue
		}
		o.Date = r.decisionDate(lot, lr, ix)
		if o.Date.IsZero() {
			o.Date = issued
		}
		if errs := o.Check(); len(errs) > 0 {
			r.warnKey("BT-142-LotResult", lot, "imports.notice_result_incomplete", "Lot", lot, "What", resultField(errs[0].Field))
			continue
		}
		seen[lot] = true
		r.n.Outcomes = append(r.n.Outcomes, o)
	}
	if len(r.n.Outcomes) == 0 {
		return nil, Refuse(koppel.EINVALID, "no-results", t, "imports.notice_award_none")
	}
	return r.n, nil
}

// winners fills in the winners of an awarded lot result and the value of
// its winning tenders (BT-720) when given in euro.
func (r *reader) winners(o *koppel.Outcome, lr *node, ix resultIndex) {
	var value float64
	valued := false
	for _, ref := range lr.all("LotTender", "ID") {
		tn := ix.tenders[ref.value()]
		if tn == nil {
			continue
		}
		if amt := tn.first("LegalMonetaryTotal", "PayableAmount"); amt.value() != "" {
			f, err := strconv.ParseFloat(amt.value(), 64)
			switch cur := strings.ToUpper(amt.attr("currencyID")); {
			case err != nil || f < 0:
			case cur != "" && cur != "EUR":
				r.warnKey("BT-720-Tender", amt.value()+" "+cur,
					"import.notice_award_currency", "Lot", o.LotID, "Currency", cur)
			default:
				value += f
				valued = true
			}
		}
		party := ix.parties[tn.get("TenderingParty", "ID")]
		for _, org := range party.all("Tenderer", "ID") {
			c := r.orgs[org.value()]
			if c == nil {
				continue
			}
			w := koppel.Winner{Name: r.pick("", "BT-500-Organization-Company", c.all("PartyName", "Name")),
				CompanyID: cleanText(c.get("PartyLegalEntity", "CompanyID"))}
			if w.Name == "" {
				w.Name = w.CompanyID
			}
			if w.Name != "" && !slices.Contains(o.Winners, w) && len(o.Winners) < koppel.MaxWinners {
				o.Winners = append(o.Winners, w)
			}
		}
	}
	if valued {
		o.Value = value
	}
}

// decisionDate is the winner decision date (BT-1451) of the lot's
// contracts, else their conclusion date (BT-145): the earliest.
func (r *reader) decisionDate(lot string, lr *node, ix resultIndex) koppel.Date {
	var best koppel.Date
	for _, field := range []string{"AwardDate", "IssueDate"} {
		for _, ref := range lr.all("SettledContract", "ID") {
			c := ix.contracts[ref.value()]
			if c == nil {
				continue
			}
			d := r.date(lot, "BT-1451-Contract", c.get(field))
			if !d.IsZero() && (best.IsZero() || d.Before(best)) {
				best = d
			}
		}
		if !best.IsZero() {
			return best
		}
	}
	return best
}

// resultField names the field of an outcome (koppel.Outcome.Check) that
// makes a lot result unusable, in the reader's language.
func resultField(field string) i18n.Localized {
	switch field {
	case "lot", "reason", "winners", "reason_text", "result", "date", "value":
	default:
		field = "result"
	}
	return func(l i18n.Lang) string { return i18n.T(l, "imports.notice_result_field."+field) }
}
