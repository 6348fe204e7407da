package server

import "koppel"

// placeUnknown refuses a place that is no Belgian postcode or
// municipality Koppel knows.
func placeUnknown(v string) error {
	return koppel.Errorf(koppel.EINVALID, "%q is geen Belgische postcode of gemeente", v).WithKey("error.forms_place_unknown", "Value", v)
}
