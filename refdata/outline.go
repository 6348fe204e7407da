package refdata

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"koppel"
)

// provincesJSON holds the outlines of the five Flemish provinces and the
// Brussels region (see SOURCES.md).
//
//go:embed data/provinces.json
var provincesJSON []byte

var outlines = sync.OnceValues(func() ([]koppel.ProvinceOutline, error) {
	var doc struct {
		Provinces []struct {
			Name  string         `json:"name"`
			Rings [][][2]float64 `json:"rings"`
		} `json:"provinces"`
	}
	if err := json.Unmarshal(provincesJSON, &doc); err != nil {
		return nil, fmt.Errorf("data/provinces.json: %w", err)
	}
	out := make([]koppel.ProvinceOutline, len(doc.Provinces))
	for i, p := range doc.Provinces {
		out[i] = koppel.ProvinceOutline{Province: p.Name, Rings: p.Rings}
	}
	return out, nil
})

// ProvinceOutlines returns the borders of the Flemish provinces and of
// Brussels, for maps drawn without a tile server. It panics if the
// embedded file is corrupt, a build defect like a corrupt Load.
func (d *Data) ProvinceOutlines() []koppel.ProvinceOutline {
	o, err := outlines()
	if err != nil {
		panic("refdata: embedded data is corrupt: " + err.Error())
	}
	return o
}
