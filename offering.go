package koppel

import (
	"context"
	"strings"
	"time"
)

// Category is a service category of an offering.
type Category string

// CategoryInfo names a category for users and lists the CPV divisions and
// groups it usually goes with.
type CategoryInfo struct {
	Category Category `json:"category"`
	Label    string   `json:"label"`
	// Aliases are normalised other names the importers accept.
	Aliases []string `json:"-"`
	// CPV are typical codes of the category, used to suggest codes, by
	// the demo data, and to read the category of a lot (LotCategory: a
	// code of the lot in the class of one of these), so they hold a code
	// of every class of the category's usual services.
	CPV []CPV `json:"cpv"`
}

// Categories lists the service categories (docs/design.md, "The domain").
var Categories = []CategoryInfo{
	{"schoonmaak", "Schoonmaak & poetsen", []string{"schoonmaak/poetsen", "poetsen", "schoonmaak", "schoonmaken", "reiniging", "reinigen", "kuisen", "poetsdienst", "schoonmaakdienst", "kuisdienst", "glasreiniging", "ramen wassen", "nettoyage", "nettoyage des vitres", "cleaning", "window cleaning"}, []CPV{"90910000", "90911200", "90919200", "90919300", "90911300"}},
	{"groenonderhoud", "Groenonderhoud", []string{"groen", "groenzorg", "tuinonderhoud", "groenbeheer", "groenaanleg", "tuinaanleg", "parkonderhoud", "espaces verts", "landscaping", "green maintenance"}, []CPV{"77310000", "77313000", "77314000", "77211400", "77340000"}},
	{"fietsen", "Fietsen (fietspunt, herstelling, stalling, verhuur)", []string{"fietspunt", "fiets", "fietsen", "fietsherstelling", "fietsenherstelling", "fietsenstalling", "fietsstalling", "fietsonderhoud", "fietsverhuur", "velo", "bicycles", "bikes"}, []CPV{"50100000", "34430000", "98351000"}},
	{"klusjes", "Klusjes & technisch onderhoud", []string{"klusjes & technisch onderhoud", "klusjes", "technisch onderhoud", "klusjesdienst", "herstellingen", "handyman", "maintenance", "petits travaux"}, []CPV{"50700000", "45450000", "45442100", "50800000"}},
	{"catering", "Catering & maaltijden", []string{"catering & maaltijden", "maaltijden", "catering", "traiteur", "restauration", "schoolmaaltijden", "repas", "repas scolaires", "meals", "school meals"}, []CPV{"55520000", "55524000", "55523100", "55321000"}},
	{"was-strijk", "Was & strijk", []string{"was & strijk", "was", "strijk", "wasserij", "strijkdienst", "strijkatelier", "linnen", "blanchisserie", "repassage", "laundry", "ironing"}, []CPV{"98310000", "98311000", "98315000"}},
	{"kringloop", "Kringloop & hergebruik", []string{"kringloop & hergebruik", "kringloop", "hergebruik", "herbruik", "kringloopwinkel", "tweedehands", "recyclage", "reemploi", "recycling", "reuse", "afval"}, []CPV{"90500000", "90510000", "90514000", "39000000"}},
	{"logistiek", "Logistiek & verpakking", []string{"logistiek & verpakking", "logistiek", "verpakking", "verpakken", "logistique", "conditionnement", "logistics", "packaging"}, []CPV{"63100000", "79980000", "60161000", "64121100", "79921000", "79571000"}},
	{"energie-renovatie", "Energie & renovatie", []string{"energie & renovatie", "energie", "renovatie", "isolatie", "energierenovatie", "renovation", "isolation", "insulation"}, []CPV{"45321000", "45442100", "09332000", "71314300", "45261410", "45316000"}},
	{"drukwerk-digitalisering", "Drukwerk & digitalisering", []string{"drukwerk & digitalisering", "drukwerk", "digitalisering", "drukken", "drukkerij", "scannen", "scanning", "printing", "impression", "numerisation", "digitisation"}, []CPV{"79800000", "79810000", "79999100", "72512000"}},
	{"sport-schoolinfrastructuur", "Sport- & schoolinfrastructuur", []string{"sport- & schoolinfrastructuur", "sportinfrastructuur", "schoolinfrastructuur", "sport", "openstellen", "sportzaal", "sporthal", "turnzaal", "speelplaats", "speelterrein", "salle de sport", "cour de recreation", "sports hall", "playground", "infrastructure sportive"}, []CPV{"92610000", "50870000", "45212200", "98341130"}},
}

// Info returns the description of the category.
func (c Category) Info() (CategoryInfo, bool) {
	for _, i := range Categories {
		if i.Category == c {
			return i, true
		}
	}
	return CategoryInfo{}, false
}

// Label returns the Dutch name of the category, or the raw value.
func (c Category) Label() string {
	if i, ok := c.Info(); ok {
		return i.Label
	}
	return string(c)
}

