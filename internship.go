package koppel

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// EventInternshipPublished: internship place Subject was published by
// Buyer; Enterprises are the enterprises with transition paths based
// within InternshipAlertKm of it, who are told.
const EventInternshipPublished EventKind = "internship_published"

// InternshipAlertKm is how far from an internship place the enterprises
// with transition paths are that its publication is announced to.
const InternshipAlertKm = 40

// Internship is an offer of internship places (stageplaatsen) by a buyer —
// a school, a municipality — for target-group workers in the last phase of
// their transition path (doorstroomtraject) at a maatwerkbedrijf or LDE: a
// stage of about three months in a regular workplace, under the toegelaten
// terbeschikkingstelling, followed by a doorstroombegeleider.
type Internship struct {
	ID string `json:"id"`
	// Owner is the buyer account that offers it (the token's buyer name);
	// only it and admins change it. Host is the organisation as shown.
	Owner       string         `json:"owner,omitempty"`
	Host        string         `json:"host"`
	Title       string         `json:"title"`
	Work        InternshipWork `json:"work"`
	Description string         `json:"description,omitempty"`
	// Address is where the intern works; Place is filled in from the
	// postcode.
	Address Address `json:"address"`
	Start   Date    `json:"start"`
	End     Date    `json:"end"`
	// Places is how many interns the host takes; Filled how many places
	// are taken.
	Places  int               `json:"places"`
	Filled  int               `json:"filled"`
	Contact InternshipContact `json:"contact"`
	Status  InternshipStatus  `json:"status"`
	// Interests are the enterprises that registered interest, one each;
	// only the owner and admins see them.
	Interests []InternshipInterest `json:"interests,omitempty"`
	CreatedAt time.Time            `json:"created_at"`
	UpdatedAt time.Time            `json:"updated_at"`
}

