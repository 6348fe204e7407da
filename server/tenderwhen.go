package server

import (
	"context"

	"koppel"
	"koppel/i18n"
)

// tenderWhen says in the reader's language where a tender stands in time, the same
// on its page, its printed page and the lists: "indienen tot 31/12/2027"
// while one may bid; once a lot is awarded "gegund op 02/12/2026" (the
// latest decision), or "niet gegund" when every lot has an outcome and
// none is awarded; once closed "gesloten sinds 09/12/2026", or "gesloten" when it was
// closed before its deadline. A closed, awarded, withdrawn or announced
// tender never says "indienen tot". Empty when there is nothing to say.
func tenderWhen(l i18n.Lang, status koppel.TenderStatus, deadline koppel.Date, lots int, outcomes []*koppel.Outcome, today koppel.Date) string {
	if status == koppel.TenderWithdrawn || status == koppel.TenderAnnounced {
		return "" // the page and the lists say so in their own words
	}
	var awarded koppel.Date
	anyAwarded := false
	for _, o := range outcomes {
		if o.Result == koppel.OutcomeAwarded {
			anyAwarded = true
			if awarded.Before(o.Date) {
				awarded = o.Date
			}
		}
	}
	switch {
	case anyAwarded && awarded.IsZero():
		return i18n.T(l, "when.awarded")
	case anyAwarded:
		return i18n.T(l, "when.awarded_on", "Date", awarded.Dutch())
	case lots > 0 && len(outcomes) >= lots && status != koppel.TenderDraft:
		return i18n.T(l, "when.not_awarded")
	}
	closed := status == koppel.TenderClosed || status == koppel.TenderPublished && !deadline.IsZero() && deadline.Before(today)
	switch {
	case closed && !deadline.IsZero() && deadline.Before(today):
		return i18n.T(l, "mytenders.closed_since", "Date", deadline.Dutch())
	case closed:
		return i18n.T(l, "tender.closed")
	case !deadline.IsZero():
		return i18n.T(l, "tender.deadline", "Date", deadline.Dutch())
	}
	return ""
}

// tenderOutcomes returns the recorded outcomes of a tender's lots (none
// when the server keeps no outcomes).
func (s *Server) tenderOutcomes(ctx context.Context, id string) ([]*koppel.Outcome, error) {
	if s.Outcomes == nil {
		return nil, nil
	}
	return s.Outcomes.FindOutcomesByTender(ctx, id)
}
