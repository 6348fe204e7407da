package clauses

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"koppel"
)

// SectorFigures are the size of the Flemish social economy per work form,
// with their source, as context for a buyer who does not know the market
// (data/sector.json).
type SectorFigures struct {
	Source string `json:"source"`
	// Year is the year of the figures; 0 when the source does not say.
	Year     int          `json:"year,omitempty"`
	YearNote string       `json:"year_note,omitempty"`
	Forms    []SectorForm `json:"forms"`
	Guide    Guide        `json:"guide"`
}

// SectorForm is the number of organisations of one work form and their
// staff in full-time equivalents (VTE).
type SectorForm struct {
	Form  koppel.WorkForm `json:"form"`
	Label string          `json:"label"` // plural, as a sentence names them
	Count int             `json:"count"`
	FTE   float64         `json:"fte"`
}

// Guide is a guide for buyers, named (and linked when URL is set).
type Guide struct {
	Name  string `json:"name"`
	URL   string `json:"url,omitempty"`
	About string `json:"about,omitempty"`
}

var (
	sectorOnce sync.Once
	sector     *SectorFigures
)

// Sector returns the embedded sector figures, parsed once. It panics if
// the embedded data is broken: a build defect, caught by the tests.
func Sector() *SectorFigures {
	sectorOnce.Do(func() {
		var err error
		if sector, err = parseSector(mustRead("data/sector.json")); err != nil {
			panic(err)
		}
	})
	return sector
}

func parseSector(b []byte) (*SectorFigures, error) {
	var s SectorFigures
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("sector figures: %w", err)
	}
	if strings.TrimSpace(s.Source) == "" || len(s.Forms) == 0 || s.Guide.Name == "" {
		return nil, fmt.Errorf("sector figures: source, forms and guide are required")
	}
	for _, f := range s.Forms {
		if _, ok := f.Form.Info(); !ok || f.Count <= 0 || f.FTE <= 0 {
			return nil, fmt.Errorf("sector figures: form %q needs a known work form, a count and FTE", f.Form)
		}
	}
	return &s, nil
}

// Sentence says the figures in one Dutch sentence, the way a buyer reads
// them: "In Vlaanderen zijn er ongeveer 140 maatwerkbedrijven met 19.493
// VTE, 20 maatwerkafdelingen met 89,5 VTE en 180 projecten van lokale
// diensteneconomie (LDE) met 2.148 VTE."
func (s *SectorFigures) Sentence() string {
	parts := make([]string, len(s.Forms))
	for i, f := range s.Forms {
		decimals := 0
		if f.FTE < 100 {
			decimals = 1
		}
		parts[i] = fmt.Sprintf("%d %s met %s VTE", f.Count, f.Label, koppel.FormatNumber(f.FTE, decimals))
	}
	list := parts[0]
	if n := len(parts); n > 1 {
		list = strings.Join(parts[:n-1], ", ") + " en " + parts[n-1]
	}
	return "In Vlaanderen zijn er ongeveer " + list + "."
}
