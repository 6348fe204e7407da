package koppel

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Enterprise is a social-economy enterprise (onderneming), identified by its
// company number. Its offerings are stored separately (see Offering).
type Enterprise struct {
	KBO          KBO           `json:"kbo"`
	Name         string        `json:"name"`
	Recognitions []Recognition `json:"recognitions"` // work forms with their erkenning
	Address      Address       `json:"address"`
	ServiceArea  ServiceArea   `json:"service_area"`
	Contact      Contact       `json:"contact"`
	// FTETotal and FTETarget are the total staff and the target-group staff
	// (doelgroepwerknemers) in full-time equivalents (VTE). Nil means
	// unknown: eligibility then says "te verifiëren", never guesses.
	FTETotal  *float64 `json:"fte_total,omitempty"`
	FTETarget *float64 `json:"fte_target,omitempty"`
	// PublicServiceMission says whether the enterprise is an organisation
	// with a public-service mission that reinvests its profits (art. 77 of
	// Directive 2014/24, eForms res-pub-ser). Nil means unknown.
	PublicServiceMission *bool     `json:"public_service_mission,omitempty"`
	Languages            []string  `json:"languages,omitempty"` // ISO 639-1: nl, fr, en, de
	Certifications       []string  `json:"certifications,omitempty"`
	Description          string    `json:"description,omitempty"`
	CreatedAt            time.Time `json:"created_at"`
	UpdatedAt            time.Time `json:"updated_at"`

	// TargetGroups are the groups of people the enterprise works with
	// (doelgroepen, see TargetGroups); TransitionPaths says whether it
	// runs transition paths (doorstroomtrajecten) whose workers can do an
	// internship in a regular workplace (see Internship).
	TargetGroups    []TargetGroup `json:"target_groups,omitempty"`
	TransitionPaths bool          `json:"transition_paths,omitempty"`
}

// Recognition is one work form of an enterprise with its recognition
// (erkenning) number and validity.
type Recognition struct {
	Form      WorkForm `json:"form"`
	Number    string   `json:"number,omitempty"`
	ValidFrom Date     `json:"valid_from"`
	ValidTo   Date     `json:"valid_to"` // zero: no end date known
	// Verified is set when the recognition comes from the recognition
	// register (RecognitionRegister.Apply); nil for a self-declared one.
	// It is never stored with the enterprise: Validate clears it.
	Verified *Verification `json:"verified,omitempty"`
}

// ValidOn reports whether the recognition is valid on d. A recognition
// without dates is taken as valid; eligibility marks it "to verify".
func (r Recognition) ValidOn(d Date) bool {
	if !r.ValidFrom.IsZero() && d.Before(r.ValidFrom) {
		return false
	}
	if !r.ValidTo.IsZero() && d.After(r.ValidTo) {
		return false
	}
	return true
}

// Address is a postal address in Belgium. Place is filled in from the
// postcode by the reference data and is not sent by clients.
type Address struct {
	Street   string `json:"street,omitempty"`
	Postcode string `json:"postcode"`
	City     string `json:"city,omitempty"`
	Place    *Place `json:"place,omitempty"`
}

// Contact holds the public contact details of an enterprise.
type Contact struct {
	Email   string `json:"email,omitempty"`
	Phone   string `json:"phone,omitempty"`
	Website string `json:"website,omitempty"`
}

// HomePlace returns the place of the enterprise: the one validation filled
// in, or the one of its postcode.
func (e *Enterprise) HomePlace(places Places) (Place, bool) {
	if e == nil {
		return Place{}, false
	}
	if p := e.Address.Place; p != nil {
		return *p, true
	}
	if places == nil || e.Address.Postcode == "" {
		return Place{}, false
	}
	return places.Postcode(e.Address.Postcode)
}

// TargetShare returns the target-group share of the staff (0..1) and
// whether it is known.
func (e *Enterprise) TargetShare() (float64, bool) {
	if e.FTETotal == nil || e.FTETarget == nil || *e.FTETotal <= 0 {
		return 0, false
	}
	return *e.FTETarget / *e.FTETotal, true
}

// HasForm reports whether the enterprise has work form f.
func (e *Enterprise) HasForm(f WorkForm) bool {
	for _, r := range e.Recognitions {
		if r.Form == f {
			return true
		}
	}
	return false
}

