package koppel

// ProvinceOutline is the border of a province (or of the Brussels region)
// for drawing maps: closed rings of [longitude, latitude] points, the outer
// border first; a later ring that lies inside an earlier one is a hole
// (Brussels in Vlaams-Brabant) and one outside it a separate part (Voeren).
type ProvinceOutline struct {
	Province string
	Rings    [][][2]float64
}
