package server

import (
	"net/http"
	"strconv"

	"koppel"
	"koppel/i18n"
)

// errorText is err's message for a user in l (see i18n.ErrorText).
func errorText(l i18n.Lang, err error) string { return i18n.ErrorText(l, err) }

// errorTitle is the title of the error page of status in l: the pages'
// catalogue names the usual ones (error.title.404), the messages'
// catalogue 405 and 409.
func errorTitle(l i18n.Lang, status int) string {
	if k := "error.title." + strconv.Itoa(status); i18n.Has(l, k) {
		return i18n.T(l, k)
	}
	return http.StatusText(status)
}

// tooMany refuses a request over the rate limit for seconds.
func tooMany(seconds int) error {
	return koppel.Errorf(ETOOMANY, "te veel verzoeken na elkaar; probeer het over %s opnieuw", koppel.Count(seconds, "seconde", "seconden")).
		WithKey("error.too_many_requests", "N", seconds)
}

// roleForbiddenKeys say per role that it may not do something.
var roleForbiddenKeys = map[koppel.Role]string{
	koppel.RoleAdmin:    "error.forbidden_admin",
	koppel.RoleBuyer:    "error.forbidden_buyer",
	koppel.RoleSupplier: "error.forbidden_supplier",
}

// roleForbidden refuses a caller whose role may not call a route.
func roleForbidden(r koppel.Role) error {
	key, ok := roleForbiddenKeys[r]
	if !ok {
		return koppel.Errorf(koppel.EFORBIDDEN, "als %s mag u dit niet doen", r)
	}
	return koppel.Errorf(koppel.EFORBIDDEN, "%s", i18n.T(i18n.NL, key)).WithKey(key)
}

// localProblems returns a copy of ps with each problem's Text in l: the
// report pages and the JSON show it (message_nl, message_fr, message_en
// stay for clients that choose themselves).
func localProblems(l i18n.Lang, ps []koppel.Problem) []koppel.Problem {
	if ps == nil {
		return nil
	}
	out := make([]koppel.Problem, len(ps))
	for i, p := range ps {
		p.Text = koppel.Sentence(p.In(string(l))) // shown on its own, in a cell of the report
		out[i] = p
	}
	return out
}

// localReport returns a copy of rep whose problems have their Text in l.
func localReport(l i18n.Lang, rep *koppel.ImportReport) *koppel.ImportReport {
	if rep == nil {
		return nil
	}
	r := *rep
	r.Problems = localProblems(l, rep.Problems)
	return &r
}

// localFieldErrors returns a copy of fes with each message in l, a lot's
// prefixed "Perceel 1: " in l by Error.
func localFieldErrors(l i18n.Lang, fes koppel.FieldErrorList) koppel.FieldErrorList {
	return i18n.FieldErrors(l, fes)
}