// Validate checks the enterprise and fills in Address.Place from the
// reference data. Returns EINVALID naming the first field that is wrong.
func (e *Enterprise) Validate(ref Reference) error {
	k, err := ParseKBO(string(e.KBO))
	if err != nil {
		return err
	}
	e.KBO = k
	e.Name = strings.TrimSpace(e.Name)
	if e.Name == "" {
		return Errorf(EINVALID, "naam van de onderneming ontbreekt").WithKey("error.domain_enterprise_name_missing")
	}
	if len(e.Name) > 300 {
		return Errorf(EINVALID, "naam van de onderneming is te lang (max. 300 tekens)").WithKey("error.domain_enterprise_name_long", "Max", 300)
	}
	for i, r := range e.Recognitions {
		e.Recognitions[i].Verified = nil // only the register verifies
		if _, ok := r.Form.Info(); !ok {
			f, err := ParseWorkForm(string(r.Form))
			if err != nil {
				return err
			}
			e.Recognitions[i].Form = f
		}
		if !r.ValidFrom.IsZero() && !r.ValidTo.IsZero() && r.ValidTo.Before(r.ValidFrom) {
			return Errorf(EINVALID, "erkenning %s: einddatum %s ligt voor de begindatum %s", r.Form.Label(), r.ValidTo.Dutch(), r.ValidFrom.Dutch()).
				WithKey("error.domain_recognition_dates", "Form", r.Form.Term(), "End", r.ValidTo.Dutch(), "Start", r.ValidFrom.Dutch())
		}
	}
	if ref != nil {
		p, ok := ref.Postcode(strings.TrimSpace(e.Address.Postcode))
		if !ok {
			if e.Address.Postcode == "" {
				return Errorf(EINVALID, "postcode van de onderneming ontbreekt").WithKey("error.domain_enterprise_postcode_missing")
			}
			return Errorf(EINVALID, "postcode %q is geen Belgische postcode", e.Address.Postcode).WithKey("error.postcode_unknown", "Value", e.Address.Postcode)
		}
		e.Address.Postcode = p.Postcode
		e.Address.Place = &p
		if e.Address.City == "" {
			e.Address.City = p.Name
		}
	}
	if err := e.ServiceArea.validate(); err != nil {
		return err
	}
	if e.Contact.Email != "" {
		if _, err := mail.ParseAddress(e.Contact.Email); err != nil {
			return Errorf(EINVALID, "e-mailadres %q is ongeldig", e.Contact.Email).WithKey("error.domain_email", "Value", e.Contact.Email)
		}
	}
	if e.FTETotal != nil && *e.FTETotal < 0 || e.FTETarget != nil && *e.FTETarget < 0 {
		return Errorf(EINVALID, "VTE mag niet negatief zijn").WithKey("error.domain_fte_negative")
	}
	if e.FTETotal != nil && e.FTETarget != nil && *e.FTETarget > *e.FTETotal {
		return Errorf(EINVALID, "VTE doelgroepwerknemers (%g) is groter dan VTE totaal (%g)", *e.FTETarget, *e.FTETotal).
			WithKey("error.domain_fte_target_over_total", "Target", fmt.Sprintf("%g", *e.FTETarget), "Total", fmt.Sprintf("%g", *e.FTETotal))
	}
	for i, l := range e.Languages {
		e.Languages[i] = strings.ToLower(strings.TrimSpace(l))
	}
	return e.validateTargetGroups()
}

func (a ServiceArea) validate() error {
	if a.RadiusKm < 0 || a.RadiusKm > 500 {
		return Errorf(EINVALID, "werkgebied: straal %g km moet tussen 0 en 500 km liggen", a.RadiusKm).WithKey("error.domain_radius", "Value", fmt.Sprintf("%g", a.RadiusKm))
	}
	return nil
}

// EnterpriseFilter selects enterprises in FindEnterprises.
type EnterpriseFilter struct {
	Form     WorkForm // only enterprises with this work form
	Province string
	Offset   int
	Limit    int // 0: the default page size

	// TargetGroup keeps the enterprises that work with this target group;
	// TransitionPaths those that run transition paths.
	TargetGroup     TargetGroup
	TransitionPaths bool
}

// Keeps reports whether e passes the filter (Offset and Limit aside): the
// test FindEnterprises applies, for those who walk the enterprises
// themselves.
func (f EnterpriseFilter) Keeps(e *Enterprise) bool {
	if f.Form != "" && !e.HasForm(f.Form) {
		return false
	}
	if f.Province != "" && (e.Address.Place == nil || !strings.EqualFold(e.Address.Place.Province, f.Province)) {
		return false
	}
	return !(f.TargetGroup != "" && !e.HasTargetGroup(f.TargetGroup) || f.TransitionPaths && !e.TransitionPaths)
}

// EnterpriseService reads and writes enterprises.
type EnterpriseService interface {
	// FindEnterpriseByKBO returns ENOTFOUND if the enterprise does not exist.
	FindEnterpriseByKBO(ctx context.Context, kbo KBO) (*Enterprise, error)
	// FindEnterprises returns a page of enterprises and the total count.
	FindEnterprises(ctx context.Context, f EnterpriseFilter) ([]*Enterprise, int, error)
	// PutEnterprise creates or replaces an enterprise. Returns EINVALID.
	PutEnterprise(ctx context.Context, e *Enterprise) error
	// DeleteEnterprise removes an enterprise with its offerings.
	// Returns ENOTFOUND if it does not exist.
	DeleteEnterprise(ctx context.Context, kbo KBO) error
}