// InternshipContact is whom an enterprise calls about an internship place.
type InternshipContact struct {
	Name  string `json:"name,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
}

// InternshipInterest is an enterprise's registered interest in a place:
// it has a worker in a transition path for it.
type InternshipInterest struct {
	Enterprise KBO       `json:"enterprise"`
	Name       string    `json:"name"`
	Message    string    `json:"message,omitempty"`
	At         time.Time `json:"at"`
}

// MaxInternshipInterests bounds the interests one place keeps.
const MaxInternshipInterests = 100

// InternshipStatus is where an offer of internship places stands.
type InternshipStatus string

// The statuses of an internship offer.
const (
	InternshipOpen   InternshipStatus = "open"   // places free
	InternshipFilled InternshipStatus = "filled" // every place taken
	InternshipClosed InternshipStatus = "closed" // withdrawn or over
)

// InternshipWork is the kind of work an intern does.
type InternshipWork string

// InternshipWorkInfo describes a kind of work.
type InternshipWorkInfo struct {
	Work  InternshipWork `json:"work"`
	Label string         `json:"label"`
}

// InternshipWorks are the kinds of work of a school's or municipality's
// facility team that interns do.
var InternshipWorks = []InternshipWorkInfo{
	{"poetsen", "Poetsen en schoonmaak"},
	{"klussen", "Klussen en technisch onderhoud"},
	{"groen", "Groenonderhoud"},
	{"onthaal", "Onthaal en administratie"},
	{"keuken", "Keuken en catering"},
	{"fietsen", "Fietsherstelling"},
	{"logistiek", "Logistiek en magazijn"},
	{"andere", "Ander werk"},
}

// Label returns the Dutch name of the work, or the code when unknown.
func (w InternshipWork) Label() string {
	for _, i := range InternshipWorks {
		if i.Work == w {
			return i.Label
		}
	}
	return string(w)
}

// ParseInternshipWork reads a kind of work from its code or name.
// Returns EINVALID naming the kinds.
func ParseInternshipWork(s string) (InternshipWork, error) {
	n := Normalize(s)
	var codes []string
	for _, i := range InternshipWorks {
		if n == string(i.Work) || n == Normalize(i.Label) {
			return i.Work, nil
		}
		codes = append(codes, string(i.Work))
	}
	return "", Errorf(EINVALID, "soort werk %q is onbekend; kies uit: %s", strings.TrimSpace(s), strings.Join(codes, ", ")).
		WithKey("error.forms_internship_work_unknown", "Value", strings.TrimSpace(s), "Codes", strings.Join(codes, ", "))
}

// Validate checks the offer, fills in Address.Place from the reference
// data and sets Status from Filled when it is not closed. Returns EINVALID
// carrying every field's problem (see Problems).
func (in *Internship) Validate(ref Reference) error {
	return in.Problems(ref).Err()
}

// Problems checks every field of the offer and returns what is wrong, per
// field (title, host, work, description, postcode, places, filled, start,
// end, contact, email, status), each with its catalogue key, so that a
// form can show each error beside its field. It fills in Address.Place
// and the status as Validate does.
func (in *Internship) Problems(ref Reference) FieldErrorList {
	var ps FieldErrorList
	add := func(field, msg, key string, args ...any) { ps.addKey(field, "", msg, key, args...) }
	in.Title = strings.TrimSpace(in.Title)
	in.Host = strings.TrimSpace(in.Host)
	switch {
	case in.Title == "":
		add("title", "geef de stageplaats een titel, bv. Stage in de poetsploeg", "error.forms_internship_title_missing")
	case len(in.Title) > 200:
		add("title", "de titel is te lang: hoogstens 200 tekens", "error.forms_title_too_long", "Max", 200)
	}
	switch {
	case in.Host == "":
		add("host", "de naam van de school of gemeente ontbreekt", "error.forms_internship_host_missing")
	case len(in.Host) > 300:
		add("host", "de naam van de school of gemeente is te lang: hoogstens 300 tekens", "error.forms_internship_host_too_long", "Max", 300)
	}
	if w, err := ParseInternshipWork(string(in.Work)); err != nil {
		ps.addErr("work", "", err)
	} else {
		in.Work = w
	}
	if len(in.Description) > 4000 {
		add("description", "de omschrijving is te lang: hoogstens 4000 tekens", "error.forms_description_too_long", "Max", 4000)
	}
	if ref != nil {
		pc := strings.TrimSpace(in.Address.Postcode)
		if p, ok := ref.Postcode(pc); ok {
			in.Address.Postcode, in.Address.Place = p.Postcode, &p
			if in.Address.City == "" {
				in.Address.City = p.Name
			}
		} else if pc == "" {
			add("postcode", "de postcode van de stageplaats ontbreekt", "error.forms_internship_postcode_missing")
		} else {
			add("postcode", fmt.Sprintf("%q is geen Belgische postcode", in.Address.Postcode), "error.forms_postcode_unknown", "Value", in.Address.Postcode)
		}
	}
	if in.Places < 1 || in.Places > 50 {
		add("places", "het aantal stageplaatsen moet tussen 1 en 50 liggen", "error.forms_internship_places", "Max", 50)
	} else if in.Filled < 0 || in.Filled > in.Places {
		add("filled", fmt.Sprintf("ingevulde plaatsen (%d) moet tussen 0 en het aantal plaatsen (%d) liggen", in.Filled, in.Places), "error.forms_internship_filled", "Filled", in.Filled, "Places", in.Places)
	}
	switch {
	case in.Start.IsZero():
		add("start", "geef de begindatum van de stage", "error.forms_internship_start_missing")
	case in.End.IsZero():
		add("end", "geef de einddatum van de stage", "error.forms_internship_end_missing")
	case in.End.Before(in.Start):
		add("end", fmt.Sprintf("de einddatum %s ligt voor de begindatum %s", in.End.Dutch(), in.Start.Dutch()), "error.forms_end_before_start", "End", in.End.Dutch(), "Start", in.Start.Dutch())
	}
	in.Contact.Name = strings.TrimSpace(in.Contact.Name)
	in.Contact.Email = strings.TrimSpace(in.Contact.Email)
	in.Contact.Phone = strings.TrimSpace(in.Contact.Phone)
	if in.Contact.Email == "" && in.Contact.Phone == "" {
		add("contact", "geef een e-mailadres of telefoonnummer waarop ondernemingen u bereiken", "error.forms_internship_contact_missing")
	}
	if in.Contact.Email != "" {
		if a, err := mail.ParseAddress(in.Contact.Email); err != nil || a.Address != in.Contact.Email {
			add("email", fmt.Sprintf("e-mailadres %q is ongeldig", in.Contact.Email), "error.forms_email_invalid", "Value", in.Contact.Email)
		}
	}
	if len(in.Interests) > MaxInternshipInterests {
		add("interests", fmt.Sprintf("een stageplaats houdt hoogstens %d reacties bij", MaxInternshipInterests), "error.forms_internship_interests", "Max", MaxInternshipInterests)
	}
	switch in.Status {
	case InternshipClosed:
	case "", InternshipOpen, InternshipFilled:
		in.Status = InternshipOpen
		if in.Places > 0 && in.Filled >= in.Places {
			in.Status = InternshipFilled
		}
	default:
		add("status", fmt.Sprintf("status %q is ongeldig: open, filled of closed", in.Status), "error.forms_internship_status", "Value", string(in.Status))
	}
	return ps
}

// Free returns the number of places not yet taken.
func (in *Internship) Free() int { return max(in.Places-in.Filled, 0) }

// InternshipFilter selects internship offers in FindInternships.
type InternshipFilter struct {
	Status InternshipStatus // "" for any
	Owner  string           // "" for any
	Work   InternshipWork   // "" for any
}

// InternshipService stores internship offers.
type InternshipService interface {
	// FindInternshipByID returns ENOTFOUND if there is no such offer.
	FindInternshipByID(ctx context.Context, id string) (*Internship, error)
	// FindInternships returns the offers that pass the filter, newest
	// first.
	FindInternships(ctx context.Context, f InternshipFilter) ([]*Internship, error)
	// PutInternship creates or replaces an offer. The caller validates it.
	PutInternship(ctx context.Context, in *Internship) error
	// UpdateInternship reads offer id, lets fn change it and stores it, in
	// one transaction, so that concurrent changes (two enterprises
	// registering interest) are not lost. Returns ENOTFOUND, or fn's error.
	UpdateInternship(ctx context.Context, id string, fn func(*Internship) error) (*Internship, error)
}
