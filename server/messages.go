package server

import (
	"errors"
	"net/http"

	"koppel"
	"koppel/i18n"
)

// errorText is err's message for a user in l: a *koppel.Error with a Key is
// said from the catalogue (i18n/locales/messages.*.json), one without in
// its Dutch Message; an internal error never shows its cause.
func errorText(l i18n.Lang, err error) string {
	var e *koppel.Error
	switch {
	case err == nil:
		return ""
	case !errors.As(err, &e) || e.Code == koppel.EINTERNAL:
		return i18n.T(l, "error.internal")
	case e.Key == "":
		return koppel.ErrorMessage(err)
	}
	return keyText(l, e.Key, e.Args)
}

// keyText says key in l with args (name/value pairs). An argument that is
// an error is said in l too; an int argument named N picks the plural form.
func keyText(l i18n.Lang, key string, args []any) string {
	args = append([]any(nil), args...)
	count := -1
	for i := 0; i+1 < len(args); i += 2 {
		switch v := args[i+1].(type) {
		case error:
			args[i+1] = errorText(l, v)
		case int:
			if args[i] == "N" {
				count = v
			}
		}
	}
	if count >= 0 {
		return i18n.N(l, key, count, args...)
	}
	return i18n.T(l, key, args...)
}

// errorTitleKeys are the catalogue keys of the error pages' titles.
var errorTitleKeys = map[int]string{
	http.StatusBadRequest:            "error.title_bad_request",
	http.StatusUnauthorized:          "error.title_unauthorized",
	http.StatusForbidden:             "error.title_forbidden",
	http.StatusNotFound:              "error.title_not_found",
	http.StatusMethodNotAllowed:      "error.title_method",
	http.StatusConflict:              "error.title_conflict",
	http.StatusRequestEntityTooLarge: "error.title_too_large",
	http.StatusTooManyRequests:       "error.title_too_many",
	http.StatusInternalServerError:   "error.title_internal",
	http.StatusServiceUnavailable:    "error.title_unavailable",
}

// errorTitle is the title of the error page of status in l.
func errorTitle(l i18n.Lang, status int) string {
	if k, ok := errorTitleKeys[status]; ok {
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
	name := roleNL[string(r)]
	if name == "" {
		name = string(r)
	}
	return koppel.Errorf(koppel.EFORBIDDEN, "als %s mag u dit niet doen", name).WithKey(roleForbiddenKeys[r])
}