// ParseCategory accepts a category as people write it (see MatchCategory).
// Returns EINVALID proposing the nearest category and listing them all
// otherwise.
func ParseCategory(s string) (Category, error) {
	c, nearest := MatchCategory(s)
	if c != "" {
		return c, nil
	}
	labels := make([]string, len(Categories))
	all := make([]Category, len(Categories))
	for k, i := range Categories {
		labels[k], all[k] = i.Label, i.Category
	}
	v := strings.TrimSpace(s)
	if len(nearest) > 0 {
		return "", Errorf(EINVALID, "onbekende categorie %q; bedoelde u %s? Kies anders uit: %s", v, CategoryLabels(nearest, " of "), strings.Join(labels, "; ")).
			WithKey("error.domain_category_nearest", "Value", v, "Nearest", CategoryTerms(nearest, true), "List", CategoryTerms(all, false))
	}
	return "", Errorf(EINVALID, "onbekende categorie %q; kies uit: %s", v, strings.Join(labels, "; ")).
		WithKey("error.domain_category_unknown", "Value", v, "List", CategoryTerms(all, false))
}

// CategoryLabels joins the Dutch names of cs with sep.
func CategoryLabels(cs []Category, sep string) string {
	labels := make([]string, len(cs))
	for i, c := range cs {
		labels[i] = c.Label()
	}
	return strings.Join(labels, sep)
}

// Offering is one service of an enterprise's catalogue (aanbod).
type Offering struct {
	// ID is unique within the enterprise: the enterprise's own code, or one
	// derived from the row when the catalogue has none.
	ID          string      `json:"id"`
	Enterprise  KBO         `json:"enterprise"`
	Title       string      `json:"title"`
	Description string      `json:"description,omitempty"`
	Category    Category    `json:"category"`
	CPV         []CPV       `json:"cpv,omitempty"`
	ServiceArea ServiceArea `json:"service_area"` // zero: the enterprise's
	// Capacity is what the enterprise can take on, in Unit (e.g. 3 FTE,
	// 120 uur/week); zero when not given.
	Capacity  float64   `json:"capacity,omitempty"`
	Unit      string    `json:"unit,omitempty"`
	Price     *float64  `json:"price,omitempty"` // indicative price per unit, EUR
	LeadTime  string    `json:"lead_time,omitempty"`
	Keywords  []string  `json:"keywords,omitempty"`
	Languages []string  `json:"languages,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Key returns the offering's global key, "KBO/ID".
func (o *Offering) Key() string { return string(o.Enterprise) + "/" + o.ID }

// Validate checks the offering. ref may be nil to check the form only.
// Returns EINVALID naming the field.
// Area returns the service area of the offering: its own, else the
// enterprise's (e; nil: none).
func (o *Offering) Area(e *Enterprise) ServiceArea {
	if !o.ServiceArea.IsZero() || e == nil {
		return o.ServiceArea
	}
	return e.ServiceArea
}

func (o *Offering) Validate(ref Reference) error {
	o.ID = strings.TrimSpace(o.ID)
	if o.ID == "" {
		return Errorf(EINVALID, "code van het aanbod ontbreekt").WithKey("error.domain_offering_code_missing")
	}
	if len(o.ID) > 100 || strings.ContainsAny(o.ID, "/\x00") {
		return Errorf(EINVALID, "code %q van het aanbod is ongeldig (max. 100 tekens, geen /)", o.ID).WithKey("error.domain_offering_code_invalid", "Value", o.ID, "Max", 100)
	}
	if _, err := ParseKBO(string(o.Enterprise)); err != nil {
		return err
	}
	o.Title = strings.TrimSpace(o.Title)
	if o.Title == "" {
		return Errorf(EINVALID, "naam van de dienst ontbreekt").WithKey("error.domain_offering_title_missing")
	}
	if o.Category != "" {
		c, err := ParseCategory(string(o.Category))
		if err != nil {
			return err
		}
		o.Category = c
	}
	for i, c := range o.CPV {
		if ref != nil {
			v, err := ValidateCPV(ref, string(c))
			if err != nil {
				return err
			}
			o.CPV[i] = v
		} else if _, _, err := ParseCPV(string(c)); err != nil {
			return err
		}
	}
	if o.Capacity < 0 {
		return Errorf(EINVALID, "capaciteit mag niet negatief zijn").WithKey("error.domain_capacity_negative")
	}
	if o.Price != nil && *o.Price < 0 {
		return Errorf(EINVALID, "prijs mag niet negatief zijn").WithKey("error.domain_price_negative")
	}
	return o.ServiceArea.validate()
}

// OfferingService reads and writes offerings. Every write also queues the
// change for the search index in the same transaction.
type OfferingService interface {
	// FindOffering returns ENOTFOUND if the offering does not exist.
	FindOffering(ctx context.Context, kbo KBO, id string) (*Offering, error)
	// FindOfferingsByEnterprise returns all offerings of an enterprise.
	FindOfferingsByEnterprise(ctx context.Context, kbo KBO) ([]*Offering, error)
	// PutOffering creates or replaces one offering. Returns ENOTFOUND if the
	// enterprise does not exist.
	PutOffering(ctx context.Context, o *Offering) error
	// DeleteOffering returns ENOTFOUND if the offering does not exist.
	DeleteOffering(ctx context.Context, kbo KBO, id string) error
}
