package koppel

// TenderWithdrawn is a published tender its buyer withdrew (ingetrokken):
// it stays public, so that whoever saw it can read that it was withdrawn,
// but it leaves the open lists and is never matched as an open call.
const TenderWithdrawn TenderStatus = "withdrawn"

// Label is the status in plain Dutch, as the pages show it.
func (s TenderStatus) Label() string {
	switch s {
	case TenderDraft:
		return "ontwerp"
	case TenderPublished:
		return "gepubliceerd"
	case TenderAnnounced:
		return "aangekondigd"
	case TenderClosed:
		return "afgesloten"
	case TenderWithdrawn:
		return "ingetrokken"
	}
	return string(s)
}

// ChangeStatus moves t to status to, the way its buyer does: publish a
// draft (published), close (closed) or withdraw (withdrawn) a published or
// announced tender. Asking for the status t has already changes nothing.
// Returns EINVALID for a status a buyer cannot ask for (draft: an edit
// never unpublishes) and ECONFLICT, naming both states in Dutch, for a
// change that does not follow from t's status.
func (t *Tender) ChangeStatus(to TenderStatus) error {
	if to == t.Status {
		return nil
	}
	ok := false
	switch to {
	case TenderPublished:
		ok = t.Status == TenderDraft
	case TenderClosed, TenderWithdrawn:
		ok = t.Status == TenderPublished || t.Status == TenderAnnounced
	default:
		return Errorf(EINVALID, "status %q kan u niet kiezen: published (publiceren), closed (afsluiten) of withdrawn (intrekken)", to).WithKey("error.domain_status_choice", "Value", string(to))
	}
	if !ok {
		return Errorf(ECONFLICT, "een opdracht met status %s kan niet %s worden", t.Status.Label(), to.Label()).
			WithKey("error.domain_status_change", "From", statusTerm(t.Status), "To", statusTerm(to))
	}
	t.Status = to
	return nil
}
